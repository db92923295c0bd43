"""Build the book: ``python -m shangluo.build`` (what ``make html`` runs).

1. Validate every data file; a bad cell stops the build here, with the file, line
   and column named, before any notebook runs.
2. Run the chapters missing from the execution cache, in parallel
   (`shangluo.execute`); a raising cell stops the build here, naming chapter and cell.
   Meanwhile a second process makes the web font and the search dictionary.
3. Run Jupyter Book strictly (warnings are errors, a raising cell fails the build)
   into a staging folder, ``_build/stage``.
4. Only if that succeeded, swap the new HTML into ``_build/html``.  A failed build
   never touches the published book.

The execution cache (``_build/.jupyter_cache``) and the files notebooks write for
download (``_build/generated``) are kept or dropped together, so a cached notebook
can never point at a download that is not there.
"""

from __future__ import annotations

import multiprocessing
import os
import shutil
import subprocess
import sys
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from pathlib import Path

from . import paths
from .execute import ExecutionFailed, all_cached, execute_missing

STAGE = paths.BUILD / "stage"
HTML = paths.BUILD / "html"
CACHE = paths.BUILD / ".jupyter_cache"
LOG = paths.BUILD / "build.log"


class BuildError(RuntimeError):
    pass


def _say(msg: str) -> None:
    print(f"[book] {msg}", flush=True)


def validate_data() -> None:
    from .data import DataValidationError, already_validated, validate_package

    if already_validated():
        _say("data unchanged since they last passed validation")
        return
    try:
        tables = validate_package()
    except DataValidationError as exc:
        raise BuildError(f"the data did not validate, so nothing was built.\n{exc}") from None
    counts = ", ".join(f"{name} {len(df)}" for name, df in tables.items())
    _say(f"data valid ({counts} rows)")


def _check_toc() -> list[Path]:
    """Every file named in _toc.yml exists (Sphinx would only warn, and late); returns them."""
    import yaml

    toc_path = paths.ROOT / "_toc.yml"
    try:
        toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise BuildError(f"_toc.yml is not valid YAML: {exc}") from None
    if not isinstance(toc, dict) or "root" not in toc:
        raise BuildError("_toc.yml: needs a 'root' entry")

    def files(node):
        if isinstance(node, dict):
            for key in ("root", "file"):
                if key in node:
                    yield node[key]
            for key in ("chapters", "sections", "parts"):
                for child in node.get(key, []) or []:
                    yield from files(child)
        elif isinstance(node, list):
            for child in node:
                yield from files(child)

    found = []
    for i, f in enumerate(files(toc)):
        if not isinstance(f, str):
            raise BuildError(f"_toc.yml: entry {i + 1} has a 'file' that is not a path: {f!r}")
        candidates = [paths.ROOT / f"{f}{ext}" for ext in (".md", ".ipynb", "")]
        existing = [c for c in candidates if c.is_file()]
        if not existing:
            raise BuildError(f"_toc.yml: entry {i + 1} names {f!r}, but there is no {f}.md or {f}.ipynb")
        found.append(existing[0])
    return found


def _config() -> dict:
    import yaml

    return yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))


def _prepare_assets() -> None:
    """The web font, the search dictionary and jieba's own cache: Sphinx needs them, and
    they do not depend on the chapters."""
    import jieba

    from .sphinx_ext import search_dictionary, web_font

    web_font.write()
    search_dictionary.write()
    jieba.setLogLevel(60)  # its progress lines are not warnings; keep them out of the log
    jieba.initialize()


@contextmanager
def _assets_in_background(needed: bool):
    """Make the assets (about 5 s of work on a cold build) in a process of their own, on
    the core that validation and the cache check leave idle, so they no longer compete
    with the chapters' kernels.  Skipped when every chapter is cached: then Sphinx's own
    extensions find them done, or redo them."""
    if not needed:
        yield
        return
    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        job = pool.submit(_prepare_assets)
        yield
        job.result()


def _execution(chapters: list[Path]) -> dict:
    """The arguments `shangluo.execute` takes from _config.yml and the table of contents."""
    config = _config()
    return {"chapters": [c for c in chapters if c.suffix == ".md"], "cache_path": CACHE,
            "myst_extensions": config["parse"]["myst_enable_extensions"],
            "timeout": int(config["execute"]["timeout"])}


def execute_chapters(chapters: list[Path]) -> None:
    """Run the chapters missing from the cache on every core (see shangluo.execute)."""
    try:
        execute_missing(**_execution(chapters), say=_say)
    except ExecutionFailed as exc:
        raise BuildError(f"a chapter failed to run, so nothing was built.\n{exc}") from None


def _sync_cache_and_generated() -> None:
    if CACHE.exists() != paths.GENERATED.exists():
        _say("execution cache and generated files are out of step; dropping both")
        shutil.rmtree(CACHE, ignore_errors=True)
        shutil.rmtree(paths.GENERATED, ignore_errors=True)
    paths.GENERATED.mkdir(parents=True, exist_ok=True)


def _problems(log: str) -> str:
    """The warning and error lines of a failed Sphinx run (the full log is kept beside it)."""
    lines = [ln.strip() for ln in log.splitlines() if "WARNING:" in ln or "ERROR" in ln]
    return "\n".join(f"  {ln}" for ln in lines[:20]) or "  (no warning lines: see the full log)"


def run_jupyter_book() -> None:
    jb = Path(sys.executable).parent / "jupyter-book"
    cmd = [str(jb), "build", str(paths.ROOT), "--path-output", str(STAGE),
           "--builder", "html", "-W", "-n", "--keep-going"]
    env = dict(os.environ, PYDEVD_DISABLE_FILE_VALIDATION="1")
    _say("running: " + " ".join(cmd[1:]))
    t0 = time.monotonic()
    LOG.parent.mkdir(parents=True, exist_ok=True)
    with LOG.open("w", encoding="utf-8") as log:
        proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                text=True, env=env, cwd=paths.ROOT)
        assert proc.stdout is not None
        for line in proc.stdout:
            sys.stdout.write(line)
            log.write(line)
        code = proc.wait()
    # -W --keep-going: Sphinx reports every warning, then exits non-zero if there was one
    # (tests/test_rebuild.py plants a warning and a raising cell to prove it).
    if code != 0:
        raise BuildError(f"Jupyter Book failed (exit {code}): warnings are errors here, and the published "
                         f"book was left as it was.\n{_problems(LOG.read_text(encoding='utf-8'))}\nfull log: {LOG}")
    _say(f"Jupyter Book finished in {time.monotonic() - t0:.1f} s")


def publish() -> None:
    built = STAGE / "_build" / "html"
    if not (built / "index.html").exists():
        raise BuildError(f"the staging build has no {built / 'index.html'}")
    tmp = paths.BUILD / "html.new"
    old = paths.BUILD / "html.old"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    shutil.copytree(built, tmp)
    if HTML.exists():
        HTML.rename(old)
    tmp.rename(HTML)
    shutil.rmtree(old, ignore_errors=True)


def bind_to_this_checkout() -> None:
    """Make every process the build starts (chapter workers, their kernels, Sphinx) import
    the shangluo package of the project being built.

    The environment's editable install points at whichever folder created it; a copied
    project, or a second clone sharing the environment, would otherwise build with the
    first folder's code and data (and publish its numbers).
    """
    try:
        paths.check_checkout(Path.cwd())
    except paths.WrongCheckout as exc:
        raise BuildError(str(exc)) from None
    root = str(paths.ROOT)
    rest = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != root]
    os.environ["PYTHONPATH"] = os.pathsep.join([root, *rest])
    # A build started from a JupyterLab kernel (`!make html`) must not make its kernels show
    # the rerunner's glue echoes (shangluo.glue) in the book.
    os.environ.pop("JPY_SESSION_NAME", None)


def main() -> int:
    t0 = time.monotonic()
    try:
        bind_to_this_checkout()
        chapters = _check_toc()
        with _assets_in_background(needed=not all_cached(**_execution(chapters))):
            validate_data()
            _sync_cache_and_generated()
            execute_chapters(chapters)
        run_jupyter_book()
        publish()
    except BuildError as exc:
        print(f"\n[book] BUILD FAILED: {exc}", file=sys.stderr, flush=True)
        return 1
    _say(f"done in {time.monotonic() - t0:.0f} s: the book is at {HTML / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
