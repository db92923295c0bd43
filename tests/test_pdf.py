"""The PDF editions (`make pdf`, shangluo/print_edition.py), read back with poppler's tools."""

from __future__ import annotations

import csv
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from browser import CHROMIUM
from conftest import ROOT, archived_article_text, read_page

pytestmark = [pytest.mark.build, pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed"),
              pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils is not installed")]

STORE = ROOT / "_build" / "pdf"


def print_editions() -> subprocess.CompletedProcess:
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    return subprocess.run([sys.executable, "-m", "shangluo.print_edition"], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=900)


@pytest.fixture(scope="module")
def pdfs(built_book) -> dict[str, Path]:
    """Both editions printed from the built book (and published with it), as `make pdf` does."""
    from shangluo.print_edition import EDITIONS, PUBLISHED

    result = print_editions()
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return {e: built_book / PUBLISHED / spec["file"] for e, spec in EDITIONS.items()}


def text(pdf: Path) -> str:
    return subprocess.run(["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout


def squeezed(s: str) -> str:
    return "".join(s.split())


def test_the_chinese_edition_quotes_the_article_and_shows_a_computed_figure(pdfs):
    claims = {row["claim_id"]: row for row in csv.DictReader((ROOT / "data" / "claims.csv").open(encoding="utf-8"))}
    printed = squeezed(text(pdfs["zh"]))
    quote = claims["key-projects"]["quote"]
    assert quote in archived_article_text() and quote in printed
    # Computed here from the ledger, not read from the book: the share of key projects started.
    share = float(claims["projects-started"]["value"]) / float(claims["key-projects"]["value"])
    assert f"{share:.1%}" in printed
    assert f"Ofthe{len(claims)}claims" in squeezed(text(pdfs["en"]))


def test_chinese_is_set_in_an_embedded_cjk_font(pdfs):
    for pdf in pdfs.values():
        fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True, check=True).stdout
        cjk = [line.split() for line in fonts.splitlines() if "NotoSansSC" in line]
        assert cjk, f"{pdf.name}: no Noto Sans SC among\n{fonts}"
        # name, type (CID TrueType), encoding, then emb sub uni: embedded, subset, with a Unicode map
        assert all(row[-5:-2] == ["yes", "yes", "yes"] for row in cjk), fonts


def test_every_page_is_a4(pdfs):
    for pdf in pdfs.values():
        info = subprocess.run(["pdfinfo", "-f", "1", "-l", "9999", str(pdf)], capture_output=True, text=True,
                              check=True).stdout
        sizes = re.findall(r"Page +\d+ size: +(.*)", info)
        assert len(sizes) > 20 and set(sizes) == {"594.96 x 841.92 pts (A4)"}, set(sizes)


def test_each_page_of_the_book_starts_a_sheet(pdfs):
    """Each page of the edition (overview, chapter, reference page) opens a new sheet with its title."""
    from shangluo.print_edition import edition_pages

    for edition, pdf in pdfs.items():
        sheets = [squeezed(sheet) for sheet in text(pdf).split("\f")]
        for name in edition_pages(edition):
            heading = read_page(ROOT / "_build" / "html" / f"{name}.html").select_one("article h1")
            for anchor in heading.select("a.headerlink"):
                anchor.decompose()
            title = squeezed(heading.get_text())
            assert any(sheet.startswith(title) for sheet in sheets), f"{pdf.name}: {name} ({title}) starts no sheet"


def test_external_links_are_followed_by_their_address(pdfs):
    """A link out of the book shows where it leads (the licence's name, then its address);
    a link whose text is its address (the article's original address) does not repeat it."""
    licence = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))["licenses"][0]["path"]
    original = json.loads((ROOT / "data" / "raw" / "source.json").read_text(encoding="utf-8"))["original_url"]
    for edition, (opening, closing) in {"en": ("<", ">"), "zh": ("（", "）")}.items():
        printed = squeezed(text(pdfs[edition]))
        assert f"{opening}{licence}{closing}" in printed, edition
        assert original in printed and f"{original}{opening}{original}" not in printed, edition


def test_printed_addresses_break_only_between_their_parts():
    """An address printed after a link may break only after "//" or before / . # ? - _, never
    inside a word: the Chinese log's narrow column once split "example.org" letter by letter."""
    from bs4 import BeautifulSoup

    from shangluo.print_edition import PRINT_CSS, assemble

    assert "break-all" not in PRINT_CSS.read_text(encoding="utf-8")
    for edition, (opening, closing) in {"en": (" <", ">"), "zh": ("（", "）")}.items():
        soup = BeautifulSoup(assemble(edition), "html.parser")
        printed = soup.select("span.print-url")
        assert len(printed) >= 5, edition
        for span in printed:
            link = span.find_previous_sibling("a")
            assert link is not None and span.get_text() == f"{opening}{link['href']}{closing}", span
            for wbr in span.find_all("wbr"):
                before, after = (n.get_text() if hasattr(n, "get_text") else str(n)
                                 for n in (wbr.previous_sibling, wbr.next_sibling))
                assert before.endswith("//") or after[:1] in "/.#?-_", (edition, before, after)
                assert not (after.startswith("/") and before.endswith("/")), (edition, before, after)
            # and a browser's own break after a hyphen is ruled out
            assert all(part.get_text().startswith("-") and "nowrap" in PRINT_CSS.read_text(encoding="utf-8")
                       for part in span.select(".print-url-part"))
            assert not any(str(piece).startswith("-") for piece in span.find_all(string=True, recursive=False))
        # A link whose text is its address (the article's original address) breaks in the same places.
        own = [a for a in soup.select("a[href^='http']") if a.get_text() == a["href"]]
        assert own and all(a.find("wbr") for a in own), edition
        assert all(part.get_text().startswith("-") for a in own for part in a.select(".print-url-part"))
        # An ISO date stays on one line.
        dates = [t for t in soup.find_all(string=re.compile(r"\b\d{4}-\d{2}-\d{2}\b"))
                 if not t.find_parent(["pre", "code", "script", "style"])]
        assert dates and all(t.parent.get("class") == ["print-date"] and t.strip() == t for t in dates), edition


def test_links_between_pages_stay_inside_the_pdf(pdfs):
    """A link to another page of the edition leads to it within the document, not to the website."""
    from shangluo.print_edition import assemble

    document = assemble("en")
    assert 'href="#claims"' in document and 'href="claims.html' not in document


def test_a_reprint_gives_identical_bytes_and_an_unchanged_book_reuses_its_pdfs(pdfs):
    from shangluo.fonts import cjk_characters
    from shangluo.print_edition import EDITIONS, assemble, normalise, print_font, print_pdf

    document = assemble("en")
    again = normalise(print_pdf(document, EDITIONS["en"]["folder"], print_font(cjk_characters(document))))
    assert again == pdfs["en"].read_bytes() == (STORE / EDITIONS["en"]["file"]).read_bytes()
    before = {e: p.read_bytes() for e, p in pdfs.items()}
    result = print_editions()
    assert result.returncode == 0, result.stdout + result.stderr
    # An unchanged book gives the same PDFs and is not rebuilt, and the print cache keeps both
    # (no Chromium run).  It once missed right after the first publication: the cold build's
    # pages linked MyST-NB's stylesheet without Sphinx's ?v= checksum and the rebuild that
    # published the PDFs added it, so the printed document differed (print_edition.assemble
    # now leaves the checksum out).
    assert "building the book again" not in result.stdout, result.stdout
    assert result.stdout.count("the printed input is unchanged; keeping") == len(pdfs), result.stdout
    assert {e: p.read_bytes() for e, p in pdfs.items()} == before


def test_the_download_links_lead_to_the_pdfs(pdfs, built_book):
    for name, edition in [("book/index", "en"), ("book/methods", "en"), ("book/zh/index", "zh"), ("book/zh/methods", "zh")]:
        page = built_book / f"{name}.html"
        links = read_page(page).select(".pdf-download a[href]")
        assert len(links) == 1, name
        target = (page.parent / links[0]["href"]).resolve()
        assert target == pdfs[edition].resolve() and target.read_bytes().startswith(b"%PDF-"), name


def test_normalising_keeps_every_byte_offset():
    from shangluo.print_edition import normalise

    pdf = (b"%PDF-1.4\n1 0 obj <</ID (node00000170)>>\n2 0 obj <</Headers [(node00000163)]>>\n"
           b"/CreationDate (D:20261201041536+00'00')\n/ModDate (D:20261201041536+00'00')>>\n%%EOF\n")
    out = normalise(pdf)
    assert len(out) == len(pdf) and b"D:2026" not in out
    assert b"(node00000001)" in out and b"(node00000000)" in out


def test_text_prints_at_the_size_the_print_style_sets(pdfs):
    """Chromium shrinks a whole page to fit anything wider than it: an address with no place to
    break did, and every page printed at about 85% of the size print_edition.css sets (words
    8.8 pt high for 10.5 pt type).  The commonest height of a word is the type size."""
    from collections import Counter

    from shangluo.print_edition import PRINT_CSS

    size = float(re.search(r"html \{ font-size: ([\d.]+)pt; \}", PRINT_CSS.read_text(encoding="utf-8"))[1])
    for edition, pdf in pdfs.items():
        boxes = subprocess.run(["pdftotext", "-bbox", "-f", "2", "-l", "6", str(pdf), "-"], capture_output=True,
                               text=True, check=True).stdout
        heights = Counter(round(float(b) - float(a), 1)
                          for a, b in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', boxes))
        commonest = heights.most_common(1)[0][0]
        assert commonest >= 0.95 * size, (edition, commonest, size)
