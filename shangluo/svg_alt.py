"""Alt text inside an SVG chart: written by `shangluo.charts`, read by `shangluo.sphinx_ext.alt_text`.

Kept apart from the chart code so the Sphinx extension can read it without importing
matplotlib.
"""

from __future__ import annotations

import html
import re

__all__ = ["add_title", "svg_title", "svg_size"]

_UNITS = {"pt": 4 / 3, "px": 1.0, "": 1.0}  # CSS pixels per unit


def add_title(svg: str, title: str) -> str:
    """Put ``title`` in as the SVG's first child, <title>."""
    head_end = svg.index(">", svg.index("<svg")) + 1
    return svg[:head_end] + f"\n <title>{html.escape(title.strip())}</title>" + svg[head_end:]


def svg_size(svg_text: str) -> tuple[float, float] | None:
    """An SVG's own width and height in CSS pixels (matplotlib writes points; a CSS pixel
    is 3/4 of a point); None if its root gives no size."""
    root = re.search(r"<svg\b[^>]*>", svg_text, re.S)
    attrs = dict(re.findall(r'\b(width|height)="([^"]*)"', root.group())) if root else {}
    sizes = [re.fullmatch(r"\s*([0-9.]+)\s*(pt|px|)\s*", attrs.get(k, "")) for k in ("width", "height")]
    if not all(sizes):
        return None
    width, height = (float(m.group(1)) * _UNITS[m.group(2)] for m in sizes)
    return width, height


def svg_title(svg_text: str) -> str | None:
    """The <title> that `add_title` put in an SVG, unescaped; None if there is none."""
    m = re.search(r"<svg[^>]*>\s*<title>(.*?)</title>", svg_text, re.S)
    return html.unescape(m.group(1)) if m else None
