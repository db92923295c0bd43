"""The checks a Table Schema cannot make, run on every load after frictionless.

Every ledger quote occurs once in its paragraph, and the quantity parser reads back the
row's value, bounds and qualifier from it; every slogan's items are cut from the text by
code; every excluded numeral's context is in the text; every translation matches the
article's own cut; outside figures say what their own words say; and the evidence rule
for ``same_measure`` holds.  Each problem names the file, the CSV line and the column.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .article import Article
from .quantities import QuantityError, chinese_numeral_value, isclose, outside_reading, parse_quantity
from .units import UNIT_FAMILY

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Problem", "DataValidationError", "derive_slogan_items", "derive_stated_count", "counted_noun",
           "article_problems"]


@dataclass(frozen=True)
class Problem:
    file: str
    line: int | None  # CSV line number (the header is line 1); None for file-level problems
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file + (f", line {self.line}" if self.line else "")
        where += f", column '{self.column}'" if self.column else ""
        return f"{where}: {self.message}"


class DataValidationError(ValueError):
    """One or more data files are invalid; ``problems`` lists each bad cell."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        lines = "\n".join(f"  - {p}" for p in problems)
        super().__init__(f"{len(problems)} problem(s) in the data:\n{lines}")

    def __reduce__(self):
        """Rebuilt from its problems, not its message: an error raised in the build's
        background process (`shangluo.build`) reaches the build intact."""
        return (self.__class__, (self.problems,))



def _opt(x):
    """None for a missing cell, else the value as a plain Python number or string."""
    import pandas as pd

    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return None
    if hasattr(x, "item"):
        return x.item()
    return x





def derive_slogan_items(list_quote: str, rule: str) -> list[str]:
    """Cut a slogan's items out of the text that enumerates them."""
    if rule == "none":
        return []
    if rule == "enum":
        return [item.strip("“”‘’\"' ") for item in list_quote.split("、")]
    if rule == "chars":
        return list(list_quote)
    if rule == "quoted":
        return re.findall(r"“([^”]+)”", list_quote)
    raise ValueError(f"unknown list rule {rule!r}")


def derive_stated_count(name: str, parts: str | None) -> int:
    """The count a slogan's name promises.

    With ``parts`` (``百:3;千:4``), each part's numeral must stand in the name before
    its marker (三百, 四千) and the count is their sum; without, it is the numeral
    that opens the name (七项机制 → 7, 双千亿 → 2).
    """
    if parts:
        total = 0
        for part in parts.split(";"):
            marker, count = part.split(":")
            m = re.search(rf"([一二两三四五六七八九十]){re.escape(marker)}", name)
            if not m or chinese_numeral_value(m.group(1)) != int(count):
                raise ValueError(f"part {part!r} does not match the name {name!r}")
            total += int(count)
        return total
    m = re.match(r"[一二两双三四五六七八九十]", name)
    if not m:
        raise ValueError(f"the name {name!r} does not open with a numeral")
    return chinese_numeral_value(m.group(0))


def _rows(df: pd.DataFrame, rel: str, id_column: str, problems: list):
    """Each row with its ``bad(column, message)``, which records a problem naming the row's id."""
    for line, row in df.iterrows():
        def bad(column: str, message: str, line=line, row=row) -> None:
            problems.append(Problem(rel, line, column, f"{message} ({id_column}={row[id_column]})"))
        yield row, bad


def _paragraph(article: Article, row, column: str, bad):
    """The paragraph a row's ``column`` names; None, with the problem reported, if there is none."""
    try:
        return article.paragraph(int(row[column]))
    except KeyError as exc:
        bad(column, str(exc.args[0]))
        return None


def claims_problems(df: pd.DataFrame, article: Article, rel: str) -> list[Problem]:
    problems = []
    for row, bad in _rows(df, rel, "claim_id", problems):
        para = _paragraph(article, row, "paragraph", bad)
        if para is None:
            continue
        if para.section != row["section"]:
            bad("section", f"paragraph {para.number} is in section {para.section!r}, not {row['section']!r}")
        try:
            article.locate(row["quote"], para.number)
        except ValueError as exc:
            bad("quote", f"not in the article as written: {exc}")
            continue
        try:
            q = parse_quantity(row["quote"])
        except QuantityError as exc:
            bad("quote", str(exc))
            continue
        if UNIT_FAMILY[row["unit"]] != q.family:
            bad("unit", f"unit {row['unit']!r} is a {UNIT_FAMILY[row['unit']]} unit but the quote states a {q.family} ({q.unit_word})")
        for col, derived in (("value", q.value), ("lower", q.lower), ("upper", q.upper)):
            if not isclose(_opt(row[col]), derived):
                bad(col, f"{_opt(row[col])} does not match {derived} read from the quote {row['quote']!r}")
        if row["qualifier"] != q.qualifier:
            bad("qualifier", f"{row['qualifier']!r} does not match {q.qualifier!r} read from the quote")
        lower, upper = _opt(row["lower"]), _opt(row["upper"])
        if lower is not None and upper is not None and lower > upper:
            bad("lower", f"lower bound {lower} is greater than upper bound {upper}")
    return problems


def slogans_problems(df: pd.DataFrame, article: Article, rel: str) -> list[Problem]:
    problems = []
    for row, bad in _rows(df, rel, "slogan_id", problems):
        para = _paragraph(article, row, "paragraph", bad)
        if para is not None and row["name"] not in para.text:
            bad("name", f"{row['name']!r} is not in paragraph {row['paragraph']}")
        try:
            stated = derive_stated_count(row["name"], row["parts"])
            if stated != row["stated_count"]:
                bad("stated_count", f"{row['stated_count']} but the name states {stated}")
        except ValueError as exc:
            bad("parts", str(exc))
        rule = row["list_rule"]
        if rule == "none":
            for col in ("list_paragraph", "list_quote", "items", "listed_count"):
                if _opt(row[col]) is not None:
                    bad(col, "must be empty when list_rule is 'none'")
            continue
        if _opt(row["list_paragraph"]) is None or not row["list_quote"]:
            bad("list_quote", f"list_rule {rule!r} needs list_paragraph and list_quote")
            continue
        list_para = _paragraph(article, row, "list_paragraph", bad)
        if list_para is None:
            continue
        if row["list_quote"] not in list_para.text:
            bad("list_quote", f"not in paragraph {row['list_paragraph']} as written")
            continue
        derived = derive_slogan_items(row["list_quote"], rule)
        items = row["items"].split("|") if row["items"] else []
        if items != derived:
            bad("items", f"{'|'.join(items)!r} but the text gives {'|'.join(derived)!r}")
        if _opt(row["listed_count"]) != len(derived):
            bad("listed_count", f"{_opt(row['listed_count'])} but the text lists {len(derived)} items")
    return problems


def exclusions_problems(df: pd.DataFrame, article: Article, rel: str) -> list[Problem]:
    return [Problem(rel, line, "context", f"{row['context']!r} is not in the article body")
            for line, row in df.iterrows() if row["context"] not in article.body]


def translation_problems(df: pd.DataFrame, article: Article, rel: str) -> list[Problem]:
    pieces = article.sentences()
    problems = []
    for line, row in df.iterrows():
        if row["ref"] not in pieces:
            problems.append(Problem(rel, line, "ref", f"{row['ref']!r} is not a piece of the article"))
        elif row["zh"] != pieces[row["ref"]]:
            problems.append(Problem(rel, line, "zh", f"does not match the article's {row['ref']}: {pieces[row['ref']]!r}"))
    missing = [ref for ref in pieces if ref not in set(df["ref"])]
    if missing:
        problems.append(Problem(rel, None, "ref", f"no English rendering for {', '.join(missing)}"))
    if not problems and list(df["ref"]) != list(pieces):
        problems.append(Problem(rel, None, "ref", "rows are not in the article's reading order"))
    return problems


def actions_problems(df: pd.DataFrame, slogans: pd.DataFrame, rel: str) -> list[Problem]:
    problems = []
    listed = slogans.set_index("slogan_id").loc["sanbai-siqian", "items"].split("|")
    if sorted(df["action"]) != sorted(listed):
        problems.append(Problem(rel, None, "action", f"the actions must be the seven items of 三百四千: {listed}"))
    for line, row in df.iterrows():
        if not row["action"].startswith(row["nominal_word"]):
            problems.append(Problem(rel, line, "nominal_word", f"{row['action']!r} does not open with {row['nominal_word']!r}"))
        elif chinese_numeral_value(row["nominal_word"][0]) != row["nominal_count"]:
            problems.append(Problem(rel, line, "nominal_count", f"{row['nominal_count']} is not the count {row['nominal_word']!r} names"))
    return problems


def context_problems(df: pd.DataFrame, rel: str) -> list[Problem]:
    """Every outside figure is what its own words say, and those words are in its sentence."""
    problems = []
    for line, row in df.iterrows():
        if row["figure_quote"] not in row["source_quote"]:
            problems.append(Problem(rel, line, "figure_quote",
                                    f"{row['figure_quote']!r} is not in the row's source_quote (fact_id={row['fact_id']})"))
            continue
        try:
            outside_reading(row["figure_quote"], row["value"])
        except QuantityError as exc:
            problems.append(Problem(rel, line, "value", f"{exc} (fact_id={row['fact_id']})"))
    return problems


def counted_noun(quote: str) -> str:
    """What a ledger quote counts: the words after its number and measure word.

    全市106名市县领导 → 市县领导; 示范带动30多名县级领导 → 县级领导; 开工在建112个 → '' (the
    quote names no noun after its number).
    """
    q = parse_quantity(quote)
    return quote[q.span[1]:]


def evidence_problems(df: pd.DataFrame, claims: pd.DataFrame, context: pd.DataFrame, rel: str) -> list[Problem]:
    """The rule for ``same_measure``, written down so that it can fail.

    An outside figure may be said to count the same thing as a claim only if (1) the
    claim's quote names what it counts after its number (its counted noun), (2) that noun
    appears, as written, in the outside figure's own words (figure_quote), and (3) the
    row's reason names it.  The rule is deliberately plain: sharing a noun is necessary,
    not sufficient; the reason must still say what both count, for whom and when.
    """
    problems = []
    quotes = claims.set_index("claim_id")["quote"]
    figures = context.set_index("fact_id")["figure_quote"]
    for line, row in df.iterrows():
        if row["relation"] != "same_measure" or row["claim_id"] not in quotes or row["fact_id"] not in figures:
            continue
        where = f"(claim_id={row['claim_id']}, fact_id={row['fact_id']})"
        noun = counted_noun(quotes[row["claim_id"]])
        if not noun:
            problems.append(Problem(rel, line, "relation",
                                    f"same_measure needs a claim whose quote names what it counts after its number {where}"))
        elif noun not in figures[row["fact_id"]]:
            problems.append(Problem(rel, line, "relation",
                                    f"same_measure, but the outside figure's words {figures[row['fact_id']]!r} do not count "
                                    f"{noun!r} as the claim does {where}"))
        elif noun not in row["reason"]:
            problems.append(Problem(rel, line, "reason", f"a same_measure reason must name what both count ({noun!r}) {where}"))
    return problems


def questions_problems(df: pd.DataFrame, claims: pd.DataFrame, article: Article, rel: str) -> list[Problem]:
    targets = set(claims["claim_id"]) | set(article.sentences())
    return [Problem(rel, line, "about", f"{row['about']!r} is neither a claim_id nor a sentence of the article")
            for line, row in df.iterrows() if row["about"] not in targets]


# ---------------------------------------------------------------- public API


def article_problems(tables: dict, article: Article, rel: dict[str, str]) -> list[Problem]:
    """Every check above, on the validated tables (``rel`` gives each table's file name)."""
    return (
        claims_problems(tables["claims"], article, rel["claims"])
        + slogans_problems(tables["slogans"], article, rel["slogans"])
        + exclusions_problems(tables["exclusions"], article, rel["exclusions"])
        + actions_problems(tables["programme_actions"], tables["slogans"], rel["programme_actions"])
        + translation_problems(tables["translation"], article, rel["translation"])
        + context_problems(tables["context"], rel["context"])
        + evidence_problems(tables["evidence"], tables["claims"], tables["context"], rel["evidence"])
        + questions_problems(tables["questions"], tables["claims"], article, rel["questions"])
    )
