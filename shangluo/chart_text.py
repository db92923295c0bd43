"""The words on a chart: lines wrapped to a phone's width, a figure or a range as a bar's
label, and alt text that lists a chart's items.  (`shangluo.charts` re-exports them.)"""

from __future__ import annotations

import re
import unicodedata

from .ranges import fmt_number

__all__ = ["wrap", "range_text", "alt_text"]


def _columns(word: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in word)


# Chinese line-breaking rules: these never start a line, and these never end one.
_NO_START = "，。、；：？！）》」』”’%％"
_NO_END = "（《「『“‘"
# The units a run of Chinese may be broken between: a short title in 《》 (《商洛日报》), one
# wide character, or a run of narrow ones with the wide character after it (2022年, 121个,
# p7.1；), each with any opening marks before it and closing marks after it.
_UNIT = re.compile(rf"(?:[{_NO_END}]*《[^《》]{{1,10}}》|[{_NO_END}]*(?:[\x00-\u2e7f]+[^\x00-\u2e7f]?|[^\x00-\u2e7f]))"
                   rf"[{_NO_START}]*")


def wrap(text: str, width: int) -> str:
    """``text`` broken at spaces into lines of at most ``width`` columns, a Chinese
    character taking two; a run of Chinese too wide for a line (it has no spaces) is cut
    between characters, never before a closing mark such as ，or after an opening one
    such as “, nor inside a figure with its unit (2022年)."""
    lines: list[str] = []
    for paragraph in text.split("\n"):
        start = len(lines)
        for word in paragraph.split(" "):
            if len(lines) > start and _columns(lines[-1]) + 1 + _columns(word) <= width:
                lines[-1] += " " + word
            elif _columns(word) <= width:
                lines.append(word)
            else:  # too wide for any line: fill the current one, then as many as it needs
                units = _UNIT.findall(word)
                if len(lines) > start and _columns(lines[-1]) + 1 + _columns(units[0]) <= width:
                    lines[-1] += " "
                else:
                    lines.append("")
                for unit in units:
                    if lines[-1].strip() and _columns(lines[-1] + unit) > width:
                        lines.append("")
                    lines[-1] += unit
    return "\n".join(lines)


def range_text(lo: float, hi: float, digits: int = 0, unit: str = "", sep: str = "–") -> str:
    """A figure's label: '106', or '30–40' for a range; a range whose bounds read the same
    at ``digits`` is written once.  ``unit`` follows each figure ('−8.4% to −4.8%')."""
    a, b = fmt_number(lo, digits) + unit, fmt_number(hi, digits) + unit
    return a if a == b else f"{a}{sep}{b}"


def alt_text(lead: str, items) -> str:
    """Alt text that lists a chart's items: ``lead``, then the items, split by semicolons."""
    return lead + "; ".join(items) + "."
