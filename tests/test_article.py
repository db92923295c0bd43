"""The archived article: byte-for-byte integrity, provenance, and the parser's cut."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from shangluo import paths
from shangluo.article import ArticleFormatError, load_article, parse_article, split_sentences

RAW = paths.RAW_ARTICLE
META = json.loads(paths.RAW_METADATA.read_text(encoding="utf-8"))


def test_checksum_matches_metadata():
    data = RAW.read_bytes()
    assert hashlib.sha256(data).hexdigest() == META["sha256"]
    assert len(data) == META["bytes"]


def test_metadata_agrees_with_the_capture():
    text = RAW.read_text(encoding="utf-8")
    link = re.search(r"^原文链接:(\S+)$", text, re.M).group(1)
    assert META["original_url"] == link
    y, m, d = re.search(r"/(\d{4})(\d{2})(\d{2})/", link).groups()
    assert META["publication_date"] == f"{y}-{m}-{d}"
    assert re.search(rf"^责任编辑:{META['responsible_editor']}$", text, re.M)
    assert META["title"] == text.splitlines()[0]
    assert "[免责声明]" in text and "免责声明" in META["not_part_of_article"]


def test_body_runs_from_headline_to_last_paragraph():
    a = load_article()
    assert a.headline == "一线解难题 服务力道足"
    assert a.body.startswith(a.headline)
    assert a.body.endswith("动力与活力。")
    for outside in ("责任编辑", "原文链接", "免责声明", "24-11-28", "盘锦市"):
        assert outside not in a.body


def test_sections_and_paragraphs():
    a = load_article()
    assert [s.slug for s in a.sections] == ["lead", "s1", "s2", "s3"]
    assert [s.title for s in a.sections[1:]] == ["带头俯身 兴产业项目", "履责督责 让解难有力", "精准管理 促真抓实干"]
    numbers = [p.number for p in a.paragraphs]
    assert numbers == list(range(1, len(numbers) + 1))
    # Every non-blank body line that is not the headline or a sub-heading is a paragraph.
    lines = [ln for ln in RAW.read_text(encoding="utf-8").split("责任编辑")[0].splitlines() if ln.strip()]
    assert len(a.paragraphs) == len(lines) - 1 - 3


def test_offsets_point_into_the_raw_text():
    a = load_article()
    for p in a.paragraphs:
        assert a.raw[p.start:p.end] == p.text
    for s in a.sections[1:]:
        assert a.raw[s.start:s.start + len(s.title)] == s.title


def test_sentences_rejoin_into_paragraphs():
    a = load_article()
    for p in a.paragraphs:
        assert "".join(split_sentences(p.text)) == p.text
    pieces = a.sentences()
    assert pieces["h"] == a.headline and pieces["p7.1"].startswith("截至目前,全市106名")


def test_locate_requires_a_unique_quote():
    a = load_article()
    start, end = a.locate("完成投资129亿元", 7)
    assert a.raw[start:end] == "完成投资129亿元"
    with pytest.raises(ValueError):
        a.locate("129亿元", 6)  # not in paragraph 6
    with pytest.raises(ValueError):
        a.locate("一线", 6)  # three times in paragraph 6


def test_malformed_captures_are_rejected():
    raw = RAW.read_text(encoding="utf-8")
    with pytest.raises(ArticleFormatError, match="责任编辑"):
        parse_article(raw.replace("责任编辑:", "编辑 "), source="x.txt")
    with pytest.raises(ArticleFormatError, match="原文链接"):
        parse_article(raw.replace("原文链接:", "链接 "), source="x.txt")


def test_adjacent_bold_quotes_join_into_one_run():
    from shangluo.article import bold_quotes

    text = "商洛市县两级408名局长行长包联308户规上企业,印发"
    out = bold_quotes(text, ["408名局长行长", "包联308户规上企业"])
    assert out == "商洛市县两级**408名局长行长包联308户规上企业**,印发"
    assert out.replace("**", "") == text
