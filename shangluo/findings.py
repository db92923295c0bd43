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
from .chinese_numbers import number as zh_number, percent as zh_percent, quantity as zh_quantity, yuan as zh_yuan
from .ranges import Range, fmt_number, fmt_range

__all__ = ["Finding", "FINDINGS", "internal_checks", "investment", "difficulties", "growth",
           "income_per_bag", "headcounts", "show", "show_zh_html"]


@dataclass(frozen=True)
class Finding:
    key: str
    chapter: str  # the page (book/<chapter>.md) that proves it
    headline: str
    text: str
    caveat: str
    # The same finding for the Chinese edition, from the same figures: headline, text, caveat.
    zh: tuple[str, str, str]
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
        (f"原文的数字之间能相互核对的只有{len(INTERNAL_CHECKS)}处，这{len(INTERNAL_CHECKS)}处核对"
         + ("全部通过。" if verdict == "pass" else "并未全部通过。"),
         "原文所报开工在建项目少于项目总数，已解决的困难少于摸排出的困难。",
         f"这类核对只能发现笔误，发现不了夸大；它们只涉及清单中{len(claims)}项数字里的{len(checked)}项，"
         f"其余{len(claims) - len(checked)}项无法用原文自身的数字检验。"),
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
        ("原文的重点项目投资额，无法折算为全市2022年市级重点项目全年投资的占比。",
         f"若两者统计口径相同，原文所称完成投资{zh_yuan(r['investment'])}相当于市政府工作报告所列2022年市级重点项目"
         f"全年完成投资{zh_yuan(full['value'])}的{zh_percent(share, 0)}。",
         f"二者涵盖的项目并不相同（年中为{zh_quantity(r['key-projects'])}个，全年为{zh_number(full_projects['value'])}个），"
         "而且原文没有说明投资从何时起算，所以这个比例对判断投资进度意义不大。"),
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
        (f"摸排出的困难中，原文称已解决的约占{zh_percent(solved_pct, 0)}。",
         f"局长行长入企摸排困难{zh_quantity(r['difficulties-found'])}个，原文称协调解决{zh_quantity(r['difficulties-solved'])}个"
         f"（{zh_percent(solved_pct, 1)}），其余{zh_quantity(not_reported)}个，原文没有说已经解决。摸排出的困难数"
         + ("恰好等于包联企业数。" if same else "与包联企业数不同。"),
         "原文既没有说明其余困难是否仍在处理，也没有解释两个数为何相同：可能是每家企业各记录了一个困难，也可能是笔误或巧合。"),
        {"solved_pct": solved_pct, "not_reported": not_reported},
    )


def growth() -> Finding:
    r = claim_ranges()
    full = context_fact("sl_2022_iva_growth")
    implied = implied_rest_of_year_growth(r["iva-growth"].lo, full["value"])
    direction = ("was lower than a year earlier" if implied.hi < 0 else "was higher than a year earlier"
                 if implied.lo > 0 else "may have been lower or higher than a year earlier")
    change_zh = (f"同比下降{zh_percent(Range(-implied.hi, -implied.lo), 1)}" if implied.hi < 0
                 else f"同比增长{zh_percent(implied, 1)}" if implied.lo > 0
                 else f"可能下降也可能增长（增速{zh_percent(implied, 1)}）")
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
        "A change in the set of enterprises counted could also move the figures. No source says which of these it is.",
        ("1—5月的增速没有延续到全年。",
         f"原文所说1—5月增长{zh_percent(r['iva-growth'], 1)}，而市政府工作报告给出的2022年全年增速为"
         f"{zh_percent(full['value'], 1)}。如果两者口径相同，按该章的假设推算，6—12月的规上工业增加值"
         f"{change_zh}。",
         "工作报告是在“持续挤压工业产值水分”的同一句话里给出全年增速的，因此有两种解读：一是1—5月之后工业增加值确实同比下降，"
         "二是前期的数字可能偏高、后期改用了更严的口径。统计范围内企业的增减，也可能让这些数字发生变化。没有任何来源说明是哪种情况。"),
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
        f"The article's household earns {fmt_range(per_bag, 1)} yuan more a bag a year on average. As gross income it "
        + ("lies between" if within else "lies outside")
        + f" Shangluo's average shiitake output value a bag in 2017 ({fmt_range(b['shangluo_2017_gross'], 1)} yuan) "
        f"and one Hubei grower's gross value a bag ({fmt_range(b['hubei_gross'], 1)} yuan, his yield times his price). As net income it is "
        f"{fmt_range(times_net, 1)} times the only net figure found, the same grower's net "
        f"income of {fmt_range(b['hubei_net'], 1)} yuan a bag.",
        "The article does not say whether 增收 (extra income) is gross or net; the outside figures are from "
        "another year or another province, and the Hubei figures are one family's own account; its net income is "
        "over a little more than a year, so if those bags earned it, a yearly net a bag would be lower still.",
        (("每袋香菇的增收额介于外部来源的每袋毛产值之间" if within else "每袋香菇的增收额不在外部来源的每袋毛产值之间")
         + f"，相当于目前找到的唯一的每袋净收入数字的{zh_quantity(times_net, 1)}倍。",
         f"按原文，农户每袋年均多收入{zh_yuan(per_bag, 1)}。若理解为毛收入，它"
         + ("介于" if within else "不在")
         + f"商洛2017年香菇每袋平均产值（{zh_yuan(b['shangluo_2017_gross'], 1)}）与湖北一位菇农的每袋毛产值"
         f"（{zh_yuan(b['hubei_gross'], 1)}，即他的单产乘以售价）之间。若理解为净收入，它是现有唯一净收入数字"
         f"（同一位菇农每袋{zh_yuan(b['hubei_net'], 1)}）的{zh_quantity(times_net, 1)}倍。",
         "原文没有说明“增收”是毛收入还是净收入；外部数字来自别的年份或别的省份，湖北的数字只是一户人家的自述，"
         "而且其净收入是一年多时间里的收入：如果是这些菌袋带来的，按年计的每袋净收入还会更低。"),
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
        ("带数字的口号大多对得上；行动名称中的“百名”“千名”只是取整的说法，不能用来衡量这一系列行动的实际规模。",
         f"原文列出具体条目的{len(listed)}个带数字口号中，{len(listed) - len(mismatched)}个条目数与名称相符"
         + (f"，{'、'.join(f'“{n}”' for n in mismatched['name'])}所列少于名称所示。" if len(mismatched) else "。")
         + f"局长行长的行动以“百名”（{zh_number(nominal)}人）命名，原文统计的是{zh_quantity(r['chiefs'])}人，"
         f"是名称所示人数的{zh_quantity(r['chiefs'] / nominal, 1)}倍。",
         "原文的人数涵盖“市县两级”，而名称中的“百名”可能只是市级的数字，因此这个倍数比较的可能不是同一范围。"),
        {"chiefs_ratio": r["chiefs"] / nominal},
    )


# In the order the overview shows them.
FINDINGS = (internal_checks, investment, difficulties, growth, income_per_bag, headcounts)


def show_zh_html(finding: Finding) -> str:
    """The finding's box for the Chinese edition, as HTML: the overview's notebook glues it and
    book/zh/index.md pastes it (MyST-NB pastes HTML, not Markdown, from another page; and
    Markdown's ** would not close after Chinese punctuation anyway)."""
    from html import escape

    headline, text, caveat = (escape(part, quote=False) for part in finding.zh)
    return (f'<div class="admonition finding finding-{finding.key}">\n<p class="admonition-title">核查发现</p>\n'
            f"<p><strong>{headline}</strong>{text}<strong>需要注意：</strong>{caveat}</p>\n</div>\n")


def show(finding: Finding):
    """The finding as a box, the same on its chapter and on the overview."""
    from IPython.display import Markdown

    return Markdown(f":::{{admonition}} Finding\n:class: finding finding-{finding.key}\n\n{finding.markdown()}\n:::\n")
