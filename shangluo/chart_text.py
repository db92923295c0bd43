"""The words on a chart: lines wrapped to a phone's width (and joined again), a figure or a
range as a bar's label, alt text that lists a chart's items, and the record of a chart's
title and source line that `shangluo.sphinx_ext.chart_kit` cites it by.  (`shangluo.charts`
re-exports the first three.)

Kept free of matplotlib, so that the Sphinx extensions can import it."""

from __future__ import annotations

import hashlib
import json
import re
import unicodedata
from pathlib import Path

from .ranges import fmt_number

__all__ = ["wrap", "unwrap", "range_text", "alt_text", "words_file", "record_words", "read_words", "WORDS_DIR"]


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


# Chinese characters and the marks Chinese text uses: a line break next to one is no space.
HAN_OR_MARK = "\u3000-\u303f\u3400-\u9fff\uff00-\uffef\u2018-\u201d\u2014\u2026"


def unwrap(text: str) -> str:
    """Lines joined into one: a line break is a space only between two characters that are
    not Chinese (``Shaanxi\nparty-building`` → ``Shaanxi party-building``, ``项目，\n截至`` →
    ``项目，截至``); runs of white space become one space."""
    text = re.sub(rf"\s*\n\s*(?=[{HAN_OR_MARK}])|(?<=[{HAN_OR_MARK}])\s*\n\s*", "", text.strip())
    return re.sub(r"\s+", " ", text)


# Under _build/generated: each chart a chapter drew, named by its SVG's digest: its title and
# source line (.json), a copy of the SVG (.svg), and the PNG drawn from it (`chart_kit`).
WORDS_DIR = "chart-words"


def words_file(folder: Path, svg: str | bytes) -> Path:
    """Where the words of the chart drawn as ``svg`` are recorded: named by the SVG's SHA-256,
    as MyST-NB names the file it writes for a glued chart, so the record found for an SVG
    is that very chart's."""
    data = svg.encode("utf-8") if isinstance(svg, str) else svg
    return Path(folder) / f"{hashlib.sha256(data).hexdigest()}.json"


def record_words(folder: Path, svg: str | bytes, title: str, source: str) -> Path:
    """Record a chart's title and source line (each joined into one line), and the SVG itself:
    its PNG is drawn from that copy once the chapters are done, before Sphinx reads the page
    that shows it (`chart_kit.draw_recorded`)."""
    from .paths import write_if_changed

    path = words_file(folder, svg)
    copy = path.with_suffix(".svg")
    if not copy.is_file():  # named by its digest, and written whole: one that is there holds these bytes
        copy.parent.mkdir(parents=True, exist_ok=True)
        part = copy.with_suffix(".svg.part")
        part.write_bytes(svg.encode("utf-8") if isinstance(svg, str) else svg)
        part.replace(copy)
    record = {"title": unwrap(title), "source": unwrap(source)}
    return write_if_changed(path, json.dumps(record, ensure_ascii=False, indent=1) + "\n")


def read_words(folder: Path, svg: str | bytes, name: str) -> dict[str, str]:
    """The recorded title and source line of the chart drawn as ``svg`` (called ``name`` in
    any error, which says what is wrong and with which file)."""
    path = words_file(folder, svg)
    if not path.is_file():
        raise ValueError(f"{name}: no record of the chart's title and source line ({path} is missing); "
                         "a chart must be drawn by shangluo.glue.figure or shangluo.charts.write_figure")
    try:
        record = json.loads(path.read_text(encoding="utf-8"))
    except ValueError as exc:
        raise ValueError(f"{path}: not valid JSON ({exc}), the record of {name}") from None
    if not isinstance(record, dict) or not all(isinstance(record.get(k), str) and record[k].strip()
                                               for k in ("title", "source")):
        raise ValueError(f"{path}: the record of {name} needs a non-empty 'title' and 'source'")
    return record


def range_text(lo: float, hi: float, digits: int = 0, unit: str = "", sep: str = "–") -> str:
    """A figure's label: '106', or '30–40' for a range; a range whose bounds read the same
    at ``digits`` is written once.  ``unit`` follows each figure ('−8.4% to −4.8%')."""
    a, b = fmt_number(lo, digits) + unit, fmt_number(hi, digits) + unit
    return a if a == b else f"{a}{sep}{b}"


def alt_text(lead: str, items) -> str:
    """Alt text that lists a chart's items: ``lead``, then the items, split by semicolons."""
    return lead + "; ".join(items) + "."
