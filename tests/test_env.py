"""The environment: one pinned list, and the other files agree with it."""

from __future__ import annotations

import re
import sys
import tomllib
from importlib import metadata

import yaml
from packaging.requirements import Requirement
from packaging.version import Version

from conftest import ROOT

PINS = {}
for line in (ROOT / "requirements.txt").read_text(encoding="utf-8").splitlines():
    line = line.split("#")[0].strip()
    if line and not line.startswith("-e"):
        name, _, version = line.partition("==")
        PINS[name.lower().replace("_", "-")] = version


def test_every_requirement_is_pinned_exactly():
    lines = [ln.split("#")[0].strip() for ln in (ROOT / "requirements.txt").read_text().splitlines()]
    for line in filter(None, lines):
        assert line == "-e ." or re.fullmatch(r"[A-Za-z0-9_.\-\[\]]+==[^=\s]+", line), line


def test_direct_requirements_are_in_the_lock():
    for line in (ROOT / "requirements.in").read_text().splitlines():
        line = line.split("#")[0].strip()
        if not line or line.startswith("-e"):
            continue
        req = Requirement(line)
        name = req.name.lower().replace("_", "-")
        assert name in PINS, f"{name} is in requirements.in but not pinned in requirements.txt"
        assert req.specifier.contains(PINS[name]), f"{name}=={PINS[name]} does not satisfy {req}"


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
    assert "sed -n 's/^uv==" in makefile and "uv pip sync" in makefile
    assert "uv" in PINS
