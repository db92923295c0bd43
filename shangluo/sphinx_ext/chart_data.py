"""A data table under every chart, as Datawrapper and Reuters give one: a collapsed
``<details>`` holding the chart's numbers, for screen readers and for readers who want
exact values.

Each chart's caption links the CSV its chapter wrote with `shangluo.tables.save`; the
table is read from that same file, so the two cannot differ.  A chart whose caption
links no CSV is a warning (an error in the strict build).
"""

from __future__ import annotations

import csv
from pathlib import Path

from docutils import nodes
from sphinx import addnodes
from sphinx.application import Sphinx
from sphinx.util import logging

from .editions import edition

logger = logging.getLogger(__name__)

# What the table's <details> says, in each edition (the embed pages of `chart_kit` say it too).
SUMMARY = {"en": "The chart's data", "zh": "图表数据"}


def csv_of(figure: nodes.figure, app: Sphinx) -> Path | None:
    """The CSV a chart's caption links (None if it links none)."""
    for ref in figure.findall(addnodes.download_reference):
        target = ref.get("reftarget", "")
        if target.endswith(".csv"):
            return Path(app.srcdir) / target.lstrip("/")
    return None


def read_rows(path: Path) -> list[list[str]]:
    """A chart's CSV, as rows of cells (the first its header)."""
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _cell(text: str) -> nodes.Element:
    """A cell's text, its line breaks kept: a label written on two lines (a stage, then its
    count of projects) would otherwise run together, as "Completed in 2022 212 projects"."""
    lines = text.split("\n")
    if len(lines) == 1:
        return nodes.paragraph(text, text)
    return nodes.line_block("", *(nodes.line(line, line) for line in lines))


def _row(cells: list[str]) -> nodes.row:
    line = nodes.row()
    for cell in cells:
        line += nodes.entry("", _cell(cell))
    return line


def _table(rows: list[list[str]]) -> nodes.table:
    header, body = rows[0], rows[1:]
    group = nodes.tgroup(cols=len(header))
    group += [nodes.colspec(colwidth=1) for _ in header]
    group += nodes.thead("", _row(header))
    group += nodes.tbody("", *(_row(cells) for cells in body))
    return nodes.table("", group, classes=["chart-data-table"])


def on_doctree_read(app: Sphinx, doctree) -> None:
    for figure in list(doctree.findall(nodes.figure)):
        if not any(True for _ in figure.findall(nodes.image)):
            continue
        path = csv_of(figure, app)
        if path is None or not path.is_file():
            logger.warning("a chart whose caption links no CSV of its data", location=figure)
            continue
        app.env.note_dependency(str(path))
        rows = read_rows(path)
        box = nodes.container(classes=["chart-data"])
        summary = SUMMARY[edition(app.env.docname)]
        box += nodes.raw("", f'<details class="chart-data"><summary>{summary}</summary>', format="html")
        box += _table(rows)
        box += nodes.raw("", "</details>", format="html")
        figure.parent.insert(figure.parent.index(figure) + 1, box)


def setup(app: Sphinx) -> dict:
    app.connect("doctree-read", on_doctree_read)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
