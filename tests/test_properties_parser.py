"""Property-based tests (hypothesis) of the quantity parser.

Every expectation is computed here, independently of the code under test (see
tests/properties.py for the shared settings and tolerance).
"""

from __future__ import annotations

from fractions import Fraction

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from shangluo.quantities import QuantityError, chinese_numeral_value, find_numbers, parse_quantity

import properties  # noqa: F401  (loads the settings profile)


# ---------------------------------------------------------------- quantity parser round trip

CN_DIGITS = "零一二三四五六七八九"


def _section(n: int, two: str) -> str:
    """A number below 10000 in Chinese numerals, with 零 for skipped places: 1005 → 一千零五."""
    out, gap = "", False
    for value, unit in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        d = n // value % 10
        if d == 0:
            gap = gap or bool(out)
            continue
        if gap:
            out, gap = out + "零", False
        out += (two if d == 2 and unit in ("千", "百") else CN_DIGITS[d]) + unit
    return out


def to_chinese(n: int, two: str = "二", bare_ten: bool = True) -> str:
    """n (0 < n < 10**12) in Chinese numerals: 105 → 一百零五, 23000 → 二万三千 (两万三千
    with two="两"), 15 → 十五 (一十五 with bare_ten=False), 150000000 → 一亿五千万."""
    assert 0 < n < 10 ** 12
    sections = (n // 10 ** 8, n // 10 ** 4 % 10 ** 4, n % 10 ** 4)
    text, gap = "", False
    for value, unit in zip(sections, ("亿", "万", "")):
        if not value:
            gap = gap or bool(text)
            continue
        if text and (gap or value < 1000):
            text += "零"
        part = _section(value, two)
        text += (two if part == "二" and unit else part) + unit
        gap = False
    if bare_ten and text.startswith("一十"):
        text = text[1:]
    return text


@given(st.integers(1, 10 ** 12 - 1), st.sampled_from(["二", "两"]), st.booleans())
@example(105, "二", True)
@example(23000, "两", True)
@example(10, "二", True)
@example(100_010, "二", True)
@example(150_000_000, "二", True)
@example(100_005_000, "二", True)
@example(200_000_000, "两", True)
def test_chinese_numerals_written_here_read_back(n, two, bare_ten):
    text = to_chinese(n, two, bare_ten)
    assert chinese_numeral_value(text) == n, text


# (unit word, family, multiplier to base units): the parser's documented units.
UNITS = [("元", "money", 1), ("万元", "money", 10_000), ("亿元", "money", 100_000_000),
         ("%", "percent", 1), ("岁", "age", 1), ("平方米", "area", 1),
         ("个", "count", 1), ("名", "count", 1), ("座", "count", 1), ("袋", "count", 1),
         ("本", "count", 1), ("户", "count", 1), ("项", "count", 1), ("件", "count", 1)]
QUALIFIERS = ["exact", "余", "多", "近", "至少", "超过"]
# Words around a quantity that hold no numeral and no unit.
LEAD = st.sampled_from(["", "全市", "累计增长", "共有"])
FILLER = st.sampled_from(["", "包抓", "有", "达到"])  # between 至少/超过/近 and the number


def step_of(n: int) -> int:
    """Place value of the last non-zero digit, read off the digits: 3000 → 1000, 105 → 1."""
    digits = str(n)
    return 10 ** (len(digits) - len(digits.rstrip("0")))


@st.composite
def phrases(draw):
    n = draw(st.integers(1, 10 ** 11))
    unit, family, mult = draw(st.sampled_from(UNITS))
    qualifier = draw(st.sampled_from(QUALIFIERS))
    chinese = draw(st.booleans())
    if chinese and mult > 1:
        # Nobody writes 五万万元; a Chinese numeral before 万元/亿元 stays below 10000.
        n = n % 9999 + 1
    numeral = to_chinese(n, draw(st.sampled_from(["二", "两"])), draw(st.booleans())) if chinese else str(n)
    if qualifier in ("余", "多"):
        core = f"{numeral}{qualifier}{unit}"
    elif qualifier == "exact":
        core = f"{numeral}{unit}"
    else:
        core = f"{qualifier}{draw(FILLER) if qualifier != '近' else ''}{numeral}{unit}"
    lead, tail = draw(LEAD), draw(st.sampled_from(["", "以上", "左右的"]))
    return lead + core + tail, len(lead), len(lead) + len(core), n, qualifier, (unit, family, mult), chinese


@given(phrases())
@example(("3000余元", 0, 6, 3000, "余", ("元", "money", 1), False))
@example(("10多名", 0, 4, 10, "多", ("名", "count", 1), False))
@example(("150余万元", 0, 6, 150, "余", ("万元", "money", 10_000), False))
@example(("近100万元", 0, 6, 100, "近", ("万元", "money", 10_000), False))
@example(("每人每年至少包抓一个", 4, 10, 1, "至少", ("个", "count", 1), True))
@example(("一百零五个", 0, 5, 105, "exact", ("个", "count", 1), True))
@example(("两万三千名", 0, 5, 23000, "exact", ("名", "count", 1), True))
def test_a_written_quantity_parses_back_to_the_bounds_its_words_allow(phrase):
    text, start, end, n, qualifier, (unit, family, mult), chinese = phrase
    q = parse_quantity(text)
    value = n * mult
    expected = {
        "exact": ("exact", value, value),
        "余": ("more_than", value, (n + step_of(n)) * mult),
        "多": ("more_than", value, (n + step_of(n)) * mult),
        "近": ("nearly", float(Fraction(9, 10) * value), value),
        "至少": ("at_least", value, None),
        "超过": ("over", value, None),
    }[qualifier]
    assert (q.qualifier, q.lower, q.upper) == expected, text
    assert q.value == value and q.family == family
    assert q.span == (start, end) and q.is_range == (qualifier != "exact")
    if not (chinese and mult > 1):  # 三千万元 reads as 三千万 + 元: the same value
        assert q.unit_word == unit


@given(st.integers(0, 10 ** 6), st.integers(1, 99), st.sampled_from(UNITS), st.sampled_from(["exact", "近", "至少", "超过"]))
def test_a_decimal_quantity_parses_back_exactly(whole, cents, unit, qualifier):
    """14.7% is 14.7, 1.5万元 is 15000: decimals are read exactly, not through binary floats."""
    word, family, mult = unit
    number = f"{whole}.{cents:02d}"
    text = (qualifier if qualifier != "exact" else "") + number + word
    q = parse_quantity(text)
    value = Fraction(number) * mult
    lower = value * Fraction(9, 10) if qualifier == "近" else value
    assert q.value == float(value) and q.lower == float(lower)
    assert q.upper == (None if qualifier in ("至少", "超过") else float(value))
    # A whole result comes back as an int (150万元 → 1500000), as the ledger writes it.
    assert isinstance(q.value, int) == (value.denominator == 1)


@given(st.integers(1, 10 ** 6), st.integers(1, 9), st.sampled_from(["余", "多"]), st.sampled_from(UNITS))
def test_vague_words_need_a_positive_whole_number(n, tenth, vague, unit):
    with pytest.raises(QuantityError):
        parse_quantity(f"{n}.{tenth}{vague}{unit[0]}")
    with pytest.raises(QuantityError):
        parse_quantity(f"0{vague}{unit[0]}")
    with pytest.raises(QuantityError):  # 近 and 多 together contradict each other
        parse_quantity(f"近{n}{vague}{unit[0]}")


@given(st.integers(1, 10 ** 6), st.booleans(), LEAD)
def test_ordinals_parse_as_ranks(n, chinese, lead):
    numeral = to_chinese(n) if chinese else str(n)
    q = parse_quantity(f"{lead}第{numeral}")
    assert (q.value, q.lower, q.upper, q.qualifier, q.family, q.unit_word) == (n, n, n, "exact", "rank", "第")
    assert q.span == (len(lead), len(lead) + 1 + len(numeral))


@given(phrases(), phrases())
def test_two_quantities_are_refused(a, b):
    with pytest.raises(QuantityError):
        parse_quantity(a[0] + "，" + b[0])


@given(st.lists(st.one_of(
    st.integers(0, 10 ** 6).map(str),
    st.tuples(st.integers(0, 999), st.integers(0, 99)).map(lambda t: f"{t[0]}.{t[1]}"),
    st.integers(1, 10 ** 7).map(to_chinese),
), min_size=0, max_size=5), st.lists(st.sampled_from(["名", "全市", "，", "个产业链", "元"]), min_size=6, max_size=6))
def test_find_numbers_finds_every_numeral_at_its_offsets(numerals, gaps):
    """Numerals separated by words with no numeral are found one by one, in order."""
    text, expected = gaps[0], []
    for numeral, gap in zip(numerals, gaps[1:]):
        start = len(text)
        expected.append((numeral, start, start + len(numeral), "chinese" if numeral[0] in CN_DIGITS + "十" else "arabic"))
        text += numeral + gap
    found = [(t.text, t.start, t.end, t.kind) for t in find_numbers(text)]
    assert found == expected
    assert all(text[s:e] == t for t, s, e, _ in found)


