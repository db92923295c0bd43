"""Validation on load: the real data pass; broken copies fail loudly, naming file, line and column."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from shangluo import paths
from shangluo.data import DataValidationError, load_table, validate_package


def test_the_real_data_validate():
    tables = validate_package()
    assert len(tables["claims"]) == sum(1 for _ in (paths.DATA / "claims.csv").open(encoding="utf-8")) - 1
    assert set(tables) == {"claims", "slogans", "programme_actions", "exclusions", "context",
                           "evidence", "glossary", "translation", "corrections", "questions"}


@pytest.fixture
def data_copy(tmp_path) -> Path:
    dest = tmp_path / "data"
    shutil.copytree(paths.DATA, dest)
    return dest


def edit(path: Path, old: str, new: str, count: int = 1) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, count), encoding="utf-8")


def problems(data_dir: Path) -> list[str]:
    with pytest.raises(DataValidationError) as info:
        validate_package(data_dir / "datapackage.json")
    return [str(p) for p in info.value.problems]


# (name, file, text to replace, replacement, what the error must say)
BROKEN = [
    ("wrong type", "claims.csv", ",12900000000,yuan,", ",12.9e9 yuan,yuan,",
     ("claims.csv, line 9, column 'value'",)),
    ("duplicate id", "claims.csv", "\nchains,", "\nleaders,",
     ("claims.csv, line 6, column 'claim_id'",)),
    ("quote not in the article", "claims.csv", "全市106名市县领导", "全市107名市县领导",
     ("claims.csv, line 5, column 'quote'", "not in the article")),
    ("value that disagrees with its quote", "claims.csv",
     "全市106名市县领导,106,person,exact,106,106", "全市106名市县领导,160,person,exact,160,160",
     ("line 5, column 'value'", "read from the quote")),
    ("lower above upper", "claims.csv", "3000,yuan,more_than,3000,4000", "3000,yuan,more_than,5000,4000",
     ("column 'lower'", "greater than upper")),
    ("unknown unit", "claims.csv", ",square_metre,", ",sqm,", ("column 'unit'", "sqm")),
    ("unknown foreign key", "evidence.csv", "leaders,ln_2022_leaders_county", "leaders,ln_2022_leader_county",
     ("evidence.csv", "fact_id")),
    ("slogan items the text does not give", "slogans.csv", "小产业|小建设|小片长|小服务,4",
     "小产业|小建设|小片长|小服务|小文化,5", ("slogans.csv, line 13, column 'items'",)),
    ("translation that misquotes", "translation.csv", "全市106名市县领导", "全市160名市县领导",
     ("translation.csv", "column 'zh'")),
    ("outside figure its own words do not state", "context.csv", ",29,people,", ",30,people,",
     ("context.csv, line 19, column 'value'", "29名县级领导")),
    ("figure words missing from the source sentence", "context.csv", ",29名县级领导\n", ",二十九名县级领导\n",
     ("context.csv, line 19, column 'figure_quote'",)),
    ("same_measure with no shared counted noun", "evidence.csv", "leaders,ln_2022_leaders_county,bears_on",
     "leaders,ln_2022_leaders_county,same_measure", ("evidence.csv, line 5, column 'relation'", "市县领导")),
    ("same_measure whose reason does not name the counted noun", "evidence.csv", "chiefs,ln_2022_chiefs,bears_on",
     "chiefs,ln_2022_chiefs,same_measure", ("evidence.csv, line 8, column 'reason'", "局长行长")),
    ("question about no claim", "questions.csv", "\nlogbooks,", "\nlogbook,", ("questions.csv, line 22, column 'about'",)),
    ("correction of no claim", "corrections.csv", ",villages,household-income,", ",villages,household-incomes,",
     ("corrections.csv", "claim_id")),
    ("correction on no page", "corrections.csv", ",villages,household-income,", ",village,household-income,",
     ("corrections.csv, line 10, column 'page'",)),
]


@pytest.mark.parametrize("name, file, old, new, expected", BROKEN, ids=[b[0] for b in BROKEN])
def test_broken_cell_is_named(data_copy, name, file, old, new, expected):
    edit(data_copy / file, old, new)
    found = problems(data_copy)
    assert any(all(e in p for e in expected) for p in found), found


def test_missing_column(data_copy):
    text = (data_copy / "claims.csv").read_text(encoding="utf-8").splitlines()
    out = [",".join(line.split(",")[:-1]) for line in text]  # drop the last column (quote_en)
    (data_copy / "claims.csv").write_text("\n".join(out) + "\n", encoding="utf-8")
    found = problems(data_copy)
    assert any("claims.csv, line 1, column 'quote_en'" in p and "missing" in p for p in found), found


@pytest.mark.parametrize("old, new, expected", [
    ('"origin": "outside"', '"origin": "elsewhere"', "resource 'context': origin 'elsewhere' is not one of"),
    ('"period_zh": "本身不涉及时段', '"period_note_zh": "本身不涉及时段', "resource 'evidence': property 'period_zh' is missing"),
    ('"unit_field": "unit"', '"unit_field": "units"', "resource 'claims': unit_field names 'units', which is not a column"),
])
def test_a_table_without_the_books_own_properties_is_named(data_copy, old, new, expected):
    """Get the data shows each table's period, unit and origin: a table without them stops
    validation, naming the descriptor and the table."""
    edit(data_copy / "datapackage.json", old, new)
    found = problems(data_copy)
    assert any(p.startswith(f"{data_copy / 'datapackage.json'}: {expected}") for p in found), found


def test_missing_file(data_copy):
    (data_copy / "glossary.csv").unlink()
    assert any("glossary.csv: file is missing" in p for p in problems(data_copy))


def test_not_utf8(data_copy):
    raw = (data_copy / "slogans.csv").read_bytes()
    (data_copy / "slogans.csv").write_bytes(raw.decode("utf-8").encode("gb18030"))
    found = problems(data_copy)
    assert any("slogans.csv, line 2" in p and "not UTF-8" in p for p in found), found


def test_unknown_foreign_key(data_copy):
    edit(data_copy / "evidence.csv", "leaders,ln_2022_leaders_county", "leaders,ln_2022_leader_county")
    found = problems(data_copy)
    assert any("evidence.csv" in p and "fact_id" in p for p in found), found


def test_slogan_items_that_the_text_does_not_give(data_copy):
    edit(data_copy / "slogans.csv", "小产业|小建设|小片长|小服务,4", "小产业|小建设|小片长|小服务|小文化,5")
    found = problems(data_copy)
    assert any("slogans.csv, line 13, column 'items'" in p for p in found), found


def test_translation_that_misquotes(data_copy):
    edit(data_copy / "translation.csv", "全市106名市县领导", "全市160名市县领导")
    found = problems(data_copy)
    assert any("translation.csv" in p and "column 'zh'" in p for p in found), found


def test_load_table_returns_typed_copies():
    claims = load_table("claims")
    assert claims["paragraph"].dtype.name == "Int64"
    assert claims["value"].dtype.name == "float64"
    claims.loc[claims.index[0], "value"] = -1
    assert load_table("claims")["value"].iloc[0] != -1


def test_no_check_here_asks_jsonschema_for_an_iri_format(monkeypatch):
    """`data.skip_iri_grammar` leaves the grammar of jsonschema's "iri" and
    "iri-reference" formats out of the build's processes.  That drops no check: neither
    frictionless (validating the data package) nor Jupyter Book (validating _config.yml)
    asks for either format."""
    import frictionless
    import jsonschema
    import yaml
    from jupyter_book.config import validate_yaml

    asked = []
    for method in ("check", "conforms"):
        real = getattr(jsonschema.FormatChecker, method)
        monkeypatch.setattr(jsonschema.FormatChecker, method,
                            lambda self, instance, format, _real=real: asked.append(format) or _real(self, instance, format))
    assert frictionless.Package(str(paths.DATA / "datapackage.json")).validate().valid
    assert validate_yaml(yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))) is None
    checked = set(asked)
    # The spy itself works: a validator given a format checker is seen.
    jsonschema.Draft7Validator({"format": "iri"}, format_checker=jsonschema.FormatChecker()).is_valid("x")
    assert asked[-1] == "iri"
    assert not checked & {"iri", "iri-reference"}, checked


def test_a_correction_logged_twice_is_named(data_copy):
    """Each change is logged once (a unique constraint in datapackage.json): a row whose change
    repeats another's, as one did after a careless edit, stops the build naming it."""
    log = data_copy / "corrections.csv"
    lines = log.read_text(encoding="utf-8").rstrip("\n").split("\n")
    log.write_text("\n".join([*lines, lines[-1]]) + "\n", encoding="utf-8")
    found = problems(data_copy)
    assert any(f"corrections.csv, line {len(lines) + 1}, column 'change'" in p for p in found), found
