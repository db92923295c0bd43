"""The PDF editions, offered for download where a page says ``<!-- pdf-download -->`` (each
edition's overview and methods page), in the page's language.

`shangluo.print_edition` (``make pdf``) prints them from the built book into ``_build/pdf/``.
A PDF is linked, and copied into the book's ``pdf/`` folder, only while it was printed from
the book's sources as they are (`print_edition.current_pdf`); otherwise the mark is left
empty and no PDF is published.  So the link never leads nowhere, and never to a PDF of
older pages: ``make html`` after a change publishes the book without them until ``make
pdf`` prints them again.  When that changes, the pages with the mark are read again, so
that Sphinx writes them anew.
"""

from __future__ import annotations

import html
import posixpath
import shutil
from pathlib import Path

from sphinx.application import Sphinx

from .. import print_edition
from .editions import edition

MARK = "<!-- pdf-download -->"
WORDS = {"en": "Download this book as a PDF (A4, {size}, {pages} pages)",
         "zh": "下载本书的 PDF 版（A4 纸张，{size}，共 {pages} 页）"}


def _linked() -> dict[str, Path]:
    """The editions whose PDF is current, and where it is."""
    return {e: pdf for e in print_edition.EDITIONS if (pdf := print_edition.current_pdf(e))}


def _pages(pdf: Path) -> int:
    """The number of pages of a PDF Chromium wrote (its page tree's /Count)."""
    import re

    counts = re.findall(rb"/Type /Pages\b[^>]*?/Count (\d+)", pdf.read_bytes())
    return max(int(c) for c in counts)


def link(pagename: str, pdf: Path) -> str:
    mine = edition(pagename)
    target = f"{print_edition.PUBLISHED}/{print_edition.EDITIONS[mine]['file']}"
    href = posixpath.relpath(target, posixpath.dirname(pagename))
    words = WORDS[mine].format(size=f"{pdf.stat().st_size / 1e6:.1f} MB", pages=_pages(pdf))
    return (f'<p class="pdf-download"><a class="reference download internal" href="{html.escape(href)}" '
            f'type="application/pdf">{html.escape(words)}</a></p>')


def on_html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    body = context.get("body", "")
    if MARK not in body:
        return
    pdf = _linked().get(edition(pagename))
    context["body"] = body.replace(MARK, link(pagename, pdf) if pdf else "")


def on_env_get_outdated(app: Sphinx, env, added: set, changed: set, removed: set) -> list[str]:
    """The pages with the mark, when the set of linked PDFs (or their sizes) changed since
    the last build: Sphinx would not otherwise write them again."""
    state = {e: (pdf.stat().st_size, _pages(pdf)) for e, pdf in _linked().items()}
    if getattr(env, "pdf_download_state", None) == state:
        return []
    env.pdf_download_state = state
    marked = [d for d in sorted(env.found_docs)
              if MARK in Path(env.doc2path(d)).read_text(encoding="utf-8")]
    return [d for d in marked if d not in added | changed]


def on_build_finished(app: Sphinx, exception) -> None:
    """The published book's ``pdf/`` folder holds exactly the current PDFs."""
    if exception is not None or app.builder.format != "html":
        return
    folder = Path(app.outdir) / print_edition.PUBLISHED
    linked = _linked()
    wanted = {print_edition.EDITIONS[e]["file"]: pdf for e, pdf in linked.items()}
    if folder.is_dir():
        for old in folder.iterdir():
            if old.name not in wanted:
                old.unlink()
    for name, pdf in wanted.items():
        folder.mkdir(exist_ok=True)
        if not (folder / name).is_file() or (folder / name).read_bytes() != pdf.read_bytes():
            shutil.copyfile(pdf, folder / name)


def setup(app: Sphinx) -> dict:
    app.connect("html-page-context", on_html_page_context)
    app.connect("env-get-outdated", on_env_get_outdated)
    app.connect("build-finished", on_build_finished)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
