"""A verdict for every claim in the ledger, decided by rules, not typed by hand.

The ratings, in plain words on the pattern of public fact-checkers (best first):

* **accurate** – an outside source that counts the same thing, for the same place and
  time, gives a figure inside the range the article's words allow.
* **needs context** – outside figures bear on the claim, but none counts the same thing
  for the same place and time; they frame it without confirming it, and none
  contradicts it.
* **can't be checked** – no outside figure bears on it.  It may still fit the article's
  own figures (fewer projects started than exist), which the explanation says; such a
  check catches a slip, not an exaggeration, so it earns no better rating.
* **contradicted** – it fails a check against the article's own figures, or an outside
  count of the same thing falls outside the range its words allow.

The rules are applied in the order contradicted, accurate, needs context, can't be
checked; the first that matches decides.  The only hand judgement is which outside
figures bear on which claim, and whether one counts the same thing: that lives in
data/evidence.csv with a reason for every row, and a ``same_measure`` row must pass the
counted-noun rule of `shangluo.data` before any verdict is drawn from it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

import pandas as pd

from .derived import claim_ranges
from .data import article_metadata, load_table
from .generated_pages import AUTHOR_ZH, publisher_zh
from .ranges import Range

__all__ = ["RATINGS", "RATINGS_ZH", "Check", "INTERNAL_CHECKS", "Verdict", "verdicts", "explanation_zh", "corrected_on",
           "claim_review_jsonld", "LANGUAGES"]

# rating -> (ratingValue for ClaimReview, one-sentence definition); higher is better supported.
# Only "accurate" gets the best value, and only an outside count of the same thing earns it.
RATINGS = {
    "accurate": (4, "An outside source that counts the same thing, for the same place and time, "
                    "gives a figure inside the range the article's words allow."),
    "needs context": (3, "Outside figures bear on it but none counts the same thing for the same place and time, "
                         "so they frame it without confirming it; none contradicts it."),
    "can't be checked": (2, "No outside figure bears on it; at most it fits the article's own figures, "
                            "which catches a slip but not an exaggeration."),
    "contradicted": (1, "It fails a check against the article's own figures, or an outside count of the same "
                        "thing falls outside the range its words allow."),
}


# The ratings in the Chinese edition, with the same definitions.
RATINGS_ZH = {
    "accurate": ("属实", "有外部来源统计的是同一事项、同一地点和时段，其数字落在原文措辞允许的范围之内。"),
    "needs context": ("需结合背景", "有外部数字与之相关，但没有一个统计的是同一地点、同一时段的同一事项，"
                                  "只能提供背景，不能证实；也没有与之矛盾的数字。"),
    "can't be checked": ("无法核实", "没有外部数字与之相关；最多只能与原文其他数字相互印证，而这只能查出笔误，查不出夸大。"),
    "contradicted": ("与证据不符", "未通过与原文自身数字的核对，或有外部来源对同一事项统计的数字落在原文措辞允许的范围之外。"),
}


if set(RATINGS_ZH) != set(RATINGS):
    raise ValueError(f"verdicts.RATINGS_ZH must name every rating of RATINGS: {sorted(set(RATINGS) ^ set(RATINGS_ZH))}")


@dataclass(frozen=True)
class Check:
    """A test of claims against each other, using only the article's figures."""

    check_id: str
    claim_ids: tuple[str, ...]
    description: str
    test: Callable[[dict[str, Range]], bool]
    description_zh: str  # the same sentence, for the Chinese edition


INTERNAL_CHECKS: tuple[Check, ...] = (
    Check("started-within-projects", ("projects-started", "key-projects"),
          "Projects started cannot outnumber the key projects they are part of.",
          lambda r: r["projects-started"].hi <= r["key-projects"].lo,
          "开工在建的项目不可能多于它们所属的重点项目。"),
    Check("solved-within-found", ("difficulties-solved", "difficulties-found"),
          "Difficulties solved cannot outnumber the difficulties found.",
          lambda r: r["difficulties-solved"].hi <= r["difficulties-found"].lo,
          "协调解决的困难不可能多于摸排出的困难。"),
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
        same = [e.fact_id for e in ev.itertuples() if e.relation == "same_measure"]
        contradicted = [f for f in same if not ranges[cid].contains(context.loc[f, "value"])]
        if failed or contradicted:
            rating = "contradicted"
            parts = [f"fails the check: {c.description}" for c in failed]
            for fid in contradicted:
                f = context.loc[fid]
                parts.append(f"{f['publisher']} ({f['published']}) counted {_fmt(f['value'])} "
                             f"for {f['measure']}, outside the range the article's wording allows")
            explanation = "; ".join(parts)
        elif same:
            rating = "accurate"
            names = sorted({context.loc[fid, "publisher"] for fid in same})
            explanation = f"an outside count of the same thing, by {', '.join(names)}, falls within the article's range"
        elif len(ev):
            rating = "needs context"
            names = sorted({context.loc[fid, "publisher"] for fid in ev["fact_id"]})
            explanation = (f"{len(ev)} outside figure(s) bear on it, from {', '.join(names)}; "
                           "none counts the same thing for the same place and time, and none contradicts it")
        else:
            rating = "can't be checked"
            explanation = "no outside figure bears on it"
            if passed:
                explanation += ("; it fits the article's own figures (" + " ".join(c.description.rstrip(".") for c in passed)
                                + "), which rules out a slip, not an exaggeration")
        results.append(Verdict(cid, rating, explanation, tuple(c.check_id for c in passed),
                               tuple(c.check_id for c in failed), tuple(ev["fact_id"]), tuple(contradicted)))
    out = pd.DataFrame([r.__dict__ for r in results])
    out["rating_value"] = [RATINGS[r][0] for r in out["rating"]]
    return out


def explanation_zh(verdict, context: pd.DataFrame | None = None) -> str:
    """The Chinese edition's explanation of one verdict (a row of `verdicts()`), written from
    what decided it (the checks, the outside figures), beside the English wording above: the
    same reasons, with the publishers' Chinese names (data/context.csv, publisher_zh)."""
    from . import chinese_numbers

    context = load_table("context").set_index("fact_id") if context is None else context
    checks = {c.check_id: c for c in INTERNAL_CHECKS}

    def publishers(fact_ids) -> str:
        # In the English explanation's order (sorted by the English name), each named once.
        names = sorted({(context.loc[f, "publisher"], context.loc[f, "publisher_zh"]) for f in fact_ids})
        return "、".join(dict.fromkeys(zh for _, zh in names))

    rating = verdict["rating"]
    if rating == "contradicted":
        parts = [f"未通过核对：{checks[c].description_zh.rstrip('。')}" for c in verdict["checks_failed"]]
        for fid in verdict["contradicted_by"]:
            f = context.loc[fid]
            value = chinese_numbers.number(f["value"], 0 if float(f["value"]).is_integer() else 1)
            when = f["published"] if f["published"] == "n.d." else chinese_numbers.date(f["published"])
            parts.append(f"{f['publisher_zh']}（{when}）对同一事项的统计为{value}，落在原文措辞允许的范围之外")
        return "；".join(parts)
    if rating == "accurate":
        return f"{publishers(verdict['evidence'])}对同一事项的外部统计，落在原文措辞允许的范围之内"
    if rating == "needs context":
        # One figure is “它”, several “没有一项”.
        none = ("它统计的并非同一地点、同一时段的同一事项，也不与之矛盾" if len(verdict["evidence"]) == 1
                else "没有一项统计的是同一地点、同一时段的同一事项，也没有一项与之矛盾")
        return f"有{len(verdict['evidence'])}项外部数字与之相关，来自{publishers(verdict['evidence'])}；{none}"
    explanation = "没有外部数字与之相关"
    if verdict["checks_passed"]:
        explanation += ("；该数字与原文其他数字相符（" + "；".join(checks[c].description_zh.rstrip("。")
                                                       for c in verdict["checks_passed"])
                        + "），这只能排除笔误，排除不了夸大")
    return explanation


def corrected_on(claim_id: str) -> str | None:
    """The date of the latest correction to a claim (data/corrections.csv), or None.

    A correction on the claims page with no claim_id (a change to the rating scale)
    applies to every claim.
    """
    corrections = load_table("corrections")
    mine = corrections[(corrections["claim_id"] == claim_id)
                       | (corrections["claim_id"].isna() & (corrections["page"] == "claims"))]
    return max(mine["date"]) if len(mine) else None


# Each edition's ClaimReview records: their language (BCP 47, as the pages' lang) and page.
LANGUAGES = {"en": "book/claims.html", "zh-Hans": "book/zh/claims.html"}


def _inner_quotes(text: str) -> str:
    return text.replace("\u201c", "\u2018").replace("\u201d", "\u2019")


def claim_review_jsonld(article_url: str, date_published: str, book_url: str = "", language: str = "en") -> list[dict]:
    """schema.org ClaimReview records, one per ledger claim of kind "figure", in one
    edition's language (``"en"`` or ``"zh-Hans"``, its ``inLanguage``): the Chinese set
    reviews the same claims with the same ratingValue, in the Chinese edition's words,
    pointing at the Chinese page.

    Descriptive details (a villager's age) keep their verdict in the ledger but get no
    record: nobody relies on them as claims, and a fact-check feed should not count them.
    """
    if language not in LANGUAGES:
        raise ValueError(f"no ClaimReview records in {language!r}: one of {sorted(LANGUAGES)}")
    chinese = language == "zh-Hans"
    claims = load_table("claims").set_index("claim_id")
    source = article_metadata()
    page = LANGUAGES[language]
    records = []
    for v in verdicts().itertuples():
        row = claims.loc[v.claim_id]
        if row["kind"] != "figure":
            continue
        modified = corrected_on(v.claim_id)
        records.append({
            "@context": "https://schema.org",
            "@type": "ClaimReview",
            "identifier": v.claim_id,
            "inLanguage": language,
            "url": f"{book_url}{page}#{v.claim_id}",
            # Self-contained outside the page: what is counted, where, and the article's words.
            # A quotation inside a quotation takes single quotes in Chinese: “每人每年至少包抓一个‘小产业’”.
            "claimReviewed": (f"{row['place_zh']}：{row['subject_zh']}，原文为“{_inner_quotes(row['quote'])}”" if chinese
                              else f"{row['subject_en']}, {row['place']}: {row['quote_en']} ({row['quote']})"),
            "datePublished": date_published,
            **({"dateModified": modified} if modified else {}),
            "author": {"@type": "Organization", "name": AUTHOR_ZH if chinese else "The Shangluo book team"},
            "itemReviewed": {
                "@type": "Claim",
                "appearance": {
                    "@type": "NewsArticle",
                    "url": article_url,
                    "headline": source["title"],
                    "datePublished": source["publication_date"],
                    "publisher": {"@type": "Organization",
                                  "name": publisher_zh(source["publisher"]) if chinese else source["publisher"]},
                },
                "firstAppearance": {"@type": "NewsArticle", "url": article_url},
            },
            "reviewRating": {
                "@type": "Rating",
                "ratingValue": int(v.rating_value),
                "bestRating": max(x[0] for x in RATINGS.values()),
                "worstRating": min(x[0] for x in RATINGS.values()),
                "alternateName": RATINGS_ZH[v.rating][0] if chinese else v.rating,
                "ratingExplanation": explanation_zh(v._asdict()) if chinese else v.explanation,
            },
        })
    return records
