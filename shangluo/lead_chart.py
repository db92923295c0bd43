"""The overview's lead chart: how many of the article's figures get each verdict.

One function draws it, so the overview (which shows only the chart) and Claim by claim
(which shows it beneath the ratings it counts, with the call that draws it) show the very
same figure; tests/test_page_markup.py compares the two images.
"""

from __future__ import annotations

from . import charts, tables, verdicts

__all__ = ["CSV", "verdicts_by_rating", "summary"]

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
