"""Tables that read on a phone: below 40rem, a table of three or more columns shows each
row as a card, each cell under its column's name.

Measured at 390 px before this: the methods page's outside-figures table (six columns)
was squeezed to 22,811 px of one- and two-word lines, and its tables took 38,000 px in all.

At build-finished every ``<td>`` of such a table gets ``data-label``, its column's
heading as plain text, which the stylesheet (``static/phone-tables.css``) writes above the
cell.  The table and its parts also get their ARIA roles: a table whose parts are
displayed as blocks is no longer exposed as a table by every browser, and the roles keep
it one for screen readers.  A table with joined cells (colspan, rowspan) or a row of
another length cannot be labelled cell by cell: it stops the build.
"""

from __future__ import annotations

import html
import os
import re
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from .written_pages import rewrite

MIN_COLUMNS = 3
STYLESHEET = "phone-tables.css"
STATIC = Path(__file__).parent / "static"

# Sphinx's tables, and chart_data's (class "chart-data-table table").
_TABLE = re.compile(r'<table class="((?:[\w-]+ )?table)"(?: role="table" data-cards="")?>(.*?)</table>', re.S)
# What an earlier build added (a page Sphinx did not write again keeps it): taken off first.
_OURS = re.compile(r'(<(?:thead|tbody|tr|th|td)) role="[a-z]+"(?: data-label="[^"]*")?')
_HEAD = re.compile(r"<thead>(.*?)</thead>", re.S)
_TH = re.compile(r"<th\b([^>]*)>(.*?)</th>", re.S)
_TD = re.compile(r"<td\b([^>]*)>")
_ROW = re.compile(r"<tr\b([^>]*)>(.*?)</tr>", re.S)
_TAGS = re.compile(r"<[^>]+>")


def _text(cell: str) -> str:
    return " ".join(html.unescape(_TAGS.sub("", cell)).split())


def labelled(page: str, where: str) -> str:
    """``page`` with each table of MIN_COLUMNS or more labelled for cards, as above."""
    def table(match: re.Match) -> str:
        classes, inner = match.group(1), _OURS.sub(r"\1", match.group(2))
        head = _HEAD.search(inner)
        headings = _TH.findall(head.group(1)) if head else []
        if len(headings) < MIN_COLUMNS:
            return f'<table class="{classes}">{inner}</table>'
        labels = [html.escape(_text(h), quote=True) for _, h in headings]
        if any(re.search(r"\b(colspan|rowspan)=", attrs) for attrs, _ in headings) or len(_ROW.findall(head.group(1))) != 1:
            raise ExtensionError(f"{where}: the table headed {labels!r} has joined or stacked header cells; "
                                 "phone_tables cannot give each cell its column's name")

        def row(rm: re.Match) -> str:
            cells = _TD.findall(rm.group(2))
            if cells and (len(cells) != len(labels) or any(re.search(r"\b(colspan|rowspan)=", a) for a in cells)):
                raise ExtensionError(f"{where}: a row of the table headed {labels!r} has {len(cells)} cells "
                                     f"for {len(labels)} columns, or joined cells: phone_tables cannot label it")
            names = iter(labels)
            body = _TD.sub(lambda cm: f'<td role="cell" data-label="{next(names)}"{cm.group(1)}>', rm.group(2))
            body = _TH.sub(lambda hm: f'<th role="columnheader"{hm.group(1)}>{hm.group(2)}</th>', body)
            return f'<tr role="row"{rm.group(1)}>{body}</tr>'

        inner = _ROW.sub(row, inner)
        inner = inner.replace("<thead>", '<thead role="rowgroup">').replace("<tbody>", '<tbody role="rowgroup">')
        return f'<table class="{classes}" role="table" data-cards="">{inner}</table>'

    return _TABLE.sub(table, page)


def on_build_finished(app: Sphinx, exception) -> None:
    rewrite(app, exception, lambda page, path: labelled(page, str(path)))


def on_config_inited(app: Sphinx, config) -> None:
    static = os.path.relpath(STATIC, app.confdir)  # shared with image_size
    if static not in config.html_static_path:
        config.html_static_path = list(config.html_static_path) + [static]


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", on_config_inited)
    app.connect("build-finished", on_build_finished)
    app.add_css_file(STYLESHEET)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
