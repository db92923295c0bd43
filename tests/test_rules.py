"""The verdict rules can reach every rating, and the best one only from an outside count.

The real data hold no outside figure that counts the same thing as a claim, so no claim
is rated accurate or contradicted.  These tests make such a figure in a scratch copy of
the data, passing the counted-noun rule, and run the package's own rules on it.
"""

from __future__ import annotations

import shutil
from functools import partial

import pytest

from shangluo import data, derived, paths, verdicts


@pytest.fixture
def rules_on(tmp_path, monkeypatch):
    """Point the verdict rules at a scratch copy of the data, edited by the test."""
    dest = tmp_path / "data"
    shutil.copytree(paths.DATA, dest)

    def use(edits: list[tuple[str, str, str]]):
        for file, old, new in edits:
            path = dest / file
            text = path.read_text(encoding="utf-8")
            assert old in text, (file, old)
            path.write_text(text.replace(old, new), encoding="utf-8")
        load = partial(data.load_table, package_path=dest / "datapackage.json")
        for module in (verdicts, derived):
            monkeypatch.setattr(module, "load_table", load)
        return verdicts.verdicts().set_index("claim_id")

    return use


SAME_MEASURE = ("evidence.csv", "chiefs,ln_2022_chiefs,bears_on,\"Luonan's",
                "chiefs,ln_2022_chiefs,same_measure,\"Both count 局长行长. Luonan's")


def test_an_outside_count_outside_the_range_contradicts(rules_on):
    v = rules_on([SAME_MEASURE])
    assert v.loc["chiefs", "rating"] == "contradicted"
    assert "ln_2022_chiefs" in v.loc["chiefs", "contradicted_by"]


def test_an_outside_count_inside_the_range_is_the_only_way_to_accurate(rules_on):
    # Make Luonan's sentence state the article's own count, so that the figure agrees.
    v = rules_on([SAME_MEASURE, ("context.csv", "62名局长行长", "408名局长行长"),
                  ("context.csv", ",62,people,", ",408,people,")])
    assert v.loc["chiefs", "rating"] == "accurate"
    assert (v["rating"] == "accurate").sum() == 1
    best = max(value for value, _ in verdicts.RATINGS.values())
    assert verdicts.RATINGS["accurate"][0] == best
    assert all(value < best for name, (value, _) in verdicts.RATINGS.items() if name != "accurate")


def test_internal_checks_alone_never_earn_more_than_cant_be_checked(rules_on):
    v = rules_on([])
    only_internal = v[(v["checks_passed"].map(len) > 0) & (v["evidence"].map(len) == 0)]
    assert len(only_internal) > 0
    assert set(only_internal["rating"]) == {"can't be checked"}
    assert all("fits the article's own figures" in e for e in only_internal["explanation"])

