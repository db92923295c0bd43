"""Derived figures, recomputed here from the CSV files alone, appear in the built pages.

Nothing here imports the shangluo package: the sums are done again, independently.
"""

from __future__ import annotations

import csv
import json
import re
from datetime import date

import pytest

from conftest import ROOT, read_page

pytestmark = pytest.mark.build


def table(name):
    with (ROOT / "data" / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


CLAIMS = {r["claim_id"]: r for r in table("claims.csv")}
CONTEXT = {r["fact_id"]: float(r["value"]) for r in table("context.csv")}


def v(cid, col="value"):
    return float(CLAIMS[cid][col])


def pasted(built_book, page):
    soup = read_page(built_book / "book" / f"{page}.html")
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
    # Days between the city daily's reports and the article, from the dates in the data.
    published = {r["fact_id"]: r["published"] for r in table("context.csv")}
    article_date = date.fromisoformat(json.loads((ROOT / "data/raw/source.json").read_text(encoding="utf-8"))["publication_date"])
    assert str((article_date - date.fromisoformat(published["sn_2022_leaders"])).days) in got
    assert str((article_date - date.fromisoformat(published["ln_2022_leaders_county"])).days) in got
    # The investment chart says the project sets differ.
    soup = read_page(built_book / "book" / "leaders.html")
    alts = " ".join(img.get("alt", "") for img in soup.find_all("img"))
    assert "The two sets of projects differ" in alts
    # The Shangnan sentence is quoted as stored, converter debris and all, and says so.
    text = page_text(built_book, "leaders")
    assert "聯(lián)系" in text and "converter" in text


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
    text = page_text(built_book, "chiefs")
    assert "持续挤压工业产值水分" in text  # the city's own words, beside its full-year figure
    assert "not reported as solved" in text and "still open" not in text


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
    # Gross against gross: Shangluo's shiitake output value a bag in 2017.
    assert fmt(CONTEXT["sl_2017_shiitake_value"] / CONTEXT["sl_2017_shiitake_bags"], 1) in got
    # Net against net: 10万元之多 over 32000余袋 (32,000 to 33,000 bags).
    net_lo, net_hi = CONTEXT["es_grower_net_income"] / 33000, CONTEXT["es_grower_net_income"] / 32000
    assert rng(net_lo, net_hi, 1) in got
    assert rng(lo / bags / net_hi, hi / bags / net_lo, 1) in got
    assert fmt(CONTEXT["ln_2021_export_value"] / CONTEXT["ln_2021_export_bags"], 1) in got


def page_text(built_book, page):
    return read_page(built_book / "book" / f"{page}.html").get_text(" ", strip=True)


def findings_on(built_book, page):
    soup = read_page(built_book / "book" / f"{page}.html")
    return [" ".join(box.get_text(" ", strip=True).split()) for box in soup.select(".admonition.finding")]


def test_every_overview_finding_is_its_chapters_conclusion_with_its_caveat(built_book):
    overview = read_page(built_book / "book" / "index.html")
    boxes = overview.select(".admonition.finding")
    assert len(boxes) >= 5
    for box in boxes:
        text = " ".join(box.get_text(" ", strip=True).split())
        assert "Caveat:" in text
        key = next(c for c in box["class"] if c.startswith("finding-"))
        link = box.find_next("a", href=True)
        chapter = link["href"].split("#")[0].removesuffix(".html")
        assert text in findings_on(built_book, chapter), (key, chapter)
    # The growth headline carries the city's words and both readings.
    growth = next(b for b in boxes if "finding-growth" in b["class"]).get_text(" ", strip=True)
    assert "挤压工业产值水分" in growth and "two readings" in growth
    # No overview finding says Shangnan's count disagrees with the city daily.
    assert "disagree" not in overview.get_text(" ", strip=True)


def test_overview_counts_every_claim(built_book):
    got = pasted(built_book, "index")
    assert str(len(CLAIMS)) in got
    assert re.search(r"\d", " ".join(got))
