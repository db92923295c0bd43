"""Warm kernels (`shangluo.kernels`): forked from a process that has the chapters'
libraries imported, and otherwise the kernel Jupyter would start."""

from __future__ import annotations

import json
import os
import signal
import time
from concurrent.futures.process import BrokenProcessPool

import psutil
import pytest
from jupyter_cache.executors.utils import single_nb_execution

from shangluo import build, execute, paths
from shangluo.fingerprint import inputs_fingerprint
from shangluo.kernels import PRELOAD

pytestmark = pytest.mark.build

HEADER = (paths.BOOK / "methods.md").read_text(encoding="utf-8").split("\n---\n", 1)[0] + "\n---\n"
PROBE = HEADER + """
# Probe

```{code-cell} ipython3
import json, os, sys
import matplotlib, numpy
print(json.dumps({"preloaded": sorted(m for m in %r if m in sys.modules), "cwd": os.getcwd(),
                  "backend": matplotlib.get_backend(), "argv": sys.argv[:2], "env": sorted(os.environ),
                  "parent": os.environ.get("JPY_PARENT_PID"), "draw": numpy.random.rand()}))
```
""" % (PRELOAD,)
SLOW = HEADER + "\n# Slow\n\n```{code-cell} ipython3\nimport time\ntime.sleep(60)\n```\n"


@pytest.fixture(autouse=True)
def own_log(tmp_path, monkeypatch):
    """The kernels' stderr goes to a log of this test's, not the book's."""
    monkeypatch.setattr(execute, "STDERR_LOG", tmp_path / "execute-stderr.log")


def _config() -> dict:
    return build._execution(build._check_toc())


def _warm(*chapters) -> list:
    """Run the chapters one after another in one worker (so on one warm process)."""
    config = _config()
    with execute.workers(1) as pool:
        results = [pool.submit(execute._run, str(c), inputs_fingerprint(), config["myst_extensions"],
                               config["timeout"]).result() for c in chapters]
    for r in results:
        assert r.error is None, r.error
    return [r.notebook for r in results]


def _fresh(chapter):
    config = _config()
    nb = execute.notebook_for(chapter, inputs_fingerprint(), config["myst_extensions"])
    result = single_nb_execution(nb, cwd=str(chapter.parent), allow_errors=False, timeout=config["timeout"])
    assert result.err is None, result.exc_string
    return nb


def _outputs(nb) -> list:
    return [[{k: v for k, v in out.items() if k != "execution_count"} for out in cell.outputs]
            for cell in nb.cells if cell.cell_type == "code"]


def _probe(nb) -> dict:
    printed = [out["text"] for cell in _outputs(nb) for out in cell if out.get("name") == "stdout"]
    return json.loads(printed[0])


def test_a_warm_kernel_has_the_libraries_imported_and_starts_as_a_new_one_does(tmp_path):
    chapter = tmp_path / "probe.md"
    chapter.write_text(PROBE, encoding="utf-8")
    first, second = (_probe(nb) for nb in _warm(chapter, chapter))
    fresh = _probe(_fresh(chapter))
    assert first["preloaded"] == sorted(PRELOAD)
    assert not set(fresh["preloaded"]) & {m for m in PRELOAD if not m.startswith("ipykernel.")}
    for same in ("cwd", "backend", "argv", "env"):
        assert first[same] == fresh[same], same
    assert first["cwd"] == str(tmp_path) and first["backend"] != "agg"
    assert first["parent"] and first["parent"] != str(os.getpid())  # its worker, as a new kernel's
    assert first["draw"] != second["draw"], "two kernels of one warm process drew the same random number"


def test_a_chapter_gives_the_same_outputs_in_a_warm_kernel_as_in_a_new_one():
    chapter = paths.BOOK / "villages.md"
    warm, fresh = _outputs(_warm(chapter)[0]), _outputs(_fresh(chapter))
    charts = [out for cell in fresh for out in cell if any(k.endswith("image/svg+xml") for k in out.get("data", {}))]
    assert len(charts) >= 2  # the comparison covers drawn charts, not only text
    assert warm == fresh


def test_a_dead_worker_leaves_no_kernel_or_warm_process_behind(tmp_path):
    chapter = tmp_path / "slow.md"
    chapter.write_text(SLOW, encoding="utf-8")
    config = _config()
    me = psutil.Process()
    with execute.workers(1) as pool:
        job = pool.submit(execute._run, str(chapter), inputs_fingerprint(), config["myst_extensions"], config["timeout"])
        deadline = time.monotonic() + 30
        while not any(p.cwd() == str(tmp_path) for p in me.children(recursive=True) if p.is_running()):
            assert time.monotonic() < deadline, "the kernel never started"
            time.sleep(0.1)
        started = me.children(recursive=True)  # the worker, its warm process, the kernel, ...
        worker = next(p for p in me.children() if p in started and p.cmdline() == me.cmdline())
        worker.send_signal(signal.SIGKILL)
        with pytest.raises(BrokenProcessPool):
            job.result()
    gone, alive = psutil.wait_procs(started, timeout=5)
    assert alive == [], [p.cmdline()[:3] for p in alive]
    assert len(gone) >= 3


def test_with_no_cache_every_notebook_is_missing_and_with_a_full_cache_none(tmp_path):
    """A cold build skips the cache lookup (no cache yet); it finds the same chapters the
    lookup would, the text notebooks, and the pages that are not notebooks are left out."""
    settings = build._execution(build._check_toc())
    notebooks = [c for c in settings["chapters"] if "kernelspec" in c.read_text(encoding="utf-8")]
    pages = [c for c in settings["chapters"] if c not in notebooks]
    assert notebooks and pages  # book/article.md and the other generated pages are plain
    cold = execute.missing(**{**settings, "cache_path": tmp_path / "no-cache"})
    assert cold == notebooks and not (tmp_path / "no-cache").exists()
    # An empty cache: the lookup itself finds every notebook missing too.
    from jupyter_cache import get_cache

    get_cache(str(tmp_path / "empty"))
    assert execute.missing(**{**settings, "cache_path": tmp_path / "empty"}) == notebooks


def test_the_build_preloads_every_extension_jupyter_book_will_load():
    """What the build imports while the chapters run (build.preload_jupyter_book) covers
    _config.yml's own extensions and Jupyter Book's, and jieba's dictionary is loaded."""
    import sys

    import jieba
    import yaml

    build.preload_jupyter_book()
    config = yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))
    ours = config["sphinx"]["config"]["extensions"]
    assert len(ours) > 5 and all(name in sys.modules for name in [*ours, "myst_nb", "sphinx_book_theme"])
    assert jieba.dt.initialized
