"""Figures in the Chinese edition: written as Chinese readers expect (the issue's own
examples), and read back to the same values by the parity test's reader."""

from __future__ import annotations

import math
import re

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


_PRINTED = re.compile(r"(\d+)(?:\.(\d+))?([万亿]?)")
_SCALE = {"万": 1e4, "亿": 1e8, "": 1.0}


@given(st.floats(min_value=1, max_value=1e12, allow_nan=False), st.floats(min_value=0, max_value=1e12))
def test_money_reads_back_to_its_bounds(lo, width):
    r = Range(lo, lo + width)
    text = zh.yuan(r)
    printed = _PRINTED.findall(text)
    assert len(printed) == (1 if r.is_point or text.startswith("约") else 2), (text, r)
    got = [v for v in figures(text, chinese=True) if isinstance(v, float)]
    bounds = [r.lo] if len(printed) == 1 else [r.lo, r.hi]
    for (whole, decimals, scale), bound in zip(printed, bounds):
        # Half a unit of the last digit printed (in its own 万 or 亿), and the reader's six significant digits.
        step = 10 ** -len(decimals) * _SCALE[scale]
        value = float(f"{whole}.{decimals or 0}") * _SCALE[scale]
        assert abs(value - bound) <= step / 2 + 1e-9 * bound, (text, r)
        assert any(abs(v - value) <= 1e-5 * value for v in got), (text, got)


def test_outside_sources_are_dated_to_the_precision_they_give():
    """data/context.csv dates some sources by month or year only, or not at all."""
    assert zh.date("2026-01") == "2026年1月" and zh.date("2023") == "2023年" and zh.date("n.d.") == "未注明日期"


def test_chinese_quotations_are_exact_and_name_their_source():
    """The Chinese pages' quotations: the archived sentence unchanged (bold aside), and an
    outside source named in Chinese with its date and where it was read."""
    from conftest import archived_article_text
    from shangluo import data, quotes

    html = quotes.article_zh("p7.1", highlight=("106名市县领导",))
    body = re.sub(r"</?strong>", "", html.split("</p>")[0].removeprefix("<blockquote>\n<p>"))
    assert body in archived_article_text() and "<strong>106名市县领导</strong>" in html and "英" not in html
    row = data.context_fact("ln_2022_leaders_county")
    cite = quotes.cite_zh("ln_2022_leaders_county")
    assert row["publisher_zh"] in cite and "2022年5月31日" in cite
    assert f"<strong>{row['figure_quote']}</strong>" in quotes.source_zh("ln_2022_leaders_county")
