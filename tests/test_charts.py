"""The chart style: a real CJK font, complete glyph coverage, deterministic SVG, alt text."""

from __future__ import annotations

import warnings

import pytest

from shangluo import charts
from shangluo.charts import ChartError, figure_output, svg_title


def chart(title="重点项目 Key projects", labels=("市级重点项目", "开工在建")):
    fig, ax = charts.new_figure()
    ax.bar(list(labels), [3, 2])
    ax.set_title(title)
    charts.source_line(fig, "一线解难题 服务力道足")
    return fig


def test_fonts_are_dejavu_then_packaged_noto_sans_sc():
    latin, cjk = charts.fonts_in_use()
    assert latin.path.endswith("DejaVuSans.ttf")
    assert "pylopdf_fonts_zh_cn" in cjk.path and cjk.path.endswith("NotoSansSC-Regular.otf")


def test_chinese_labels_render_without_missing_glyphs():
    fig = chart()
    assert charts.uncovered_characters(fig) == set()
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        figure_output(fig, "A bar chart.")


def test_a_character_no_font_covers_is_refused():
    fig = chart(title="Hieroglyph \U00013000")
    assert charts.uncovered_characters(fig) == {"\U00013000"}
    with pytest.raises(ChartError, match="no font covers"):
        figure_output(fig, "alt")


def test_same_chart_same_bytes():
    a = figure_output(chart(), "A bar chart.").data
    b = figure_output(chart(), "A bar chart.").data
    assert a == b
    assert "<dc:date>" not in a


def test_alt_text_travels_in_the_svg():
    svg = figure_output(chart(), 'Bars: 3 & 2 "projects"').data
    assert svg_title(svg) == 'Bars: 3 & 2 "projects"'


def test_refuses_charts_without_alt_title_or_source():
    with pytest.raises(ChartError, match="alt"):
        figure_output(chart(), "  ")
    fig, ax = charts.new_figure()
    ax.plot([1, 2])
    charts.source_line(fig, "x")
    with pytest.raises(ChartError, match="title"):
        figure_output(fig, "alt")
    fig, ax = charts.new_figure()
    ax.set_title("t")
    with pytest.raises(ChartError, match="source"):
        figure_output(fig, "alt")

