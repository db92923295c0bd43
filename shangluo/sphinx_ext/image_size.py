"""Every chart's ``<img>`` carries ``width`` and ``height`` attributes, so the browser
reserves the chart's space before the file arrives and the page does not jump (CLS).

The size is read from the SVG itself (matplotlib writes it in points; a CSS pixel is
3/4 of a point).  Its stylesheet (``static/chart-size.css``) then scales the chart to the
column, keeping the reserved aspect ratio.  docutils can only write an image's size
as an inline ``style`` (a fixed box that would not scale), so the attributes are added
to the pages as written, at build-finished; a page is rewritten only when it changes.

Every chart in a section (after the page's first ``<h2>``) also gets ``loading="lazy"``:
a chart is an SVG of up to 130 KB that Chrome parses on the page's main thread, and on a
phone three of them parsed as the page loaded took 430 ms of it (4x CPU slowdown,
traced), delaying the page's first layout.  A chart above the first section (the
overview's lead chart), the first thing a reader sees, is fetched at once.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.util import logging

from ..svg_alt import svg_size
from .written_pages import rewrite

logger = logging.getLogger(__name__)

STATIC = Path(__file__).parent / "static"

_IMG = re.compile(r"<img\b[^>]*>")


def sized(page: str, folder: Path) -> tuple[str, list[str]]:
    """``page`` with each SVG ``<img>`` given its size, and lazy loading in a section; and
    the sources that have no size."""
    unsized: list[str] = []
    first_section = page.find("<h2", max(page.find("<article"), 0))  # not the theme's own headings

    def add(match: re.Match) -> str:
        tag = match.group()
        src = re.search(r'\bsrc="([^"]+\.svg)"', tag)
        if not src or re.search(r"\bwidth=", tag):
            return tag
        path = (folder / src.group(1)).resolve()
        size = svg_size(path.read_text(encoding="utf-8")) if path.is_file() else None
        if size is None:
            unsized.append(src.group(1))
            return tag
        lazy = ' loading="lazy"' if 0 <= first_section < match.start() else ""
        return tag.replace("<img ", f'<img width="{round(size[0])}" height="{round(size[1])}"{lazy} ', 1)

    return _IMG.sub(add, page), unsized


def on_build_finished(app: Sphinx, exception) -> None:
    def change(page: str, path: Path) -> str:
        new, unsized = sized(page, path.parent)
        for src in unsized:
            logger.warning(f"image {src} has no width and height", location=str(path))
        return new

    rewrite(app, exception, change)


def on_config_inited(app: Sphinx, config) -> None:
    # Relative to the project, so that a copy of the project has the same configuration.
    config.html_static_path = list(config.html_static_path) + [os.path.relpath(STATIC, app.confdir)]


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", on_config_inited)
    app.connect("build-finished", on_build_finished)
    app.add_css_file("chart-size.css")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
