"""The words on a chart: lines wrapped to a phone's width, a figure or a range as a bar's
label, and alt text that lists a chart's items.  (`shangluo.charts` re-exports them.)"""

from __future__ import annotations

import unicodedata

from .ranges import fmt_number

__all__ = ["wrap", "range_text", "alt_text"]


def wrap(text: str, width: int) -> str:
    """``text`` broken at spaces into lines of at most ``width`` columns, a Chinese
    character taking two (a run of Chinese is not broken)."""
    def columns(word: str) -> int:
        return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in word)

    lines: list[str] = []
    for paragraph in text.split("\n"):
        start = len(lines)
        for word in paragraph.split(" "):
            if len(lines) > start and columns(lines[-1]) + 1 + columns(word) <= width:
                lines[-1] += " " + word
            else:
                lines.append(word)
    return "\n".join(lines)


def range_text(lo: float, hi: float, digits: int = 0, unit: str = "", sep: str = "–") -> str:
    """A figure's label: '106', or '30–40' for a range; a range whose bounds read the same
    at ``digits`` is written once.  ``unit`` follows each figure ('−8.4% to −4.8%')."""
    a, b = fmt_number(lo, digits) + unit, fmt_number(hi, digits) + unit
    return a if a == b else f"{a}{sep}{b}"


def alt_text(lead: str, items) -> str:
    """Alt text that lists a chart's items: ``lead``, then the items, split by semicolons."""
    return lead + "; ".join(items) + "."
