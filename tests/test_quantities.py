"""The Chinese quantity parser, on its own cases."""

from __future__ import annotations

import pytest

from shangluo.quantities import QuantityError, chinese_numeral_value, find_numbers, parse_quantity


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
