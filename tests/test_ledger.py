"""The claim ledger and its companions, checked against the archived article.

These tests read the CSV files directly (csv module), not through shangluo.data, so a
fault in the loader cannot hide a fault in the data.
"""

from __future__ import annotations

import csv
import math
import re

import pytest

from shangluo import paths
from shangluo.article import load_article
from shangluo.quantities import find_numbers, parse_quantity

ARTICLE = load_article()


def rows(name: str) -> list[dict]:
    with (paths.DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def num(cell: str) -> float | None:
    return None if cell == "" else float(cell)


def same(a, b) -> bool:
    return (a is None and b is None) or (a is not None and b is not None and math.isclose(a, b))


CLAIMS = rows("claims.csv")


@pytest.mark.parametrize("row", CLAIMS, ids=[r["claim_id"] for r in CLAIMS])
def test_value_and_bounds_are_rederived_from_the_quote(row):
    q = parse_quantity(row["quote"])
    assert same(num(row["value"]), q.value)
    assert same(num(row["lower"]), q.lower)
    assert same(num(row["upper"]), q.upper)
    assert row["qualifier"] == q.qualifier


@pytest.mark.parametrize("row", CLAIMS, ids=[r["claim_id"] for r in CLAIMS])
def test_quote_is_exact_and_unique_in_its_paragraph(row):
    paragraph = ARTICLE.paragraph(int(row["paragraph"]))
    assert paragraph.text.count(row["quote"]) == 1
    assert paragraph.section == row["section"]


def test_vague_wording_is_a_range():
    for row in CLAIMS:
        vague = re.search(r"\d(余|多)", row["quote"])
        assert bool(vague) == (row["qualifier"] == "more_than"), row["claim_id"]
        if vague:
            assert num(row["lower"]) < num(row["upper"]), row["claim_id"]


def _covered_spans() -> list[tuple[int, int, str]]:
    """Raw-text spans that account for a numeral: ledger quotes, slogans, exclusions."""
    spans = []
    for row in CLAIMS:
        start, end = ARTICLE.locate(row["quote"], int(row["paragraph"]))
        spans.append((start, end, f"claim {row['claim_id']}"))
    texts = [(r["name"], "slogan") for r in rows("slogans.csv")]
    texts += [(item, "slogan item") for r in rows("slogans.csv") for item in r["items"].split("|") if item]
    texts += [(r["context"], "exclusion") for r in rows("exclusions.csv")]
    for text, kind in texts:
        for m in re.finditer(re.escape(text), ARTICLE.body):
            spans.append((m.start(), m.end(), f"{kind} {text}"))
    return spans


def test_every_number_in_the_body_is_accounted_for():
    spans = _covered_spans()
    uncovered = []
    for token in find_numbers(ARTICLE.body):
        if not any(s <= token.start and token.end <= e for s, e, _ in spans):
            context = ARTICLE.body[max(0, token.start - 8):token.end + 8]
            uncovered.append(f"{token.text!r} in …{context}…")
    assert not uncovered, "numbers neither in the ledger, a slogan nor exclusions.csv:\n" + "\n".join(uncovered)


def test_every_exclusion_and_claim_covers_a_number():
    numerals = find_numbers(ARTICLE.body)
    for s, e, label in _covered_spans():
        if label.startswith(("claim", "exclusion")):
            assert any(s <= t.start and t.end <= e for t in numerals), f"{label} covers no numeral"


def test_completeness_check_catches_an_unlisted_number():
    """The check above is not vacuous: a figure added to the text is reported."""
    planted = ARTICLE.body + "另有42家企业。"
    spans = _covered_spans()
    missing = [t for t in find_numbers(planted) if not any(s <= t.start and t.end <= e for s, e, _ in spans)]
    assert [t.text for t in missing] == ["42"]


def test_exclusions_have_reasons_and_few_rows():
    excl = rows("exclusions.csv")
    assert all(len(r["reason"]) > 20 for r in excl)
    assert len(excl) < len(CLAIMS)


def test_slogan_items_come_from_the_text():
    for row in rows("slogans.csv"):
        if row["list_rule"] == "none":
            assert row["items"] == "" and row["listed_count"] == ""
            continue
        text = ARTICLE.paragraph(int(row["list_paragraph"])).text
        assert row["list_quote"] in text
        items = row["items"].split("|")
        assert int(row["listed_count"]) == len(items)
        position = 0
        for item in items:  # each item appears in the list, in order
            position = row["list_quote"].index(item, position)


def test_slogans_named_in_the_issue_are_all_there():
    names = {r["name"] for r in rows("slogans.csv")}
    for name in ["三百四千", "一都四区", "三快两提升", "五化", "五件实事硬事", "七项机制", "三个清单",
                 "三方责任人", "四项措施", "三色督办", "五小工程", "双千亿"]:
        assert name in names
        assert name in ARTICLE.body


def test_context_is_copied_with_every_provenance_column_and_the_source_sentence():
    ctx = rows("context.csv")
    assert list(ctx[0]) == ["fact_id", "relates_to", "place", "period", "measure", "value", "unit",
                            "publisher", "document", "publisher_zh", "document_zh", "published", "url",
                            "copy_of_original", "source_quote", "figure_quote"]
    assert all(r["publisher"] and r["document"] and r["published"] and r["url"] for r in ctx)
    # The Chinese edition's names: in Chinese, and one name for each publisher's one name.
    assert all(re.search(r"[\u4e00-\u9fff]", r["document_zh"]) for r in ctx)
    names = {(r["publisher"], r["publisher_zh"]) for r in ctx}
    assert len(names) == len({p for p, _ in names}) == len({z for _, z in names}), sorted(names)
    for r in ctx:
        assert r["figure_quote"] and r["figure_quote"] in r["source_quote"], r["fact_id"]
        # The sentence is in the source's language: it holds Chinese characters, not a translation.
        assert re.search(r"[\u4e00-\u9fff]", r["source_quote"]), r["fact_id"]


def test_every_outside_figure_is_a_number_its_own_words_state():
    """Independent of the package's reader: the value, or its 斤-to-kg conversion, is one of
    the sentence's Arabic numbers times its scale word, with 下降 as a minus sign."""
    scale = {"": 1, "万": 1e4, "萬": 1e4, "亿": 1e8, "億": 1e8}
    for r in rows("context.csv"):
        value = float(r["value"])
        readings = []
        for m in re.finditer(r"(下降)?(\d+(?:\.\d+)?)\s*([万萬亿億]?)", r["figure_quote"]):
            x = float(m.group(2)) * scale[m.group(3)] * (-1 if m.group(1) else 1)
            readings += [x, x / 2, x * 2] if "斤" in r["figure_quote"] else [x]
        assert any(math.isclose(value, x, rel_tol=1e-9) for x in readings), (r["fact_id"], value, readings)


def test_translation_covers_every_sentence_in_order():
    pieces = ARTICLE.sentences()
    tr = rows("translation.csv")
    assert [r["ref"] for r in tr] == list(pieces)
    assert all(r["zh"] == pieces[r["ref"]] and r["en"] for r in tr)


def test_glossary_has_every_slogan():
    terms = {r["term"] for r in rows("glossary.csv")}
    assert {r["name"] for r in rows("slogans.csv")} <= terms
