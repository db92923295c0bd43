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
    for editions, words in (("en zh", "both editions"), ("zh", "Chinese edition only")):
        marked = [tr for tr in rows if words in tr.get_text()]
        assert len(marked) == sum(c["editions"] == editions for c in corrections) > 0, editions
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
            "inLanguage": "en",
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


@pytest.mark.parametrize("book_url", ["", "https://example.org/book/"])
def test_claimreview_records_in_both_languages_review_the_same_claims(book_url):
    """One set of records for each edition, each record marked with its language: the
    Chinese set reviews the same claims with the same ratingValue, names the rating as the
    Chinese edition does, points at the Chinese page's anchor for the claim, and explains
    the verdict with the same figures as the English explanation."""
    import re

    from shangluo import verdicts

    article_url, published = "https://example.org/article", "2026-11-30"
    english = verdicts.claim_review_jsonld(article_url, published, book_url, language="en")
    chinese = verdicts.claim_review_jsonld(article_url, published, book_url, language="zh-Hans")
    claims = {c["claim_id"]: c for c in table("claims.csv")}
    assert [r["inLanguage"] for r in english] == ["en"] * len(english)
    assert [r["inLanguage"] for r in chinese] == ["zh-Hans"] * len(chinese)
    assert [r["identifier"] for r in chinese] == [r["identifier"] for r in english] != []
    for en, zh in zip(english, chinese):
        cid = en["identifier"]
        assert zh["reviewRating"]["ratingValue"] == en["reviewRating"]["ratingValue"], cid
        assert zh["reviewRating"]["alternateName"] == verdicts.RATINGS_ZH[en["reviewRating"]["alternateName"]][0]
        assert zh["url"] == f"{book_url}book/zh/claims.html#{cid}"
        # The article's words, a quotation inside them in single quotes (“…‘小产业’”).
        quoted = zh["claimReviewed"].replace("\u2018", "\u201c").replace("\u2019", "\u201d")
        assert claims[cid]["quote"] in quoted and claims[cid]["place_zh"] in zh["claimReviewed"]
        # The names in Chinese: the book's authors as the Chinese footer gives them, the publisher's own.
        assert zh["author"]["name"] == "商洛书编写组"
        assert zh["itemReviewed"]["appearance"]["publisher"]["name"] == "陕西党建网"
        assert en["itemReviewed"]["appearance"]["publisher"]["name"].startswith("陕西党建网 (")
        # Everything but the words is the same: dates, the article, the scale.
        strip = ("inLanguage", "url", "claimReviewed", "reviewRating", "author", "itemReviewed")
        assert {k: v for k, v in zh.items() if k not in strip} == {k: v for k, v in en.items() if k not in strip}
        for record in (zh, en):
            del record["itemReviewed"]["appearance"]["publisher"]
        assert zh["itemReviewed"] == en["itemReviewed"]
        same = ("ratingValue", "bestRating", "worstRating")
        assert [zh["reviewRating"][k] for k in same] == [en["reviewRating"][k] for k in same]
        # The explanation is Chinese, and has the English explanation's figures (the count of outside figures).
        explanation = zh["reviewRating"]["ratingExplanation"]
        assert re.search("[\u4e00-\u9fff]", explanation), cid
        assert re.findall(r"\d+", explanation) == re.findall(r"\d+", en["reviewRating"]["ratingExplanation"]), cid
    with pytest.raises(ValueError):
        verdicts.claim_review_jsonld(article_url, published, book_url, language="fr")


def test_the_chinese_explanations_give_the_same_reasons():
    """Each rule's Chinese wording says what its English wording says: the checks it passed
    (in Chinese), and the outside figures' publishers, by their Chinese names."""
    from shangluo import verdicts

    context = {r["fact_id"]: r for r in table("context.csv")}
    checks = {c.check_id: c for c in verdicts.INTERNAL_CHECKS}
    for v in verdicts.verdicts().to_dict("records"):
        zh = verdicts.explanation_zh(v)
        for c in v["checks_passed"]:  # named where the English explanation names it
            assert (checks[c].description_zh.rstrip("。") in zh) == (checks[c].description.rstrip(".") in v["explanation"])
        assert all(context[f]["publisher_zh"] in zh for f in v["evidence"]), v["claim_id"]
        assert ("没有外部数字与之相关" in zh) == (v["rating"] == "can't be checked"), v["claim_id"]


def test_the_chinese_page_rates_every_claim_at_its_anchor_and_embeds_its_own_records(built_book):
    """book/zh/claims: every claim at the same anchor as on the English page (the overview's
    table links to it), with the Chinese name of its rating; the Chinese ClaimReview records
    embedded, the same claims and ratingValues as the English page's; the questions in Chinese."""
    from shangluo import verdicts

    soup = read_page(built_book / "book" / "zh" / "claims.html")
    expected = expected_ratings()
    found = {}
    for tr in soup.select("table tbody tr"):
        anchor = tr.find("span", id=True)
        if anchor is not None:
            found.setdefault(anchor["id"], []).append(tr.find_all("td")[-1].find("strong").get_text(strip=True))
    assert found == {cid: [verdicts.RATINGS_ZH[r][0]] for cid, r in expected.items()}
    overview = read_page(built_book / "book" / "zh" / "index.html")
    linked = [a["href"].split("#")[1] for a in overview.select("table a[href*='claims.html#']")]
    assert linked and set(linked) <= set(found)

    def embedded(page):
        scripts = page.find_all("script", type="application/ld+json")
        assert len(scripts) == 1
        return json.loads(scripts[0].string)

    zh, en = embedded(soup), embedded(read_page(built_book / "book" / "claims.html"))
    assert {r["inLanguage"] for r in zh} == {"zh-Hans"} and {r["inLanguage"] for r in en} == {"en"}
    assert [(r["identifier"], r["reviewRating"]["ratingValue"]) for r in zh] == \
        [(r["identifier"], r["reviewRating"]["ratingValue"]) for r in en]
    assert all(r["url"].endswith(f"book/zh/claims.html#{r['identifier']}") for r in zh)
    text = "".join(soup.get_text().split())  # marks such as the month range's span leave no gap
    assert all("".join(q["question_zh"].split()) in text for q in table("questions.csv"))


def test_the_chinese_explanation_of_each_rating():
    """The wordings no claim uses yet (contradicted, accurate), on made-up outside figures."""
    import pandas as pd

    from shangluo import verdicts

    context = pd.DataFrame([
        {"fact_id": "f1", "publisher": "B bureau", "publisher_zh": "乙局", "published": "2023-02-01", "value": 2500.0},
        {"fact_id": "f2", "publisher": "A daily", "publisher_zh": "甲报", "published": "2023", "value": 19.5},
    ]).set_index("fact_id")
    base = {"checks_passed": (), "checks_failed": (), "evidence": (), "contradicted_by": ()}
    contradicted = verdicts.explanation_zh(base | {"rating": "contradicted", "checks_failed": ("solved-within-found",),
                                                   "evidence": ("f1", "f2"), "contradicted_by": ("f1", "f2")}, context)
    assert contradicted == ("未通过核对：协调解决的困难不可能多于摸排出的困难；乙局（2023年2月1日）对同一事项的统计为2500，"
                            "落在原文措辞允许的范围之外；甲报（2023年）对同一事项的统计为19.5，落在原文措辞允许的范围之外")
    # Publishers in the English explanation's order (by English name), each once.
    accurate = verdicts.explanation_zh(base | {"rating": "accurate", "evidence": ("f1", "f2", "f1")}, context)
    assert accurate == "甲报、乙局对同一事项的外部统计，落在原文措辞允许的范围之内"
    needs = verdicts.explanation_zh(base | {"rating": "needs context", "evidence": ("f1", "f2")}, context)
    assert needs.startswith("有2项外部数字与之相关，来自甲报、乙局；")
    assert verdicts.explanation_zh(base | {"rating": "can't be checked"}, context) == "没有外部数字与之相关"
