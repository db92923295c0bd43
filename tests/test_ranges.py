"""Range arithmetic and formatting on worked cases, and the derived figures of
`shangluo.derived` (Range arithmetic on the archived data) against figures computed here
from the CSV files."""

from __future__ import annotations

import csv
import math

import pytest

from conftest import ROOT
from shangluo import derived
from shangluo.ranges import MINUS, Range, fmt_number, fmt_range


# ---------------------------------------------------------------- construction and shape

@pytest.mark.parametrize("lo, hi", [(math.nan, 1.0), (1.0, math.nan), (math.nan, math.nan)])
def test_a_nan_bound_is_refused(lo, hi):
    with pytest.raises(ValueError, match="^a range bound is NaN$"):
        Range(lo, hi)


def test_an_empty_range_is_refused():
    with pytest.raises(ValueError, match=r"^empty range: lower 2.0 > upper 1.0$"):
        Range(2.0, 1.0)
    assert Range(1.0, 1.0).is_point


def test_point_and_of():
    p = Range.point(3)
    assert (p.lo, p.hi) == (3.0, 3.0) and type(p.lo) is float and type(p.hi) is float
    r = Range(1.0, 2.0)
    assert Range.of(r) is r
    assert Range.of(5) == Range(5.0, 5.0)


@pytest.mark.parametrize("row, expected", [
    ({"lower": 3000, "upper": 4000}, Range(3000.0, 4000.0)),
    ({"lower": "1", "upper": None}, Range(1.0, math.inf)),
    ({"lower": 50, "upper": math.nan}, Range(50.0, math.inf)),
    ({"lower": 7, "upper": 7}, Range(7.0, 7.0)),
])
def test_from_claim_reads_a_ledger_row(row, expected):
    r = Range.from_claim(row)
    assert r == expected and type(r.hi) is float


def test_shape():
    r = Range(3000.0, 4000.0)
    assert not r.is_point and r.bounded and r.mid == 3500.0
    assert r.contains(3000) and r.contains(4000) and r.contains(3500.5)
    assert not r.contains(2999.99) and not r.contains(4000.01)
    assert not Range(1.0, math.inf).bounded and Range(1.0, math.inf).contains(1e300)
    assert repr(Range(1.0, 2.5)) == "Range(1.0, 2.5)"


def test_map_monotonic_puts_the_ends_in_order():
    assert Range(1.0, 4.0).map_monotonic(lambda x: 10 - x) == Range(6.0, 9.0)
    assert Range(1.0, 4.0).map_monotonic(math.sqrt) == Range(1.0, 2.0)


# ---------------------------------------------------------------- arithmetic

def test_arithmetic_on_worked_cases():
    a, b = Range(3000.0, 4000.0), Range(10.0, 20.0)
    assert a + b == Range(3010.0, 4020.0) and b + a == Range(3010.0, 4020.0)
    assert a - b == Range(2980.0, 3990.0)
    assert a * b == Range(30000.0, 80000.0)
    assert a / b == Range(150.0, 400.0)
    assert a + 1 == Range(3001.0, 4001.0) and 1 + a == Range(3001.0, 4001.0)
    assert a - 1 == Range(2999.0, 3999.0) and 5000 - a == Range(1000.0, 2000.0)
    assert a * 2 == Range(6000.0, 8000.0) and 2 * a == Range(6000.0, 8000.0)
    assert a / 2 == Range(1500.0, 2000.0) and 12000 / a == Range(3.0, 4.0)


def test_unbounded_ranges():
    at_least_two = Range(2.0, math.inf)
    assert Range(3.0, 4.0) * at_least_two == Range(6.0, math.inf)
    assert Range(6.0, 8.0) / at_least_two == Range(0.0, 4.0)
    # Zero times "no upper bound" is zero, not NaN.
    assert Range(0.0, 0.0) * at_least_two == Range(0.0, 0.0)
    assert at_least_two * Range(0.0, 0.0) == Range(0.0, 0.0)
    assert Range(0.0, 3.0) * Range(0.0, 0.0) == Range(0.0, 0.0)


def test_products_and_quotients_of_negative_ranges_are_refused():
    for op in (lambda: Range(-1.0, 2.0) * Range(1.0, 2.0), lambda: Range(1.0, 2.0) * Range(-1.0, 2.0),
               lambda: Range(-1.0, 2.0) / Range(1.0, 2.0), lambda: Range(1.0, 2.0) / Range(-1.0, 2.0)):
        with pytest.raises(ValueError, match="^multiplication and division are defined here for non-negative ranges only$"):
            op()
    # Zero itself is allowed.
    assert Range(0.0, 1.0) * Range(0.0, 2.0) == Range(0.0, 2.0)


def test_division_by_a_range_that_holds_zero_is_refused():
    with pytest.raises(ZeroDivisionError, match="^division by a range that includes zero$"):
        Range(1.0, 2.0) / Range(0.0, 3.0)
    with pytest.raises(ZeroDivisionError):
        1 / Range(0.0, 0.0)


# ---------------------------------------------------------------- formatting

@pytest.mark.parametrize("x, digits, text", [
    (12_900_000_000, 0, "12,900,000,000"),
    (3000, 0, "3,000"),
    (999.5, 0, "1,000"),
    (14.7, 1, "14.7"),
    (1234.5678, 2, "1,234.57"),
    (0.5, 0, "0"),  # half to even, as Python rounds
    (-1500, 0, MINUS + "1,500"),
    (-3.14159, 2, MINUS + "3.14"),
    (-9.118181818, 1, MINUS + "9.1"),
    (-0.4, 0, "0"),  # rounds to zero: no sign
    (-0.004, 2, "0.00"),
    (-0.06, 1, MINUS + "0.1"),
])
def test_fmt_number(x, digits, text):
    assert fmt_number(x, digits) == text


def test_fmt_number_defaults_to_whole_numbers():
    assert fmt_number(1234.6) == "1,235"


@pytest.mark.parametrize("args, kwargs, text", [
    ((Range(3000.0, 3000.0),), {}, "3,000"),
    ((3000,), {"unit": "yuan"}, "3,000 yuan"),
    ((Range(3000.0, 4000.0),), {"unit": "yuan"}, "between 3,000 and 4,000 yuan"),
    ((Range(3000.0, 4000.0),), {}, "between 3,000 and 4,000"),
    ((Range(1.0, math.inf),), {}, "at least 1"),
    ((Range(50.0, math.inf),), {"unit": "people"}, "at least 50 people"),
    ((Range(3.0303, 3.125), 1), {}, "between 3.0 and 3.1"),
    ((Range(3.0303, 3.04), 1), {"unit": "yuan"}, "about 3.0 yuan"),
    ((Range(3.0303, 3.04), 1), {}, "about 3.0"),
    ((Range(12.9e9, 12.9e9), 1), {"unit": "billion yuan", "scale": 1e9}, "12.9 billion yuan"),
    ((Range(1.5e9, 2.25e9), 2), {"scale": 1e9}, "between 1.50 and 2.25"),
    ((Range(-9.118, -5.454), 1), {"unit": "%"}, f"between {MINUS}9.1 and {MINUS}5.5 %"),
])
def test_fmt_range(args, kwargs, text):
    assert fmt_range(*args, **kwargs) == text


# ---------------------------------------------------------------- derived figures on the archived data

def table(name):
    with (ROOT / "data" / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_claim_ranges_are_the_ledger_bounds():
    expected = {r["claim_id"]: (float(r["lower"]), float(r["upper"]) if r["upper"] else math.inf)
                for r in table("claims.csv")}
    got = derived.claim_ranges()
    assert {k: (v.lo, v.hi) for k, v in got.items()} == expected
    # The ledger's 余/多 claims are ranges, its exact ones points: 20余个 is 20 to 30.
    assert got["shangnan-difficulties"] == Range(20.0, 30.0)
    assert got["leaders"] == Range(106.0, 106.0)


def test_context_ranges_follow_the_words_of_each_outside_figure():
    facts = table("context.csv")
    for f in facts:
        r = derived.context_range(f["fact_id"])
        if f["fact_id"] == "es_grower_bags":  # 32000余袋
            assert r == Range(32000.0, 33000.0)
        else:  # every other outside figure is stated exactly (10万元之多 is 100000)
            assert r == Range.point(float(f["value"])), f["fact_id"]


def test_jan_may_weight():
    assert derived.JAN_MAY_WEIGHT == Range(0.35, 0.45)


def test_implied_growth_for_the_article_and_the_work_report():
    # 14.7% for January to May (the article), 1.6% for the year (the city's work report):
    # with January-May a 35-45% share, the rest of the year fell by 5.5% to 9.1%.
    r = derived.implied_rest_of_year_growth(14.7, 1.6)
    for share, end in ((0.35, r.hi), (0.45, r.lo)):
        assert math.isclose(share * 1.147 + (1 - share) * (1 + end / 100), 1.016, rel_tol=1e-12)
    assert r.lo == pytest.approx(-9.1182, abs=1e-4) and r.hi == pytest.approx(-5.4538, abs=1e-4)
    # An explicit weight replaces the default; a point weight gives a point.
    # An explicit weight replaces the default; a point weight gives a point:
    # half the year at +14.7% and a full year of +1.6% leave -11.5% for the other half.
    half = derived.implied_rest_of_year_growth(14.7, 1.6, Range(0.5, 0.5))
    assert half.is_point and half.lo == pytest.approx(-11.5)


def test_per_bag_benchmarks_from_the_outside_figures():
    v = {f["fact_id"]: float(f["value"]) for f in table("context.csv")}
    b = derived.per_bag_benchmarks()
    assert set(b) == {"hubei_gross", "shangluo_2017_gross", "hubei_net", "luonan_export"}
    # 3斤 a bag at 5 yuan a 斤: 1.5 kg at 10 yuan a kg.
    assert b["hubei_gross"].lo == pytest.approx(15.0) and b["hubei_gross"].is_point
    assert v["es_shiitake_yield_per_bag"] * v["es_shiitake_price"] == pytest.approx(15.0)
    # 15亿元 over 1.53亿袋.
    assert b["shangluo_2017_gross"].lo == pytest.approx(1.5e9 / 1.53e8) and b["shangluo_2017_gross"].is_point
    # 10万元之多 net over 32000余袋: between 100000/33000 and 100000/32000.
    assert b["hubei_net"].lo == pytest.approx(100_000 / 33_000) and b["hubei_net"].hi == pytest.approx(100_000 / 32_000)
    # 314万元 for 70万袋.
    assert b["luonan_export"].lo == pytest.approx(3.14e6 / 7e5) and b["luonan_export"].is_point
