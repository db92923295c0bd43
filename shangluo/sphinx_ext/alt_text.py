"""Alt text for charts.  Charts carry their computed alt text as the SVG's <title>
(`shangluo.svg_alt`); this copies it to the page's ``<img alt>``, and warns (an error in
the strict build) for an image without alt text.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..svg_alt import svg_title

logger = logging.getLogger(__name__)


def image_file(app: Sphinx, docname: str, uri: str) -> Path | None:
    """The file an image node shows (its ``uri`` as MyST or MyST-NB wrote it)."""
    candidates = [Path(uri)] if Path(uri).is_absolute() else []
    candidates += [Path(app.srcdir) / uri.lstrip("/"), Path(app.srcdir) / Path(docname).parent / uri]
    return next((c for c in candidates if c.is_file()), None)


def on_doctree_read(app: Sphinx, doctree) -> None:
    from docutils import nodes

    for node in doctree.findall(nodes.image):
        if node.get("alt"):
            continue
        path = image_file(app, app.env.docname, node["uri"])
        alt = svg_title(path.read_text(encoding="utf-8")) if path and path.suffix == ".svg" else None
        if alt:
            node["alt"] = alt
        else:
            logger.warning(f"image {node['uri']} has no alt text", location=node)


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", on_doctree_read)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
