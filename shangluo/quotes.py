"""Quotations on a page: the article's own sentences, and outside sources' sentences.

* `article` shows sentences of the article in Chinese, exactly as archived, each with
  the book's English rendering and its reference (``p7.1`` = paragraph 7, sentence 1).
* `cite` names the publisher, document and date of an outside figure (`cite_plain`
  without Markdown, for chart source lines), and `source` shows the source's own sentence.
"""

from __future__ import annotations

import re

from .article import bold_quotes
from .data import context_fact, load_table

__all__ = ["article", "cite", "cite_plain", "source", "PINYIN_DEBRIS"]


def _translation() -> dict[str, tuple[str, str]]:
    t = load_table("translation")
    return {row.ref: (row.zh, row.en) for row in t.itertuples()}


def article(*refs: str, highlight: tuple[str, ...] = ()):
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
    """'Publisher, *Document* (date)' for an outside figure, noting a republished copy."""
    row = context_fact(fact_id)
    text = f"{row['publisher']}, *{row['document']}* ({row['published']})"
    if row["copy_of_original"] == "yes":
        text += ", read at a republished copy"
    return text


def cite_plain(fact_id: str) -> str:
    """`cite` without Markdown emphasis: for a chart's source line."""
    return cite(fact_id).replace("*", "")


# A character followed by its pinyin in brackets, as a traditional-character converter left it: 聯(lián).
PINYIN_DEBRIS = re.compile(r"[\u4e00-\u9fff]\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)")


def source(fact_id: str):
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
