"""Found, shared and cited: the one published address (html_baseurl) in every canonical link,
sitemap entry, sharing tag and JSON-LD record; a social card for every page; CITATION.cff
valid by cffconvert, and the book's citations carrying what cffconvert reads from it."""

from __future__ import annotations

import json
import re
import subprocess
from pathlib import Path
from urllib.parse import urldefrag

import pytest
import yaml

from conftest import ROOT, read_page, toc_files

CFFCONVERT = ROOT / ".venv-cff" / "bin" / "cffconvert"


def config() -> dict:
    return yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))


BASE = config()["sphinx"]["config"]["html_baseurl"]
CFF = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
PACKAGE = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))


def cffconvert(*args: str) -> str:
    assert CFFCONVERT.exists(), "cffconvert is not installed: `make test` installs it (make env-cff)"
    result = subprocess.run([str(CFFCONVERT), "-i", str(ROOT / "CITATION.cff"), *args],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_the_citation_file_is_valid():
    assert "valid" in cffconvert("--validate").lower()


def test_the_citation_file_agrees_with_the_book():
    assert CFF["url"] == BASE, "CITATION.cff's url is not the published address (_config.yml html_baseurl)"
    assert str(CFF["version"]) == PACKAGE["version"]
    import csv

    with (ROOT / "data" / "corrections.csv").open(encoding="utf-8", newline="") as f:
        latest = max(row["date"] for row in csv.DictReader(f))
    assert str(CFF["date-released"]) == latest, "a correction makes a new version: date it in CITATION.cff"
    assert CFF["license"] == PACKAGE["licenses"][0]["name"]
    assert [a["name"] for a in CFF["authors"]] == [config()["author"]]


def test_the_book_cites_itself_as_cffconvert_reads_the_file():
    from shangluo import publication

    fields = dict(re.findall(r"^(\w+) = \{(.*)\},?$", cffconvert("-f", "bibtex"), re.M))
    ours = dict(re.findall(r"^  (\w+) = \{(.*)\},?$", publication.bibtex(), re.M))
    assert fields.keys() >= {"author", "title", "year", "month", "url"}
    for key in ("title", "year", "url"):
        assert ours[key] == fields[key], key
    assert ours["author"] == "{" + fields["author"] + "}"  # an organisation, braced whole
    month = "janfebmaraprmayjunjulaugsepoctnovdec"[3 * (int(fields["month"]) - 1):][:3]
    assert re.search(rf"^  month = {month},$", publication.bibtex(), re.M)  # BibTeX's macro
    apa = publication.apa()
    assert apa.startswith(f"{fields['author']}. ({fields['year']}). *{fields['title']}* (Version {CFF['version']}). ")
    assert apa.endswith(fields["url"])


def test_a_broken_address_stops_the_build(monkeypatch, tmp_path):
    from shangluo import paths, publication

    bad = tmp_path / "_config.yml"
    bad.write_text("sphinx:\n  config:\n    html_baseurl: http://example.org/book\n", encoding="utf-8")
    monkeypatch.setattr(paths, "CONFIG", bad)
    publication.base_url.cache_clear()
    try:
        with pytest.raises(publication.PublicationError, match="_config.yml.*html_baseurl"):
            publication.base_url()
    finally:
        publication.base_url.cache_clear()


def test_chinese_card_lines_never_start_with_closing_punctuation():
    from shangluo.sphinx_ext.discovery import CARD_LINE_ZH, _lines_zh

    text = "甲" * (CARD_LINE_ZH - 1) + "乙，丙。" + "丁" * CARD_LINE_ZH + "”。"
    lines = _lines_zh(text).split("\n")
    assert "".join(lines) == text and len(lines) == 3
    assert all(not line[0] in "，。”" for line in lines)
    assert all(len(line) <= CARD_LINE_ZH + 2 for line in lines)


def test_chinese_card_lines_do_not_cut_a_latin_word():
    from shangluo.sphinx_ext.discovery import CARD_LINE_ZH, _lines_zh

    words = ["data/evidence.csv", "shangluo/verdicts.py", "dateModified"]
    text = "甲" * (CARD_LINE_ZH - 4) + "见" + "和".join(words) + "。" + "乙" * CARD_LINE_ZH
    lines = _lines_zh(text).split("\n")
    assert "".join(lines) == text and len(lines) >= 3
    for word in words:
        assert any(word in line for line in lines), (word, lines)


@pytest.mark.build
def test_english_descriptions_end_on_a_whole_word(built_book):
    """The library cuts a description at its length, mid-word ("This chapter re..."); the book
    cuts it after the last whole word."""
    for name in toc_files():
        if name.startswith("book/zh/"):
            continue
        about = _meta(read_page(built_book / f"{name}.html"), "og:description")
        assert not about.endswith("..."), (name, about)
        if about.endswith("…"):
            last = about[:-1].split(" ")[-1]
            body = " ".join(read_page(built_book / f"{name}.html").select_one("article").get_text(" ").split())
            assert re.search(rf"(?<![\w-]){re.escape(last)}(?![\w-])", body), (name, last)


# The built book ----------------------------------------------------------------------------


def _meta(soup, prop: str) -> str | None:
    tag = soup.find("meta", attrs={"property": prop}) or soup.find("meta", attrs={"name": prop})
    return tag["content"] if tag else None


def _local(built_book: Path, url: str) -> Path:
    assert url.startswith(BASE), f"{url} is not under the published address {BASE}"
    return built_book / urldefrag(url)[0][len(BASE):]


@pytest.mark.build
@pytest.mark.parametrize("name", toc_files())
def test_each_page_has_its_address_twin_and_card(built_book, name):
    from PIL import Image

    soup = read_page(built_book / f"{name}.html")
    url = f"{BASE}{name}.html"
    canonical = soup.find_all("link", rel="canonical")
    assert [c["href"] for c in canonical] == [url]
    assert _meta(soup, "og:url") == url
    chinese = name.startswith("book/zh/")
    twin = name.replace("book/zh/", "book/") if chinese else name.replace("book/", "book/zh/")
    english, other = (twin, name) if chinese else (name, twin)
    alternates = {a["hreflang"]: a["href"] for a in soup.select('head link[rel="alternate"][hreflang]')}
    assert alternates == {"en": f"{BASE}{english}.html", "zh-Hans": f"{BASE}{other}.html",
                          "x-default": f"{BASE}{english}.html"}
    assert _meta(soup, "og:locale") == ("zh_CN" if chinese else "en_GB")
    assert _meta(soup, "og:locale:alternate") == ("en_GB" if chinese else "zh_CN")
    about = _meta(soup, "og:description")
    assert about and about == _meta(soup, "description")
    assert not re.search(r"[(“‘] | [)”’]", about), f"{name}: a space inside brackets or quotes: {about}"
    assert _meta(soup, "twitter:card") == "summary_large_image"
    card = _local(built_book, _meta(soup, "og:image"))
    assert card.is_file(), f"{name}: its card {card} was not published"
    with Image.open(card) as image:
        assert image.format == "PNG"
        assert image.size == (int(_meta(soup, "og:image:width")), int(_meta(soup, "og:image:height")))
    title = soup.find("h1").get_text(" ", strip=True).rstrip("#").strip()
    assert title in _meta(soup, "og:image:alt")


@pytest.mark.build
def test_each_page_has_a_card_of_its_own(built_book):
    cards = [_meta(read_page(built_book / f"{name}.html"), "og:image") for name in toc_files()]
    assert len(set(cards)) == len(cards)
    published = {p.name for p in (built_book / "_images" / "social_previews").iterdir()}
    assert published == {c.rsplit("/", 1)[1] for c in cards}, "a card no page names, or a page's card missing"


@pytest.mark.build
def test_the_sitemap_lists_every_page_and_robots_txt_names_it(built_book):
    locs = re.findall(r"<loc>([^<]+)</loc>", (built_book / "sitemap.xml").read_text(encoding="utf-8"))
    assert sorted(locs) == sorted(f"{BASE}{name}.html" for name in toc_files())
    robots = (built_book / "robots.txt").read_text(encoding="utf-8")
    assert f"Sitemap: {BASE}sitemap.xml" in robots.splitlines()


REQUIRED = {
    "ClaimReview": ("url", "claimReviewed", "datePublished", "author", "itemReviewed", "reviewRating", "inLanguage"),
    "NewsArticle": ("headline", "url", "datePublished", "author", "publisher", "inLanguage", "isBasedOn"),
    "Dataset": ("name", "description", "license", "creator", "url", "distribution", "inLanguage"),
}


@pytest.mark.build
def test_every_json_ld_block_parses_and_has_its_required_fields(built_book):
    found: dict[str, int] = {}
    for page in sorted(built_book.rglob("*.html")):
        if "_static" in page.parts:
            continue
        soup = read_page(page)
        if soup.html is None:
            continue  # the root's redirect to the overview
        lang = soup.html.get("lang")
        for script in soup.find_all("script", type="application/ld+json"):
            data = json.loads(script.string)
            for record in data if isinstance(data, list) else [data]:
                kind = record.get("@type")
                assert kind in REQUIRED, f"{page.name}: an unexpected record type {kind!r}"
                found[kind] = found.get(kind, 0) + 1
                missing = [k for k in REQUIRED[kind] if not record.get(k)]
                assert not missing, f"{page.relative_to(built_book)}: {kind} lacks {missing}"
                assert record["@context"] == "https://schema.org"
                assert record["inLanguage"] == lang, f"{page.name}: {kind} in {record['inLanguage']}, page in {lang}"
                target = _local(built_book, record["url"])
                assert target == page, f"{page.name}: {kind} url {record['url']} is another page"
                anchor = urldefrag(record["url"])[1]
                assert not anchor or soup.find(id=anchor), f"{record['url']}: no such anchor"
                if kind == "NewsArticle":
                    assert record["headline"] == soup.find("h1").get_text(" ", strip=True).rstrip("#").strip()
                    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", record["datePublished"])
                    assert record.get("dateModified", record["datePublished"]) >= record["datePublished"]
                if kind == "Dataset":
                    for dist in record["distribution"]:
                        assert _local(built_book, dist["contentUrl"]).is_file(), dist["contentUrl"]
    claims = sum(1 for r in json.loads((ROOT / "_build" / "generated" / "claimreview.jsonld").read_text()))
    assert found.get("ClaimReview") == 2 * claims, "each edition embeds every ClaimReview record once"
    assert found.get("NewsArticle") == 2, "each edition's overview is a NewsArticle"


@pytest.mark.build
def test_the_chinese_edition_is_cited_in_gb_t_7714_with_its_version_date_and_address(built_book):
    """The Chinese methods page cites the Chinese edition as GB/T 7714 writes a resource read
    online ("author. title[EB/OL]. (updated)[cited]. address."), each part read here from its
    own record: the title from the Chinese overview's heading, the author from the Chinese
    pages' footer, the date and address from CITATION.cff and _config.yml; the version, which
    the form has no place for, is in the sentence that introduces it."""
    overview = read_page(built_book / "book" / "zh" / "index.html")
    title = overview.find("h1").get_text(strip=True).rstrip("#")
    methods = read_page(built_book / "book" / "zh" / "methods.html")
    references = [q for q in methods.select("article blockquote") if "[EB/OL]" in q.get_text()]
    assert len(references) == 2, references  # the book, then the article it re-reports
    quotes = references[:1]
    ours = re.sub(r"\s+", " ", quotes[0].get_text(" ", strip=True))
    author = ours.split(". ", 1)[0]
    footer = " ".join(f.get_text() for f in methods.select("footer"))
    assert author and author in footer, (author, "is not the pages' author")
    address = f"{BASE}book/zh/index.html"
    assert ours == f"{author}. {title}[EB/OL]. ({CFF['date-released']})[引用日期]. {address} ."
    assert quotes[0].find("a", href=address), "the address is not a link"
    assert f"{CFF['version']}版" in quotes[0].find_previous("p").get_text()
    # The English edition keeps its APA line; no English title in the Chinese one.
    others = [q.get_text() for q in methods.select("article blockquote")]
    assert CFF["title"] not in ours and any(CFF["title"] in q for q in others)
    # The article in the same form, from its archived provenance: the site as its author.
    source = json.loads((ROOT / "data" / "raw" / "source.json").read_text(encoding="utf-8"))
    site = source["publisher"].split(" (")[0]
    article = re.sub(r"\s+", " ", references[1].get_text(" ", strip=True))
    assert article == (f"{site}. {source['title']}[EB/OL]. ({source['publication_date']})[引用日期]. "
                       f"{source['original_url']} ."), article


def _description_gaps(card: Path) -> list[tuple[int, int]]:
    """(blank rows between two lines, the upper line's height) for each pair of description
    lines on a card: the rows with ink below the middle of the card, above the coloured rule
    at its foot, left of the corner mark; the last run of rows is the page's address."""
    from PIL import Image

    with Image.open(card) as image:
        grey = image.convert("L")
    width, height = grey.size
    pixels = grey.load()

    def dark(y: int, x0: int, x1: int) -> int:
        return sum(1 for x in range(x0, x1) if pixels[x, y] < 160)

    top = height // 2
    rule = next(y for y in range(top, height) if dark(y, 0, width) > 0.9 * width)
    ink = [dark(y, width // 30, width * 85 // 100) > 0 for y in range(top, rule)]
    runs, start = [], None
    for i, on in enumerate(ink + [False]):
        if on and start is None:
            start = i
        elif not on and start is not None:
            if i - start >= 3:  # not a stray pixel
                runs.append((start, i))
            start = None
    lines = runs[:-1]
    return [(lower[0] - upper[1], upper[1] - upper[0]) for upper, lower in zip(lines, lines[1:])]


@pytest.mark.build
def test_chinese_card_descriptions_leave_room_between_their_lines(built_book):
    """At matplotlib's 1.2 the card's Chinese lines all but touched (a blank row or none between
    characters 23 rows high); each gap is now at least a quarter of a line."""
    measured = 0
    for name in toc_files():
        if not name.startswith("book/zh/"):
            continue
        card = _local(built_book, _meta(read_page(built_book / f"{name}.html"), "og:image"))
        for gap, line in _description_gaps(card):
            assert gap * 4 >= line, f"{name}: {gap} blank rows between lines {line} rows high ({card.name})"
            measured += 1
    assert measured >= 5, "too few Chinese cards with two description lines to measure"
