"""Every internal link and anchor in the built book resolves (lychee, offline).

External links are not fetched: they are listed in _build/external-links.txt for review.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOT

pytestmark = pytest.mark.build

LYCHEE = Path(sys.executable).parent / "lychee"


def test_internal_links_and_anchors_resolve(built_book, tmp_path):
    pages = sorted(str(p) for p in built_book.rglob("*.html") if "_static" not in p.parts)
    report = tmp_path / "lychee.json"
    result = subprocess.run(
        [str(LYCHEE), "--offline", "--include-fragments", "--no-progress", "--root-dir", str(built_book),
         "--format", "json", "--output", str(report), *pages],
        capture_output=True, text=True, timeout=300)
    data = json.loads(report.read_text(encoding="utf-8"))
    broken = {page: [e["url"] for e in errs] for page, errs in {**data.get("error_map", {}), **data.get("fail_map", {})}.items()}
    assert result.returncode == 0 and not broken, f"broken links: {broken}"
    assert data["successful"] > 100, "lychee checked suspiciously few links"

    external = sorted({e["url"] for errs in data.get("excluded_map", {}).values() for e in errs})
    listing = ROOT / "_build" / "external-links.txt"
    listing.write_text("".join(f"{u}\n" for u in external), encoding="utf-8")
    assert any("sx-dj.gov.cn" in u for u in external), "the article's original address is not linked"
    shutil.copy(report, ROOT / "_build" / "link-report.json")


def test_the_checker_catches_a_broken_anchor(built_book, tmp_path):
    page = tmp_path / "page.html"
    target = tmp_path / "target.html"
    target.write_text('<html><body><h1 id="here">x</h1></body></html>', encoding="utf-8")
    page.write_text('<html><body><a href="target.html#here">ok</a> <a href="target.html#nowhere">bad</a>'
                    ' <a href="missing.html">bad</a></body></html>', encoding="utf-8")
    report = tmp_path / "r.json"
    subprocess.run([str(LYCHEE), "--offline", "--include-fragments", "--no-progress", "--format", "json",
                    "--output", str(report), str(page)], capture_output=True, text=True, timeout=120)
    data = json.loads(report.read_text(encoding="utf-8"))
    bad = [e["url"] for errs in data["error_map"].values() for e in errs]
    assert len(bad) == 2 and any("nowhere" in u for u in bad) and any("missing.html" in u for u in bad)


def test_no_link_address_is_escaped_twice(built_book):
    """A link's & is written &amp; once in HTML; MyST-Parser's Markdown links write &amp;amp;,
    which a browser follows as a literal "&amp;" in the address (MyST-Parser issue 760): an
    outside source's copy on Data and methods led nowhere."""
    from bs4 import BeautifulSoup

    checked = 0
    for page in sorted(built_book.rglob("*.html")):
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        for a in soup.select("a[href]"):
            assert "&amp;" not in a["href"], (page.relative_to(built_book).as_posix(), a["href"])
            checked += "&" in a["href"]
    assert checked >= 2, "no address with a query was checked"
