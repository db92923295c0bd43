"""Figures in the Chinese edition: written as Chinese readers expect (the issue's own
examples), and read back to the same values by the parity test's reader."""

from __future__ import annotations

import math

from hypothesis import given, strategies as st

from shangluo import chinese_numbers as zh
from shangluo.ranges import Range
from test_editions import figures


def test_the_conventions():
    assert zh.yuan(12.9e9) == "129亿元"
    assert zh.yuan(5.28e9) == "52.8亿元"
    assert zh.yuan(2e7) == "2000万元"
    assert zh.yuan(Range(3000, 4000)) == "3000至4000元"  # 3000余元 and the range it allows
    assert zh.percent(14.7) == "14.7%"
    assert zh.percent(Range(-9.1, -5.5)) == "\u22129.1%至\u22125.5%"
    assert zh.quantity(Range(1, math.inf), unit="本") == "至少1本"
    assert zh.quantity(Range(2.96, 3.04), 1, "倍") == "约3.0倍"
    assert zh.date("2022-07-20") == "2022年7月20日"
    assert zh.number(-0.04, 1) == "0.0"


@given(st.floats(min_value=1, max_value=1e12, allow_nan=False), st.floats(min_value=0, max_value=1e12))
def test_money_reads_back_to_its_bounds(lo, width):
    r = Range(lo, lo + width)
    text = zh.yuan(r)
    got = sorted(v for v in figures(text, chinese=True) if isinstance(v, float))
    scale = 1e8 if r.lo >= 1e8 else 1e4 if r.lo >= 1e4 else 1.0
    step = scale / 10 if scale > 1 else 1.0  # one decimal of 万 or 亿, or whole yuan (the scale of the lower bound)
    for value, bound in zip(got, [r.lo, r.hi] if len(got) == 2 else [r.lo]):
        # The reader keeps six significant digits; the text, its own step.
        assert abs(value - bound) <= step / 2 + 1e-5 * bound, (text, r)
