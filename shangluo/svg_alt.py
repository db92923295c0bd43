"""Alt text inside an SVG chart: written by `shangluo.charts`, read by `shangluo.sphinx_ext.alt_text`.

Kept apart from the chart code so the Sphinx extension can read it without importing
matplotlib.
"""

from __future__ import annotations

import html
import re

__all__ = ["add_title", "svg_title"]


def add_title(svg: str, title: str) -> str:
    """Put ``title`` in as the SVG's first child, <title>."""
    head_end = svg.index(">", svg.index("<svg")) + 1
    return svg[:head_end] + f"\n <title>{html.escape(title.strip())}</title>" + svg[head_end:]


def svg_title(svg_text: str) -> str | None:
    """The <title> that `add_title` put in an SVG, unescaped; None if there is none."""
    m = re.search(r"<svg[^>]*>\s*<title>(.*?)</title>", svg_text, re.S)
    return html.unescape(m.group(1)) if m else None
