"""Quality gates on the build: bad input fails cleanly, builds are reproducible and offline."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_build, snapshot

pytestmark = pytest.mark.build


def run_make(root: Path, target: str = "html") -> subprocess.CompletedProcess:
    """`make html` in a scratch copy, using the project's environment (linked, not copied)."""
    venv = root / ".venv"
    if not venv.exists():
        venv.symlink_to(ROOT / ".venv")
    env = dict(os.environ, PYTHONPATH=str(root), PYTHONDONTWRITEBYTECODE="1")
    # -o: never remake the environments from here: that would re-point the shared .venv's
    # editable install at this scratch copy, and reinstall the shared node_modules.
    return subprocess.run(["make", "-s", "-o", ".venv/.installed", "-o", "node_modules/.installed-build", target], cwd=root, env=env,
                          capture_output=True, text=True, timeout=1200)


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _append_cell(path: Path, code: str) -> None:
    path.write_text(path.read_text(encoding="utf-8") + f"\n```{{code-cell}} ipython3\n{code}\n```\n", encoding="utf-8")


# name -> (how to break the scratch project, what the error output must contain)
BAD_INPUTS = {
    "wrong type": (lambda r: replace(r / "data/claims.csv", ",12900000000,yuan,", ",lots,yuan,"),
                   ["data/claims.csv, line 9, column 'value'"]),
    "duplicate id": (lambda r: replace(r / "data/claims.csv", "\nchains,", "\nleaders,"),
                     ["data/claims.csv, line 6, column 'claim_id'"]),
    "quote not in the article": (lambda r: replace(r / "data/claims.csv", "大棚175座", "大棚157座"),
                                 ["data/claims.csv, line 20, column 'quote'"]),
    "lower above upper": (lambda r: replace(r / "data/claims.csv", "more_than,10,20", "more_than,30,20"),
                          ["data/claims.csv, line 19, column 'lower'"]),
    "unknown unit": (lambda r: replace(r / "data/claims.csv", ",booklet,", ",volume,"),
                     ["data/claims.csv, line 24, column 'unit'"]),
    "missing column": (lambda r: replace(r / "data/context.csv", ",copy_of_original,", ","),
                       ["data/context.csv, line 1, column 'copy_of_original'"]),
    "missing data file": (lambda r: (r / "data/evidence.csv").unlink(),
                          ["data/evidence.csv: file is missing"]),
    "non-UTF-8 file": (lambda r: (r / "data/glossary.csv").write_bytes(
                           (r / "data/glossary.csv").read_text(encoding="utf-8").encode("gb18030")),
                       ["data/glossary.csv, line 2", "not UTF-8"]),
    "malformed toc entry": (lambda r: replace(r / "_toc.yml", "file: book/villages", "file: book/vilages"),
                            ["_toc.yml", "book/vilages"]),
    "raising notebook cell": (lambda r: _append_cell(r / "book/chiefs.md", 'raise ValueError("planted bad cell")'),
                              ["chiefs", "planted bad cell"]),
}


@pytest.mark.parametrize("name", list(BAD_INPUTS))
def test_bad_input_fails_clearly_and_the_old_book_survives(scratch, name):
    before = snapshot(scratch)
    assert before, "the scratch copy has no published book"
    breaks, expected = BAD_INPUTS[name]
    breaks(scratch)
    result = run_make(scratch)
    output = result.stdout + result.stderr
    assert result.returncode != 0, f"{name}: make html succeeded"
    assert "BUILD FAILED" in output
    for text in expected:
        assert text in output, f"{name}: {text!r} not in the error:\n{output[-3000:]}"
    assert snapshot(scratch) == before, f"{name}: the published book changed"


def _can_cut_the_network() -> bool:
    return os.geteuid() == 0 and shutil.which("unshare") is not None


def _offline_build(root: Path) -> subprocess.CompletedProcess:
    """A build in a new network namespace, which has only a loopback device (brought up for
    the kernels' sockets)."""
    env = dict(os.environ, PYTHONPATH=str(root), PYTHONDONTWRITEBYTECODE="1")
    cmd = f"ip link set lo up && {sys.executable} -m shangluo.build"
    probe = subprocess.run(["unshare", "--net", sys.executable, "-c",
                            "import socket; socket.create_connection(('1.1.1.1', 80), timeout=3)"],
                           capture_output=True, text=True)
    assert probe.returncode != 0, "the namespace was not offline"
    return subprocess.run(["unshare", "--net", "sh", "-c", cmd], cwd=root, env=env,
                          capture_output=True, text=True, timeout=1200)


def test_two_clean_builds_are_identical_and_the_second_needs_no_network(scratch):
    """Byte-identical output from two clean builds; the second (as root, where a network
    namespace can be made) runs with the network cut off, so the book builds offline too."""
    shutil.rmtree(scratch / "_build")
    assert run_build(scratch).returncode == 0
    first = snapshot(scratch)
    shutil.rmtree(scratch / "_build")
    offline = _can_cut_the_network()
    result = _offline_build(scratch) if offline else run_build(scratch)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    second = snapshot(scratch)
    assert first.keys() == second.keys()
    differ = sorted(k for k in first if first[k] != second[k])
    assert not differ, f"files that differ between two clean builds: {differ[:20]}"
    pages = [k for k in first if k.startswith("book/") and k.endswith(".html")]
    images = [k for k in first if k.startswith("_images/")]
    assert len(pages) >= 9 and len(images) >= 6
    if not offline:
        pytest.skip("the builds are identical; the offline build was not tried (needs root and unshare)")
