"""The Chinese quantity parser, on its own cases."""

from __future__ import annotations

import csv
import math

import pytest

from conftest import ROOT
from shangluo.quantities import (UNIT_WORDS, Quantity, QuantityError, chinese_numeral_value, find_numbers,
                                 isclose, outside_reading, outside_readings, parse_quantity)


@pytest.mark.parametrize("text, value, lower, upper, qualifier, family", [
    ("3000余元", 3000, 3000, 4000, "more_than", "money"),
    ("10多平方米", 10, 10, 20, "more_than", "area"),
    ("20余个", 20, 20, 30, "more_than", "count"),
    ("30多名", 30, 30, 40, "more_than", "count"),
    ("150余万元", 1_500_000, 1_500_000, 1_600_000, "more_than", "money"),
    ("129亿元", 12_900_000_000, 12_900_000_000, 12_900_000_000, "exact", "money"),
    ("2000万元", 20_000_000, 20_000_000, 20_000_000, "exact", "money"),
    ("累计增长14.7%", 14.7, 14.7, 14.7, "exact", "percent"),
    ("近100万元", 1_000_000, 900_000, 1_000_000, "nearly", "money"),
    ("每人每年至少包抓一个", 1, 1, None, "at_least", "count"),
    ("超过50名", 50, 50, None, "over", "count"),
    ("67岁", 67, 67, 67, "exact", "age"),
    ("两万元", 20_000, 20_000, 20_000, "exact", "money"),
    ("三百名", 300, 300, 300, "exact", "count"),
    ("位居全省第一", 1, 1, 1, "exact", "rank"),
    ("第12", 12, 12, 12, "exact", "rank"),
])
def test_parse(text, value, lower, upper, qualifier, family):
    q = parse_quantity(text)
    assert (q.value, q.lower, q.upper, q.qualifier, q.family) == (value, lower, upper, qualifier, family)


@pytest.mark.parametrize("text", ["没有数字", "106名领导包联20个产业链", "20.5余元", "近30多个"])
def test_rejects_zero_or_several_quantities_and_nonsense(text):
    with pytest.raises(QuantityError):
        parse_quantity(text)


@pytest.mark.parametrize("text, value", [
    ("一", 1), ("十", 10), ("十五", 15), ("二十", 20), ("一百零五", 105), ("三百", 300),
    ("三千", 3000), ("两万三千", 23000), ("一亿", 100_000_000), ("千亿", 100_000_000_000),
])
def test_chinese_numerals(text, value):
    assert chinese_numeral_value(text) == value


def test_chinese_numeral_rejects_other_characters():
    with pytest.raises(QuantityError):
        chinese_numeral_value("三个")


def test_find_numbers_gives_offsets():
    text = "全市106名市县领导包联20个产业链,三百四千"
    tokens = find_numbers(text)
    assert [t.text for t in tokens] == ["106", "20", "三百四千"]
    assert all(text[t.start:t.end] == t.text for t in tokens)
    assert [t.kind for t in tokens] == ["arabic", "arabic", "chinese"]


# ---------------------------------------------------------------- more cases

@pytest.mark.parametrize("text, lower, upper", [
    # 余/多: more than X, less than X plus the place value of its last non-zero digit.
    ("105余名", 105, 106), ("110多名", 110, 120), ("3500余元", 3500, 3600),
    ("1000000余元", 1_000_000, 2_000_000), ("1余个", 1, 2), ("2000余万元", 20_000_000, 30_000_000),
    ("3.0余元", 3, 4), ("十多名", 10, 20), ("三千余元", 3000, 4000), ("两百余户", 200, 300),
])
def test_vague_bounds(text, lower, upper):
    q = parse_quantity(text)
    assert (q.lower, q.upper, q.qualifier) == (lower, upper, "more_than")
    assert q.is_range


@pytest.mark.parametrize("text, span", [
    ("全市106名市县领导", (2, 6)), ("每人每年至少包抓一个", (4, 10)), ("达到近100万元的", (2, 8)),
    ("第12", (0, 3)), ("位居全省第一", (4, 6)), ("超过 50名", (0, 6)),
])
def test_span_covers_the_qualifier_and_the_unit(text, span):
    assert parse_quantity(text).span == span


def test_quantity_types():
    q = parse_quantity("近7个")
    assert q.lower == 6.3 and type(q.lower) is float and type(q.upper) is int and type(q.value) is int
    assert parse_quantity("1.5万元").value == 15000 and type(parse_quantity("1.5万元").value) is int
    assert parse_quantity("14.7%").value == 14.7
    assert not parse_quantity("67岁").is_range
    assert Quantity(1, 1, None, "at_least", "count", "个", (0, 2)).is_range


def test_refusals_say_what_they_found():
    with pytest.raises(QuantityError, match=r"found 2: \['106名', '20个'\]"):
        parse_quantity("106名领导包联20个产业链")
    with pytest.raises(QuantityError, match="found 2: .*'第一'"):
        parse_quantity("3000余元位居第一")
    with pytest.raises(QuantityError, match="found 0"):
        parse_quantity("没有数字")
    with pytest.raises(QuantityError, match="^both 近 and 多 qualify '近30多个'$"):
        parse_quantity("近30多个")
    with pytest.raises(QuantityError, match="positive whole number"):
        parse_quantity("20.5余元")
    with pytest.raises(QuantityError, match="not a Chinese numeral"):
        chinese_numeral_value("")


@pytest.mark.parametrize("text, value", [
    ("一十五", 15), ("两千", 2000), ("双", 2), ("〇", 0), ("一千零五", 1005), ("十万", 100_000),
    ("一亿零三", 100_000_003), ("五千亿", 500_000_000_000), ("万", 10_000), ("九十九", 99),
])
def test_more_chinese_numerals(text, value):
    assert chinese_numeral_value(text) == value


@pytest.mark.parametrize("text, value", [
    ("一亿五千万", 150_000_000), ("一万亿", 1_000_000_000_000), ("两亿三千万", 230_000_000),
    ("一亿零五万", 100_050_000), ("三千万", 30_000_000), ("五千亿", 500_000_000_000), ("亿", 100_000_000),
    ("十亿零一", 1_000_000_001), ("两万亿", 2_000_000_000_000), ("四万万", 400_000_000), ("四万万五千万", 450_000_000),
])
def test_chinese_numerals_with_both_yi_and_wan(text, value):
    assert chinese_numeral_value(text) == value


def test_unit_words_and_families():
    assert UNIT_WORDS["万元"] == ("money", 10_000) and UNIT_WORDS["亿元"] == ("money", 100_000_000)
    assert {f for f, _ in UNIT_WORDS.values()} == {"money", "percent", "count", "area", "age"}
    assert parse_quantity("10平方米").unit_word == "平方米"  # not 米
    assert parse_quantity("3户").family == "count" and parse_quantity("100%").family == "percent"


def test_find_numbers_reads_decimals_and_offsets():
    tokens = find_numbers("增长14.7%，第一，3个")
    assert [(t.text, t.start, t.end, t.kind) for t in tokens] == [
        ("14.7", 2, 6, "arabic"), ("一", 9, 10, "chinese"), ("3", 11, 12, "arabic")]
    assert find_numbers("没有") == []


def test_isclose():
    assert isclose(None, None) and not isclose(None, 0) and not isclose(0, None)
    assert isclose(1.0, 1.0 + 1e-12) and not isclose(1.0, 1.0 + 1e-6)
    assert isclose(0.0, 1e-13) and not isclose(0.0, 1e-9)


# ---------------------------------------------------------------- outside figures

@pytest.mark.parametrize("quote, readings", [
    ("32000余袋", [(32000, 32000, 33000, "more_than")]),
    ("32000餘袋", [(32000, 32000, 33000, "more_than")]),
    ("每袋3斤多", [(1.5, 1.5, 2, "more_than"), (6, 6, 8, "more_than")]),
    ("纯收入就达10万元之多", [(100_000, 100_000, 100_000, "as_much_as")]),
    ("規模以上工業增加值下降3.1%", [(-3.1, -3.1, -3.1, "exact")]),
    ("完成投資178.39億元", [(17_839_000_000, 17_839_000_000, 17_839_000_000, "exact")]),
    ("总产量15.9万吨", [(159_000, 159_000, 159_000, "exact")]),
    ("下降20余%", [(-20, -30, -20, "more_than")]),
    ("減少5萬多元", [(-50_000, -60_000, -50_000, "more_than")]),
    ("每袋可采摘香菇3斤", [(1.5, 1.5, 1.5, "exact"), (6, 6, 6, "exact")]),
    ("每斤鲜香菇能卖5块钱", [(2.5, 2.5, 2.5, "exact"), (10, 10, 10, "exact")]),
    ("4月、5月、6月分别增长6.7%、8.3%、9.3%",
     [(4, 4, 4, "exact"), (5, 5, 5, "exact"), (6, 6, 6, "exact"),
      (6.7, 6.7, 6.7, "exact"), (8.3, 8.3, 8.3, "exact"), (9.3, 9.3, 9.3, "exact")]),
    ("没有", []),
])
def test_outside_readings(quote, readings):
    got = outside_readings(quote)
    assert [(q.value, q.lower, q.upper, q.qualifier) for q in got] == readings
    assert all(q.family == "outside" and quote[q.span[0]:q.span[1]] == q.unit_word for q in got)


def test_outside_readings_spans():
    q = outside_readings("实现产值15亿元")[0]
    assert q.span == (4, 8) and q.unit_word == "15亿元" and q.value == 1_500_000_000


def test_outside_reading_picks_the_stated_value_or_says_what_it_reads():
    assert outside_reading("每袋可采摘香菇3斤", 1.5).value == 1.5
    assert outside_reading("每袋可采摘香菇3斤", 6).value == 6
    assert outside_reading("32000余袋", 32000).upper == 33000
    with pytest.raises(QuantityError, match=r"^7 is not what '每袋可采摘香菇3斤' states \(it reads 1.5, 6\)$"):
        outside_reading("每袋可采摘香菇3斤", 7)
    with pytest.raises(QuantityError, match=r"\(it reads no number\)$"):
        outside_reading("没有", 1)


def _rows(name):
    with (ROOT / "data" / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _num(text):
    return None if text == "" else float(text)


@pytest.mark.parametrize("row", _rows("claims.csv"), ids=lambda r: r["claim_id"])
def test_every_ledger_quote_reads_as_its_row(row):
    """The ledger's value, bounds and qualifier were written by hand from the archived
    article; the parser must read the same from the quote."""
    q = parse_quantity(row["quote"])
    assert (q.value, q.lower, q.qualifier) == (_num(row["value"]), _num(row["lower"]), row["qualifier"])
    assert q.upper == _num(row["upper"])


@pytest.mark.parametrize("row", _rows("context.csv"), ids=lambda r: r["fact_id"])
def test_every_outside_figure_reads_as_its_row(row):
    q = outside_reading(row["figure_quote"], float(row["value"]))
    assert math.isclose(q.value, float(row["value"]), rel_tol=1e-12)
