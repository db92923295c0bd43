"""Property-based tests (hypothesis) of ranges and their formatting.

Every expectation is computed here, independently of the code under test (see
tests/properties.py for the shared settings and tolerance).
"""

from __future__ import annotations

import math
import re

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from shangluo.ranges import MINUS, Range, fmt_number, fmt_range

from properties import close, within  # noqa: F401  (also loads the settings profile)


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


