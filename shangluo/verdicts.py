"""A verdict for every claim in the ledger, decided by rules, not typed by hand.

The ratings (a small, fixed set, modelled on schema.org ClaimReview):

* **inconsistent** – the claim fails a check against the article's other figures, or
  an outside figure that measures the same thing falls outside the range its wording
  allows.
* **contextualised** – outside figures bear on the claim (data/evidence.csv) and none
  contradicts it; the chapter shows what they say.
* **consistent** – the claim passes at least one check against the article's other
  figures, and no outside figure bears on it.
* **unverifiable** – nothing in the article or the context data can check it.

The rules are applied in that order; the first that matches decides.  The only hand
judgement is which outside figures bear on which claim, and whether one measures the
same thing: that lives in data/evidence.csv with a reason for every row.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Callable

import pandas as pd

from . import paths
from .analysis import claim_ranges
from .data import load_table
from .ranges import Range

__all__ = ["RATINGS", "Check", "INTERNAL_CHECKS", "Verdict", "verdicts", "claim_review_jsonld"]

# rating -> (ratingValue for ClaimReview, one-line definition); higher is better supported.
RATINGS = {
    "consistent": (4, "checks out against the article's other figures"),
    "contextualised": (3, "outside figures bear on it; none contradicts it"),
    "unverifiable": (2, "nothing available can check it"),
    "inconsistent": (1, "contradicted by the article's other figures or by an outside count of the same thing"),
}


@dataclass(frozen=True)
class Check:
    """A test of claims against each other, using only the article's figures."""

    check_id: str
    claim_ids: tuple[str, ...]
    description: str
    test: Callable[[dict[str, Range]], bool]


INTERNAL_CHECKS: tuple[Check, ...] = (
    Check("started-within-projects", ("projects-started", "key-projects"),
          "Projects started cannot outnumber the key projects they are part of.",
          lambda r: r["projects-started"].hi <= r["key-projects"].lo),
    Check("solved-within-found", ("difficulties-solved", "difficulties-found"),
          "Difficulties solved cannot outnumber the difficulties found.",
          lambda r: r["difficulties-solved"].hi <= r["difficulties-found"].lo),
    Check("shangnan-within-city", ("shangnan-leaders", "leaders"),
          "Shangnan's county-level leaders on the chains are among the city's city and county leaders.",
          lambda r: r["shangnan-leaders"].lo <= r["leaders"].hi),
)


@dataclass(frozen=True)
class Verdict:
    claim_id: str
    rating: str
    explanation: str
    checks_passed: tuple[str, ...]
    checks_failed: tuple[str, ...]
    evidence: tuple[str, ...]  # fact_ids
    contradicted_by: tuple[str, ...]  # fact_ids of same-measure figures outside the range


def _fmt(x: float) -> str:
    return f"{x:,.0f}" if float(x).is_integer() else f"{x:,.1f}"


def verdicts() -> pd.DataFrame:
    """One row per ledger claim: rating, explanation, and what decided it."""
    claims = load_table("claims").set_index("claim_id")
    evidence = load_table("evidence")
    context = load_table("context").set_index("fact_id")
    ranges = claim_ranges()
    results = []
    for cid, row in claims.iterrows():
        passed = [c for c in INTERNAL_CHECKS if cid in c.claim_ids and c.test(ranges)]
        failed = [c for c in INTERNAL_CHECKS if cid in c.claim_ids and not c.test(ranges)]
        ev = evidence[evidence["claim_id"] == cid]
        contradicted = [
            e.fact_id for e in ev.itertuples()
            if e.relation == "same_measure" and not ranges[cid].contains(context.loc[e.fact_id, "value"])
        ]
        if failed or contradicted:
            rating = "inconsistent"
            parts = [f"fails the check: {c.description}" for c in failed]
            for fid in contradicted:
                f = context.loc[fid]
                parts.append(f"{f['publisher']} ({f['published']}) counted {_fmt(f['value'])} "
                             f"for {f['measure']}, outside the range the article's wording allows")
            explanation = "; ".join(parts)
        elif len(ev):
            rating = "contextualised"
            names = sorted({context.loc[fid, 'publisher'] for fid in ev["fact_id"]})
            explanation = (f"{len(ev)} outside figure(s) bear on it, from {', '.join(names)}; "
                           "none contradicts it, but none counts the same thing at the same time")
        elif passed:
            rating = "consistent"
            explanation = "passes: " + " ".join(c.description for c in passed)
        else:
            rating = "unverifiable"
            explanation = "no other figure in the article and no outside figure can check it"
        results.append(Verdict(cid, rating, explanation, tuple(c.check_id for c in passed),
                               tuple(c.check_id for c in failed), tuple(ev["fact_id"]), tuple(contradicted)))
    out = pd.DataFrame([r.__dict__ for r in results])
    out["rating_value"] = [RATINGS[r][0] for r in out["rating"]]
    return out


def claim_review_jsonld(article_url: str, date_published: str, book_url: str = "") -> list[dict]:
    """schema.org ClaimReview records, one per ledger claim."""
    claims = load_table("claims").set_index("claim_id")
    source = json.loads(paths.RAW_METADATA.read_text(encoding="utf-8"))
    records = []
    for v in verdicts().itertuples():
        row = claims.loc[v.claim_id]
        records.append({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "identifier": v.claim_id,
            "url": f"{book_url}book/claims.html#{v.claim_id}" if book_url else f"book/claims.html#{v.claim_id}",
            "claimReviewed": f"{row['quote']} ({row['quote_en']})",
            "datePublished": date_published,
            "author": {"@type": "Organization", "name": "The Shangluo book team"},
            "itemReviewed": {
                "@type": "Claim",
                "appearance": {
                    "@type": "NewsArticle",
                    "url": article_url,
                    "headline": source["title"],
                    "datePublished": source["publication_date"],
                    "publisher": {"@type": "Organization", "name": source["publisher"]},
                },
                "firstAppearance": {"@type": "NewsArticle", "url": article_url},
            },
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": int(v.rating_value),
                "bestRating": max(x[0] for x in RATINGS.values()),
                "worstRating": min(x[0] for x in RATINGS.values()),
                "alternateName": v.rating,
                "ratingExplanation": v.explanation,
            },
        })
    return records
