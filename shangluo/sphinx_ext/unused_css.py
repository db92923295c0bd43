"""Each stylesheet less the rules that no page and no script of the book can use.

Measured on the built book, gzipped as GitHub Pages serves it: every page's first visit
loaded 90 KB of stylesheets before it could paint, 65 KB of it pydata-sphinx-theme.css
(397 KB raw), which carries Bootstrap and the styles of every component the theme
supports.  A phone parses all of it, and matches every rule against the page, before
the first paint.  Cut, that file is 97 KB (17 KB gzipped).

PurgeCSS (pinned in package.json, run once the book is written) keeps a rule when the
names its selector needs (classes, ids, elements, attributes) occur in a page or in a
script a page loads, so the classes a script adds by name as it runs (Bootstrap's
``show``, the search page's result list, ``highlighted``) stay.  Font faces, keyframes
and custom properties are kept whole (PurgeCSS's defaults).  ``SAFELIST`` keeps what that
test cannot see: a class a script builds from parts, and rules whose selector is only a
pseudo-class, which PurgeCSS drops.  tests/test_build.py checks that the rules behind
each theme feature survive the cut.

Sphinx copies the full stylesheets again on every build, so each build cuts them from
the originals.  PurgeCSS took 1.2 s a build, most of a no-op rebuild's margin (the bench's
no-op target was missed at 1.55 times the baseline), so the cut is kept beside Sphinx's
doctrees under a digest of everything it depends on (the original sheets, the pages, the
scripts they load, the safelist and PurgeCSS's own version), and reused when none changed.  The files keep the ``?v=``/``?digest=`` their links were
given before the cut, so for the ten minutes GitHub Pages lets a browser cache them, a
returning reader can see the previous cut of a stylesheet after a change that uses a
rule no page used before.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from .. import paths
from .written_pages import pages as written_pages

PURGECSS = paths.ROOT / "node_modules" / ".bin" / "purgecss"
# After every extension that finishes the pages (Sphinx's default priority is 500): the
# rules are kept for what the pages finally hold, such as phone_tables' data-label.
AFTER_THE_PAGES_ARE_FINISHED = 900
# What PurgeCSS cannot tell is used:
# * bs-tooltip-auto: Bootstrap names a tooltip's placement class `bs-${NAME}-auto` as it
#   runs; without it every tooltip (the header's buttons have them) loses its arrow;
# * :focus-visible: the theme's keyboard focus ring, a rule whose selector is only a
#   pseudo-class (PurgeCSS 8 drops those).
SAFELIST = ["bs-tooltip-auto", ":focus-visible"]


def _digest(files: list[Path]) -> str:
    """What a cut depends on: ``files``, the safelist, and the pinned PurgeCSS (package-lock.json)."""
    h = hashlib.sha256(json.dumps(SAFELIST).encode())
    for f in [paths.ROOT / "package-lock.json", *files]:
        h.update(f.name.encode() + b"\0" + f.read_bytes() + b"\0")
    return h.hexdigest()


def cut(outdir: Path, cache: Path) -> None:
    """Rewrite every stylesheet in ``outdir/_static`` without the rules nothing uses, reusing
    the cut kept in ``cache`` when nothing it depends on changed."""
    static = outdir / "_static"
    sheets = sorted(static.rglob("*.css"))
    if len({s.name for s in sheets}) != len(sheets):
        raise ExtensionError(f"unused_css: two stylesheets in {static} share a name; PurgeCSS writes them by name")
    pages = written_pages(outdir)
    text = "\n".join(p.read_text(encoding="utf-8") for p in pages)
    # The scripts a page loads, not every script the themes ship (FontAwesome's names
    # every icon, and no page loads it).
    scripts = sorted(s for s in static.rglob("*.js") if s.name in text)
    kept = cache / _digest(sheets + pages + scripts)
    if not kept.is_dir():
        _run_purgecss(sheets, pages + scripts, kept)
    for sheet in sheets:
        paths.write_if_changed(sheet, (kept / sheet.name).read_text(encoding="utf-8"))


def _run_purgecss(sheets: list[Path], content: list[Path], kept: Path) -> None:
    """PurgeCSS on ``sheets``, its cut written to ``kept`` (which replaces any older cut)."""
    if not PURGECSS.exists():
        raise ExtensionError(f"unused_css: {PURGECSS} is missing; `make html` installs it (npm ci, package-lock.json)")
    with tempfile.TemporaryDirectory() as cut_dir:
        result = subprocess.run(
            [str(PURGECSS), "--css", *map(str, sheets), "--content", *map(str, content),
             "--safelist", *SAFELIST, "--output", cut_dir],
            capture_output=True, text=True)
        if result.returncode:
            raise ExtensionError(f"unused_css: PurgeCSS failed:\n{result.stderr[-3000:]}")
        shutil.rmtree(kept.parent, ignore_errors=True)  # one cut is kept: the current one
        shutil.copytree(cut_dir, kept)


def on_build_finished(app: Sphinx, exception) -> None:
    if exception is None and app.builder.format == "html":
        cut(Path(app.outdir), Path(app.doctreedir) / "unused_css")


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", on_build_finished, priority=AFTER_THE_PAGES_ARE_FINISHED)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
