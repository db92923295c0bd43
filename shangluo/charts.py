"""One chart style for the whole book, and the helpers that put a chart on a page.

* Okabe–Ito colour-blind-safe palette; readable sizes; DejaVu Sans for Latin text with
  Noto Sans SC (a pinned package) as the per-glyph fallback for Chinese.
* Every chart carries a title and a source line, and goes on the page with alt text.
* `figure_output` renders SVG deterministically (fixed hash salt, no date) and refuses
  a chart whose labels hold a character no loaded font covers.
* The chart forms the chapters share: `hbars` (labelled horizontal bars), `range_bars`
  (figures that may be ranges: the part the wording allows but does not promise is
  hatched), `parts_bar` (one bar cut into labelled parts); `label` puts a chart's words
  on it, `tidy` clears the value axis, `range_text` and `alt_text` write labels and alt text.
"""

from __future__ import annotations

import io
import logging
import re
import warnings
from functools import lru_cache

import matplotlib
from matplotlib import font_manager
from matplotlib.figure import Figure
from matplotlib.ft2font import FT2Font
from matplotlib.text import Text

from .fonts import CJK_FAMILY, CJK_FONT_PATH
from .chart_text import WORDS_DIR, alt_text, range_text, record_words, wrap
from .ranges import fmt_number
from .svg_alt import add_title, svg_size, svg_title  # noqa: F401  (svg_title: re-exported for tests)

__all__ = ["PALETTE", "ACCENT", "MUTED", "apply", "new_figure", "source_line", "figure_output",
           "uncovered_characters", "fonts_in_use", "ChartError", "svg_title",
           "tidy", "label", "wrap", "rows_above", "ROW_NAME_GID", "hbars", "range_bars", "parts_bar", "range_text", "alt_text",
           "WIDTH_IN", "MAX_WIDTH_PT", "MIN_TEXT_PT", "write_figure", "chart_words", "record_chart_words",
           "WORDS_DIR"]

# Okabe & Ito (2008), "Color Universal Design".
PALETTE = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
ACCENT = "#D55E00"  # vermillion: the article's own figure in a comparison
MUTED = "#8C8C8C"
LATIN_FAMILY = "DejaVu Sans"

# Drawn for a phone first.  A page at 390 px shows a chart 332 px wide (measured); a chart at
# most MAX_WIDTH_PT wide there draws its smallest text (MIN_TEXT_PT) at 11 CSS px or more,
# and at its own size on a desktop at 4/3 of that.  tests/test_browser.py measures both.
WIDTH_IN = 4.0
MAX_WIDTH_PT = 310
MIN_TEXT_PT = 10.5


class ChartError(ValueError):
    pass


@lru_cache(maxsize=1)
def _register_font() -> None:
    font_manager.fontManager.addfont(str(CJK_FONT_PATH))


def apply() -> None:
    """Set the book's matplotlib style (idempotent)."""
    _register_font()
    # Noto Sans SC ships one weight; bold titles use it at weight 400 for Chinese glyphs.
    # matplotlib logs that substitution on every title, which would put noise on stderr.
    logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
    matplotlib.rcParams.update({
        # Listing both families (not "sans-serif") is what makes matplotlib fall back
        # glyph by glyph from DejaVu Sans to Noto Sans SC.
        "font.family": [LATIN_FAMILY, CJK_FAMILY],
        "font.size": MIN_TEXT_PT,
        "axes.titlesize": 12,
        "axes.titleweight": "bold",
        "axes.titlelocation": "left",
        "axes.labelsize": MIN_TEXT_PT,
        "xtick.labelsize": MIN_TEXT_PT,
        "ytick.labelsize": MIN_TEXT_PT,
        "legend.fontsize": MIN_TEXT_PT,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": matplotlib.cycler(color=PALETTE),
        "axes.unicode_minus": True,
        "figure.dpi": 100,
        "figure.figsize": (WIDTH_IN, 3.0),
        "svg.fonttype": "path",
        "svg.hashsalt": "shangluo-book",
        "path.simplify": True,
    })


def new_figure(height: float = 3.0, **kwargs):
    """A figure ``height`` inches tall, the book's width, and its axes in the book's style
    (``subplots`` arguments pass through).  Its layout keeps every label inside the width.

    Built without pyplot: no global figure state, and nothing for IPython to display twice.
    """
    from matplotlib.backends.backend_agg import FigureCanvasAgg

    apply()
    fig = Figure(figsize=(WIDTH_IN, height), layout="constrained")
    FigureCanvasAgg(fig)  # a canvas that can measure text, for placing the source line
    return fig, fig.subplots(**kwargs)


SOURCE_GID = "source-line"


def source_line(fig, text: str, lead: str = "Source: ") -> None:
    """The source of a chart: small and grey, placed under everything else by `figure_output`
    (``lead`` is 来源： on a chart for the Chinese edition)."""
    # No line break inside a reference to the article ("paragraph 13, sentence 2").
    kept = re.sub(r"\b(paragraphs?|sentences?) (?=\d)", "\\1\u00a0", f"{lead}{text}")
    fig.text(0, 0, wrap(kept, 45), ha="left", va="top", fontsize=MIN_TEXT_PT, color="#555555",
             gid=SOURCE_GID)
    _told(fig)["source"] = f"{lead}{text}"


def _told(fig) -> dict:
    """The chart's title and source line as a chapter gave them, before `wrap` broke them
    into lines: what the chart kit cites it by (`chart_words`)."""
    if not hasattr(fig, "_book_words"):
        fig._book_words = {}
    return fig._book_words


def _place_source_line(fig) -> None:
    """Move the source line just below the lowest label, aligned with the leftmost one."""
    source = [t for t in fig.texts if t.get_gid() == SOURCE_GID]
    if not source:
        return
    for t in source:
        t.set_visible(False)
    fig.draw_without_rendering()  # let the layout engine place the axes first
    renderer = fig.canvas.get_renderer()
    box = fig.get_tightbbox(renderer)  # inches
    width, height = fig.get_size_inches()
    for t in source:
        t.set_visible(True)
        t.set_position((box.x0 / width, (box.y0 - 0.08) / height))


def tidy(ax) -> None:
    """Clear the category axis of a horizontal bar chart: no left spine, no tick marks
    (the row labels stay)."""
    ax.spines["left"].set_visible(False)
    ax.tick_params(axis="y", length=0)


def label(ax, title: str, *, xlabel: str, source: str, source_lead: str = "Source: ") -> None:
    """A chart's words: its title, what its value axis measures, and its source line."""
    ax.set_xlabel(wrap(xlabel, 45))
    # A title with no Latin letters (a Chinese edition's chart) in the one weight its font
    # has: bold would set only its figures in bold, between regular Chinese characters.
    latin = any(c.isascii() and c.isalpha() for c in title)
    ax.set_title(wrap(title, 34), **({} if latin else {"fontweight": "normal"}))
    _told(ax.figure)["title"] = title
    source_line(ax.figure, source, source_lead)


ROW_NAME_GID = "row-name"


def rows_above(ax, rows, height: float) -> None:
    """Each row's name written above its bar, from the left edge of the chart, instead of
    beside it: on a phone the bars keep the full width."""
    ax.set_yticks([])
    for y, row in enumerate(rows):
        # On white, so that a line at zero does not run through the words.
        ax.text(0, y - height / 2 - 0.06, wrap(str(row).replace("\n", " "), 45),
                transform=ax.get_yaxis_transform(), ha="left", va="bottom", gid=ROW_NAME_GID,
                bbox={"boxstyle": "square,pad=0.05", "facecolor": "white", "edgecolor": "none"})
    ax.set_ylim(len(rows) - 1 + height / 2 + 0.1, -height / 2 - 0.75)  # room above the first bar's name
    tidy(ax)


def hbars(ax, rows, values, colours, *, texts=None, height: float = 0.45):
    """Horizontal bars, the first row at the top, each named above it and with its value at
    its end (or its entry in ``texts``).  Returns the bars."""
    bars = ax.barh(range(len(values)), list(values), color=colours, height=height)
    ax.bar_label(bars, labels=texts, padding=4)
    rows_above(ax, list(rows), height)
    return bars


def range_bars(ax, rows, lows, highs, colours, *, gap: float, texts=None, height: float = 0.45,
               alpha: float = 0.4, solid_near: bool = True) -> None:
    """Horizontal bars for figures that may be ranges, the first row at the top, each
    named above it.

    A point (low equal to high) is a solid bar from zero.  A range is solid from zero to
    its near end (the bound nearer zero) and hatched, paler (``alpha``), from there to its
    far end: the part that the wording allows but does not promise.  With
    ``solid_near=False`` a range is the hatched part alone.

    Each bar's text (``texts``, by default `range_text` of its bounds) stands ``gap``
    beyond its far end, to the left of a bar below zero; on a log axis ``gap`` is a factor.
    """
    if texts is None:
        texts = [range_text(lo, hi) for lo, hi in zip(lows, highs)]
    log = ax.get_xscale() == "log"
    for y, (lo, hi, colour, text) in enumerate(zip(lows, highs, colours, texts)):
        near, far = (lo, hi) if abs(lo) <= abs(hi) else (hi, lo)
        if lo == hi or solid_near:
            ax.barh(y, near, color=colour, height=height)
        if lo != hi:
            ax.barh(y, far - near, left=near, color=colour, alpha=alpha, hatch="//", height=height)
        if log:
            x = far * gap
        else:
            x = far + gap if far >= 0 else far - gap
        ax.text(x, y, text, va="center", ha="left" if far >= 0 else "right")
    rows_above(ax, list(rows), height)


def parts_bar(ax, names, values, colours, *, height: float = 0.5, colon: str = ": ") -> None:
    """One horizontal bar cut into parts, left to right, each with its name and value: the
    first above the bar from its left end, the others below it, ending at their parts'
    right ends.  The value axis runs from zero to the whole.  A Chinese chart passes the
    full-width ``colon="："``."""
    left, total = 0, sum(values)
    for i, (name, value, colour) in enumerate(zip(names, values, colours)):
        ax.barh([0], [value], left=left, color=colour, height=height)
        if i == 0:
            ax.text(0, height / 2 + 0.06, f"{name}{colon}{fmt_number(value)}", ha="left", va="bottom", fontweight="bold")
        else:
            ax.text(left + value, -height / 2 - 0.06, f"{name}{colon}{fmt_number(value)}", ha="right", va="top",
                    fontweight="bold")
        left += value
    ax.set_yticks([])
    ax.set_xlim(0, total)
    ax.set_ylim(-height / 2 - 0.55, height / 2 + 0.45)
    tidy(ax)


@lru_cache(maxsize=8)
def _cmap(path: str) -> frozenset[int]:
    # FreeType's map (through matplotlib) holds the same code points as fontTools'
    # getBestCmap for both fonts, and reads the CJK font in 0.02 s instead of 0.2 s (plus
    # 0.06 s to import fontTools) in every chapter's kernel.
    return frozenset(FT2Font(path).get_charmap())


def fonts_in_use() -> list[str]:
    """Files of the fonts the style resolves to, in fallback order."""
    apply()
    return [font_manager.findfont(font_manager.FontProperties(family=fam), fallback_to_default=False)
            for fam in (LATIN_FAMILY, CJK_FAMILY)]


def uncovered_characters(fig) -> set[str]:
    """Characters in the figure's text that no font of the style can draw."""
    covered = set().union(*(_cmap(p) for p in fonts_in_use()))
    missing = set()
    for artist in fig.findobj(Text):
        for ch in artist.get_text():
            if not ch.isspace() and ord(ch) not in covered:
                missing.add(ch)
    return missing


def figure_output(fig, alt: str):
    """Render ``fig`` as SVG for `myst_nb.glue`, byte-identical on every run.

    Raises `ChartError` if the alt text is empty, the chart has no title or source
    line, or a label has a character no font covers; a "Glyph missing" warning is
    an error too.
    """
    from IPython.display import SVG

    if not alt or not alt.strip():
        raise ChartError("every chart needs alt text")
    texts = [t.get_text() for t in fig.findobj(Text)]
    if not any(t.get_gid() == SOURCE_GID and t.get_text().strip() for t in fig.findobj(Text)):
        raise ChartError("every chart needs a source line (charts.source_line)")
    if not any(ax.get_title(loc="left") or ax.get_title() for ax in fig.axes) and not fig._suptitle:
        raise ChartError("every chart needs a title")
    small = sorted({t.get_text() for t in fig.findobj(Text)
                    if t.get_visible() and t.get_text().strip() and t.get_fontsize() < MIN_TEXT_PT})
    if small:
        raise ChartError(f"text smaller than {MIN_TEXT_PT} pt cannot be read on a phone: {small}")
    missing = uncovered_characters(fig)
    if missing:
        raise ChartError(f"no font covers these characters: {''.join(sorted(missing))}")
    buf = io.BytesIO()
    with warnings.catch_warnings():
        warnings.filterwarnings("error", message=".*[Gg]lyph.*missing.*")
        _place_source_line(fig)  # lays the figure out, once
        # Then the layout is fixed and savefig is given the tight box: with a layout engine or
        # "tight", savefig draws the whole figure once more before drawing it for the file
        # (measured: a third of a chapter's charting time).
        fig.set_layout_engine("none")
        box = fig.get_tightbbox(fig.canvas.get_renderer()).padded(matplotlib.rcParams["savefig.pad_inches"])
        fig.savefig(buf, format="svg", bbox_inches=box, metadata={"Date": None})
    svg = buf.getvalue().decode("utf-8")
    width = svg_size(svg)[0] * 3 / 4  # points
    if width > MAX_WIDTH_PT:
        raise ChartError(f"the chart is {width:.0f} pt wide; on a phone its text would shrink below "
                         f"11 px (at most {MAX_WIDTH_PT} pt: shorten or wrap its labels)")
    # The alt text travels inside the SVG as its <title>; shangluo.sphinx_ext.alt_text copies it
    # to the page's <img alt="…">, so alt text can hold computed figures.
    return SVG(add_title(svg, alt).encode("utf-8"))


def chart_words(fig) -> tuple[str, str]:
    """A chart's title and source line, as `label` and `source_line` were given them (or,
    for a chart titled another way, as its title reads)."""
    told = _told(fig)
    titles = [t for ax in fig.axes for t in (ax.get_title(loc="left"), ax.get_title()) if t]
    title = told.get("title") or (titles[0] if titles else fig._suptitle.get_text() if fig._suptitle else "")
    source = told.get("source") or next((t.get_text() for t in fig.texts if t.get_gid() == SOURCE_GID), "")
    return title, source


def record_chart_words(fig, svg: str | bytes):
    """Record the title and source line of ``fig``, drawn as ``svg``, for the chart kit
    (`shangluo.sphinx_ext.chart_kit` cites the chart by them)."""
    from . import paths

    return record_words(paths.GENERATED / WORDS_DIR, svg, *chart_words(fig))


def write_figure(fig, alt: str, name: str):
    """Write ``fig`` (checked as `figure_output` checks it) to ``_build/generated/NAME.svg``,
    for a page that shows it with a ``{figure}`` directive: the Chinese edition's charts,
    drawn by the English chapter's notebook so that no computation runs twice.  Its title
    and source line are recorded beside it (`record_chart_words`)."""
    from . import paths

    svg = figure_output(fig, alt).data
    svg = svg.decode("utf-8") if isinstance(svg, bytes) else svg
    record_chart_words(fig, svg)
    return paths.write_if_changed(paths.GENERATED / f"{name}.svg", svg)
