"""Pages made from the data: a line ``<!-- generated: NAME -->`` in a page's source is
replaced by the Markdown `shangluo.generated_pages` makes (the article, the glossary, the
corrections log), before Sphinx parses the page.  The page depends on the files it was
made from, so editing one re-reads it.
"""

from __future__ import annotations

import os

from sphinx.application import Sphinx


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    from .. import generated_pages

    for m in reversed(list(generated_pages.MARKER.finditer(source[0]))):
        name = m.group(1)
        for f in generated_pages.sources(name):
            app.env.note_dependency(os.path.relpath(f, app.srcdir))
        source[0] = source[0][:m.start()] + generated_pages.generate(name) + source[0][m.end():]


def setup(app: Sphinx) -> dict:
    # Before freshness's handler: a generated page is not a notebook either way.
    app.connect("source-read", on_source_read, priority=400)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
