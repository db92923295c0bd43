"""Helpers the chapters call to put computed figures, quotes and downloads on a page.

* `glue_text` glues a figure that is already formatted as a plain ``str`` (MyST-NB's
  ``{glue:text}`` then shows it as is); `glue_number` and `glue_range` format first.
* `quote` shows sentences of the article in Chinese, exactly as archived, each with
  the book's English rendering and its reference (``p7.1`` = paragraph 7, sentence 1).
* `cite` gives the publisher, document and date of an outside figure, and `source_quote`
  shows the source's own sentence.
* `save_table` writes a chart's underlying table as CSV for readers to download.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from . import paths
from .article import bold_quotes
from .data import context_fact, load_table
from .ranges import Range, fmt_number, fmt_range

__all__ = ["glue_text", "glue_md", "glue_number", "glue_range", "glue_figure", "quote", "cite", "context_fact",
           "source_quote",
           "save_table", "markdown_table", "fmt_number", "fmt_range"]


# MyST-NB's glue protocol (myst_nb/ext/glue/__init__.py): a raw display of the value's mime
# bundle under the papermill record prefix, tagged with scrapbook metadata, which MyST-NB
# reads back at build time.  Importing myst_nb's glue costs about a second in every
# notebook (it pulls in Sphinx), so its few lines are repeated here;
# tests/test_page.py checks that they emit exactly what myst_nb.glue emits.
GLUE_PREFIX = "application/papermill.record/"


def _glue(key: str, value) -> None:
    from IPython.core.formatters import format_display_data
    from IPython.display import display

    bundle, metadata = format_display_data(value)
    metadata["scrapbook"] = {"name": key, "mime_prefix": GLUE_PREFIX}
    display({GLUE_PREFIX + k: v for k, v in bundle.items()}, raw=True, metadata=metadata)


def glue_text(key: str, text: str) -> None:
    """Glue an already formatted string, shown with ``{glue:text}`key```."""
    if not isinstance(text, str):
        raise TypeError(f"glue_text({key!r}) takes a formatted str, not {type(text).__name__}")
    _glue(key, text)


def glue_md(key: str, text: str) -> None:
    """Glue inline Markdown (a citation with an italic title), shown with ``{glue:md}`key```."""
    from IPython.display import Markdown

    _glue(key, Markdown(text))


def glue_number(key: str, value: float, digits: int = 0, unit: str = "") -> None:
    if isinstance(value, Range):
        raise TypeError(f"{key}: use glue_range for a Range")
    value = float(value)
    if math.isnan(value):
        raise ValueError(f"{key}: the value is NaN")
    glue_text(key, fmt_number(value, digits) + (f" {unit}" if unit else ""))


def glue_range(key: str, r: Range, digits: int = 0, unit: str = "", scale: float = 1.0) -> None:
    glue_text(key, fmt_range(r, digits=digits, unit=unit, scale=scale))


def glue_figure(key: str, fig, alt: str) -> None:
    """Glue a chart (rendered by `style.figure_output`, which checks title, source and alt)."""
    from .style import figure_output

    _glue(key, figure_output(fig, alt))


def _translation() -> dict[str, tuple[str, str]]:
    t = load_table("translation")
    return {row.ref: (row.zh, row.en) for row in t.itertuples()}


def quote(*refs: str, highlight: tuple[str, ...] = ()):
    """Markdown for a quotation of the article: the Chinese as archived, then English.

    ``highlight`` lists exact substrings (ledger quotes) to set in bold.
    """
    from IPython.display import Markdown

    pieces = _translation()
    zh_parts, en_parts = [], []
    for ref in refs:
        if ref not in pieces:
            raise KeyError(f"the article has no piece {ref!r}")
        zh, en = pieces[ref]
        zh_parts.append(bold_quotes(zh, highlight))
        en_parts.append(en)
    label = ", ".join(refs)
    md = (f"> {''.join(zh_parts)}\n>\n> *{' '.join(en_parts)}*\n>\n"
          f"> — the article, {label} ([full text](article.md))\n")
    return Markdown(md)


def cite(fact_id: str) -> str:
    """'Publisher, Document (date)' for an outside figure, noting a republished copy."""
    row = context_fact(fact_id)
    text = f"{row['publisher']}, *{row['document']}* ({row['published']})"
    if row["copy_of_original"] == "yes":
        text += ", read at a republished copy"
    return text


# A character followed by its pinyin in brackets, as a traditional-character converter left it: 聯(lián).
PINYIN_DEBRIS = re.compile(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def source_quote(fact_id: str):
    """Markdown for an outside figure's own sentence, with its source and where it was read."""
    from IPython.display import Markdown

    row = context_fact(fact_id)
    sentence = row["source_quote"].replace(row["figure_quote"], f"**{row['figure_quote']}**", 1)
    copy = "a republished copy" if row["copy_of_original"] == "yes" else "the publisher's page"
    md = (f"> {sentence}\n>\n> — {row['publisher']}, *{row['document']}* ({row['published']}); "
          f"read at {copy}, <{row['url']}>\n")
    if PINYIN_DEBRIS.search(row["source_quote"]):
        md += ("\n*The stored copy keeps a converter's pinyin in brackets after some characters "
               "(聯(lián)系 for 联系); it is quoted as stored ([Data and methods](methods.md)).*\n")
    return Markdown(md)


def save_table(df: pd.DataFrame, name: str) -> Path:
    """Write a chart's table to ``_build/generated/<name>.csv`` for the page to link."""
    if not name.replace("-", "").replace("_", "").isalnum():
        raise ValueError(f"bad table name {name!r}")
    paths.GENERATED.mkdir(parents=True, exist_ok=True)
    path = paths.GENERATED / f"{name}.csv"
    text = df.to_csv(index=False, lineterminator="\n")
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.write_text(text, encoding="utf-8")
    return path


def markdown_table(df: pd.DataFrame):
    """A DataFrame as a Markdown table (renders as a plain, accessible HTML table)."""
    from IPython.display import Markdown

    cols = [str(c) for c in df.columns]
    lines = ["| " + " | ".join(cols) + " |", "|" + "|".join("---" for _ in cols) + "|"]
    for row in df.itertuples(index=False):
        lines.append("| " + " | ".join(str(v).replace("|", "\\|") for v in row) + " |")
    return Markdown("\n".join(lines))
