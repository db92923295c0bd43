"""Property-based tests (hypothesis) of the numeric core: ranges, the quantity parser, the
verdict rules and the derived figures.

Every expectation is computed here, independently of the code under test: interval
bounds from the corners of the operands, 余/多 steps from the digits of the number as
text, Chinese numerals from a writer of our own, ratings from the rules as the module
docstring of `shangluo.verdicts` states them.

Float tolerance: an interval operation is compared with a relative tolerance of 1e-9
(``REL``), far above double rounding (about 1e-16 per operation) and far below any
real difference between bounds.

Under mutmut (MUTANT_UNDER_TEST is set) the examples are derandomised and not shrunk, so
every mutant meets the same examples and a rerun gives the same result.
"""

from __future__ import annotations

import math
import os
import re
from fractions import Fraction
from unittest import mock

import pandas as pd
import pytest
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from shangluo import derived, verdicts
from shangluo.quantities import QuantityError, chinese_numeral_value, find_numbers, parse_quantity
from shangluo.ranges import MINUS, Range, fmt_number, fmt_range

settings.register_profile("default", deadline=None)
# Under mutmut a failing example need not be shrunk (shrinking a killed mutant's example can
# outlast mutmut's time limit and turn a kill into a "timeout").
settings.register_profile("mutation", deadline=None, derandomize=True, database=None,
                          phases=[Phase.explicit, Phase.generate])
settings.load_profile("mutation" if "MUTANT_UNDER_TEST" in os.environ else "default")

REL = 1e-9


def close(a: float, b: float) -> bool:
    return a == b or math.isclose(a, b, rel_tol=REL, abs_tol=REL)


def within(x: float, r: Range) -> bool:
    """x lies in r, allowing the tolerance at either end."""
    return (r.lo <= x or close(x, r.lo)) and (x <= r.hi or close(x, r.hi))


# ---------------------------------------------------------------- ranges

# Sensible magnitudes: the book's figures run from fractions of a percent to 1e11 yuan.
finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False, allow_infinity=False)
nonneg = st.floats(min_value=0, max_value=1e6, allow_nan=False, allow_infinity=False)
positive = st.floats(min_value=1e-3, max_value=1e6, allow_nan=False, allow_infinity=False)


@st.composite
def ranges(draw, values=finite):
    a, b = draw(values), draw(values)
    return Range(min(a, b), max(a, b))


@st.composite
def range_and_member(draw, values=finite):
    r = draw(ranges(values))
    x = draw(st.floats(min_value=r.lo, max_value=r.hi, allow_nan=False)) if r.lo < r.hi else r.lo
    assert r.lo <= x <= r.hi
    return r, x


def corners(op, a: Range, b: Range) -> tuple[float, float]:
    """Smallest and largest of op over the four corners: the exact image of an operation
    that is monotonic in each argument."""
    values = [op(x, y) for x in (a.lo, a.hi) for y in (b.lo, b.hi)]
    return min(values), max(values)


def assert_image(result: Range, op, a: Range, b: Range, x: float, y: float) -> None:
    assert isinstance(result, Range)
    assert within(op(x, y), result), (x, y, result)
    lo, hi = corners(op, a, b)
    assert close(result.lo, lo) and close(result.hi, hi), (result, lo, hi)


@given(range_and_member(), range_and_member())
def test_sum_holds_every_sum_and_no_more(ax, by):
    (a, x), (b, y) = ax, by
    assert_image(a + b, lambda p, q: p + q, a, b, x, y)


@given(range_and_member(), range_and_member())
def test_difference_holds_every_difference_and_no_more(ax, by):
    (a, x), (b, y) = ax, by
    assert_image(a - b, lambda p, q: p - q, a, b, x, y)


@given(range_and_member(nonneg), range_and_member(nonneg))
def test_product_holds_every_product_and_no_more(ax, by):
    (a, x), (b, y) = ax, by
    assert_image(a * b, lambda p, q: p * q, a, b, x, y)


@given(range_and_member(nonneg), range_and_member(positive))
def test_quotient_holds_every_quotient_and_no_more(ax, by):
    (a, x), (b, y) = ax, by
    assert_image(a / b, lambda p, q: p / q, a, b, x, y)


@given(range_and_member(), finite)
def test_scalar_sum_and_difference_on_either_side(ax, c):
    a, x = ax
    point = Range(c, c)
    assert_image(a + c, lambda p, q: p + q, a, point, x, c)
    assert_image(c + a, lambda p, q: q + p, a, point, x, c)
    assert_image(a - c, lambda p, q: p - q, a, point, x, c)
    assert_image(c - a, lambda p, q: q - p, a, point, x, c)


@given(range_and_member(nonneg), nonneg)
def test_scalar_product_on_either_side(ax, c):
    a, x = ax
    point = Range(c, c)
    assert_image(a * c, lambda p, q: p * q, a, point, x, c)
    assert_image(c * a, lambda p, q: q * p, a, point, x, c)


@given(range_and_member(positive), positive)
def test_scalar_quotient_on_either_side(ax, c):
    a, x = ax
    point = Range(c, c)
    assert_image(a / c, lambda p, q: p / q, a, point, x, c)
    assert_image(c / a, lambda p, q: q / p, a, point, x, c)


@given(range_and_member(nonneg), range_and_member(positive))
def test_an_unbounded_range_stays_unbounded_and_keeps_its_finite_end(ax, by):
    """至少/超过 ranges have no upper bound: sums and products keep none, and dividing by
    one leaves no positive lower bound."""
    (a, x), (b, y) = ax, by
    open_b = Range(b.lo, math.inf)
    s = a + open_b
    assert close(s.lo, a.lo + b.lo) and s.hi == math.inf and not s.bounded
    p = a * open_b
    assert close(p.lo, a.lo * b.lo)
    assert p.hi == (math.inf if a.hi > 0 else 0.0)
    q = a / open_b
    assert q.lo == 0.0 and close(q.hi, a.hi / b.lo) and within(x / y, q)
    d = a - open_b
    assert d.lo == -math.inf and close(d.hi, a.hi - b.lo)


MONOTONIC = [
    ("x + 1", lambda v: v + 1),
    ("-2x", lambda v: -2 * v),
    ("x**3", lambda v: v ** 3),
    ("exp(x / 1e6)", lambda v: math.exp(v / 1e6)),
    ("-atan(x)", lambda v: -math.atan(v)),
]


@pytest.mark.parametrize("name, f", MONOTONIC, ids=[m[0] for m in MONOTONIC])
@given(ax=range_and_member())
def test_map_monotonic_holds_the_image_of_every_member(name, f, ax):
    a, x = ax
    r = a.map_monotonic(f)
    assert within(f(x), r)
    assert (r.lo, r.hi) == (min(f(a.lo), f(a.hi)), max(f(a.lo), f(a.hi)))


@given(range_and_member(), finite)
def test_membership_and_shape(ax, y):
    a, x = ax
    assert a.contains(x) and a.contains(a.lo) and a.contains(a.hi)
    assert a.contains(y) == (a.lo <= y <= a.hi)
    assert a.is_point == (a.lo == a.hi)
    assert a.bounded
    assert close(a.mid, a.lo + (a.hi - a.lo) / 2)
    assert Range.of(a) is a
    assert Range.of(x) == Range(x, x) and Range.point(x).is_point


@given(st.tuples(nonneg, nonneg).filter(lambda t: t[0] != t[1]))
def test_a_range_is_never_empty(t):
    lo, hi = max(t), min(t)
    with pytest.raises(ValueError):
        Range(lo, hi)


@given(ranges(st.floats(min_value=-1e6, max_value=-1e-3)), ranges(nonneg))
def test_products_and_quotients_refuse_negative_ranges(neg, pos):
    for op in (lambda: neg * pos, lambda: pos * neg, lambda: neg / Range(1, 2), lambda: pos / neg):
        with pytest.raises(ValueError):
            op()


# ---------------------------------------------------------------- formatting round trip

def unformat(text: str) -> float:
    """The number in an English figure as fmt_number writes it: '−12,900.5' → -12900.5."""
    assert re.fullmatch(r"\u2212?\d{1,3}(,\d{3})*(\.\d+)?", text), text
    return float(text.replace(",", "").replace(MINUS, "-"))


@given(st.floats(min_value=-1e12, max_value=1e12, allow_nan=False), st.integers(0, 3))
@example(-0.4, 0)
@example(-0.004, 2)
@example(1234.5, 0)
@example(-999999.5, 0)
def test_fmt_number_parses_back_to_the_number_at_its_digits(x, digits):
    text = fmt_number(x, digits)
    decimals = text.partition(".")[2]
    assert len(decimals) == digits
    back = unformat(text)
    # Rounded to the given digits: at most half a unit of the last digit away.
    assert abs(back - x) <= 0.5 * 10 ** -digits * (1 + 1e-9) + abs(x) * 1e-15
    # A true minus sign, and only on a number that does not round to zero.
    assert text.startswith(MINUS) == (back < 0) and "-" not in text
    if back == 0:
        assert not text.startswith(MINUS)


@given(ranges(st.floats(min_value=0, max_value=1e11)), st.integers(0, 2),
       st.sampled_from(["", "yuan", "people"]), st.sampled_from([1.0, 1e4, 1e9]))
def test_fmt_range_parses_back_to_its_bounds(r, digits, unit, scale):
    text = fmt_range(r, digits, unit, scale)
    if unit:
        assert text.endswith(" " + unit)
        text = text[: -len(unit) - 1]
    half = 0.5 * 10 ** -digits * (1 + 1e-9)
    lo, hi = r.lo / scale, r.hi / scale
    if r.lo == r.hi:
        assert abs(unformat(text) - lo) <= half + lo * 1e-15
    elif m := re.fullmatch(r"between (\S+) and (\S+)", text):
        a, b = unformat(m[1]), unformat(m[2])
        assert a < b
        assert abs(a - lo) <= half + lo * 1e-15 and abs(b - hi) <= half + hi * 1e-15
    else:
        m = re.fullmatch(r"about (\S+)", text)
        assert m, text
        # Two different bounds that round to the same figure.
        assert abs(unformat(m[1]) - lo) <= half + lo * 1e-15 and abs(unformat(m[1]) - hi) <= half + hi * 1e-15


@given(st.floats(min_value=0, max_value=1e11), st.integers(0, 2), st.sampled_from(["", "yuan"]))
def test_fmt_range_of_an_unbounded_range_says_at_least(lo, digits, unit):
    text = fmt_range(Range(lo, math.inf), digits, unit)
    m = re.fullmatch(r"at least (\S+)" + (" " + unit if unit else ""), text)
    assert m, text
    assert abs(unformat(m[1]) - lo) <= 0.5 * 10 ** -digits * (1 + 1e-9) + lo * 1e-15


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


# ---------------------------------------------------------------- verdict rules

CHECKS = {  # check id -> (claim that must be the smaller, claim that bounds it, description)
    "started-within-projects": ("projects-started", "key-projects",
                                "Projects started cannot outnumber the key projects they are part of."),
    "solved-within-found": ("difficulties-solved", "difficulties-found",
                            "Difficulties solved cannot outnumber the difficulties found."),
}
RATING_VALUES = {"accurate": 4, "needs context": 3, "can't be checked": 2, "contradicted": 1}
PUBLISHERS = ["Shangluo Daily", "Luonan County Bureau of Statistics", "emushroom.net"]


@st.composite
def ledgers(draw):
    """A small claim ledger with outside figures: the four claims the internal checks use
    and a few others, each with a range, and evidence rows linking them to facts."""
    ids = ["projects-started", "key-projects", "difficulties-solved", "difficulties-found"]
    ids += [f"claim-{i}" for i in range(draw(st.integers(0, 3)))]
    claims = []
    for cid in ids:
        lo = draw(st.integers(0, 60))
        width = draw(st.one_of(st.none(), st.integers(0, 30)))
        claims.append({"claim_id": cid, "lower": float(lo),
                       "upper": math.nan if width is None else float(lo + width)})
    n_facts = draw(st.integers(0, 5))
    context = [{"fact_id": f"fact-{i}",
                "value": draw(st.one_of(st.integers(0, 100).map(float),
                                        st.integers(0, 1000).map(lambda v: v / 10 + 0.05))),
                "publisher": draw(st.sampled_from(PUBLISHERS)),
                "published": draw(st.sampled_from(["2022-05-31", "2023"])),
                "measure": draw(st.sampled_from(["people", "projects counted"]))}
               for i in range(n_facts)]
    pairs = draw(st.lists(st.tuples(st.sampled_from(ids), st.integers(0, max(n_facts - 1, 0))),
                          unique=True, max_size=8)) if n_facts else []
    evidence = [{"claim_id": c, "fact_id": f"fact-{f}",
                 "relation": draw(st.sampled_from(["bears_on", "same_measure"]))} for c, f in pairs]
    return claims, context, evidence


def fmt_value(v: float) -> str:
    return f"{int(v):,}" if v == int(v) else f"{v:,.1f}"


def expected_verdicts(claims, context, evidence) -> dict[str, dict]:
    lo = {c["claim_id"]: c["lower"] for c in claims}
    hi = {c["claim_id"]: math.inf if math.isnan(c["upper"]) else c["upper"] for c in claims}
    facts = {f["fact_id"]: f for f in context}
    ok = {check: hi[small] <= lo[big] for check, (small, big, _) in CHECKS.items()}
    out = {}
    for c in claims:
        cid = c["claim_id"]
        mine = [check for check, (small, big, _) in CHECKS.items() if cid in (small, big)]
        passed = [k for k in mine if ok[k]]
        failed = [k for k in mine if not ok[k]]
        ev = [e["fact_id"] for e in evidence if e["claim_id"] == cid]
        same = [e["fact_id"] for e in evidence if e["claim_id"] == cid and e["relation"] == "same_measure"]
        outside = [f for f in same if not lo[cid] <= facts[f]["value"] <= hi[cid]]
        if failed or outside:
            rating = "contradicted"
            parts = [f"fails the check: {CHECKS[k][2]}" for k in failed]
            parts += [f"{facts[f]['publisher']} ({facts[f]['published']}) counted {fmt_value(facts[f]['value'])} "
                      f"for {facts[f]['measure']}, outside the range the article's wording allows" for f in outside]
            explanation = "; ".join(parts)
        elif same:
            rating = "accurate"
            explanation = ("an outside count of the same thing, by "
                           + ", ".join(sorted({facts[f]["publisher"] for f in same}))
                           + ", falls within the article's range")
        elif ev:
            rating = "needs context"
            explanation = (f"{len(ev)} outside figure(s) bear on it, from "
                           + ", ".join(sorted({facts[f]["publisher"] for f in ev}))
                           + "; none counts the same thing for the same place and time, and none contradicts it")
        else:
            rating = "can't be checked"
            explanation = "no outside figure bears on it"
            if passed:
                explanation += ("; it fits the article's own figures ("
                                + " ".join(CHECKS[k][2][:-1] for k in passed)
                                + "), which rules out a slip, not an exaggeration")
        out[cid] = {"rating": rating, "explanation": explanation, "checks_passed": tuple(passed),
                    "checks_failed": tuple(failed), "evidence": tuple(ev), "contradicted_by": tuple(outside),
                    "rating_value": RATING_VALUES[rating]}
    return out


def fake_tables(claims, context, evidence, corrections=()):
    tables = {
        "claims": pd.DataFrame(claims, columns=["claim_id", "lower", "upper"]),
        "context": pd.DataFrame(context, columns=["fact_id", "value", "publisher", "published", "measure"]),
        "evidence": pd.DataFrame(evidence, columns=["claim_id", "fact_id", "relation"]),
        "corrections": pd.DataFrame(list(corrections), columns=["date", "page", "claim_id"]),
    }
    return lambda name, package_path=None: tables[name].copy()


def _claim(cid, lo, hi=None):
    return {"claim_id": cid, "lower": float(lo), "upper": math.nan if hi is None else float(hi)}


def _fact(i, value, publisher):
    return {"fact_id": f"fact-{i}", "value": value, "publisher": publisher, "published": "2023", "measure": "people"}


CHECKED = [_claim("projects-started", 10, 20), _claim("key-projects", 30, 40),
           _claim("difficulties-solved", 10), _claim("difficulties-found", 5, 8)]


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(ledgers())
@example((  # two publishers count the same thing and agree; two more bear on another claim
    CHECKED + [_claim("claim-0", 20, 30), _claim("claim-1", 0)],
    [_fact(0, 25.0, PUBLISHERS[0]), _fact(1, 21.0, PUBLISHERS[1]), _fact(2, 1500.5, PUBLISHERS[2])],
    [{"claim_id": "claim-0", "fact_id": "fact-0", "relation": "same_measure"},
     {"claim_id": "claim-0", "fact_id": "fact-1", "relation": "same_measure"},
     {"claim_id": "claim-1", "fact_id": "fact-0", "relation": "bears_on"},
     {"claim_id": "claim-1", "fact_id": "fact-2", "relation": "bears_on"},
     {"claim_id": "claim-1", "fact_id": "fact-1", "relation": "bears_on"}],
))
@example((  # a failed internal check and two outside counts that disagree
    CHECKED + [_claim("claim-0", 20, 30)],
    [_fact(0, 2500.0, PUBLISHERS[0]), _fact(1, 19.5, PUBLISHERS[1])],
    [{"claim_id": "difficulties-found", "fact_id": "fact-0", "relation": "same_measure"},
     {"claim_id": "claim-0", "fact_id": "fact-0", "relation": "same_measure"},
     {"claim_id": "claim-0", "fact_id": "fact-1", "relation": "same_measure"}],
))
def test_every_verdict_follows_the_rules(ledger):
    claims, context, evidence = ledger
    load = fake_tables(claims, context, evidence)
    with mock.patch.object(verdicts, "load_table", load), mock.patch.object(derived, "load_table", load):
        table = verdicts.verdicts()
    expected = expected_verdicts(claims, context, evidence)
    assert list(table["claim_id"]) == [c["claim_id"] for c in claims]
    for row in table.to_dict("records"):
        assert {k: row[k] for k in expected[row["claim_id"]]} == expected[row["claim_id"]], row["claim_id"]


SOURCE = {"title": "一线解难题 服务力道足", "publication_date": "2022-07-20", "publisher": "陕西党建网"}


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=50)
@given(ledgers(), st.data())
def test_claimreview_records_follow_the_verdicts_and_corrections(ledger, data):
    """One record per figure (not per descriptive detail), rated as the rules say, with the
    date of the claim's latest correction if it has one."""
    claims, context, evidence = ledger
    for c in claims:
        c.update(kind=data.draw(st.sampled_from(["figure", "detail"])), subject_en=f"subject of {c['claim_id']}",
                 place="Shangluo city", quote_en="more than 20", quote="20余个")
    corrections = [{"date": d, "page": p, "claim_id": c} for d, p, c in data.draw(st.lists(st.tuples(
        st.sampled_from(["2026-11-28", "2026-12-01", "2027-01-15"]), st.sampled_from(["claims", "leaders"]),
        st.sampled_from([None] + [c["claim_id"] for c in claims])), max_size=4))]
    tables = fake_tables(claims, context, evidence, corrections)
    frames = {"claims": pd.DataFrame(claims)}
    load = lambda name, package_path=None: frames[name].copy() if name in frames else tables(name)  # noqa: E731
    with mock.patch.object(verdicts, "load_table", load), mock.patch.object(derived, "load_table", load), \
            mock.patch.object(verdicts, "article_metadata", lambda: SOURCE):
        records = verdicts.claim_review_jsonld("https://example.org/a", "2026-11-30")
    expected = expected_verdicts(claims, context, evidence)
    assert [r["identifier"] for r in records] == [c["claim_id"] for c in claims if c["kind"] == "figure"]
    for r in records:
        cid = r["identifier"]
        dates = [x["date"] for x in corrections if x["claim_id"] == cid or (x["claim_id"] is None and x["page"] == "claims")]
        assert r.get("dateModified", "none") == (max(dates) if dates else "none")
        assert r["url"] == f"book/claims.html#{cid}"
        assert r["claimReviewed"] == f"subject of {cid}, Shangluo city: more than 20 (20余个)"
        assert r["itemReviewed"]["appearance"]["headline"] == SOURCE["title"]
        assert r["itemReviewed"]["appearance"]["publisher"]["name"] == SOURCE["publisher"]
        assert r["reviewRating"]["ratingValue"] == expected[cid]["rating_value"]
        assert r["reviewRating"]["alternateName"] == expected[cid]["rating"]
        assert r["reviewRating"]["ratingExplanation"] == expected[cid]["explanation"]


@given(st.lists(st.tuples(st.sampled_from(["2026-11-28", "2026-12-01", "2027-01-15"]),
                          st.sampled_from(["claims", "leaders"]),
                          st.sampled_from([None, "c1", "c2"])), max_size=6))
def test_a_claim_is_corrected_on_its_latest_correction(rows):
    corrections = [{"date": d, "page": p, "claim_id": c} for d, p, c in rows]
    load = fake_tables([], [], [], corrections)
    with mock.patch.object(verdicts, "load_table", load):
        for cid in ("c1", "c2", "c3"):
            # Its own corrections, and those of the claims page that name no claim (the scale).
            dates = [d for d, p, c in rows if c == cid or (c is None and p == "claims")]
            assert verdicts.corrected_on(cid) == (max(dates) if dates else None)


# ---------------------------------------------------------------- derived figures

@given(st.floats(-50, 50), st.floats(-50, 50),
       st.tuples(st.floats(0.05, 0.95), st.floats(0.05, 0.95)).map(sorted))
def test_implied_growth_of_the_rest_of_the_year_restores_the_full_year(part, full, w):
    """Weighting the part's growth and the implied rest's growth by their shares of the
    year gives back the full year's growth, at both ends of the weight's range."""
    weight = Range(*w)
    rest = derived.implied_rest_of_year_growth(part, full, weight)
    assert rest.lo <= rest.hi
    for share in (weight.lo, weight.hi):
        assert any(close(share * (1 + part / 100) + (1 - share) * (1 + g / 100), 1 + full / 100)
                   for g in (rest.lo, rest.hi)), (share, rest)
    # The rest of the year grew faster than the full year exactly when the part grew slower.
    if part < full:
        assert rest.lo > full or close(rest.lo, full)
    if part > full:
        assert rest.hi < full or close(rest.hi, full)
