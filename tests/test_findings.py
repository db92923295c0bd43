"""Derived figures, recomputed here from the CSV files alone, appear in the built pages.

Nothing here imports the shangluo package: the sums are done again, independently.
"""

from __future__ import annotations

import csv
import re

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

pytestmark = pytest.mark.build


def table(name):
    with (ROOT / "data" / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


CLAIMS = {r["claim_id"]: r for r in table("claims.csv")}
CONTEXT = {r["fact_id"]: float(r["value"]) for r in table("context.csv")}


def v(cid, col="value"):
    return float(CLAIMS[cid][col])


def pasted(built_book, page):
    soup = BeautifulSoup((built_book / "book" / f"{page}.html").read_text(encoding="utf-8"), "html.parser")
    return [s.get_text() for s in soup.select(".pasted-text")]


def fmt(x, digits=0):
    text = f"{x:,.{digits}f}"
    return text.replace("-", "\u2212")


def rng(lo, hi, digits=0):
    return f"between {fmt(lo, digits)} and {fmt(hi, digits)}"


def test_leaders_chapter(built_book):
    got = pasted(built_book, "leaders")
    assert fmt(v("projects-started") / v("key-projects") * 100, 1) in got
    assert fmt(v("key-projects") - v("projects-started")) in got
    assert fmt(v("investment") / v("key-projects") / 1e6) in got
    assert fmt(v("investment") / v("projects-started") / 1e6) in got
    assert fmt(v("leaders") / v("chains"), 1) in got
    assert fmt(v("investment") / CONTEXT["sl_2022_key_projects_investment"] * 100) in got
    plan = CONTEXT["sl_2022_key_projects_investment"] / (CONTEXT["sl_2022_key_projects_plan_share"] / 100)
    assert fmt(plan / 1e9, 1) in got
    assert rng(v("shangnan-leaders", "lower") / CONTEXT["sn_2022_leaders"],
               v("shangnan-leaders", "upper") / CONTEXT["sn_2022_leaders"]) in got


def test_chiefs_chapter(built_book):
    got = pasted(built_book, "chiefs")
    assert fmt(v("chiefs") / v("enterprises"), 2) in got
    assert fmt(v("difficulties-solved") / v("difficulties-found") * 100, 1) in got
    assert fmt(v("difficulties-found") - v("difficulties-solved")) in got
    # Rest-of-year growth: full = w*part + (1-w)*rest, for w from 35% to 45%.
    part, full = v("iva-growth") / 100, CONTEXT["sl_2022_iva_growth"] / 100
    ends = [((1 + full) - w * (1 + part)) / (1 - w) - 1 for w in (0.35, 0.45)]
    assert rng(min(ends) * 100, max(ends) * 100, 1) in got
    assert fmt(v("iva-growth") - CONTEXT["sx_2022h1_iva_growth"], 1) in got


def test_villages_chapter(built_book):
    got = pasted(built_book, "villages")
    lo, hi = v("household-income", "lower"), v("household-income", "upper")
    bags, sheds = v("bags-per-household"), v("sheds")
    area_lo, area_hi = v("shed-area", "lower"), v("shed-area", "upper")
    assert fmt(sheds * bags) in got
    assert rng(sheds * lo, sheds * hi) in got
    assert rng(sheds * area_lo, sheds * area_hi) in got
    assert rng(lo / bags, hi / bags, 1) in got
    assert rng(lo / area_hi, hi / area_lo) in got
    assert fmt(CONTEXT["es_shiitake_yield_per_bag"] * CONTEXT["es_shiitake_price"], 1) in got
    assert fmt(CONTEXT["ln_2021_export_value"] / CONTEXT["ln_2021_export_bags"], 1) in got


def test_overview_counts_every_claim(built_book):
    got = pasted(built_book, "index")
    assert str(len(CLAIMS)) in got
    assert re.search(r"\d", " ".join(got))
