"""Every verdict is reproducible: the rules are re-applied here, from the CSV files, and
compared with the built table and the JSON-LD records.

The rules (see shangluo/verdicts.py and the Claim by claim chapter), re-implemented:
inconsistent if an internal check fails or a same-measure outside figure falls outside the
claim's range; else contextualised if any outside figure bears on it; else consistent if an
internal check passes; else unverifiable.
"""

from __future__ import annotations

import csv
import json
import math

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT

pytestmark = pytest.mark.build


def table(name):
    with (ROOT / "data" / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def expected_ratings() -> dict[str, str]:
    claims = {r["claim_id"]: r for r in table("claims.csv")}
    lo = {c: float(r["lower"]) for c, r in claims.items()}
    hi = {c: float(r["upper"]) if r["upper"] else math.inf for c, r in claims.items()}
    context = {r["fact_id"]: float(r["value"]) for r in table("context.csv")}
    checks = {  # claims involved -> does the check pass?
        ("projects-started", "key-projects"): hi["projects-started"] <= lo["key-projects"],
        ("difficulties-solved", "difficulties-found"): hi["difficulties-solved"] <= lo["difficulties-found"],
        ("shangnan-leaders", "leaders"): lo["shangnan-leaders"] <= hi["leaders"],
    }
    evidence = table("evidence.csv")
    ratings = {}
    for cid in claims:
        mine = [ok for ids, ok in checks.items() if cid in ids]
        ev = [e for e in evidence if e["claim_id"] == cid]
        contradicted = [e for e in ev if e["relation"] == "same_measure"
                        and not lo[cid] <= context[e["fact_id"]] <= hi[cid]]
        if (mine and not all(mine)) or contradicted:
            ratings[cid] = "inconsistent"
        elif ev:
            ratings[cid] = "contextualised"
        elif any(mine):
            ratings[cid] = "consistent"
        else:
            ratings[cid] = "unverifiable"
    return ratings


def built_ratings(built_book) -> dict[str, list[str]]:
    soup = BeautifulSoup((built_book / "book" / "claims.html").read_text(encoding="utf-8"), "html.parser")
    found: dict[str, list[str]] = {}
    for tr in soup.select("table tbody tr"):
        anchor = tr.find("span", id=True)
        if anchor is None:
            continue
        verdict_cell = tr.find_all("td")[-1]
        found.setdefault(anchor["id"], []).append(verdict_cell.find("strong").get_text(strip=True))
    return found


def test_every_claim_has_exactly_one_verdict_in_the_book(built_book):
    found = built_ratings(built_book)
    expected = expected_ratings()
    assert set(found) == set(expected)
    assert all(len(v) == 1 for v in found.values())


def test_book_verdicts_follow_the_rules(built_book):
    found = {k: v[0] for k, v in built_ratings(built_book).items()}
    assert found == expected_ratings()


def test_the_rules_can_produce_every_rating():
    ratings = set(expected_ratings().values())
    assert {"inconsistent", "contextualised", "consistent", "unverifiable"} == ratings


def test_jsonld_has_one_record_per_claim(built_book):
    files = list((built_book / "_downloads").rglob("claimreview.jsonld"))
    assert len(files) == 1
    records = json.loads(files[0].read_text(encoding="utf-8"))
    source = json.loads((ROOT / "data" / "raw" / "source.json").read_text(encoding="utf-8"))
    expected = expected_ratings()
    assert sorted(r["identifier"] for r in records) == sorted(expected)
    for r in records:
        assert r["@type"] == "ClaimReview" and r["claimReviewed"]
        assert r["reviewRating"]["alternateName"] == expected[r["identifier"]]
        assert r["itemReviewed"]["appearance"]["url"] == source["original_url"]
        assert len(r["datePublished"]) == 10
    claims = {c["claim_id"]: c for c in table("claims.csv")}
    assert all(claims[r["identifier"]]["quote"] in r["claimReviewed"] for r in records)


def test_jsonld_is_embedded_in_the_page(built_book):
    soup = BeautifulSoup((built_book / "book" / "claims.html").read_text(encoding="utf-8"), "html.parser")
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    assert len(json.loads(scripts[0].string)) == len(expected_ratings())


def test_every_data_table_can_be_downloaded_from_the_book(built_book):
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    downloads = {p.name for p in (built_book / "_downloads").rglob("*") if p.is_file()}
    for res in package["resources"]:
        assert res["path"] in downloads, f"{res['path']} is not downloadable from the book"
    assert "datapackage.json" in downloads
