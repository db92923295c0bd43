"""Every verdict is reproducible: the rules are re-applied here, from the CSV files, and
compared with the built table and the JSON-LD records.

The rules (see shangluo/verdicts.py and the Claim by claim chapter), re-implemented:
contradicted if an internal check fails or a same-measure outside figure falls outside the
claim's range; else accurate if a same-measure figure falls inside it; else needs context
if any outside figure bears on it; else can't be checked (whatever internal check passes).
"""

from __future__ import annotations

import csv
import json
import math

import pytest

from conftest import ROOT, read_page

pytestmark = pytest.mark.build


def plain(text: str) -> str:
    """Undo Sphinx's typographic quotes, to compare page text with the CSV's."""
    return text.translate(str.maketrans({"\u2018": "'", "\u2019": "'", "\u201c": '"', "\u201d": '"'}))


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
    }
    evidence = table("evidence.csv")
    ratings = {}
    for cid in claims:
        mine = [ok for ids, ok in checks.items() if cid in ids]
        ev = [e for e in evidence if e["claim_id"] == cid]
        same = [e for e in ev if e["relation"] == "same_measure"]
        contradicted = [e for e in same if not lo[cid] <= context[e["fact_id"]] <= hi[cid]]
        if (mine and not all(mine)) or contradicted:
            ratings[cid] = "contradicted"
        elif same:
            ratings[cid] = "accurate"
        elif ev:
            ratings[cid] = "needs context"
        else:
            ratings[cid] = "can't be checked"
    return ratings


def built_ratings(built_book) -> dict[str, list[str]]:
    soup = read_page(built_book / "book" / "claims.html")
    found: dict[str, list[str]] = {}
    for tr in soup.select("table tbody tr"):
        anchor = tr.find("span", id=True)
        if anchor is None:
            continue
        verdict_cell = tr.find_all("td")[-1]
        # Sphinx sets apostrophes as typographic quotes.
        found.setdefault(anchor["id"], []).append(verdict_cell.find("strong").get_text(strip=True).replace("\u2019", "'"))
    return found


def test_every_claim_has_exactly_one_verdict_in_the_book(built_book):
    found = built_ratings(built_book)
    expected = expected_ratings()
    assert set(found) == set(expected)
    assert all(len(v) == 1 for v in found.values())


def test_book_verdicts_follow_the_rules(built_book):
    found = {k: v[0] for k, v in built_ratings(built_book).items()}
    assert found == expected_ratings()


def test_no_claim_is_rated_on_an_outside_figure_that_counts_something_else():
    """Shangnan's 30多 county-level leaders at work on their chains and the city daily's 10
    designated as contacts count different things: not a contradiction (corrected 2026-11-28)."""
    assert expected_ratings()["shangnan-leaders"] == "needs context"
    assert all(e["relation"] != "same_measure" for e in table("evidence.csv"))


def test_every_claim_that_cant_be_checked_has_a_question():
    questions = {q["about"] for q in table("questions.csv")}
    kinds = {c["claim_id"]: c["kind"] for c in table("claims.csv")}
    for cid, rating in expected_ratings().items():
        if rating == "can't be checked" and kinds[cid] == "figure":
            assert cid in questions, cid


def test_jsonld_has_one_record_per_claim(built_book):
    files = list((built_book / "_downloads").rglob("claimreview.jsonld"))
    assert len(files) == 1
    records = json.loads(files[0].read_text(encoding="utf-8"))
    source = json.loads((ROOT / "data" / "raw" / "source.json").read_text(encoding="utf-8"))
    expected = expected_ratings()
    kinds = {c["claim_id"]: c["kind"] for c in table("claims.csv")}
    # Descriptive details (a villager's age) get no ClaimReview record.
    assert sorted(r["identifier"] for r in records) == sorted(c for c in expected if kinds[c] == "figure")
    assert "wang-age" not in {r["identifier"] for r in records}
    corrections = table("corrections.csv")
    for r in records:
        assert r["@type"] == "ClaimReview" and r["claimReviewed"]
        assert r["reviewRating"]["alternateName"] == expected[r["identifier"]]
        assert r["itemReviewed"]["appearance"]["url"] == source["original_url"]
        assert len(r["datePublished"]) == 10
        # Only an accurate claim may carry the best rating.
        if r["reviewRating"]["ratingValue"] == r["reviewRating"]["bestRating"]:
            assert r["reviewRating"]["alternateName"] == "accurate"
        dates = [c["date"] for c in corrections
                 if c["claim_id"] == r["identifier"] or (not c["claim_id"] and c["page"] == "claims")]
        assert r.get("dateModified") == (max(dates) if dates else None)
    claims = {c["claim_id"]: c for c in table("claims.csv")}
    assert all(claims[r["identifier"]]["quote"] in r["claimReviewed"] for r in records)


def test_jsonld_is_embedded_in_the_page(built_book):
    soup = read_page(built_book / "book" / "claims.html")
    scripts = soup.find_all("script", type="application/ld+json")
    assert len(scripts) == 1
    kinds = {c["claim_id"]: c["kind"] for c in table("claims.csv")}
    assert len(json.loads(scripts[0].string)) == sum(k == "figure" for k in kinds.values())


def test_corrections_are_published_and_dated_beside_the_claims(built_book):
    corrections = table("corrections.csv")
    log = read_page(built_book / "book" / "corrections.html")
    rows = log.select("table tbody tr")
    assert len(rows) == len(corrections)
    text = plain(log.get_text(" ", strip=True))
    assert all(plain(c["change"]) in text for c in corrections)
    claims_page = read_page(built_book / "book" / "claims.html")
    for tr in claims_page.select("table tbody tr"):
        anchor = tr.find("span", id=True)
        if anchor is None:
            continue
        mine = [c for c in corrections if c["claim_id"] == anchor["id"]]
        cell = tr.find_all("td")[-1].get_text(" ", strip=True)
        assert all(f"Corrected {c['date']}" in cell for c in mine), anchor["id"]


def test_questions_are_on_the_claims_page(built_book):
    text = plain(read_page(built_book / "book" / "claims.html").get_text(" ", strip=True))
    assert "Questions for the publisher and the city" in text
    assert all(plain(q["question"]) in text for q in table("questions.csv"))


def test_every_data_table_can_be_downloaded_from_the_book(built_book):
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    downloads = {p.name for p in (built_book / "_downloads").rglob("*") if p.is_file()}
    for res in package["resources"]:
        assert res["path"] in downloads, f"{res['path']} is not downloadable from the book"
    assert "datapackage.json" in downloads


# ---------------------------------------------------------------- the package's own records, without a build
# (These need no built book; they are quick, but the module's build mark applies to them too.)

def test_package_verdicts_follow_the_rules():
    from shangluo import verdicts

    rated = verdicts.verdicts().set_index("claim_id")
    assert rated["rating"].to_dict() == expected_ratings()
    values = {"accurate": 4, "needs context": 3, "can't be checked": 2, "contradicted": 1}
    assert all(rated["rating_value"] == rated["rating"].map(values))
    # The checks against the article's own figures pass on the archived data, and say so.
    assert rated.loc["projects-started", "checks_passed"] == ("started-within-projects",)
    assert rated.loc["difficulties-found", "checks_passed"] == ("solved-within-found",)
    assert "fits the article's own figures (Difficulties solved cannot outnumber the difficulties found)" \
        in rated.loc["difficulties-found", "explanation"]
    evidence = rated["evidence"].to_dict()
    for cid in rated.index:
        assert evidence[cid] == tuple(e["fact_id"] for e in table("evidence.csv") if e["claim_id"] == cid)


@pytest.mark.parametrize("book_url", ["", "https://example.org/book/"])
def test_claimreview_records_follow_the_ledger(book_url):
    from shangluo import verdicts

    article_url, published = "https://example.org/article", "2026-11-30"
    records = verdicts.claim_review_jsonld(article_url, published, book_url)
    claims = {c["claim_id"]: c for c in table("claims.csv")}
    source = json.loads((ROOT / "data" / "raw" / "source.json").read_text(encoding="utf-8"))
    expected = expected_ratings()
    explanations = verdicts.verdicts().set_index("claim_id")["explanation"].to_dict()
    corrections = table("corrections.csv")
    values = {"accurate": 4, "needs context": 3, "can't be checked": 2, "contradicted": 1}
    # One record per figure, in ledger order; descriptive details (wang-age) get none.
    assert [r["identifier"] for r in records] == [c for c in claims if claims[c]["kind"] == "figure"]
    for r in records:
        cid, c = r["identifier"], claims[r["identifier"]]
        dates = [x["date"] for x in corrections
                 if x["claim_id"] == cid or (not x["claim_id"] and x["page"] == "claims")]
        assert r == {
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "identifier": cid,
            "url": f"{book_url}book/claims.html#{cid}",
            "claimReviewed": f"{c['subject_en']}, {c['place']}: {c['quote_en']} ({c['quote']})",
            "datePublished": published,
            **({"dateModified": max(dates)} if dates else {}),
            "author": {"@type": "Organization", "name": "The Shangluo book team"},
            "itemReviewed": {
                "@type": "Claim",
                "appearance": {"@type": "NewsArticle", "url": article_url, "headline": source["title"],
                               "datePublished": source["publication_date"],
                               "publisher": {"@type": "Organization", "name": source["publisher"]}},
                "firstAppearance": {"@type": "NewsArticle", "url": article_url},
            },
            "reviewRating": {"@type": "Rating", "ratingValue": values[expected[cid]], "bestRating": 4,
                             "worstRating": 1, "alternateName": expected[cid],
                             "ratingExplanation": explanations[cid]},
        }
        assert type(r["reviewRating"]["ratingValue"]) is int
