"""Rebuilds in a scratch copy: no stale numbers, strict failures, and a book that survives them."""

from __future__ import annotations

import csv
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT, run_build, snapshot, unreferenced_files

pytestmark = pytest.mark.build

# Chapters run either by the parallel step ("[book] executed book/x.md") or by MyST-NB.
EXECUTED = re.compile(r"(?:\[book\] executed book/|/book/)(\w+)\.md(?: in |: Executing notebook)")


def executed(result) -> set[str]:
    return set(EXECUTED.findall(result.stdout))


def processes_in(folder: Path, wait: float = 5.0) -> list[str]:
    """The processes still working in ``folder`` (their working directory is in it) after up
    to ``wait`` seconds: a chapter's kernel runs in book/, its warm process in the project."""
    import time

    import psutil

    folder = folder.resolve()
    deadline = time.monotonic() + wait
    while True:
        left = []
        for proc in psutil.process_iter(["pid", "cwd", "cmdline"]):
            cwd = proc.info["cwd"]
            if cwd and Path(cwd).is_relative_to(folder) and proc.pid != os.getpid():
                left.append(f"{proc.pid}: {' '.join(proc.info['cmdline'] or [])[:120]}")
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.2)


def test_noop_rebuild_executes_nothing(scratch):
    # Tools leave Markdown files in folders of their own (pytest, hypothesis, notes); they
    # are not pages, and must not fail the build as "not included in any toctree".
    for stray in (".pytest_cache/README.md", ".hypothesis/notes.md", "notes/todo.md"):
        (scratch / stray).parent.mkdir(parents=True, exist_ok=True)
        (scratch / stray).write_text("# Not a page of the book\n", encoding="utf-8")
    # The first build in a moved copy re-reads every page (Sphinx notices the new
    # folder) but runs no notebook; the second is the no-op.
    first = run_build(scratch)
    assert first.returncode == 0 and executed(first) == set(), first.stdout[-3000:]
    published = snapshot(scratch)
    again = run_build(scratch)
    assert again.returncode == 0, again.stdout[-3000:]
    assert executed(again) == set()
    assert "0 added, 0 changed, 0 removed" in again.stdout
    # ... and the book it publishes is the same, byte for byte (a page finished in the wrong
    # order, a font made before its page's last words, would change on the second pass).
    after = snapshot(scratch)
    changed = sorted(k for k in published.keys() | after.keys() if published.get(k) != after.get(k))
    assert not changed, f"a no-op rebuild changed the published book: {changed[:10]}"


def _share_in_page(root: Path) -> str:
    text = (root / "_build" / "html" / "book" / "leaders.html").read_text(encoding="utf-8")
    m = re.search(r'key projects are <span class="pasted-text">(\d+)</span> per cent of the year', text)
    assert m, "the sentence with the share of the year's key projects is missing"
    return m.group(1)


def _article_projects(root: Path) -> int:
    raw = (root / "data" / "raw" / "000_9190643d899b3891.txt").read_text(encoding="utf-8")
    return int(re.search(r"(\d+)个市级重点项目", raw).group(1))


def _set_year_key_projects(root: Path, new_value: int) -> None:
    """A new reading of the source: its sentence, the words stating the figure and the value change together."""
    ctx = root / "data" / "context.csv"
    rows = list(csv.DictReader(ctx.open(encoding="utf-8", newline="")))
    old = next(r for r in rows if r["fact_id"] == "sl_2022_key_projects")["value"]
    assert old != str(new_value)
    text = ctx.read_text(encoding="utf-8").replace(
        f"city-level key projects,{old},projects", f"city-level key projects,{new_value},projects").replace(
        f"{old}个市级重点项目", f"{new_value}个市级重点项目")
    ctx.write_text(text, encoding="utf-8")


def _without_project_paths() -> dict[str, str]:
    """The environment of a user in a shell: no PYTHONPATH naming a project."""
    return {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}


def test_changing_data_changes_the_pages_even_in_a_copy_sharing_the_environment(scratch):
    """A data change reaches the page that computes from it and the page generated from it.  The scratch project is also the copied-folder case:
    a copy that shares this checkout's .venv (whose editable install points here), built with
    `make html` from a plain shell, must show its own changed data, not this checkout's."""
    ctx = scratch / "data" / "context.csv"
    rows = list(csv.DictReader(ctx.open(encoding="utf-8", newline="")))
    full = next(r for r in rows if r["fact_id"] == "sl_2022_key_projects")
    assert _share_in_page(scratch) == str(round(_article_projects(scratch) / float(full["value"]) * 100))

    (scratch / ".venv").symlink_to(ROOT / ".venv")
    new_value = 242
    _set_year_key_projects(scratch, new_value)
    # A page generated from data (the glossary) follows its table in the same build.
    glossary = scratch / "data" / "glossary.csv"
    old_gloss, new_gloss = "A Shaanxi commercial bank.", "A commercial bank based in Shaanxi province."
    assert old_gloss in glossary.read_text(encoding="utf-8")
    glossary.write_text(glossary.read_text(encoding="utf-8").replace(old_gloss, new_gloss), encoding="utf-8")
    # -o: take the environments as installed (a symlinked .venv or node_modules must not be reinstalled from the copy).
    result = subprocess.run(["make", "-o", ".venv/.installed", "-o", "node_modules/.installed-build", "html"], cwd=scratch, env=_without_project_paths(),
                            capture_output=True, text=True, timeout=1200)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert "leaders" in executed(result), "the chapter that uses the figure did not re-run"
    assert _share_in_page(scratch) == str(round(_article_projects(scratch) / new_value * 100))
    assert _share_in_page(ROOT) != _share_in_page(scratch)
    # The Chinese overview pastes the overview's figures: it follows in the same build too.
    zh_overview = (scratch / "_build" / "html" / "book" / "zh" / "index.html").read_text(encoding="utf-8")
    assert f"全年为{new_value}个" in zh_overview, "the Chinese overview kept the old figure"
    glossary_page = (scratch / "_build" / "html" / "book" / "glossary.html").read_text(encoding="utf-8")
    assert new_gloss in glossary_page and old_gloss not in glossary_page
    # The investment chart names the count of projects, so it changed: its old image must be gone,
    # not left reachable by URL.
    assert unreferenced_files(scratch / "_build" / "html") == []


def test_a_tool_run_by_hand_in_a_copy_stops_with_a_clear_message(scratch):
    """Without the Makefile (which sets PYTHONPATH), the package refuses to serve another copy."""
    result = subprocess.run([sys.executable, "-c", "import shangluo.data"], cwd=scratch / "book",
                            env=_without_project_paths(), capture_output=True, text=True)
    assert result.returncode != 0
    assert "WrongCheckout" in result.stderr and str(scratch) in result.stderr and "PYTHONPATH=" in result.stderr
    bound = subprocess.run([sys.executable, "-c", "from shangluo import paths; print(paths.ROOT)"], cwd=scratch / "book",
                           env=dict(_without_project_paths(), PYTHONPATH=str(scratch)), capture_output=True, text=True)
    assert bound.returncode == 0 and bound.stdout.strip() == str(scratch)


def test_changing_shared_code_reexecutes_the_notebooks(scratch):
    derived = scratch / "shangluo" / "derived.py"
    derived.write_text(derived.read_text(encoding="utf-8") + "\n# a change to shared code\n", encoding="utf-8")
    result = run_build(scratch)
    assert result.returncode == 0, result.stdout[-3000:]
    assert {"index", "leaders", "chiefs", "villages"} <= executed(result)
    assert processes_in(scratch) == [], "the build left kernels or their warm processes running"


def test_a_raising_cell_fails_the_build_and_keeps_the_old_book(scratch):
    before = snapshot(scratch)
    chapter = scratch / "book" / "villages.md"
    chapter.write_text(chapter.read_text(encoding="utf-8")
                       + '\n```{code-cell} ipython3\nraise RuntimeError("planted failure")\n```\n', encoding="utf-8")
    result = run_build(scratch)
    assert result.returncode != 0
    output = result.stdout + result.stderr
    assert "BUILD FAILED" in output and "villages" in output and "planted failure" in output
    assert snapshot(scratch) == before, "a failed build changed the published book"
    assert processes_in(scratch) == [], "a failed chapter left its kernel running"


def test_a_bad_data_row_fails_before_any_notebook_runs(scratch):
    before = snapshot(scratch)
    claims = scratch / "data" / "claims.csv"
    claims.write_text(claims.read_text(encoding="utf-8").replace(
        "全市106名市县领导,106,person,exact,106,106", "全市106名市县领导,107,person,exact,107,107"), encoding="utf-8")
    result = run_build(scratch)
    assert result.returncode != 0
    assert "data/claims.csv, line 5, column 'value'" in result.stderr
    assert executed(result) == set()
    assert snapshot(scratch) == before


def test_a_warning_fails_the_build(scratch):
    chapter = scratch / "book" / "leaders.md"
    chapter.write_text(chapter.read_text(encoding="utf-8") + "\nSee [a page that does not exist](nowhere.md).\n",
                       encoding="utf-8")
    result = run_build(scratch)
    assert result.returncode != 0
    assert "nowhere.md" in result.stderr
