"""Shared fixtures: the built book, and scratch copies of the project to break on purpose."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def run_build(root: Path, timeout: int = 1200) -> subprocess.CompletedProcess:
    """`python -m shangluo.build` in ``root``, importing that copy's own shangluo package."""
    env = dict(os.environ, PYTHONPATH=str(root), PYTHONDONTWRITEBYTECODE="1")
    return subprocess.run([sys.executable, "-m", "shangluo.build"], cwd=root, env=env,
                          capture_output=True, text=True, timeout=timeout)


@pytest.fixture(scope="session")
def built_book() -> Path:
    """Build the book once per test session (the execution cache makes a rebuild quick)."""
    result = run_build(ROOT)
    assert result.returncode == 0, f"the book did not build:\n{result.stdout[-5000:]}\n{result.stderr[-5000:]}"
    html = ROOT / "_build" / "html"
    assert (html / "index.html").exists()
    return html


def _ignore(directory: str, names: list[str]) -> set[str]:
    skip = {".venv", "node_modules", ".git", "__pycache__", ".pytest_cache", "html.new", "html.old", "screenshots"}
    return {n for n in names if n in skip or n.endswith(".egg-info")}


@pytest.fixture(scope="session")
def scratch_template(built_book, tmp_path_factory) -> Path:
    """A copy of the project, built once in its own folder: the starting point of every scratch."""
    dest = tmp_path_factory.mktemp("template") / "project"
    shutil.copytree(ROOT, dest, ignore=_ignore, symlinks=True)
    (dest / "node_modules").symlink_to(ROOT / "node_modules")  # the build's PurgeCSS, installed once
    result = run_build(dest)
    assert result.returncode == 0, result.stdout[-3000:]
    return dest


@pytest.fixture
def scratch(scratch_template, tmp_path) -> Path:
    """A built copy of the project (with its published book and warm caches) to break freely."""
    dest = tmp_path / "project"
    shutil.copytree(scratch_template, dest, symlinks=True)
    return dest


def read_page(path: Path):
    """A built page, parsed, with its language marks (``<span lang="zh-Hans">`` around each
    run of Chinese) unwrapped: they are not boundaries in the text, which then reads as written."""
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
    for mark in soup.select("span[lang]"):
        mark.unwrap()
    soup.smooth()
    return soup


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file of a project's published book, by path: to prove a failed build left it alone."""
    html = root / "_build" / "html"
    return {str(p.relative_to(html)): p.read_bytes() for p in html.rglob("*") if p.is_file()}


def unreferenced_files(html: Path) -> list[str]:
    """Images and downloads in a built book that no page links to (stale copies of old outputs)."""
    pages = "".join(p.read_text(encoding="utf-8") for p in html.rglob("*.html"))
    stale = []
    for folder in ("_images", "_downloads"):
        for f in sorted((html / folder).rglob("*")):
            if f.is_file() and f"{folder}/{f.relative_to(html / folder).as_posix()}" not in pages:
                stale.append(f"{folder}/{f.relative_to(html / folder).as_posix()}")
    return stale


def toc_files() -> list[str]:
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [toc["root"]]
    for part in toc.get("parts", []):
        files += [c["file"] for c in part["chapters"]]
    files += [c["file"] for c in toc.get("chapters", [])]
    return files


# Each edition's search page (shangluo/sphinx_ext/editions.py), outside _toc.yml.
SEARCH_PAGES = ["search", "zh-search"]


def chinese_pages() -> list[str]:
    """The Chinese edition's pages in _toc.yml (book/zh/)."""
    return [n for n in toc_files() if n.startswith("book/zh/")]


def english_pages() -> list[str]:
    return [n for n in toc_files() if not n.startswith("book/zh/")]


def archived_article_text() -> str:
    """The archived article with its white space removed: what a quotation of it is checked against."""
    raw = next((ROOT / "data" / "raw").glob("*.txt")).read_text(encoding="utf-8")
    return "".join(raw.split())


def loader_scripts(html: str) -> list[dict[str, str]]:
    """The script files a page's after-paint loader adds (shangluo/sphinx_ext/lean_theme.py),
    each as its attributes; [] for a page without a loader."""
    listed = re.search(r"const scripts = (\[.*?\]);", html)
    return json.loads(listed.group(1)) if listed else []
