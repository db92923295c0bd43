"""Quotations on a page: the article's own sentences, and outside sources' sentences.

* `article` shows sentences of the article in Chinese, exactly as archived, each with
  the book's English rendering and its reference (``p7.1`` = paragraph 7, sentence 1).
* `cite` names the publisher, document and date of an outside figure (`cite_plain`
  without Markdown, for chart source lines), and `source` shows the source's own sentence.
* The Chinese edition's twins, `article_zh`, `cite_zh` and `source_zh`, return HTML or
  plain text for a chapter's notebook to glue (``glue.html``, ``glue.text``; `glue_cite_zh` and
  `glue_sources_zh` glue citations and sentences): its Chinese
  page pastes them (MyST-NB pastes HTML, not Markdown, across pages).  The article is
  quoted without a translation; outside sources are named in Chinese
  (``data/context.csv``: ``publisher_zh``, ``document_zh``).
"""

from __future__ import annotations

import re

from html import escape

from . import chinese_numbers
from .article import bold_quotes
from .data import article_metadata, context_fact, load_table

__all__ = ["article", "cite", "cite_plain", "source", "ref_zh", "ref_en", "article_credit", "article_credit_zh", "article_zh", "cite_zh", "source_zh", "glue_cite_zh", "glue_sources_zh", "PINYIN_DEBRIS"]


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
        md += ("\n*The copy we read is in traditional characters and keeps a converter's pinyin in "
               "brackets after some of them (聯(lián)系 for 联系); it is quoted as it stands "
               "([Data and methods](methods.md)).*\n")
    return Markdown(md)


def _bold_html(text: str, phrases) -> str:
    """``text`` escaped, with each phrase that occurs in it in ``<strong>`` (first occurrence;
    two phrases side by side make one bold run, as `bold_quotes` does)."""
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", escape(bold_quotes(text, phrases), quote=False))


def _by_paragraph(refs) -> dict[str, list[int]]:
    """p7.1 p13 p13.2 → {"7": [1], "13": [2]}: each paragraph with the sentences named in it
    (none: the whole paragraph)."""
    by_paragraph: dict[str, list[int]] = {}
    for ref in refs:
        m = re.fullmatch(r"p(\d+)(?:\.(\d+))?", ref)
        if not m:
            raise ValueError(f"{ref!r} is not a paragraph reference such as p7.1")
        by_paragraph.setdefault(m[1], []).extend([int(m[2])] if m[2] else [])
    return by_paragraph


def _run(sentences: list[int]) -> bool:
    """More than two sentences in a row (written as a span, 1—3, not a list)."""
    return len(sentences) > 2 and sentences == list(range(sentences[0], sentences[0] + len(sentences)))


def ref_zh(*refs: str) -> str:
    """Where a quotation is in the article, as a Chinese reader counts: p7.1 → 原文第7段第1句,
    p13.1 p13.2 p13.3 → 原文第13段第1—3句, p13 → 原文第13段 (the Chinese article page marks
    each paragraph ¶7, anchor #p7)."""
    parts = []
    for paragraph, sentences in _by_paragraph(refs).items():
        if not sentences:
            parts.append(f"第{paragraph}段")
        elif _run(sentences):
            parts.append(f"第{paragraph}段第{sentences[0]}—{sentences[-1]}句")
        else:
            parts.append(f"第{paragraph}段第" + "、".join(map(str, sentences)) + "句")
    return "原文" + "、".join(parts)


def ref_en(*refs: str) -> str:
    """The same in words, for text that leaves the book (a chart's source line): p7.1 →
    paragraph 7, sentence 1; p6.4 p7.1 → paragraph 6, sentence 4, and paragraph 7, sentence 1."""
    parts = []
    for paragraph, sentences in _by_paragraph(refs).items():
        if not sentences:
            parts.append(f"paragraph {paragraph}")
        elif len(sentences) == 1:
            parts.append(f"paragraph {paragraph}, sentence {sentences[0]}")
        elif _run(sentences):
            parts.append(f"paragraph {paragraph}, sentences {sentences[0]}–{sentences[-1]}")
        else:
            parts.append(f"paragraph {paragraph}, sentences " + ", ".join(map(str, sentences[:-1])) + f" and {sentences[-1]}")
    return ", and ".join(parts)


def article_credit(*refs: str) -> str:
    """The article as a chart's source line names it: its title, publisher and date
    (data/raw/source.json), then where in it the chart's figures are."""
    from .generated_pages import publisher_en

    source = article_metadata()
    return f"{source['title']}, {publisher_en(source['publisher'])}, {source['publication_date']}" + (f" ({ref_en(*refs)})" if refs else "")


def article_credit_zh(*refs: str, wrap: bool = False) -> str:
    """`article_credit` for a Chinese chart: 《题名》，发布者，日期（原文第7段第1句）; ``wrap``
    breaks the line after the publisher, for a narrow chart."""
    from .generated_pages import publisher_zh

    source = article_metadata()
    return (f"《{source['title']}》，{publisher_zh(source['publisher'])}，{chr(10) if wrap else ''}{chinese_numbers.date(source['publication_date'])}"
            + (f"（{ref_zh(*refs)}）" if refs else ""))


def article_zh(*refs: str, highlight: tuple[str, ...] = ()) -> str:
    """HTML for a quotation of the article on a Chinese page: the Chinese as archived (no
    translation), its figures in bold, and its reference linked to the full text."""
    pieces = _translation()
    missing = [ref for ref in refs if ref not in pieces]
    if missing:
        raise KeyError(f"the article has no piece {missing[0]!r}")
    text = "".join(_bold_html(pieces[ref][0], highlight) for ref in refs)
    first = re.match(r"p(\d+)", refs[0])
    return (f'<blockquote>\n<p>{text}</p>\n<p>——{ref_zh(*refs)}'
            f'（<a href="article.html#p{first[1]}">见全文</a>）</p>\n</blockquote>\n')


def cite_zh(fact_id: str) -> str:
    """'《商洛日报》，关于……的报道（第2版），2022年5月31日' for an outside figure, noting a
    republished copy."""
    row = context_fact(fact_id)
    text = f"{row['publisher_zh']}，{row['document_zh']}，{chinese_numbers.date(row['published'])}"
    if row["copy_of_original"] == "yes":
        text += "，据转载网页"
    return text


def source_zh(fact_id: str) -> str:
    """HTML for an outside figure's own sentence on a Chinese page, with its source and where
    it was read (the Chinese twin of `source`)."""
    row = context_fact(fact_id)
    copy = "转载网页" if row["copy_of_original"] == "yes" else "原发布网页"
    note = ("<p>（本书所读的转载网页已被转换为繁体字，并在部分字后留有转换程序添加的括注拼音，如“聯(lián)系”，引文照录；"
            '详见<a href="methods.html">数据与方法</a>。）</p>\n' if PINYIN_DEBRIS.search(row["source_quote"]) else "")
    url = escape(row["url"])
    return (f"<blockquote>\n<p>{_bold_html(row['source_quote'], (row['figure_quote'],))}</p>\n"
            f"<p>——{escape(row['publisher_zh'])}，{escape(row['document_zh'])}，"
            f"{chinese_numbers.date(row['published'])}；据{copy}：<a href=\"{url}\">{url}</a></p>\n"
            f"</blockquote>\n{note}")


def glue_cite_zh(**facts: str) -> None:
    """For the Chinese page, each outside fact's citation: ``glue_cite_zh(ln="ln_2022_chiefs")``
    glues ``cite_ln_zh``, pasted inline with ``{glue}`` (HTML, so that it is not set in
    MyST-NB's bold ``pasted-text`` as a pasted figure is)."""
    from . import glue

    for name, fact_id in facts.items():
        glue.html(f"cite_{name}_zh", escape(cite_zh(fact_id), quote=False))


def glue_sources_zh(**facts: str) -> None:
    """For the Chinese page, each outside fact's citation (`glue_cite_zh`) and its own
    sentence: ``glue_sources_zh(ln="ln_2022_leaders_county")`` glues ``cite_ln_zh`` and
    ``source_ln_zh`` (HTML)."""
    from . import glue

    glue_cite_zh(**facts)
    for name, fact_id in facts.items():
        glue.html(f"source_{name}_zh", source_zh(fact_id))
