"""Chinese on any machine, in as few bytes as each page needs.

Every page gets its own WOFF2 subset of Noto Sans SC holding only the Chinese characters
it shows, declared in a small ``<style>`` in its head, so that a first visit downloads
the glyphs of that page and no others.  Measured on the built book (Lighthouse mobile):
one subset of all the book's 674 characters was 140 KB, fetched before the first paint of
every page; the overview's own 135 characters take 25 KB.  Pages with the same characters
share a file (its name is a digest of them).  The search page is the exception: its
results show text from every page, so it gets all the book's characters.

Two steps, so that the slow one (reading the 10 MB source font) happens once and early:

1. at builder-inited (or in the build's background process), ``book-cjk.ttf``, a plain
   TrueType subset holding every character the book's sources, data and code can show;
2. at build-finished, each written page's characters are cut from it, redone only when a
   page's characters change: 0.1 s for the corrections page, 2.5 s for the article's 519
   characters, 6.7 s for all pages together, one after another (measured; the cold build's
   bench target misses by this much, see issue 12).

A page showing a character that the first subset lacks stops the build, naming both.
"""

from __future__ import annotations

import hashlib
import html
import os
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from .. import paths
from ..fonts import CJK_FONT_PATH, cjk_characters, font_face, write_subset
from .written_pages import rewrite

BOOK_FONT = paths.BUILD / "fonts" / "book-cjk.ttf"
PAGE_FONTS = "_static/fonts"
# What this extension adds to a page's head, found again by its data-book-font marks.
_ADDED = '<link rel="preload" href="{url}" as="font" type="font/woff2" crossorigin data-book-font/>\n' \
         '<style data-book-font>{css}</style>\n'
_OURS = re.compile(r'<link rel="preload"[^>]*data-book-font/>\n<style data-book-font>[^<]*</style>\n')


def book_text() -> str:
    """Every text a page can show: the chapters, the data, the article, the configuration
    and the package's own strings (alt text and generated pages are written by code)."""
    files = sorted(paths.BOOK.rglob("*.md")) + sorted(paths.DATA.glob("*.csv")) + [paths.RAW_ARTICLE]
    files += [paths.ROOT / "_config.yml"] + sorted((paths.ROOT / "shangluo").rglob("*.py"))
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


def write() -> None:
    write_subset(CJK_FONT_PATH, cjk_characters(book_text()), BOOK_FONT)


def _body(page: str) -> str:
    start = page.find("<body")
    return page[start:] if start >= 0 else ""


def on_build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from fontTools.ttLib import TTFont

    book_chars = {chr(c) for c in TTFont(str(BOOK_FONT), lazy=True).getBestCmap() if c >= 0x3000}
    folder = Path(app.outdir) / PAGE_FONTS
    used: set[str] = set()

    def add_font(page: str, path: Path) -> str:
        page = _OURS.sub("", page)  # what an earlier build added
        # The search page shows what its script finds on every other page: all the book's characters.
        chars = "".join(sorted(book_chars)) if path.name == "search.html" else cjk_characters(html.unescape(_body(page)))
        if not chars:
            return page
        if missing := "".join(c for c in chars if c not in book_chars):
            raise ExtensionError(f"{path}: shows {missing!r}, which {BOOK_FONT.name} lacks: either the "
                                 "file they come from is missing from web_font.book_text(), or Noto Sans SC "
                                 "has no glyph for them")
        name = f"cjk-{hashlib.sha256(chars.encode()).hexdigest()[:12]}.woff2"
        write_subset(BOOK_FONT, chars, folder / name)
        used.add(name)
        url = os.path.relpath(folder / name, path.parent).replace(os.sep, "/")
        # Preloaded: fetched beside the stylesheets, the font is there for the first layout,
        # rather than arriving after it and making the browser lay the page out again.
        return page.replace("</head>", _ADDED.format(url=url, css=font_face(url)) + "</head>", 1)

    rewrite(app, exception, add_font)
    for old in sorted(folder.glob("cjk-*.woff2")):
        if old.name not in used:
            old.unlink()


def on_builder_inited(app: Sphinx) -> None:
    write()


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", on_builder_inited)
    app.connect("build-finished", on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
