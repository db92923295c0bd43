"""Derived figures that more than one page uses, so they are computed in one place.

Everything takes and returns `Range` values; see `shangluo.ranges`.
"""

from __future__ import annotations

from .data import load_table
from .quantities import outside_reading
from .ranges import Range

__all__ = ["claim_ranges", "context_range", "JAN_MAY_WEIGHT", "implied_rest_of_year_growth", "per_bag_benchmarks"]

# January to May's share of a year's industrial value added: 5/12 if output were spread
# evenly; the range allows for seasonality either way.
JAN_MAY_WEIGHT = Range(0.35, 0.45)


def claim_ranges() -> dict[str, Range]:
    """Every ledger claim as the range its wording allows, by claim_id."""
    claims = load_table("claims").set_index("claim_id")
    return {cid: Range.from_claim(row) for cid, row in claims.iterrows()}


def context_range(fact_id: str) -> Range:
    """An outside figure as the range its own words allow (32000余袋 → 32,000 to 33,000)."""
    row = load_table("context").set_index("fact_id").loc[fact_id]
    q = outside_reading(row["figure_quote"], row["value"])
    return Range(float(q.lower), float(q.upper))


def implied_rest_of_year_growth(part_growth_pct: float, full_growth_pct: float,
                                weight: Range = JAN_MAY_WEIGHT) -> Range:
    """Growth (per cent) the rest of the year must have had, given growth for part of it.

    Assumes full-year growth is the average of the two periods' growth weighted by each
    period's share of the base year's value added (``weight`` is the first period's share).
    The result is monotonic in the weight, so it is evaluated at both ends of the range.
    """
    g_part, g_full = part_growth_pct / 100, full_growth_pct / 100

    def rest(w: float) -> float:
        return (((1 + g_full) - w * (1 + g_part)) / (1 - w) - 1) * 100

    return weight.map_monotonic(rest)


def per_bag_benchmarks() -> dict[str, Range]:
    """Outside values of a bag of shiitake, in yuan, from data/context.csv.

    Gross against gross, net against net: ``*_gross`` are sales or output value a bag
    before costs, ``hubei_net`` is one grower's net income a bag, and ``luonan_export``
    is what a bag (菌袋) sold for, not the mushrooms grown from it.
    """
    c = context_range
    return {
        "hubei_gross": c("es_shiitake_yield_per_bag") * c("es_shiitake_price"),
        "shangluo_2017_gross": c("sl_2017_shiitake_value") / c("sl_2017_shiitake_bags"),
        "hubei_net": c("es_grower_net_income") / c("es_grower_bags"),
        "luonan_export": c("ln_2021_export_value") / c("ln_2021_export_bags"),
    }
