"""Sphinx extension for the book (listed in ``_config.yml`` under sphinx.extra_extensions).

It does these things:

0. **Generated pages.**  A line ``<!-- generated: NAME -->`` in a page is replaced by
   the Markdown `shangluo.generated_pages` makes from the data (the article and the glossary).
1. **No stale numbers.**  MyST-NB's execution cache keys on a notebook's code cells
   only, so a change to ``data/`` or to the ``shangluo`` package would leave old
   outputs in place.  When Sphinx reads a notebook, this extension appends one hidden
   code cell (tag ``remove-cell``) holding a fingerprint of those inputs, and tells
   Sphinx that the page depends on every input file.  Change any of them and the
   page is re-read, the fingerprint differs, the cache misses, the notebook re-runs.
2. **Chinese on any machine.**  It writes a WOFF2 subset of Noto Sans SC with the
   characters the book uses, and a stylesheet that serves it for CJK text only.
3. **Alt text.**  Charts carry their (computed) alt text as the SVG's <title>; the
   extension copies it to the page's <img alt>, and fails the build for an image
   without alt text.
4. **Chinese search.**  It loads the project's jieba dictionary of policy terms
   (made from ``data/glossary.csv`` and ``data/slogans.csv``) so that Sphinx's Chinese
   search indexes them whole.
5. **No stale files.**  An incremental Sphinx build copies new images and downloads
   but never deletes the old ones, so a chart a page no longer shows (a withdrawn
   verdict, say) would stay reachable by URL.  After a successful build, files in
   ``_images`` and ``_downloads`` that no page uses any more are removed.
"""

from __future__ import annotations

import os
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

logger = logging.getLogger(__name__)

from . import paths
from .fingerprint import input_files, inputs_fingerprint, is_text_notebook, with_fingerprint
from .fonts import write_web_font

STATIC_DIR = paths.BUILD / "static-generated"
USERDICT = paths.BUILD / "search-userdict.txt"
# jieba word frequency for the book's terms: high, so a term is kept as one word.
SEARCH_TERM_FREQUENCY = 100000


def _on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    from . import generated_pages as pages

    for m in reversed(list(pages.MARKER.finditer(source[0]))):
        name = m.group(1)
        for f in pages.sources(name):
            app.env.note_dependency(os.path.relpath(f, app.srcdir))
        source[0] = source[0][:m.start()] + pages.generate(name) + source[0][m.end():]
    if not is_text_notebook(source[0]):
        return
    files = input_files()
    for f in files:
        # Relative to the source folder, so a copy of the project checks its own files.
        app.env.note_dependency(os.path.relpath(f, app.srcdir))
    source[0] = with_fingerprint(source[0], inputs_fingerprint(files))


def _image_file(app: Sphinx, docname: str, uri: str) -> Path | None:
    candidates = [Path(uri)] if Path(uri).is_absolute() else []
    candidates += [Path(app.srcdir) / uri.lstrip("/"),
                   Path(app.srcdir) / Path(docname).parent / uri]
    return next((c for c in candidates if c.is_file()), None)


def _on_doctree_read(app: Sphinx, doctree) -> None:
    """Give every chart the alt text its SVG carries; warn (an error here) if an image has none."""
    from docutils import nodes

    from .svg_alt import svg_title

    docname = app.env.docname
    for node in doctree.findall(nodes.image):
        if node.get("alt"):
            continue
        uri = node["uri"]
        path = _image_file(app, docname, uri)
        alt = svg_title(path.read_text(encoding="utf-8")) if path and path.suffix == ".svg" else None
        if alt:
            node["alt"] = alt
        else:
            logger.warning(f"image {uri} has no alt text", location=node)


def _book_text() -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted(paths.BOOK.rglob("*.md"))]
    parts += [p.read_text(encoding="utf-8") for p in sorted(paths.DATA.glob("*.csv"))]
    parts += [paths.RAW_ARTICLE.read_text(encoding="utf-8")]
    parts += [(paths.ROOT / "_config.yml").read_text(encoding="utf-8")]
    return "\n".join(parts)


def write_search_dictionary() -> Path:
    """A jieba user dictionary of the glossary's terms and the slogans, so search keeps them whole."""
    import csv

    terms = []
    for name, column in (("glossary.csv", "term"), ("slogans.csv", "name")):
        with (paths.DATA / name).open(encoding="utf-8", newline="") as f:
            terms += [row[column] for row in csv.DictReader(f)]
    text = "".join(f"{t} {SEARCH_TERM_FREQUENCY} n\n" for t in sorted(set(terms)) if " " not in t)
    if not USERDICT.exists() or USERDICT.read_text(encoding="utf-8") != text:
        USERDICT.parent.mkdir(parents=True, exist_ok=True)
        USERDICT.write_text(text, encoding="utf-8")
    return USERDICT


def write_assets() -> Path:
    """Write the web font, its stylesheet and the search dictionary, each only if changed;
    returns the dictionary's path."""
    STATIC_DIR.mkdir(parents=True, exist_ok=True)
    write_web_font(_book_text(), STATIC_DIR)
    return write_search_dictionary()


def prepare_assets() -> None:
    """`write_assets`, and warm jieba's own cache.  The build calls this while the chapters
    run, so a cold build does this work at an otherwise idle moment; Sphinx finds it done."""
    write_assets()
    import jieba

    jieba.setLogLevel(60)  # its progress lines are not warnings; keep them out of the log
    jieba.initialize()


def _on_config_inited(app: Sphinx, config) -> None:
    # Only book/ holds pages: never read anything else at the top level (README.md, caches,
    # a tool's folder), which would otherwise warn "document isn't included in any toctree".
    srcdir = Path(app.srcdir)
    config.exclude_patterns = list(config.exclude_patterns) + sorted(
        p.name for p in srcdir.iterdir() if p.name != paths.BOOK.name)
    userdict = write_assets()
    # Paths relative to the project, so a copy of the project has the same configuration
    # (an absolute path would make Sphinx see a changed config and re-read every page).
    config.html_static_path = list(config.html_static_path) + [os.path.relpath(STATIC_DIR, app.confdir)]
    options = dict(config.html_search_options or {})
    options["dict"] = os.path.relpath(userdict, app.confdir)
    config.html_search_options = options


def _on_build_finished(app: Sphinx, exception) -> None:
    """Delete images and downloads that no current page references (Sphinx's own records)."""
    if exception is not None or app.builder.format != "html":
        return
    outdir = Path(app.outdir)
    current = {
        outdir / "_images": {unique for _docs, unique in app.env.images.values()},
        outdir / "_downloads": {dest for _docs, dest in app.env.dlfiles.values()},
    }
    for folder, keep in current.items():
        if not folder.is_dir():
            continue
        for f in sorted(folder.rglob("*")):
            if f.is_file() and f.relative_to(folder).as_posix() not in keep:
                f.unlink()
        for d in sorted((d for d in folder.rglob("*") if d.is_dir()), reverse=True):
            if not any(d.iterdir()):
                d.rmdir()


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", _on_config_inited)
    app.connect("source-read", _on_source_read)
    app.connect("doctree-read", _on_doctree_read)
    app.connect("build-finished", _on_build_finished)
    app.add_css_file("book-fonts.css")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
