"""Load the book's tables, validated against ``data/datapackage.json``.

Every table goes through two gates before any chapter sees it:

1. **Frictionless** checks each CSV against its Table Schema in the data package:
   types, required cells, enums, patterns, unique and primary keys, foreign keys.
2. **The article** checks what a schema cannot (`shangluo.checks`).

Any failure raises `DataValidationError`, whose message names the file, the line
(the CSV line number, header = line 1) and the column of every bad cell.  A passed
validation is stamped (`shangluo.fingerprint`) and not repeated for the same bytes.
"""

from __future__ import annotations

import json
import math
import sys
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING

from . import paths
from .article import ArticleFormatError, load_article
from .checks import DataValidationError, Problem, article_problems
from .fingerprint import digest, stamp, stamped
from .units import unit_label

if TYPE_CHECKING:  # pandas is imported where it is used: the build's quick checks do not need it
    import pandas as pd

__all__ = ["DataValidationError", "validate_package", "already_validated", "load_table", "claims", "claim",
           "package_date", "package_licences", "article_metadata", "context_fact", "unit_label"]


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


# The book's own properties of each table in data/datapackage.json (README.md, "Data"), in
# English and Chinese: what Get the data shows for it (shangluo.generated_pages).
ORIGINS = ("article", "outside", "book")
_OWN_PROPERTIES = ("title_zh", "description_zh", "period", "period_zh", "unit", "unit_zh", "origin_note",
                   "origin_note_zh")


def _property_problems(package_path: Path, descriptor: dict) -> list[Problem]:
    """The book's own properties that a table lacks, or that name what is not there."""
    rel, problems = _rel(package_path), []
    for res in descriptor["resources"]:
        where = f"resource {res.get('name')!r}"
        for key in _OWN_PROPERTIES:
            if not str(res.get(key, "")).strip():
                problems.append(Problem(rel, None, None, f"{where}: property {key!r} is missing or empty"))
        if res.get("origin") not in ORIGINS:
            problems.append(Problem(rel, None, None, f"{where}: origin {res.get('origin')!r} is not one of {ORIGINS}"))
        columns = {f["name"] for f in res.get("schema", {}).get("fields", [])}
        for key in ("period_field", "unit_field"):
            if key in res and res[key] not in columns:
                problems.append(Problem(rel, None, None, f"{where}: {key} names {res[key]!r}, which is not a column"))
        for source in res.get("sources", []):
            if not (source.get("title") and source.get("title_zh")):
                problems.append(Problem(rel, None, None, f"{where}: a source lacks its title or title_zh"))
        if not res.get("sources"):
            problems.append(Problem(rel, None, None, f"{where}: property 'sources' is missing or empty"))
    return problems


def skip_iri_grammar() -> None:
    """Keep jsonschema from importing rfc3987_syntax in this process.

    jsonschema (which frictionless and Jupyter Book use to check descriptors and the book's
    configuration) imports rfc3987_syntax when it is installed, and JupyterLab's
    dependencies install it; that import compiles 39 grammars, only to offer the "iri"
    format checks, which no schema here uses (tests/test_validation.py checks that).
    Marking the module absent makes jsonschema skip it.  Measured on this machine: the
    import costs 1.4-2.0 s in each process; validating the package took 3.4-5.0 s with it
    and 0.8-1.2 s without.
    """
    if "jsonschema" not in sys.modules:
        sys.modules.setdefault("rfc3987_syntax", None)


def _frictionless_problems(package_path: Path) -> list[Problem]:
    skip_iri_grammar()
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



# ---------------------------------------------------------------- public API


def data_files(package_path: Path | None = None) -> list[Path]:
    """Every data file: the descriptor, the tables, the archived article and its provenance."""
    package_path = Path(package_path or paths.DATAPACKAGE)
    folder = package_path.parent
    return [package_path, *sorted(folder.glob("*.csv")), *sorted((folder / "raw").glob("*"))]


def _validation_key(package_path: Path) -> str:
    """The digest of every data file and of the code that validates them."""
    here = Path(__file__).parent
    code = [here / name for name in ("data.py", "checks.py", "units.py", "quantities.py", "article.py")]
    return digest([*data_files(package_path), *code])


def already_validated(package_path: Path | str | None = None) -> bool:
    """True if exactly these data files (and validation code) passed validation before."""
    return stamped("validated", _validation_key(Path(package_path or paths.DATAPACKAGE)))


@lru_cache(maxsize=8)
def _validated(package_path_str: str, key: str) -> dict[str, pd.DataFrame]:
    package_path = Path(package_path_str)
    descriptor = _read_descriptor(package_path)
    problems = _file_problems(package_path, descriptor) + _property_problems(package_path, descriptor)
    if problems:
        raise DataValidationError(problems)
    # Frictionless takes a few seconds; every notebook loads the data, so a passed
    # validation is stamped and not repeated for the same bytes.
    if not stamped("validated", key):
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
    problems = article_problems(tables, article, rel)
    if problems:
        raise DataValidationError(problems)
    stamp("validated", key)
    return tables


def validate_package(package_path: Path | str | None = None) -> dict[str, pd.DataFrame]:
    """Validate every table; return them by resource name.  Raises `DataValidationError`.

    Remembered in this process by the data's digest, so an edited file is read afresh.
    """
    package_path = Path(package_path or paths.DATAPACKAGE)
    return _validated(str(package_path), _validation_key(package_path))


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


def package_licences() -> list[dict]:
    """The data package's licences (``name``, ``path``, ``title``, ``title_zh``): the book's charts
    and data are published under them."""
    return _read_descriptor(paths.DATAPACKAGE)["licenses"]


def licence_short(licence: dict) -> str:
    """A licence's short name as people write it: CC-BY-4.0 (its SPDX id) → CC BY 4.0."""
    return licence["name"].replace("-", " ")


def claims() -> pd.DataFrame:
    """The claim ledger, indexed by claim_id."""
    return load_table("claims").set_index("claim_id")


def claim(claim_id: str):
    """One ledger row, as a pandas Series (value, lower, upper, quote, …)."""
    table = claims()
    if claim_id not in table.index:
        raise KeyError(f"no claim {claim_id!r} in data/claims.csv")
    return table.loc[claim_id]
