"""The chart style (a real CJK font, complete glyph coverage, deterministic SVG, alt text)
and the chart forms the chapters share."""

from __future__ import annotations

import re
import unicodedata
import warnings

import pytest
from matplotlib.patches import Rectangle

from shangluo import charts
from shangluo.charts import ChartError, figure_output, svg_title
from shangluo.ranges import MINUS


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


# ---------------------------------------------------------------- the chart forms


def _patches(ax):
    return [p for p in ax.patches if isinstance(p, Rectangle)]


def row_names(ax) -> list[str]:
    return [t.get_text() for t in ax.texts if t.get_gid() == charts.ROW_NAME_GID]


def values(ax):
    return [t for t in ax.texts if t.get_gid() != charts.ROW_NAME_GID]


def test_range_bars_draw_a_point_solid_and_a_range_solid_then_hatched():
    fig, ax = charts.new_figure()
    charts.range_bars(ax, ["point", "range"], [106, 30], [106, 40], [charts.PALETTE[0], charts.ACCENT],
                      texts=["106", "30–40"], gap=1.5)
    point, solid, hatched = _patches(ax)
    assert (point.get_x(), point.get_width(), point.get_hatch()) == (0, 106, None)
    assert (solid.get_x(), solid.get_width(), solid.get_hatch()) == (0, 30, None)
    assert (hatched.get_x(), hatched.get_width(), hatched.get_hatch()) == (30, 10, "//")
    assert hatched.get_alpha() < 1 and solid.get_alpha() is None
    assert point.get_y() + point.get_height() / 2 == 0 and hatched.get_y() + hatched.get_height() / 2 == 1
    assert row_names(ax) == ["point", "range"] and list(ax.get_yticks()) == []
    assert ax.yaxis_inverted() and not ax.spines["left"].get_visible()
    assert [(t.get_text(), t.get_position()) for t in values(ax)] == [("106", (107.5, 0)), ("30–40", (41.5, 1))]


def test_range_bars_can_hatch_a_negative_range_alone_and_label_it_on_the_left():
    fig, ax = charts.new_figure()
    charts.range_bars(ax, ["implied"], [-8.4], [-4.8], [charts.MUTED], texts=["x"], gap=0.4, solid_near=False)
    (hatched,) = _patches(ax)
    assert (round(hatched.get_x(), 6), round(hatched.get_width(), 6)) == (-4.8, -3.6)
    assert hatched.get_hatch() == "//"
    (text,) = values(ax)
    assert text.get_position() == (-8.8, 0) and text.get_horizontalalignment() == "right"


def test_range_bars_on_a_log_axis_place_the_text_by_a_factor():
    fig, ax = charts.new_figure()
    ax.set_xscale("log")
    charts.range_bars(ax, ["once", "a year"], [1, 3000], [1, 4000], [charts.PALETTE[0]] * 2,
                      texts=["a", "b"], gap=1.15)
    assert [t.get_position()[0] for t in values(ax)] == [1.15, 4000 * 1.15]


def test_range_text_shows_one_figure_when_the_bounds_read_the_same():
    assert charts.range_text(30, 40) == "30–40"
    assert charts.range_text(106, 106) == "106"
    assert charts.range_text(3.03, 3.04, 1) == "3.0"
    assert charts.range_text(-8.39, -4.84, 1, "%", " to ") == f"{MINUS}8.4% to {MINUS}4.8%"
    assert charts.range_text(3000, 4000) == "3,000–4,000"


def test_hbars_label_each_bar_and_read_top_down():
    fig, ax = charts.new_figure()
    bars = charts.hbars(ax, ["a", "b"], [3, 2], [charts.PALETTE[0], charts.MUTED], texts=["three", "two"])
    assert [b.get_width() for b in bars] == [3, 2]
    assert [t.get_text() for t in values(ax)] == ["three", "two"]
    assert row_names(ax) == ["a", "b"]
    # Each name sits just above its bar (the axis is inverted: above is a smaller y).
    for name, bar in zip([t for t in ax.texts if t.get_gid() == charts.ROW_NAME_GID], bars):
        assert name.get_position()[1] < bar.get_y() and name.get_verticalalignment() == "bottom"
    assert ax.yaxis_inverted() and not ax.spines["left"].get_visible()


def test_parts_bar_cuts_one_bar_into_labelled_parts():
    fig, ax = charts.new_figure()
    charts.parts_bar(ax, ["Solved 协调解决", "Not reported as solved"], [100, 300],
                     [charts.PALETTE[2], charts.MUTED])
    first, second = _patches(ax)
    assert (first.get_x(), first.get_width(), second.get_x(), second.get_width()) == (0, 100, 100, 300)
    assert [t.get_text() for t in ax.texts] == ["Solved 协调解决: 100", "Not reported as solved: 300"]
    # The first name stands above the bar from its left end; the next below it, ending at its part's end.
    assert [(t.get_position()[0], t.get_horizontalalignment(), t.get_verticalalignment()) for t in ax.texts] == \
        [(0, "left", "bottom"), (400, "right", "top")]
    assert ax.texts[0].get_position()[1] > 0 > ax.texts[1].get_position()[1]
    assert ax.get_xlim() == (0, 400) and list(ax.get_yticks()) == []
    fig, ax = charts.new_figure()
    charts.parts_bar(ax, ["协调解决"], [75], [charts.PALETTE[2]], colon="：")
    assert [t.get_text() for t in ax.texts] == ["协调解决：75"]


def test_alt_text_lists_the_items():
    assert charts.alt_text("Bar chart of verdicts: ", ["accurate 0", "contradicted 1"]) == \
        "Bar chart of verdicts: accurate 0; contradicted 1."


def _labelled(fig, ax):
    ax.set_title("A title")
    charts.source_line(fig, "a source")


def test_text_too_small_for_a_phone_is_refused():
    fig, ax = charts.new_figure()
    _labelled(fig, ax)
    ax.text(0.5, 0.5, "a footnote", fontsize=charts.MIN_TEXT_PT - 1)
    with pytest.raises(ChartError, match="smaller than"):
        figure_output(fig, "alt")


def test_a_chart_wider_than_a_phone_column_is_refused():
    fig, ax = charts.new_figure()
    _labelled(fig, ax)
    ax.text(1.0, 0.5, "a label running far beyond the right edge of the chart, " * 2, transform=ax.transAxes)
    with pytest.raises(ChartError, match="pt wide"):
        figure_output(fig, "alt")


def test_a_chart_of_the_book_width_is_accepted_and_no_wider_than_allowed():
    fig, ax = charts.new_figure()
    charts.hbars(ax, ["City-level key projects 市级重点项目", "Not yet started"], [121, 9], [charts.PALETTE[0]] * 2)
    charts.label(ax, "Most of the key projects paired with leaders had started by mid-2022", xlabel="Projects",
                 source="一线解难题 服务力道足, Shaanxi party-building site, 2022-07-20 (paragraph 7)")
    svg = figure_output(fig, "alt").data
    svg = svg.decode() if isinstance(svg, bytes) else svg
    width = float(re.search(r'<svg[^>]*\bwidth="([0-9.]+)pt"', svg).group(1))
    assert charts.WIDTH_IN * 72 * 0.8 < width <= charts.MAX_WIDTH_PT


def test_wrap_counts_a_chinese_character_as_two_columns_and_keeps_line_breaks():
    assert charts.wrap("aaa bbb ccc", 7) == "aaa bbb\nccc"
    assert charts.wrap("一线解难题 服务力道足", 10) == "一线解难题\n服务力道足"
    assert charts.wrap("first line\nsecond", 20) == "first line\nsecond"


def test_wrap_cuts_a_long_run_of_chinese_by_the_line_breaking_rules():
    """A Chinese source line has no spaces: it is cut between characters, every line within
    the width, never starting with a closing mark or ending with an opening one, and never
    between a figure and its unit; nothing is lost or added."""
    text = "来源：原文 p7.1；商洛市人民政府，在商洛市第五届人民代表大会第三次会议上的政府工作报告，2023年2月1日，读自“转载网页”"
    lines = charts.wrap(text, 20).split("\n")
    assert len(lines) > 3 and "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in line) <= 20 for line in lines)
    assert not any(line[0] in "，。；：”" or line[-1] in "“（" for line in lines)
    assert not any(a[-1].isdigit() and b[0] in "年月日" for a, b in zip(lines, lines[1:]))
    assert charts.wrap("洛南县包抓重点产业链的县级领导（《商洛日报》，5月）", 40).split("\n")[1] == "（《商洛日报》，5月）"


def test_a_chinese_title_is_set_in_the_one_weight_its_font_has():
    """Noto Sans SC has one weight: a bold Chinese title would have bold figures between
    regular characters.  An English title stays bold."""
    weights = []
    for title in ("Investment in key projects", "市级重点项目完成投资：原文121个项目"):
        fig, ax = charts.new_figure(2)
        charts.label(ax, title, xlabel="x", source="s")
        weights.append(ax._left_title.get_fontweight())
    assert weights == ["bold", "normal"]


def test_a_charts_title_and_source_are_recorded_as_given_and_unwrapped(tmp_path):
    """The chart kit cites a chart by the words its chapter gave it, not the lines `wrap` cut."""
    from shangluo.chart_text import read_words, record_words

    title = "Most of the key projects paired with leaders had started by mid-2022, and then some more"
    fig, ax = charts.new_figure()
    charts.hbars(ax, ["a", "b"], [3, 2], charts.PALETTE[:2])
    charts.label(ax, title, xlabel="Projects", source="一线解难题 服务力道足, Shaanxi party-building site, 2022-07-20")
    assert "\n" in ax.get_title(loc="left")  # wrapped on the chart
    svg = figure_output(fig, "Bars.").data
    record_words(tmp_path, svg, *charts.chart_words(fig))
    assert read_words(tmp_path, svg, "a chart") == {
        "title": title, "source": "Source: 一线解难题 服务力道足, Shaanxi party-building site, 2022-07-20"}
    # Another chart's SVG has no record: an error that names what is missing.
    with pytest.raises(ValueError, match="other chart: no record of the chart's title"):
        read_words(tmp_path, svg + " ", "other chart")
    next(tmp_path.glob("*.json")).write_text("{", encoding="utf-8")
    with pytest.raises(ValueError, match=r"\.json: not valid JSON"):
        read_words(tmp_path, svg, "a chart")


def test_unwrap_joins_chinese_lines_without_a_space_and_english_ones_with_one():
    from shangluo.chart_text import unwrap, wrap

    assert unwrap("领导包联的市级重点项目，\n截至年中大多已开工在建") == "领导包联的市级重点项目，截至年中大多已开工在建"
    assert unwrap("Shaanxi\nparty-building  site") == "Shaanxi party-building site"
    # (A space between two Chinese words is lost, which is why charts record the words as given.)
    long_chinese = "来源：《商洛日报》，陕西党建网，2022年7月20日（原文第7段第1句）"
    assert "\n" in wrap(long_chinese, 20) and unwrap(wrap(long_chinese, 20)) == long_chinese
