"""The mutation-testing set-up (pyproject.toml, [tool.mutmut]) names files that exist.

Modules get renamed (analysis.py became derived.py); mutmut would then quietly mutate less
or select no tests, so a stale name fails here instead."""

from __future__ import annotations

import tomllib
from pathlib import Path

from conftest import ROOT

CONFIG = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["mutmut"]


def test_mutated_modules_exist():
    assert CONFIG["only_mutate"]
    for path in CONFIG["only_mutate"]:
        assert (ROOT / path).is_file(), f"{path} in [tool.mutmut] only_mutate does not exist"
        assert any(Path(path).is_relative_to(src) for src in CONFIG["source_paths"])


def test_selected_tests_exist():
    for arg in CONFIG["pytest_add_cli_args_test_selection"]:
        file, _, name = arg.partition("::")
        assert (ROOT / file).is_file(), file
        if name:
            assert f"def {name}(" in (ROOT / file).read_text(encoding="utf-8"), arg


def test_the_mutated_copy_can_find_the_data():
    # mutants/shangluo/paths.py takes mutants/ as the project root.
    assert {"data/", "_config.yml"} <= set(CONFIG["also_copy"])
