"""Load the book's tables, validated against ``data/datapackage.json``.

Every table goes through two gates before any chapter sees it:

1. **Frictionless** checks each CSV against its Table Schema in the data package:
   types, required cells, enums, patterns, unique and primary keys, foreign keys.
2. **The article** checks what a schema cannot: every ledger quote occurs once in
   its paragraph, and the quantity parser reads back the row's value, bounds and
   qualifier from it; every slogan's items are cut from the text by code; every
   excluded numeral's context is in the text.

Any failure raises `DataValidationError`, whose message names the file, the line
(the CSV line number, header = line 1) and the column of every bad cell.
"""

from __future__ import annotations

import json
import math
import re
import sys
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import paths
from .article import Article, ArticleFormatError, load_article
from .fingerprint import content_key, has_stamp, write_stamp
from .quantities import QuantityError, chinese_numeral_value, isclose, outside_reading, parse_quantity

if TYPE_CHECKING:  # pandas is imported where it is used: the build's quick checks do not need it
    import pandas as pd

__all__ = [
    "DataValidationError",
    "Problem",
    "UNIT_FAMILY",
    "UNIT_LABEL",
    "unit_label",
    "validate_package",
    "load_table",
    "claims",
    "claim",
    "package_date",
    "article_metadata",
    "context_fact",
    "derive_slogan_items",
    "derive_stated_count",
    "counted_noun",
]

# Which parser family each ledger unit belongs to.
UNIT_FAMILY = {
    "yuan": "money",
    "percent": "percent",
    "rank": "rank",
    "year_of_age": "age",
    "square_metre": "area",
    **{u: "count" for u in ("person", "project", "chain", "enterprise", "difficulty",
                            "shed", "bag", "booklet", "industry")},
}


# How each ledger unit reads after a number in running text.
UNIT_LABEL = {
    "yuan": "yuan", "percent": "per cent", "rank": "(rank)", "year_of_age": "years old",
    "square_metre": "m²", "person": "people", "project": "projects", "chain": "chains",
    "enterprise": "enterprises", "difficulty": "difficulties", "shed": "sheds", "bag": "bags",
    "booklet": "booklets", "industry": "industries",
}


def unit_label(unit: str, value) -> str:
    """The unit after a number: 'sheds', but '1 shed' (a value of exactly one is singular)."""
    return UNIT_SINGULAR.get(unit, UNIT_LABEL[unit]) if value == 1 else UNIT_LABEL[unit]


# The counting units in the singular; the others read the same after 1 (1 yuan, 1 m²).
UNIT_SINGULAR = {
    "person": "person", "project": "project", "chain": "chain", "enterprise": "enterprise",
    "difficulty": "difficulty", "shed": "shed", "bag": "bag", "booklet": "booklet", "industry": "industry",
}


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


def _rel(path: Path) -> str:
    try:
        return str(path.relative_to(paths.ROOT))
    except ValueError:
        return str(path)


def _read_descriptor(package_path: Path) -> dict:
    try:
        return json.loads(package_path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise DataValidationError([Problem(_rel(package_path), None, None, "file is missing")])
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise DataValidationError([Problem(_rel(package_path), None, None, f"not valid JSON: {exc}")])


def _file_problems(package_path: Path, descriptor: dict) -> list[Problem]:
    """Problems frictionless would report badly: missing files, bad bytes, wrong headers."""
    problems = []
    for res in descriptor["resources"]:
        path = package_path.parent / res["path"]
        rel = _rel(path)
        if not path.exists():
            problems.append(Problem(rel, None, None, "file is missing"))
            continue
        raw = path.read_bytes()
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            line = raw[: exc.start].count(b"\n") + 1
            problems.append(Problem(rel, line, None, f"not UTF-8: byte {raw[exc.start]:#04x} at offset {exc.start}"))
            continue
        header = text.splitlines()[0].split(",") if text else []
        expected = [f["name"] for f in res["schema"]["fields"]]
        for name in expected:
            if name not in header:
                problems.append(Problem(rel, 1, name, "column is missing from the header"))
        for name in header:
            if name not in expected:
                problems.append(Problem(rel, 1, name, "column is not in the schema (data/datapackage.json)"))
        if not problems and header != expected:
            problems.append(Problem(rel, 1, None, f"columns are out of order: expected {expected}"))
    return problems


def _frictionless_problems(package_path: Path) -> list[Problem]:
    # jsonschema (which frictionless uses to check descriptors) imports rfc3987_syntax when
    # it is installed, and JupyterLab's dependencies install it; that import compiles a
    # grammar for almost two seconds, only to offer IRI format checks that no schema here
    # uses.  Marking the module absent makes jsonschema skip it.
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)
    import frictionless  # imported here: it is slow to import and only needed to validate

    report = frictionless.Package(str(package_path)).validate()
    problems = []
    for task in report.tasks:
        rel = _rel(package_path.parent / task.place) if task.place else task.name
        for err in task.errors:
            problems.append(Problem(rel, getattr(err, "row_number", None),
                                    getattr(err, "field_name", None), err.message))
    for err in report.errors:
        problems.append(Problem(_rel(package_path), None, None, err.message))
    return problems


def _read_csv(path: Path, schema: dict) -> pd.DataFrame:
    """Read a validated CSV with the column types its schema declares."""
    import pandas as pd

    df = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    for field in schema["fields"]:
        col, typ = field["name"], field["type"]
        blank = df[col] == ""
        if typ == "integer":
            df[col] = pd.array([None if b else int(v) for v, b in zip(df[col], blank)], dtype="Int64")
        elif typ == "number":
            df[col] = [math.nan if b else float(v) for v, b in zip(df[col], blank)]
            df[col] = df[col].astype("float64")
        else:
            df[col] = df[col].astype(object).where(~blank, None)
    # CSV line of each row, for error messages: header is line 1.
    df.index = pd.RangeIndex(2, 2 + len(df), name="line")
    return df


def _opt(x):
    """None for a missing cell, else the value as a plain Python number or string."""
    import pandas as pd

    if x is None or (isinstance(x, float) and math.isnan(x)) or x is pd.NA:
        return None
    if hasattr(x, "item"):
        return x.item()
    return x


# ---------------------------------------------------------------- article checks


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


def _check_claims(df: pd.DataFrame, article: Article, rel: str) -> list[Problem]:
    problems = []
    for line, row in df.iterrows():
        def bad(column, message):
            problems.append(Problem(rel, line, column, f"{message} (claim_id={row['claim_id']})"))

        try:
            para = article.paragraph(int(row["paragraph"]))
        except KeyError as exc:
            bad("paragraph", str(exc.args[0]))
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


def _check_slogans(df: pd.DataFrame, article: Article, rel: str) -> list[Problem]:
    problems = []
    for line, row in df.iterrows():
        def bad(column, message):
            problems.append(Problem(rel, line, column, f"{message} (slogan_id={row['slogan_id']})"))

        try:
            if row["name"] not in article.paragraph(int(row["paragraph"])).text:
                bad("name", f"{row['name']!r} is not in paragraph {row['paragraph']}")
        except KeyError as exc:
            bad("paragraph", str(exc.args[0]))
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
        try:
            if row["list_quote"] not in article.paragraph(int(row["list_paragraph"])).text:
                bad("list_quote", f"not in paragraph {row['list_paragraph']} as written")
                continue
        except KeyError as exc:
            bad("list_paragraph", str(exc.args[0]))
            continue
        derived = derive_slogan_items(row["list_quote"], rule)
        items = row["items"].split("|") if row["items"] else []
        if items != derived:
            bad("items", f"{'|'.join(items)!r} but the text gives {'|'.join(derived)!r}")
        if _opt(row["listed_count"]) != len(derived):
            bad("listed_count", f"{_opt(row['listed_count'])} but the text lists {len(derived)} items")
    return problems


def _check_exclusions(df: pd.DataFrame, article: Article, rel: str) -> list[Problem]:
    return [Problem(rel, line, "context", f"{row['context']!r} is not in the article body")
            for line, row in df.iterrows() if row["context"] not in article.body]


def _check_translation(df: pd.DataFrame, article: Article, rel: str) -> list[Problem]:
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


def _check_actions(df: pd.DataFrame, slogans: pd.DataFrame, rel: str) -> list[Problem]:
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


def _check_context(df: pd.DataFrame, rel: str) -> list[Problem]:
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


def _check_evidence(df: pd.DataFrame, claims: pd.DataFrame, context: pd.DataFrame, rel: str) -> list[Problem]:
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


def _check_questions(df: pd.DataFrame, claims: pd.DataFrame, article: Article, rel: str) -> list[Problem]:
    targets = set(claims["claim_id"]) | set(article.sentences())
    return [Problem(rel, line, "about", f"{row['about']!r} is neither a claim_id nor a sentence of the article")
            for line, row in df.iterrows() if row["about"] not in targets]


# ---------------------------------------------------------------- public API


def _fingerprint(package_path: Path) -> tuple:
    files = [package_path] + sorted(package_path.parent.glob("*.csv")) + sorted((package_path.parent / "raw").glob("*"))
    return tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in files if f.exists())


def _content_key(package_path: Path) -> str:
    """A hash of every data file and of the code that validates them."""
    here = Path(__file__)
    code = [here, here.with_name("quantities.py"), here.with_name("article.py")]
    files = [package_path, *sorted(package_path.parent.rglob("*.csv")),
             *sorted((package_path.parent / "raw").glob("*")), *code]
    return content_key(files)


# Frictionless takes a couple of seconds; every notebook loads the data, so a passed
# validation is remembered by content hash and not repeated for the same bytes.
STAMPS = paths.BUILD / ".validated"


def already_validated(package_path: Path | str | None = None) -> bool:
    """True if exactly these data files (and validation code) passed validation before."""
    return has_stamp(STAMPS, _content_key(Path(package_path or paths.DATAPACKAGE)))


@lru_cache(maxsize=8)
def _validated(package_path_str: str, _fingerprint: tuple) -> dict[str, pd.DataFrame]:
    package_path = Path(package_path_str)
    descriptor = _read_descriptor(package_path)
    problems = _file_problems(package_path, descriptor)
    if problems:
        raise DataValidationError(problems)
    key = _content_key(package_path)
    if not has_stamp(STAMPS, key):
        problems = _frictionless_problems(package_path)
        if problems:
            raise DataValidationError(problems)
    tables = {res["name"]: _read_csv(package_path.parent / res["path"], res["schema"])
              for res in descriptor["resources"]}
    try:
        article = load_article(package_path.parent / "raw" / paths.RAW_ARTICLE.name)
    except (ArticleFormatError, FileNotFoundError) as exc:
        raise DataValidationError([Problem(_rel(paths.RAW_ARTICLE), None, None, str(exc))])
    rel = {res["name"]: _rel(package_path.parent / res["path"]) for res in descriptor["resources"]}
    problems = (
        _check_claims(tables["claims"], article, rel["claims"])
        + _check_slogans(tables["slogans"], article, rel["slogans"])
        + _check_exclusions(tables["exclusions"], article, rel["exclusions"])
        + _check_actions(tables["programme_actions"], tables["slogans"], rel["programme_actions"])
        + _check_translation(tables["translation"], article, rel["translation"])
        + _check_context(tables["context"], rel["context"])
        + _check_evidence(tables["evidence"], tables["claims"], tables["context"], rel["evidence"])
        + _check_questions(tables["questions"], tables["claims"], article, rel["questions"])
    )
    if problems:
        raise DataValidationError(problems)
    write_stamp(STAMPS, key)
    return tables


def validate_package(package_path: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Validate every table; return them by resource name.  Raises `DataValidationError`."""
    package_path = Path(package_path or paths.DATAPACKAGE)
    return _validated(str(package_path), _fingerprint(package_path))


def load_table(name: str, package_path: Path | str | None = None) -> pd.DataFrame:
    """One validated table as a DataFrame (a copy: chapters may change it freely)."""
    tables = validate_package(package_path)
    if name not in tables:
        raise KeyError(f"no table {name!r} in the data package; there are {sorted(tables)}")
    return tables[name].copy()


def context_fact(fact_id: str):
    """One row of data/context.csv (an outside figure with its provenance and its sentence)."""
    ctx = load_table("context").set_index("fact_id")
    if fact_id not in ctx.index:
        raise KeyError(f"no fact {fact_id!r} in data/context.csv")
    return ctx.loc[fact_id]


def article_metadata() -> dict:
    """The archived article's provenance (data/raw/source.json): URL, date, publisher, checksum."""
    return json.loads(paths.RAW_METADATA.read_text(encoding="utf-8"))


def package_date() -> str:
    """The data package's ``created`` date (YYYY-MM-DD): the date the verdicts are published."""
    return _read_descriptor(paths.DATAPACKAGE)["created"][:10]


def claims() -> pd.DataFrame:
    """The claim ledger, indexed by claim_id."""
    return load_table("claims").set_index("claim_id")


def claim(claim_id: str):
    """One ledger row, as a pandas Series (value, lower, upper, quote, …)."""
    table = claims()
    if claim_id not in table.index:
        raise KeyError(f"no claim {claim_id!r} in data/claims.csv")
    return table.loc[claim_id]
