"""Chinese on any machine, in as few bytes as each page needs.

Every page gets its own WOFF2 subset of Noto Sans SC holding only the Chinese characters
it shows, declared in a small ``<style>`` in its head, so that a first visit downloads
the glyphs of that page and no others.  Measured on the built book (Lighthouse mobile):
one subset of all the book's characters (674 then) was 140 KB, fetched before the first
paint of every page; the overview's own 135 characters take 21 KB.  Pages with the same
characters share a file (its name is a digest of them).  The search page's results show text from
every page, so it also declares a font of all the book's characters, fetched only when a
result needs it.  Measured (Lighthouse mobile): with that 114 KB font preloaded the search
page's first visit was 289 KB and its largest paint 2.6-2.9 s; with its own font preloaded
and the book's fetched for results, 176 KB and 2.1-2.4 s.

Each subset is cut from the 8 MB source font by HarfBuzz (milliseconds) and packed as
WOFF2 (brotli: 0.1-0.8 s a font), on every core at build-finished, while `unused_css`
cuts the stylesheets (PurgeCSS, a process of its own), and redone only when a page's
characters change.  The whole book's font, all the characters that the book's
sources, data and code can show, is made at builder-inited (or in the build's background
process, beside the chapters' kernels).

A page showing a character that the book's sources lack (so the whole book's font lacks
it too), or that the font has no glyph for, stops the build, naming both.
"""

from __future__ import annotations

import hashlib
import html
import multiprocessing
import os
import re
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from .. import paths
from ..fonts import CJK_FONT_PATH, cjk_characters, font_characters, font_face, subset_is_current, write_subset
from .background import WAIT
from .editions import SEARCH
from .written_pages import rewrite

SEARCH_PAGES = {f"{name}.html" for name in SEARCH.values()}  # each edition's

SEARCH_FONT = paths.BUILD / "fonts" / "book-cjk.woff2"
PAGE_FONTS = "_static/fonts"
# What this extension adds to a page's head, found again by its data-book-font marks.
_ADDED = '<link rel="preload" href="{url}" as="font" type="font/woff2" crossorigin data-book-font/>\n' \
         '<style data-book-font>{css}</style>\n'
_CHINESE_PAGE = re.compile(r'<html\b[^>]*\blang="zh')
_OURS = re.compile(r'<link rel="preload"[^>]*data-book-font/>\n<style data-book-font>[^<]*</style>\n')


def book_text() -> str:
    """Every text a page can show: the chapters, the data and its descriptor, the article, the configuration
    and the package's own strings (alt text and generated pages are written by code), and
    the theme's words in Chinese pages (`editions.ui_text`)."""
    from .editions import ui_text

    files = sorted(paths.BOOK.rglob("*.md")) + sorted(paths.DATA.glob("*.csv")) + [paths.RAW_ARTICLE]
    files += [paths.DATAPACKAGE]  # the tables' Chinese titles and descriptions (the methods page)
    files += [paths.ROOT / "_config.yml"] + sorted((paths.ROOT / "shangluo").rglob("*.py"))
    return "\n".join([p.read_text(encoding="utf-8") for p in files] + [ui_text()])


def write() -> None:
    write_subset(CJK_FONT_PATH, cjk_characters(book_text(), marks=True), SEARCH_FONT)


def _body(page: str) -> str:
    start = page.find("<body")
    return page[start:] if start >= 0 else ""


def on_build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    book_chars = cjk_characters(book_text(), marks=True)
    in_font = font_characters(CJK_FONT_PATH)
    folder = Path(app.outdir) / PAGE_FONTS
    jobs: dict[str, str] = {}  # font file name -> its characters

    def add_font(page: str, path: Path) -> str:
        page = _OURS.sub("", page)  # what an earlier build added
        chinese = bool(_CHINESE_PAGE.search(page))
        own = cjk_characters(html.unescape(_body(page)), marks=chinese)
        # The search page shows what its script finds on every other page: it declares the
        # whole book's font too, before its own, so that the browser fetches it only when a
        # result shows a character the page's own font lacks.
        faces = [book_chars, own] if path.name in SEARCH_PAGES else [own]
        faces = [chars for chars in faces if chars]
        if not faces:
            return page
        shown = "".join(sorted(set("".join(faces))))
        if unknown := "".join(c for c in shown if c not in book_chars):
            raise ExtensionError(f"{path}: shows {unknown!r}, which no file of web_font.book_text() holds, "
                                 "so the search page's font lacks them: add the file they come from")
        if no_glyph := "".join(c for c in shown if c not in in_font):
            raise ExtensionError(f"{path}: shows {no_glyph!r}, which {CJK_FONT_PATH.name} has no glyph for")
        urls = []
        for chars in faces:
            name = f"cjk-{hashlib.sha256(chars.encode()).hexdigest()[:12]}.woff2"
            jobs[name] = chars
            urls.append(os.path.relpath(folder / name, path.parent).replace(os.sep, "/"))
        # The page's own font is preloaded: fetched beside the stylesheets, it is there for
        # the first layout, rather than arriving after it and making the browser lay the
        # page out again.
        return page.replace("</head>", _ADDED.format(url=urls[-1], css=font_face(*urls, marks=chinese)) + "</head>", 1)

    rewrite(app, exception, add_font)
    _write_fonts(folder, jobs, book_chars)
    for old in sorted(folder.glob("cjk-*.woff2")):
        if old.name not in jobs:
            old.unlink()


_cutting: list[tuple[ProcessPoolExecutor, dict]] = []  # the page fonts being cut (by file), and their pool


def _write_fonts(folder: Path, jobs: dict[str, str], book_chars: str) -> None:
    """Write each page font: the whole book's set is a copy of SEARCH_FONT, made early;
    the others are cut on every core (fork: the workers need only these arguments), and
    waited for at the end of the build (`fonts_written`)."""
    folder.mkdir(parents=True, exist_ok=True)
    cut = []
    for name, chars in sorted(jobs.items()):
        if chars == book_chars:
            whole = SEARCH_FONT.read_bytes()
            if not (folder / name).exists() or (folder / name).read_bytes() != whole:
                (folder / name).write_bytes(whole)
        elif not subset_is_current(CJK_FONT_PATH, chars, folder / name):
            cut.append((CJK_FONT_PATH, chars, folder / name))
    if not cut:
        return
    cut.sort(key=lambda args: -len(args[1]))  # the longest first, so the cores finish together
    pool = ProcessPoolExecutor(max_workers=os.cpu_count() or 1, mp_context=multiprocessing.get_context("fork"))
    _cutting.append((pool, {args[2]: pool.submit(write_subset, *args) for args in cut}))


def fonts_written(app: Sphinx, exception) -> None:
    """Wait for the page fonts being cut; a font that could not be cut fails the build, named."""
    while _cutting:
        pool, jobs = _cutting.pop()
        try:
            for font, job in jobs.items():
                if exception is None and (error := job.exception()) is not None:
                    raise ExtensionError(f"{font}: the page font could not be cut ({type(error).__name__}: {error})")
        finally:
            pool.shutdown(cancel_futures=True)


def on_builder_inited(app: Sphinx) -> None:
    write()


def setup(app: Sphinx) -> dict:
    app.connect("builder-inited", on_builder_inited)
    app.connect("build-finished", on_build_finished)
    app.connect("build-finished", fonts_written, priority=WAIT)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
