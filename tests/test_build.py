"""The built book: every page there, no errors on any page, nothing loaded from elsewhere."""

from __future__ import annotations

import html
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, SEARCH_PAGES, toc_files, unreferenced_files

pytestmark = pytest.mark.build


def page(html: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((html / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def built_pages(html: Path) -> list[Path]:
    return [p for p in html.rglob("*.html") if "_static" not in p.parts]


def test_every_toc_page_is_built(built_book):
    for name in toc_files():
        soup = page(built_book, name)
        assert soup.find("h1"), f"{name}.html has no heading"
        assert soup.title and soup.title.string.strip()


def test_no_page_shows_an_error_or_traceback(built_book):
    for path in built_pages(built_book):
        text = path.read_text(encoding="utf-8")
        soup = BeautifulSoup(text, "html.parser")
        assert "Traceback (most recent call last)" not in text, path
        assert not soup.select(".output.error, .output.traceback, .cell_output .stderr"), path
        assert not re.search(r"\b(NameError|KeyError|ValueError|TypeError)\b", soup.get_text()), path


def test_index_links_to_every_chapter(built_book):
    """Each edition's overview links to every page of its edition."""
    for index, prefix in [("book/index", "book/"), ("book/zh/index", "book/zh/")]:
        soup = page(built_book, index)
        # The article's own links, not the sidebar's (which lists every page anyway).
        targets = {urlparse(a["href"]).path for a in soup.select("article.bd-article a[href]")}
        for name in toc_files():
            if name == index or not name.startswith(prefix) or name.count("/") != prefix.count("/"):
                continue
            assert Path(name).name + ".html" in targets, f"{index} does not link to {name}"


def test_glued_figures_are_filled_in(built_book):
    """Every {glue} role resolved: no raw role text and no empty pasted span on any page."""
    for name in toc_files():
        soup = page(built_book, name)
        text = soup.get_text()
        assert "{glue" not in text, name
        for span in soup.select(".pasted-text"):
            assert span.get_text().strip(), name


def test_the_fingerprint_cell_is_hidden(built_book):
    for path in built_pages(built_book):
        assert "inputs fingerprint" not in path.read_text(encoding="utf-8"), path


def test_no_third_party_resources(built_book):
    """Scripts, styles, fonts and images all come from the book itself."""
    for path in built_pages(built_book):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for tag, attr in (("script", "src"), ("link", "href"), ("img", "src"), ("iframe", "src"),
                          ("source", "src"), ("video", "src"), ("audio", "src")):
            for el in soup.find_all(tag):
                url = el.get(attr)
                if not url or (tag == "link" and "stylesheet" not in el.get("rel", []) and "preload" not in el.get("rel", [])):
                    continue
                assert not urlparse(url).netloc, f"{path.name} loads {url} from another host"
        # A script's own text can fetch from another host too (sphinx-thebe's did).
        for script in soup.find_all("script"):
            if script.get("type") == "application/ld+json":
                continue  # data (ClaimReview records), not code: its URLs are citations, never fetched
            hosts = re.findall(r"(?:https?:)?//([a-z0-9.-]+\.[a-z]{2,})", script.string or "", flags=re.I)
            assert not hosts, f"{path.name}: an inline script names {hosts}"
    for css in (built_book / "_static").rglob("*.css"):
        for url in re.findall(r"url\(([^)]+)\)", css.read_text(encoding="utf-8", errors="replace")):
            url = url.strip("'\"")
            assert not url.startswith(("http:", "https:", "//")), f"{css.name} loads {url}"


_CJK = "[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]"  # independent of shangluo.fonts


# Marks a Chinese page's font serves too (full-width “” and ……), written out here.
_MARKS = "·—‘’“”…"


def _shown(page: str) -> set[str]:
    body = html.unescape(page[page.index("<body"):])
    marks = {c for c in _MARKS if c in body} if re.search(r'<html[^>]*lang="zh', page) else set()
    return set(re.findall(_CJK, body)) | marks


def _held(font) -> set[str]:
    from fontTools.ttLib import TTFont

    assert font.read_bytes()[:4] == b"wOF2"
    return {chr(c) for c in TTFont(str(font)).getBestCmap() if c >= 0x3000 or chr(c) in _MARKS}


def _fonts(built_book, name: str) -> list[str]:
    page = (built_book / f"{name}.html").read_text(encoding="utf-8")
    return re.findall(r'@font-face\{font-family:"Book Noto Sans SC";src:url\("([^"]+)"\)', page)


@pytest.mark.parametrize("name", [*toc_files(), *SEARCH_PAGES])
def test_each_page_serves_a_font_with_exactly_its_own_chinese(built_book, name):
    """Each page declares and preloads its own WOFF2 subset, served by the book, holding every
    Chinese character the page's body shows and no other (so a first visit loads no more).
    The search page, whose results show text from every page, also declares the whole
    book's characters, before its own (so the browser fetches them only for a result)."""
    page = (built_book / f"{name}.html").read_text(encoding="utf-8")
    faces = _fonts(built_book, name)
    assert len(faces) == (2 if name in SEARCH_PAGES else 1), f"{name}: fonts declared {faces}"
    preload = re.findall(r'<link rel="preload" href="([^"]+cjk-[^"]+)" as="font" type="font/woff2" crossorigin', page)
    assert preload == [faces[-1]], f"{name}: its own font is not the one preloaded"
    held = _held((built_book / name).parent / faces[-1])
    assert _shown(page) == held, f"{name}: the font lacks {sorted(_shown(page) - held)}, or holds {sorted(held - _shown(page))} it does not show"
    if name in SEARCH_PAGES:
        every_page = set().union(*(_shown((built_book / f"{n}.html").read_text(encoding="utf-8")) for n in toc_files()))
        missing = every_page - _held((built_book / name).parent / faces[0])
        assert missing == set(), f"search: the whole-book font lacks {sorted(missing)} that results can show"


def test_pages_with_different_chinese_get_different_fonts(built_book):
    fonts = {Path(_fonts(built_book, n)[0]).name for n in toc_files()}
    assert len(fonts) == len(toc_files())
    search = {Path(url).name for name in SEARCH_PAGES for url in _fonts(built_book, name)}
    assert sorted(p.name for p in (built_book / "_static" / "fonts").glob("cjk-*.woff2")) == sorted(fonts | search), \
        "a font no page uses is still published"


def test_every_image_has_alt_text(built_book):
    for path in built_pages(built_book):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for img in soup.find_all("img"):
            if "logo" in " ".join(img.get("class", [])):
                continue
            assert img.get("alt", "").strip(), f"{path.name}: {img.get('src')} has no alt text"


def test_downloads_exist_and_parse(built_book):
    import csv
    import json

    seen = 0
    for path in built_pages(built_book):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        for a in soup.select("a.download"):
            target = (path.parent / a["href"]).resolve()
            assert target.exists(), f"{path.name} links a missing download {a['href']}"
            seen += 1
            if target.suffix == ".zip":  # the data package (tests/test_data_page.py unzips it)
                import zipfile

                with zipfile.ZipFile(target) as z:
                    assert z.testzip() is None, target
                continue
            if target.suffix == ".pdf":  # an edition's PDF (tests/test_pdf.py reads it)
                assert target.read_bytes().startswith(b"%PDF-"), target
                continue
            text = target.read_text(encoding="utf-8")
            if target.suffix == ".csv":
                assert len(list(csv.reader(text.splitlines()))) >= 2, target
            elif target.suffix in (".json", ".jsonld"):
                json.loads(text)
    assert seen >= 10


def test_chart_data_that_cite_an_outside_document_say_where_it_was_read(built_book):
    """A chart's data names its sources; one read at a republished copy says so, as the text does."""
    import csv

    with (ROOT / "data" / "context.csv").open(encoding="utf-8", newline="") as f:
        context = list(csv.DictReader(f))
    republished = {row["document"] for row in context if row["copy_of_original"] == "yes"}
    cited = []
    for path in sorted((built_book / "_downloads").rglob("*.csv")):
        with path.open(encoding="utf-8", newline="") as f:
            for row in csv.DictReader(f):
                for document in republished:
                    if document in (row.get("source") or ""):
                        cited.append((path.name, row["source"]))
    assert cited, "no chart's data cites a document read at a republished copy"
    assert [c for c in cited if "read at a republished copy" not in c[1]] == []


def test_charts_in_a_section_load_lazily_and_the_lead_chart_at_once(built_book):
    eager, lazy = [], []
    for path in built_pages(built_book):
        if path.relative_to(built_book).parts[0] == "charts":
            continue  # an embed page: its chart is all it shows (test_every_chart_has_its_downloads_…)
        page = path.read_text(encoding="utf-8")
        first_section = page.find("<h2", max(page.find("<article"), 0))  # not the theme's own headings
        for img in re.finditer(r'<img\b[^>]*src="[^"]+\.svg"[^>]*>', page):
            in_section = 0 <= first_section < img.start()
            assert ('loading="lazy"' in img.group()) == in_section, (path.name, img.group()[:80])
            (lazy if in_section else eager).append(path.relative_to(built_book).as_posix())
    # The two overviews' lead charts (English and Chinese); every chapter's charts.
    assert sorted(eager) == ["book/index.html", "book/zh/index.html"] and len(set(lazy)) >= 5, (eager, lazy)


def test_chart_csvs_and_tables_show_whole_numbers_whole_and_round_the_rest(built_book):
    """Each chart's CSV, and the table under the chart, give a count as 121, not 121.0, and
    a ratio as 13.3333, not 13.333333333333334."""
    import csv

    from shangluo.tables import CSV_DECIMALS

    number = re.compile(r"-?\d+(?:\.(\d+))?")
    cells = []
    charts = {p.name for p in (ROOT / "_build" / "generated").glob("*.csv")}
    for path in (built_book / "_downloads").rglob("*.csv"):
        if path.name in charts:
            with path.open(encoding="utf-8", newline="") as f:
                cells += [(path.name, v) for row in list(csv.reader(f))[1:] for v in row]
    for path in built_pages(built_book):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        cells += [(path.name, td.get_text(strip=True)) for td in soup.select("table.chart-data-table td")]
    numbers = [(where, value, m.group(1) or "") for where, value in cells if (m := number.fullmatch(value))]
    assert len({where for where, _ in cells}) >= 10 and len(numbers) >= 50
    for where, value, decimals in numbers:
        assert len(decimals) <= CSV_DECIMALS and not (decimals and set(decimals) == {"0"}), (where, value)


def test_every_published_image_and_download_is_used_by_a_page(built_book):
    assert unreferenced_files(built_book) == []


def test_no_page_shows_markdown_asterisks(built_book):
    """Quotes set in bold side by side once printed a literal '****' inside an exact quotation."""
    for path in built_pages(built_book):
        text = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser").get_text()
        assert "**" not in text, path.name


def test_the_slogans_dots_sit_on_their_own_slogans_rows(built_book):
    """Every slogan has an open circle (the number in its name); a slogan with a list also
    has a dot (the items listed), on the same row.  A dot on a row with no circle, or
    fewer dots than listed slogans, means the marks were placed on the wrong rows (they
    once were, by the data table's line numbers)."""
    import csv

    svg = next(p for p in (built_book / "_images").glob("*.svg")
               if "Dot plot of each numbered slogan" in p.read_text(encoding="utf-8")).read_text(encoding="utf-8")

    def marks(collection: str) -> list[float]:
        """The y of each marker of one scatter: from its group to the next group with an id."""
        start = svg.index(f'<g id="{collection}">') + 1
        group = svg[start:svg.index('<g id="', start)]
        return [float(y) for y in re.findall(r'<use xlink:href="#C[^"]*" x="[0-9.]+" y="([0-9.]+)"', group)]

    circles, dots = marks("PathCollection_1"), marks("PathCollection_2")
    with (ROOT / "data" / "slogans.csv").open(encoding="utf-8", newline="") as f:
        slogans = list(csv.DictReader(f))
    assert len(circles) == len(slogans)
    assert len(dots) == sum(1 for s in slogans if s["listed_count"].strip())
    # The circles run top to bottom in the table's order; a dot belongs on its slogan's row.
    row_of = {round(y, 2): i for i, y in enumerate(sorted(circles))}
    dot_rows = sorted(row_of.get(round(d, 2), -1) for d in dots)
    assert dot_rows == [i for i, s in enumerate(slogans) if s["listed_count"].strip()], (dot_rows, circles)


def test_every_chart_has_its_downloads_cite_line_and_embed_page(built_book):
    """Every chart on every page, in both editions: the kit beside its data table, with the
    SVG the page shows (the same bytes), a PNG of it that decodes at its stated size, its
    CSV, a cite line with the chart's own title and source line, and an embed page that
    shows the same SVG, with an iframe snippet whose address starts with html_baseurl."""
    import io
    import json

    import yaml
    from PIL import Image

    from shangluo.chart_text import words_file
    from shangluo.sphinx_ext.chart_kit import SCALE
    from shangluo.svg_alt import svg_size

    base = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]["html_baseurl"]
    seen = {"en": 0, "zh": 0}
    for path in built_pages(built_book):
        if path.relative_to(built_book).parts[0] == "charts":
            continue
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        charts = [f for f in soup.select("figure") if f.find("img", src=re.compile(r"\.svg$"))]
        kits = soup.select("details.chart-kit")
        assert len(kits) == len(charts), f"{path.name}: {len(charts)} charts, {len(kits)} kits"
        if not charts:
            continue
        lang = "zh" if soup.html["lang"].startswith("zh") else "en"
        for figure, kit in zip(charts, kits):
            assert kit.find_previous("figure") is figure and "chart-data" in kit.find_previous("details")["class"]
            shown = (path.parent / figure.img["src"]).read_bytes()
            files = {a["href"].rsplit(".", 1)[1]: (path.parent / a["href"]).resolve() for a in kit.select("a[href]")}
            assert sorted(files) == ["csv", "html", "png", "svg"] and all(f.is_file() for f in files.values()), path.name
            assert files["svg"].read_bytes() == shown
            caption_csv = (path.parent / figure.select_one("a.download")["href"]).read_bytes()
            assert files["csv"].read_bytes() == caption_csv
            png = Image.open(io.BytesIO(files["png"].read_bytes()))
            png.load()
            assert png.size == tuple(round(x * SCALE) for x in svg_size(shown.decode("utf-8")))
            words = json.loads(words_file(ROOT / "_build" / "generated" / "chart-words", shown).read_text(encoding="utf-8"))
            text = re.sub(r"\s+", " ", kit.get_text())
            for said in (words["title"], words["source"]):
                assert re.sub(r"\s+", " ", said) in text, (path.name, said)
            iframe = BeautifulSoup(kit.select_one("pre code").get_text(), "html.parser").iframe
            assert iframe["src"] == f"{base}charts/{files['html'].name}" and iframe["title"] == words["title"]
            embed = BeautifulSoup(files["html"].read_text(encoding="utf-8"), "html.parser")
            assert embed.html["lang"] == soup.html["lang"] and words["title"] in embed.title.get_text()
            assert (files["html"].parent / embed.img["src"]).read_bytes() == shown
            assert embed.find("a", rel="license") and embed.select("table td")
            assert not embed.select("script, link[rel=stylesheet], [src^=http], [src^='//']")
            if lang == "zh":
                assert kit.summary.get_text() == "下载、引用或嵌入本图" and "引用" in text
            seen[lang] += 1
    assert seen["en"] >= 10 and seen["zh"] >= 9, seen


def test_chart_pngs_are_drawn_to_the_same_bytes_again_and_as_from_the_svg_itself(built_book, tmp_path):
    """Drawn again, a chart's PNG has the same bytes; and the SVG with its <use> elements
    expanded (chart_kit.without_use, a speed-up) draws the very same PNG as the SVG as it is."""
    import cairosvg

    from shangluo.sphinx_ext.chart_kit import SCALE, draw_png

    svg = min((built_book / "charts").glob("*.svg"), key=lambda p: p.stat().st_size)
    draw_png(str(svg), str(tmp_path / "again.png"))
    assert (tmp_path / "again.png").read_bytes() == svg.with_suffix(".png").read_bytes()
    assert b"<use " in svg.read_bytes()
    as_it_is = cairosvg.svg2png(bytestring=svg.read_bytes(), scale=SCALE, background_color="white")
    assert as_it_is == svg.with_suffix(".png").read_bytes()
