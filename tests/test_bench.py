"""The benchmark script runs (once, in quick mode) so it cannot rot.  Nothing here is timed:
the timings are in `make bench`; this checks the script's output and the behaviours it
measures that are not timings."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest

from conftest import ROOT

pytestmark = pytest.mark.build


def test_quick_benchmark(tmp_path):
    result = subprocess.run([sys.executable, str(ROOT / "tests" / "bench.py"), "--quick", "--out", str(tmp_path)],
                            capture_output=True, text=True, timeout=1800)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    data = json.loads((tmp_path / "bench.json").read_text(encoding="utf-8"))
    for key in ("setup", "baseline_cold", "baseline_noop", "cold", "noop", "prose_edit", "code_edit", "data_edit"):
        assert data[key]["runs"] == 1 and data[key]["median"] > 0, key
    assert data["code_edit_executed"] == ["villages"]
    assert data["prose_edit_executed"] == []
    assert "leaders" in data["data_edit_executed"] and data["data_edit_value_shown"]
    assert len(data["pages"]) >= 9 and data["largest_figure"]["bytes"] > 0
    table = (tmp_path / "bench.md").read_text(encoding="utf-8")
    assert "| cold build |" in table and "÷ baseline cold" in table and "| target |" in table
