"""Derived figures that more than one page uses, so they are computed in one place.

Everything takes and returns `Range` values; see `shangluo.ranges`.
"""

from __future__ import annotations

from .data import load_table
from .ranges import Range

__all__ = ["claim_ranges", "JAN_MAY_WEIGHT", "implied_rest_of_year_growth", "per_bag_benchmarks"]

# January to May's share of a year's industrial value added: 5/12 if output were spread
# evenly; the range allows for seasonality either way.
JAN_MAY_WEIGHT = Range(0.35, 0.45)


def claim_ranges() -> dict[str, Range]:
    """Every ledger claim as the range its wording allows, by claim_id."""
    claims = load_table("claims").set_index("claim_id")
    return {cid: Range.from_claim(row) for cid, row in claims.iterrows()}


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
    """Outside values of a bag of shiitake, in yuan, from data/context.csv."""
    ctx = load_table("context").set_index("fact_id")["value"]
    price_2014 = Range.point(ctx["sl_2014_fungi_value"]) / (ctx["sl_2014_fungi_output"] * 1000)
    kg_per_bag_2025 = Range.point(ctx["sl_2025_fungi_fresh"] * 1000) / ctx["sl_2025_fungi_bags"]
    return {
        "hubei_gross": Range.point(ctx["es_shiitake_yield_per_bag"]) * ctx["es_shiitake_price"],
        "shangluo_gross": kg_per_bag_2025 * price_2014,
        "luonan_export": Range.point(ctx["ln_2021_export_value"]) / ctx["ln_2021_export_bags"],
        "shangluo_price_2014": price_2014,
        "shangluo_kg_per_bag_2025": kg_per_bag_2025,
    }
