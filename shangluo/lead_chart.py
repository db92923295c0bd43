"""The overview's lead chart: how many of the article's figures get each verdict.

One function draws it, so the overview (which shows only the chart) and Claim by claim
(which shows it beneath the ratings it counts, with the call that draws it) show the very
same figure; tests/test_page_markup.py compares the two images.  The Chinese overview's
copy is drawn by the same function, with the Chinese edition's words.
"""

from __future__ import annotations

from . import charts, tables, verdicts

__all__ = ["CSV", "verdicts_by_rating", "summary", "summary_zh", "write_chinese"]

CSV = "verdicts-by-rating"
COLOURS = {"accurate": charts.PALETTE[2], "needs context": charts.PALETTE[0],
           "can't be checked": charts.MUTED, "contradicted": charts.ACCENT}


_AS_VERB = {"accurate": "are accurate", "needs context": "need context",
            "can't be checked": "can't be checked", "contradicted": "are contradicted"}


def _counts():
    return verdicts.verdicts()["rating"].value_counts().reindex(list(verdicts.RATINGS), fill_value=0)


def summary() -> str:
    """The chart in one sentence, for its caption: every rating with its count."""
    counts = {rating: int(n) for rating, n in _counts().items()}
    parts = [f"{n} {_AS_VERB[rating]}" for rating, n in counts.items()]
    return (f"Of the {sum(counts.values())} claims, " + ", ".join(parts[:-1]) + f" and {parts[-1]}. "
            "A claim is accurate only when an outside source counts the same thing for the same "
            "place and time; it is contradicted when it fails a check against the article's own "
            "figures, or such a source falls outside the range its words allow.")


def summary_zh() -> str:
    """The same sentence for the Chinese edition."""
    counts = {rating: int(n) for rating, n in _counts().items()}
    parts = [f"“{verdicts.RATINGS_ZH[rating][0]}”的{n}项" for rating, n in counts.items()]
    return (f"在{sum(counts.values())}项数字中，评为" + "、".join(parts) + "。只有外部来源统计的是同一地点、"
            "同一时段的同一事项时，才评为“属实”；未通过与原文自身数字的核对，或此类来源的数字落在原文措辞允许的范围之外时，评为“与证据不符”。")


# The chart's words in each edition: rating names, title, axis, source line, data headings, alt text.
WORDS = {
    "en": {"names": lambda k: k, "title": "Verdicts on the {n} claims in the book's ledger", "xlabel": "Claims",
           "source": "the book's claim ledger and verdict rules (Claim by claim)", "lead": "Source: ",
           "columns": ("rating", "claims"), "alt": lambda items: charts.alt_text("Bar chart of verdicts: ", items),
           "item": "{name} {n}", "csv": CSV},
    "zh": {"names": lambda k: verdicts.RATINGS_ZH[k][0], "title": "本书清单所列{n}项数字的评级", "xlabel": "项数",
           "source": "本书数字清单及评级规则（见“逐条核查”）", "lead": "来源：",
           "columns": ("评级", "项数"), "alt": lambda items: "条形图，各评级的数字项数：" + "；".join(items) + "。",
           "item": "{name}{n}项", "csv": CSV + "-zh"},
}


def _draw(edition: str):
    """(figure, alt text) of the verdict counts in one edition's words, every rating shown,
    zero or not; the counts are written to ``_build/generated/`` for the chart's data table."""
    w = WORDS[edition]
    counts = _counts()
    names = [w["names"](k) for k in counts.index]
    tables.save(counts.set_axis(names).rename_axis(w["columns"][0]).reset_index(name=w["columns"][1]), w["csv"])
    fig, ax = charts.new_figure(3.4)
    charts.hbars(ax, names, counts.values, [COLOURS[k] for k in counts.index])
    charts.label(ax, w["title"].format(n=int(counts.sum())), xlabel=w["xlabel"], source=w["source"],
                 source_lead=w["lead"])
    return fig, w["alt"]([w["item"].format(name=name, n=int(c)) for name, c in zip(names, counts.values)])


def verdicts_by_rating():
    """(figure, alt text) of the verdict counts, for the English pages (written to
    ``_build/generated/verdicts-by-rating.csv`` for the chart's data table)."""
    return _draw("en")


def write_chinese() -> None:
    """The same chart in Chinese, to ``_build/generated/verdicts-by-rating-zh.svg`` with its
    data in ``verdicts-by-rating-zh.csv`` (the overview's notebook draws it; book/zh/index.md
    shows it)."""
    charts.write_figure(*_draw("zh"), CSV + "-zh")
