"""Tables on a page: as Markdown for readers, and as CSV files to download."""

from __future__ import annotations

import re

from pathlib import Path

import pandas as pd

from . import paths
from .derived import context_range
from .ranges import fmt_number
from .units import unit_label

__all__ = ["save", "markdown", "html_table", "ledger_value", "ledger_value_zh", "outside_value"]


# Decimal places a chart's CSV keeps: a reader's table shows 13.3333 yuan a bag, not the
# float 13.333333333333334; four places still hold every figure the book states exactly.
CSV_DECIMALS = 4


def csv_number(value: float) -> str:
    """A float as a chart's CSV writes it: rounded to CSV_DECIMALS places, and a whole
    number without a decimal point (121, not 121.0; 20000000, not 20000000.0)."""
    rounded = round(float(value), CSV_DECIMALS)
    return str(int(rounded)) if rounded.is_integer() else str(rounded)


def save(df: pd.DataFrame, name: str) -> Path:
    """Write a chart's table, its floats as `csv_number` gives them, to
    ``_build/generated/<name>.csv`` for the page to link and for `sphinx_ext.chart_data`
    to show under the chart."""
    if not name.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"bad table name {name!r}")
    text = df.to_csv(index=False, lineterminator="\n", float_format=csv_number)
    return paths.write_if_changed(paths.GENERATED / f"{name}.csv", text)


def markdown(df: pd.DataFrame):
    """A DataFrame as a Markdown table (renders as a plain, accessible HTML table)."""
    from IPython.display import Markdown

    cols = [str(c) for c in df.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for row in df.itertuples(index=False):
        lines.append("| " + " | ".join(str(v).replace("|", "\\|") for v in row) + " |")
    return Markdown("\n".join(lines))


def html_table(headings: list[str], rows) -> str:
    """An HTML table, for a page that pastes it from another (cells are HTML already)."""
    head = "".join(f"<th>{h}</th>" for h in headings)
    body = "".join("<tr>" + "".join(f"<td>{c}</td>" for c in row) + "</tr>\n" for row in rows)
    return (f'<div class="pst-scrollable-table-container"><table class="table">\n<thead><tr>{head}</tr></thead>\n'
            f"<tbody>\n{body}</tbody>\n</table></div>\n")


def ledger_value(row) -> str:
    """A ledger row's value as a table shows it, with its unit: '106 people',
    '3,000 to 4,000 yuan', '≥ 1 booklet' (a lower bound only), '1.6 per cent'."""
    if row["lower"] == row["upper"]:
        number = fmt_number(row["value"], 1 if row["value"] % 1 else 0)
    elif pd.isna(row["upper"]):
        number = f"≥ {fmt_number(row['lower'])}"
    else:
        number = f"{fmt_number(row['lower'])} to {fmt_number(row['upper'])}"
    return f"{number} {unit_label(row['unit'], row['value'])}"


def ledger_value_zh(row) -> str:
    """The same value for the Chinese edition: '106人', '3000至4000元', '至少1本', '第1名', '14.7%'."""
    from . import chinese_numbers
    from .ranges import Range
    from .units import UNIT_LABEL_ZH

    r = Range.from_claim(row)
    digits = 1 if r.is_point and row["value"] % 1 else 0
    if row["unit"] == "yuan":
        return chinese_numbers.yuan(r)
    if row["unit"] == "percent":
        return chinese_numbers.percent(r, digits)
    if row["unit"] == "rank":
        return f"第{chinese_numbers.quantity(r)}名"
    # The article's own measure word where its figure is written in digits (大棚175座, 308户规上企业).
    own = re.search(r"\d[余多]?([^\d\s余多.,，%])", row["quote"])
    word = own.group(1) if own and row["unit"] not in ("square_metre", "year_of_age") else UNIT_LABEL_ZH[row["unit"]]
    return chinese_numbers.quantity(r, digits, word)


def outside_value(fact_id: str, unit: str) -> str:
    """An outside figure as a table shows it: the range its own words allow, with its unit
    ('32,000 to 33,000 bags' for 32000余袋; '1.6 percent' for an exact figure, with the
    unit as data/context.csv writes it)."""
    def number(x: float) -> str:
        return fmt_number(x) if float(x).is_integer() else format(x, "g")

    r = context_range(fact_id)
    if r.lo == r.hi:
        shown = number(r.lo)
    else:
        shown = f"{number(r.lo)} to {number(r.hi)}" if r.bounded else f"at least {number(r.lo)}"
    return f"{shown} {unit}"
