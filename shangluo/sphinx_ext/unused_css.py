"""The stylesheets, less the rules that no page can use, trimmed by PurgeCSS (pinned in
``package.json``) after the pages are written.

Measured on the built book, gzipped: the theme's ``pydata-sphinx-theme.css`` alone was
65 KB, blocking the first paint of every page (it carries all of Bootstrap and an icon
table of some two thousand FontAwesome names); trimmed, it is 18 KB.  PurgeCSS keeps a
rule when the words of its selector occur in the pages or in the scripts they load, so
classes that the theme's scripts add (``show``, ``dark``) stay.  The look is tested, not
assumed: tests/test_browser.py compares screenshots of every page with the theme's
untrimmed stylesheets.

Sphinx copies the theme's files afresh at each build; the trimmed files are then written
over them, from a cache when the stylesheets, the pages and their scripts are unchanged.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from .. import paths
from ..fingerprint import digest, stamp, stamped

PURGECSS = paths.ROOT / "node_modules" / ".bin" / "purgecss"
CACHE = paths.BUILD / "purged-css"
UNTRIMMED = "untrimmed"
_LINKED = re.compile(r'<(?:link|script)\b[^>]*\b(?:href|src)="([^"#?]+\.(?:css|js))[?"]')


def linked_files(outdir: Path) -> tuple[list[Path], list[Path]]:
    """The written pages, and the book's own stylesheets and scripts that they load."""
    pages = sorted(p for p in outdir.rglob("*.html") if "_static" not in p.parts)
    assets: set[Path] = set()
    for page in pages:
        for ref in _LINKED.findall(page.read_text(encoding="utf-8")):
            target = (page.parent / ref).resolve()
            if outdir.resolve() in target.parents and target.is_file():
                assets.add(target)
    return pages, sorted(assets)


def purge(stylesheets: list[Path], content: list[Path], out: Path) -> None:
    """Write into ``out`` each of ``stylesheets`` less the rules no file of ``content`` uses."""
    if not PURGECSS.exists():
        raise ExtensionError(f"unused_css: {PURGECSS} is missing; `make html` installs it (npm ci)")
    if len({s.name for s in stylesheets}) != len(stylesheets):
        raise ExtensionError(f"unused_css: two stylesheets share a name: {stylesheets}")
    shutil.rmtree(out, ignore_errors=True)
    (out / UNTRIMMED).mkdir(parents=True)
    for css in stylesheets:  # kept beside the trimmed ones, for the test of the look
        shutil.copyfile(css, out / UNTRIMMED / css.name)
    result = subprocess.run([str(PURGECSS), "--output", str(out), "--css", *map(str, stylesheets),
                             "--content", *map(str, content)], capture_output=True, text=True)
    if result.returncode:
        raise ExtensionError(f"unused_css: PurgeCSS failed:\n{result.stderr[-2000:]}")


def on_build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    pages, assets = linked_files(Path(app.outdir))
    stylesheets = [a for a in assets if a.suffix == ".css"]
    scripts = [a for a in assets if a.suffix == ".js"]
    key = digest(stylesheets + pages + scripts)
    if not stamped("purged-css", key):
        purge(stylesheets, pages + scripts, CACHE)
        stamp("purged-css", key, only=True)
    for css in stylesheets:
        paths.write_if_changed(css, (CACHE / css.name).read_text(encoding="utf-8"))


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
