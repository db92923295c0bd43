"""Property-based tests (hypothesis) of the verdict rules and the derived figures.

Every expectation is computed here, independently of the code under test (see
tests/properties.py for the shared settings and tolerance).
"""

from __future__ import annotations

import math
from unittest import mock

import pandas as pd
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from shangluo import derived, verdicts
from shangluo.ranges import Range

from properties import close, within  # noqa: F401  (also loads the settings profile)


# ---------------------------------------------------------------- verdict rules

CHECKS = {  # check id -> (claim that must be the smaller, claim that bounds it, description)
    "started-within-projects": ("projects-started", "key-projects",
                                "Projects started cannot outnumber the key projects they are part of."),
    "solved-within-found": ("difficulties-solved", "difficulties-found",
                            "Difficulties solved cannot outnumber the difficulties found."),
}
RATING_VALUES = {"accurate": 4, "needs context": 3, "can't be checked": 2, "contradicted": 1}
PUBLISHERS = ["Shangluo Daily", "Luonan County Bureau of Statistics", "emushroom.net"]


@st.composite
def ledgers(draw):
    """A small claim ledger with outside figures: the four claims the internal checks use
    and a few others, each with a range, and evidence rows linking them to facts."""
    ids = ["projects-started", "key-projects", "difficulties-solved", "difficulties-found"]
    ids += [f"claim-{i}" for i in range(draw(st.integers(0, 3)))]
    claims = []
    for cid in ids:
        lo = draw(st.integers(0, 60))
        width = draw(st.one_of(st.none(), st.integers(0, 30)))
        claims.append({"claim_id": cid, "lower": float(lo),
                       "upper": math.nan if width is None else float(lo + width)})
    n_facts = draw(st.integers(0, 5))
    context = [{"fact_id": f"fact-{i}",
                "value": draw(st.one_of(st.integers(0, 100).map(float),
                                        st.integers(0, 1000).map(lambda v: v / 10 + 0.05))),
                "publisher": draw(st.sampled_from(PUBLISHERS)),
                "published": draw(st.sampled_from(["2022-05-31", "2023"])),
                "measure": draw(st.sampled_from(["people", "projects counted"]))}
               for i in range(n_facts)]
    pairs = draw(st.lists(st.tuples(st.sampled_from(ids), st.integers(0, max(n_facts - 1, 0))),
                          unique=True, max_size=8)) if n_facts else []
    evidence = [{"claim_id": c, "fact_id": f"fact-{f}",
                 "relation": draw(st.sampled_from(["bears_on", "same_measure"]))} for c, f in pairs]
    return claims, context, evidence


def fmt_value(v: float) -> str:
    return f"{int(v):,}" if v == int(v) else f"{v:,.1f}"


def expected_verdicts(claims, context, evidence) -> dict[str, dict]:
    lo = {c["claim_id"]: c["lower"] for c in claims}
    hi = {c["claim_id"]: math.inf if math.isnan(c["upper"]) else c["upper"] for c in claims}
    facts = {f["fact_id"]: f for f in context}
    ok = {check: hi[small] <= lo[big] for check, (small, big, _) in CHECKS.items()}
    out = {}
    for c in claims:
        cid = c["claim_id"]
        mine = [check for check, (small, big, _) in CHECKS.items() if cid in (small, big)]
        passed = [k for k in mine if ok[k]]
        failed = [k for k in mine if not ok[k]]
        ev = [e["fact_id"] for e in evidence if e["claim_id"] == cid]
        same = [e["fact_id"] for e in evidence if e["claim_id"] == cid and e["relation"] == "same_measure"]
        outside = [f for f in same if not lo[cid] <= facts[f]["value"] <= hi[cid]]
        if failed or outside:
            rating = "contradicted"
            parts = [f"fails the check: {CHECKS[k][2]}" for k in failed]
            parts += [f"{facts[f]['publisher']} ({facts[f]['published']}) counted {fmt_value(facts[f]['value'])} "
                      f"for {facts[f]['measure']}, outside the range the article's wording allows" for f in outside]
            explanation = "; ".join(parts)
        elif same:
            rating = "accurate"
            explanation = ("an outside count of the same thing, by "
                           + ", ".join(sorted({facts[f]["publisher"] for f in same}))
                           + ", falls within the article's range")
        elif ev:
            rating = "needs context"
            explanation = (f"{len(ev)} outside figure(s) bear on it, from "
                           + ", ".join(sorted({facts[f]["publisher"] for f in ev}))
                           + "; none counts the same thing for the same place and time, and none contradicts it")
        else:
            rating = "can't be checked"
            explanation = "no outside figure bears on it"
            if passed:
                explanation += ("; it fits the article's own figures ("
                                + " ".join(CHECKS[k][2][:-1] for k in passed)
                                + "), which rules out a slip, not an exaggeration")
        out[cid] = {"rating": rating, "explanation": explanation, "checks_passed": tuple(passed),
                    "checks_failed": tuple(failed), "evidence": tuple(ev), "contradicted_by": tuple(outside),
                    "rating_value": RATING_VALUES[rating]}
    return out


def fake_tables(claims, context, evidence, corrections=()):
    tables = {
        "claims": pd.DataFrame(claims, columns=["claim_id", "lower", "upper"]),
        "context": pd.DataFrame(context, columns=["fact_id", "value", "publisher", "published", "measure"]),
        "evidence": pd.DataFrame(evidence, columns=["claim_id", "fact_id", "relation"]),
        "corrections": pd.DataFrame(list(corrections), columns=["date", "page", "claim_id"]),
    }
    return lambda name, package_path=None: tables[name].copy()


def _claim(cid, lo, hi=None):
    return {"claim_id": cid, "lower": float(lo), "upper": math.nan if hi is None else float(hi)}


def _fact(i, value, publisher):
    return {"fact_id": f"fact-{i}", "value": value, "publisher": publisher, "published": "2023", "measure": "people"}


CHECKED = [_claim("projects-started", 10, 20), _claim("key-projects", 30, 40),
           _claim("difficulties-solved", 10), _claim("difficulties-found", 5, 8)]


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(ledgers())
@example((  # two publishers count the same thing and agree; two more bear on another claim
    CHECKED + [_claim("claim-0", 20, 30), _claim("claim-1", 0)],
    [_fact(0, 25.0, PUBLISHERS[0]), _fact(1, 21.0, PUBLISHERS[1]), _fact(2, 1500.5, PUBLISHERS[2])],
    [{"claim_id": "claim-0", "fact_id": "fact-0", "relation": "same_measure"},
     {"claim_id": "claim-0", "fact_id": "fact-1", "relation": "same_measure"},
     {"claim_id": "claim-1", "fact_id": "fact-0", "relation": "bears_on"},
     {"claim_id": "claim-1", "fact_id": "fact-2", "relation": "bears_on"},
     {"claim_id": "claim-1", "fact_id": "fact-1", "relation": "bears_on"}],
))
@example((  # a failed internal check and two outside counts that disagree
    CHECKED + [_claim("claim-0", 20, 30)],
    [_fact(0, 2500.0, PUBLISHERS[0]), _fact(1, 19.5, PUBLISHERS[1])],
    [{"claim_id": "difficulties-found", "fact_id": "fact-0", "relation": "same_measure"},
     {"claim_id": "claim-0", "fact_id": "fact-0", "relation": "same_measure"},
     {"claim_id": "claim-0", "fact_id": "fact-1", "relation": "same_measure"}],
))
def test_every_verdict_follows_the_rules(ledger):
    claims, context, evidence = ledger
    load = fake_tables(claims, context, evidence)
    with mock.patch.object(verdicts, "load_table", load), mock.patch.object(derived, "load_table", load):
        table = verdicts.verdicts()
    expected = expected_verdicts(claims, context, evidence)
    assert list(table["claim_id"]) == [c["claim_id"] for c in claims]
    for row in table.to_dict("records"):
        assert {k: row[k] for k in expected[row["claim_id"]]} == expected[row["claim_id"]], row["claim_id"]


SOURCE = {"title": "一线解难题 服务力道足", "publication_date": "2022-07-20", "publisher": "陕西党建网"}


@settings(suppress_health_check=[HealthCheck.too_slow], max_examples=50)
@given(ledgers(), st.data())
def test_claimreview_records_follow_the_verdicts_and_corrections(ledger, data):
    """One record per figure (not per descriptive detail), rated as the rules say, with the
    date of the claim's latest correction if it has one."""
    claims, context, evidence = ledger
    for c in claims:
        c.update(kind=data.draw(st.sampled_from(["figure", "detail"])), subject_en=f"subject of {c['claim_id']}",
                 place="Shangluo city", quote_en="more than 20", quote="20余个")
    corrections = [{"date": d, "page": p, "claim_id": c} for d, p, c in data.draw(st.lists(st.tuples(
        st.sampled_from(["2026-11-28", "2026-12-01", "2027-01-15"]), st.sampled_from(["claims", "leaders"]),
        st.sampled_from([None] + [c["claim_id"] for c in claims])), max_size=4))]
    tables = fake_tables(claims, context, evidence, corrections)
    frames = {"claims": pd.DataFrame(claims)}
    load = lambda name, package_path=None: frames[name].copy() if name in frames else tables(name)  # noqa: E731
    with mock.patch.object(verdicts, "load_table", load), mock.patch.object(derived, "load_table", load), \
            mock.patch.object(verdicts, "article_metadata", lambda: SOURCE):
        records = verdicts.claim_review_jsonld("https://example.org/a", "2026-11-30")
    expected = expected_verdicts(claims, context, evidence)
    assert [r["identifier"] for r in records] == [c["claim_id"] for c in claims if c["kind"] == "figure"]
    for r in records:
        cid = r["identifier"]
        dates = [x["date"] for x in corrections if x["claim_id"] == cid or (x["claim_id"] is None and x["page"] == "claims")]
        assert r.get("dateModified", "none") == (max(dates) if dates else "none")
        assert r["url"] == f"book/claims.html#{cid}"
        assert r["claimReviewed"] == f"subject of {cid}, Shangluo city: more than 20 (20余个)"
        assert r["itemReviewed"]["appearance"]["headline"] == SOURCE["title"]
        assert r["itemReviewed"]["appearance"]["publisher"]["name"] == SOURCE["publisher"]
        assert r["reviewRating"]["ratingValue"] == expected[cid]["rating_value"]
        assert r["reviewRating"]["alternateName"] == expected[cid]["rating"]
        assert r["reviewRating"]["ratingExplanation"] == expected[cid]["explanation"]


@given(st.lists(st.tuples(st.sampled_from(["2026-11-28", "2026-12-01", "2027-01-15"]),
                          st.sampled_from(["claims", "leaders"]),
                          st.sampled_from([None, "c1", "c2"])), max_size=6))
def test_a_claim_is_corrected_on_its_latest_correction(rows):
    corrections = [{"date": d, "page": p, "claim_id": c} for d, p, c in rows]
    load = fake_tables([], [], [], corrections)
    with mock.patch.object(verdicts, "load_table", load):
        for cid in ("c1", "c2", "c3"):
            # Its own corrections, and those of the claims page that name no claim (the scale).
            dates = [d for d, p, c in rows if c == cid or (c is None and p == "claims")]
            assert verdicts.corrected_on(cid) == (max(dates) if dates else None)


# ---------------------------------------------------------------- derived figures

@given(st.floats(-50, 50), st.floats(-50, 50),
       st.tuples(st.floats(0.05, 0.95), st.floats(0.05, 0.95)).map(sorted))
def test_implied_growth_of_the_rest_of_the_year_restores_the_full_year(part, full, w):
    """Weighting the part's growth and the implied rest's growth by their shares of the
    year gives back the full year's growth, at both ends of the weight's range."""
    weight = Range(*w)
    rest = derived.implied_rest_of_year_growth(part, full, weight)
    assert rest.lo <= rest.hi
    for share in (weight.lo, weight.hi):
        assert any(close(share * (1 + part / 100) + (1 - share) * (1 + g / 100), 1 + full / 100)
                   for g in (rest.lo, rest.hi)), (share, rest)
    # The rest of the year grew faster than the full year exactly when the part grew slower.
    if part < full:
        assert rest.lo > full or close(rest.lo, full)
    if part > full:
        assert rest.hi < full or close(rest.hi, full)
