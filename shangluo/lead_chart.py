"""The overview's lead chart: how many of the article's figures get each verdict.

One function draws it, so the overview (which shows only the chart) and Claim by claim
(which shows it beneath the ratings it counts, with the call that draws it) show the very
same figure; tests/test_page_markup.py compares the two images.
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
    parts = [f"{verdicts.RATINGS_ZH[rating][0]}{n}项" for rating, n in counts.items()]
    return (f"在{sum(counts.values())}项数字中，评为" + "、".join(parts) + "。只有外部来源统计的是同一地点、"
            "同一时段的同一事项时，才评为属实；未通过与原文自身数字的核对，或此类来源的数字落在原文措辞允许的范围之外时，评为与证据不符。")


def write_chinese() -> None:
    """The chart for the Chinese edition, to ``_build/generated/verdicts-by-rating-zh.svg``, and
    its data in Chinese to ``verdicts-by-rating-zh.csv``:
    the same counts, in Chinese (the overview's notebook draws it; book/zh/index.md shows it)."""
    counts = _counts()
    names = [verdicts.RATINGS_ZH[k][0] for k in counts.index]
    tables.save(counts.set_axis(names).rename_axis("评级").reset_index(name="项数"), CSV + "-zh")
    fig, ax = charts.new_figure(3.4)
    charts.hbars(ax, names, counts.values, [COLOURS[k] for k in counts.index])
    charts.label(ax, f"本书清单所列{int(counts.sum())}项数字的评级", xlabel="项数",
                 source="本书的数字清单与评级规则（《逐条核查》章）", source_lead="来源：")
    alt = "条形图，各评级的数字项数：" + "；".join(f"{n}{int(c)}项" for n, c in zip(names, counts.values)) + "。"
    charts.write_figure(fig, alt, CSV + "-zh")


def verdicts_by_rating():
    """(figure, alt text) of the verdict counts, every rating shown, zero or not; the counts
    are written to ``_build/generated/verdicts-by-rating.csv`` for the chart's data table."""
    counts = _counts()
    tables.save(counts.rename_axis("rating").reset_index(name="claims"), CSV)
    fig, ax = charts.new_figure(3.4)
    charts.hbars(ax, counts.index, counts.values, [COLOURS[k] for k in counts.index])
    charts.label(ax, f"Verdicts on the {int(counts.sum())} claims in the book's ledger", xlabel="Claims",
                 source="the book's claim ledger and verdict rules (Claim by claim)")
    alt = charts.alt_text("Bar chart of verdicts: ", [f"{k} {int(n)}" for k, n in counts.items()])
    return fig, alt
