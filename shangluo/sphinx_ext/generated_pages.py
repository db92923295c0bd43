"""Pages made from the data: a line ``<!-- generated: NAME -->`` in a page's source is
replaced by the Markdown `shangluo.generated_pages` makes (the article, the glossary, the
corrections log, Get the data), before Sphinx parses the page.  The page depends on the
files it was made from, so editing one re-reads it.

Get the data offers the data package as one zip (`shangluo.package_zip`, made here at
builder-inited unless the build's background process made it already) and carries a
schema.org ``Dataset`` record in its edition's language, added as the page is written:
its addresses are ``html_baseurl`` (_config.yml) joined to where Sphinx put each download.

The Chinese glossary marks each entry with a raw ``<span id="term-…">`` (a target line
would break its definition list).  `register_anchors` makes those ids linkable as
``[产业链](glossary.md#term-chanyelian)`` from other pages: MyST checks such a link against
the page's heading slugs, so each raw anchor is added to them, and a link to a term that
does not exist stays an error.
"""

from __future__ import annotations

import json
import os
import re
from urllib.parse import urljoin

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

RAW_ANCHOR = re.compile(r'<span id="(term-[a-z0-9-]+)">')


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    from .. import generated_pages

    for m in reversed(list(generated_pages.MARKER.finditer(source[0]))):
        name = m.group(1)
        for f in generated_pages.sources(name):
            app.env.note_dependency(os.path.relpath(f, app.srcdir))
        source[0] = source[0][:m.start()] + generated_pages.generate(name) + source[0][m.end():]
        if name in generated_pages.DATASET_PAGES:
            app.env.metadata[docname]["dataset_language"] = generated_pages.DATASET_PAGES[name]


def register_anchors(app: Sphinx, doctree: nodes.document) -> None:
    slugs = app.env.metadata[app.env.docname].setdefault("myst_slugs", {})
    for raw in doctree.findall(nodes.raw):
        for m in RAW_ANCHOR.finditer(raw.astext()):
            # the entry's words (the term after the anchor) for a link written without text
            slugs.setdefault(m.group(1), (raw.line or 0, m.group(1), raw.parent.astext().strip()))


def on_builder_inited(app: Sphinx) -> None:
    from .. import package_zip

    package_zip.write()


def add_dataset_record(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """A Get the data page's ``Dataset`` record, as JSON-LD at the end of its body."""
    from .. import generated_pages

    language = app.env.metadata.get(pagename, {}).get("dataset_language")
    if language is None or doctree is None:
        return
    base = app.config.html_baseurl
    if not base.startswith(("https://", "http://")):
        raise ExtensionError(f"{pagename}: its Dataset record needs an absolute html_baseurl in _config.yml, not {base!r}")

    def download_url(path: str) -> str:
        if path not in app.env.dlfiles:
            raise ExtensionError(f"{pagename}: its Dataset record names {path}, which the page does not offer for download")
        return urljoin(base, "_downloads/" + app.env.dlfiles[path][1])

    record = generated_pages.dataset_jsonld(language, urljoin(base, pagename + app.builder.out_suffix),
                                            download_url, app.config.author)
    # "</" escaped, so that the JSON cannot end the script
    text = json.dumps(record, ensure_ascii=False, indent=1).replace("</", "<\\/")
    context["body"] = context.get("body", "") + f'<script type="application/ld+json">\n{text}\n</script>\n'


def setup(app: Sphinx) -> dict:
    # Before freshness's handler: a generated page is not a notebook either way.
    app.connect("source-read", on_source_read, priority=400)
    app.connect("doctree-read", register_anchors)
    app.connect("builder-inited", on_builder_inited)
    app.connect("html-page-context", add_dataset_record)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
