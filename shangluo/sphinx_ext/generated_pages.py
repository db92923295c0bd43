"""Pages made from the data: a line ``<!-- generated: NAME -->`` in a page's source is
replaced by the Markdown `shangluo.generated_pages` makes (the article, the glossary, the
corrections log), before Sphinx parses the page.  The page depends on the files it was
made from, so editing one re-reads it.

The Chinese glossary marks each entry with a raw ``<span id="term-…">`` (a target line
would break its definition list).  `register_anchors` makes those ids linkable as
``[产业链](glossary.md#term-chanyelian)`` from other pages: MyST checks such a link against
the page's heading slugs, so each raw anchor is added to them, and a link to a term that
does not exist stays an error.
"""

from __future__ import annotations

import os
import re

from docutils import nodes
from sphinx.application import Sphinx

RAW_ANCHOR = re.compile(r'<span id="(term-[a-z0-9-]+)">')


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    from .. import generated_pages

    for m in reversed(list(generated_pages.MARKER.finditer(source[0]))):
        name = m.group(1)
        for f in generated_pages.sources(name):
            app.env.note_dependency(os.path.relpath(f, app.srcdir))
        source[0] = source[0][:m.start()] + generated_pages.generate(name) + source[0][m.end():]


def register_anchors(app: Sphinx, doctree: nodes.document) -> None:
    slugs = app.env.metadata[app.env.docname].setdefault("myst_slugs", {})
    for raw in doctree.findall(nodes.raw):
        for m in RAW_ANCHOR.finditer(raw.astext()):
            # the entry's words (the term after the anchor) for a link written without text
            slugs.setdefault(m.group(1), (raw.line or 0, m.group(1), raw.parent.astext().strip()))


def setup(app: Sphinx) -> dict:
    # Before freshness's handler: a generated page is not a notebook either way.
    app.connect("source-read", on_source_read, priority=400)
    app.connect("doctree-read", register_anchors)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
