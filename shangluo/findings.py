"""The book's headline findings, each computed once and shown twice.

Every finding is a function that returns a `Finding`: a headline, the sentence that
proves it with computed figures, and the caveat that must travel with it.  The chapter
that proves a finding shows it in a box (`show`), and the overview shows the very same
box, so a headline can never drop its chapter's caveat (tests/test_findings.py compares
the two in the built pages).  The figures are also returned, for the chapter to reuse.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from .derived import claim_ranges, implied_rest_of_year_growth, per_bag_benchmarks
from .data import context_fact, load_table
from .ranges import Range, fmt_number, fmt_range

__all__ = ["Finding", "FINDINGS", "internal_checks", "investment", "difficulties", "growth",
           "income_per_bag", "headcounts", "show"]


@dataclass(frozen=True)
class Finding:
    key: str
    chapter: str  # the page (book/<chapter>.md) that proves it
    headline: str
    text: str
    caveat: str
    figures: dict[str, Range] = field(default_factory=dict, compare=False)

    def markdown(self) -> str:
        return f"**{self.headline}** {self.text} *Caveat:* {self.caveat}"


def internal_checks() -> Finding:
    from .verdicts import INTERNAL_CHECKS

    r = claim_ranges()
    passed = [c for c in INTERNAL_CHECKS if c.test(r)]
    claims = load_table("claims")
    checked = {cid for c in INTERNAL_CHECKS for cid in c.claim_ids}
    verdict = "pass" if len(passed) == len(INTERNAL_CHECKS) else "do not all pass"
    return Finding(
        "internal", "claims",
        f"The article's figures can be checked against each other in only {len(INTERNAL_CHECKS)} ways, "
        f"and those checks {verdict}.",
        "Fewer projects are reported started than exist, and fewer difficulties solved than found.",
        f"These checks catch a slip, not an exaggeration; they involve {len(checked)} of the "
        f"{len(claims)} figures, and nothing in the article tests the other "
        f"{len(claims) - len(checked)}.",
        {"checks": Range.point(len(INTERNAL_CHECKS)), "passed": Range.point(len(passed))},
    )


def investment() -> Finding:
    r = claim_ranges()
    full = context_fact("sl_2022_key_projects_investment")
    full_projects = context_fact("sl_2022_key_projects")
    share = r["investment"] / full["value"] * 100
    return Finding(
        "investment", "leaders",
        "The article's investment cannot be placed within the city's total for 2022.",
        f"The article's {fmt_range(r['investment'], 1, scale=1e9)} billion yuan would be "
        f"{fmt_range(share)} per cent of the {fmt_number(full['value'] / 1e9, 1)} billion yuan the city's work "
        f"report counts for all of 2022, if the two measured the same thing.",
        f"The two figures cover different sets of projects ({fmt_range(r['key-projects'])} at mid-year, "
        f"{fmt_number(full_projects['value'])} over the year), and the article does not say from when its "
        "investment is counted, so the share says little about the pace of spending.",
        {"share": share},
    )


def difficulties() -> Finding:
    r = claim_ranges()
    solved_pct = r["difficulties-solved"] / r["difficulties-found"] * 100
    not_reported = r["difficulties-found"] - r["difficulties-solved"]
    same = r["difficulties-found"] == r["enterprises"]
    return Finding(
        "difficulties", "chiefs",
        f"{fmt_range(solved_pct)} per cent of the difficulties found were reported as solved.",
        f"The chiefs found {fmt_range(r['difficulties-found'])} difficulties and the article reports "
        f"{fmt_range(r['difficulties-solved'])} solved ({fmt_range(solved_pct, 1)} per cent); "
        f"{fmt_range(not_reported)} are not reported as solved. The difficulties found are "
        + ("exactly as many as the enterprises paired." if same else "not as many as the enterprises paired."),
        "The article does not say whether the rest were being worked on, nor why the two counts match: one "
        "difficulty listed for each enterprise, a typo, or chance are all possible.",
        {"solved_pct": solved_pct, "not_reported": not_reported},
    )


def growth() -> Finding:
    r = claim_ranges()
    full = context_fact("sl_2022_iva_growth")
    implied = implied_rest_of_year_growth(r["iva-growth"].lo, full["value"])
    direction = ("was lower than a year earlier" if implied.hi < 0 else "was higher than a year earlier"
                 if implied.lo > 0 else "may have been lower or higher than a year earlier")
    return Finding(
        "growth", "chiefs",
        "The January–May growth was not matched over the full year.",
        f"The article's {fmt_range(r['iva-growth'], 1)} per cent for January to May compares with "
        f"{fmt_number(full['value'], 1)} per cent for all of 2022 in the city's own work report. If both are "
        f"on the same basis, then under the chapter's assumptions industrial value added in June to December "
        f"{direction} (growth {fmt_range(implied, 1)} per cent).",
        "The work report gives its full-year figure in the same sentence as 持续挤压工业产值水分 "
        "(\"continuing to squeeze the water out of industrial output value\"), so there are two readings: "
        "output fell after May, or the early figure may have been inflated and the later one put on a stricter basis. "
        "No source says which.",
        {"implied": implied},
    )


def income_per_bag() -> Finding:
    r = claim_ranges()
    per_bag = r["household-income"] / r["bags-per-household"]
    b = per_bag_benchmarks()
    gross = [b["shangluo_2017_gross"], b["hubei_gross"]]
    lo_g, hi_g = min(g.lo for g in gross), max(g.hi for g in gross)
    within = lo_g <= per_bag.lo and per_bag.hi <= hi_g
    times_net = per_bag / b["hubei_net"]
    return Finding(
        "per-bag", "villages",
        ("The mushroom income a bag lies between outside gross values" if within
         else "The mushroom income a bag lies outside the outside gross values")
        + f", and is {fmt_range(times_net, 1)} times the only net figure found.",
        f"The article's household earns {fmt_range(per_bag, 1)} yuan more a bag. As gross income it "
        + ("lies between" if within else "lies outside")
        + f" Shangluo's average shiitake output value a bag in 2017 ({fmt_range(b['shangluo_2017_gross'], 1)} yuan) "
        f"and one Hubei grower's gross value a bag ({fmt_range(b['hubei_gross'], 1)} yuan, his yield times his price). As net income it is "
        f"{fmt_range(times_net, 1)} times the only net figure found, the same grower's net "
        f"income of {fmt_range(b['hubei_net'], 1)} yuan a bag.",
        "The article does not say whether 增收 (extra income) is gross or net; the outside figures are from "
        "another year or another province, and the Hubei figures are one family's own account; its net income is "
        "over a little more than a year, so if those bags earned it, a yearly net a bag would be lower still.",
        {"per_bag": per_bag, "times_net": times_net, "within": Range.point(1 if within else 0)},
    )


def headcounts() -> Finding:
    r = claim_ranges()
    actions = load_table("programme_actions").set_index("action_id")
    nominal = actions.loc["chiefs-enterprises", "nominal_count"]
    slogans = load_table("slogans")
    listed = slogans[slogans["list_rule"] != "none"]
    mismatched = listed[listed["listed_count"] != listed["stated_count"]]
    return Finding(
        "headcounts", "slogans",
        "The slogans mostly count right; the programme's round head-counts are not a measure of its size.",
        f"Of the {len(listed)} numbered slogans whose items the article lists, "
        f"{len(listed) - len(mismatched)} list as many items as their names say"
        + (f"; {'、'.join(mismatched['name'])} lists fewer." if len(mismatched) else ".")
        + f" The chiefs' action is named for 百名 ({fmt_number(nominal)}) people; the article counts "
        f"{fmt_range(r['chiefs'])}, {fmt_range(r['chiefs'] / nominal, 1)} times as many.",
        "The article's count covers the city and county levels together (市县两级), while the name's 百名 may be "
        "a city-level figure, so the ratio may compare different scopes.",
        {"chiefs_ratio": r["chiefs"] / nominal},
    )


# In the order the overview shows them.
FINDINGS = (internal_checks, investment, difficulties, growth, income_per_bag, headcounts)


def show(finding: Finding):
    """The finding as a box, the same on its chapter and on the overview."""
    from IPython.display import Markdown

    return Markdown(f":::{{admonition}} Finding\n:class: finding finding-{finding.key}\n\n{finding.markdown()}\n:::\n")
