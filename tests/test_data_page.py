"""Get the data (book/data.md, book/zh/data.md): the whole data package as one zip that
unzips to a valid package and is the same bytes however often it is made; every table
listed with its source, period, unit and origin, in both editions; a schema.org Dataset
record on each page, with absolute addresses under the book's html_baseurl.

The expectations come from data/datapackage.json, data/ and _config.yml, read here."""

from __future__ import annotations

import json
import os
import shutil
import zipfile
from pathlib import Path
from urllib.parse import urlparse

import pytest
import yaml
from bs4 import BeautifulSoup

from conftest import ROOT, read_page, run_build

DATA = ROOT / "data"
DESCRIPTOR = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
PAGES = {"en": "book/data", "zh": "book/zh/data"}
BASE_URL = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))["sphinx"]["config"]["html_baseurl"]


def expected_members() -> list[tuple[str, Path]]:
    """The zip's members, in order: the descriptor, its tables in its order, raw/ by name."""
    files = [DATA / "datapackage.json", *(DATA / r["path"] for r in DESCRIPTOR["resources"]),
             *sorted((DATA / "raw").iterdir())]
    return [(f"{DESCRIPTOR['name']}/{f.relative_to(DATA).as_posix()}", f) for f in files]


def downloads(built_book: Path, name: str) -> dict[str, Path]:
    """The files a page offers for download, by file name."""
    page = built_book / f"{name}.html"
    soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
    return {Path(a["href"]).name: (page.parent / a["href"]).resolve() for a in soup.select("a.download")}


def built_zip(built_book: Path) -> Path:
    zips = [p for n, p in downloads(built_book, PAGES["en"]).items() if n.endswith(".zip")]
    assert len(zips) == 1, zips
    return zips[0]


# --- the zip ------------------------------------------------------------------------------

pytestmark = pytest.mark.build


def test_the_zip_unzips_to_the_package_and_validates(built_book, tmp_path):
    import frictionless

    archive = built_zip(built_book)
    assert archive.name == f"{DESCRIPTOR['name']}.zip"
    with zipfile.ZipFile(archive) as z:
        assert z.testzip() is None
        z.extractall(tmp_path)
        names = z.namelist()
    assert names == [name for name, _ in expected_members()]
    for name, source in expected_members():
        assert (tmp_path / name).read_bytes() == source.read_bytes(), name
    report = frictionless.Package(str(tmp_path / DESCRIPTOR["name"] / "datapackage.json")).validate()
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:10]
    # Both editions offer the same zip.
    assert downloads(built_book, PAGES["zh"])[archive.name] == archive


def test_the_zips_members_have_fixed_times_permissions_and_compression(built_book):
    created = tuple(int(part) for part in DESCRIPTOR["created"][:10].split("-"))
    with zipfile.ZipFile(built_zip(built_book)) as z:
        assert z.comment == b""
        for info in z.infolist():
            assert info.date_time == (*created, 0, 0, 0), info.filename
            assert info.external_attr >> 16 == 0o100644 and info.create_system == 3, info.filename
            assert info.compress_type == zipfile.ZIP_DEFLATED and info.extra == b"", info.filename


def test_the_zip_is_the_same_bytes_whatever_the_files_times(built_book, tmp_path):
    """Made again from a copy of data/ whose files carry other times (as a fresh checkout's
    would), the zip is byte for byte the one the build published."""
    from shangluo import package_zip

    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    for i, path in enumerate(sorted(copy.rglob("*"))):
        os.utime(path, (1_000_000_000 + i * 7919, 1_000_000_000 + i * 7919))
    published = built_zip(built_book).read_bytes()
    assert package_zip.zip_bytes(copy / "datapackage.json") == published
    assert package_zip.zip_bytes(copy / "datapackage.json") == published


def test_two_builds_publish_the_same_zip(built_book, scratch):
    """A second build, in another folder, its data files touched and its zip removed,
    publishes the same bytes."""
    for path in (scratch / "data").rglob("*"):
        path.touch()
    shutil.rmtree(scratch / "_build" / "package")
    result = run_build(scratch)
    assert result.returncode == 0, result.stdout[-3000:]
    again = built_zip(scratch / "_build" / "html")
    assert again.read_bytes() == built_zip(built_book).read_bytes()


def test_a_missing_table_or_a_bad_date_stops_the_zip_naming_the_file(tmp_path):
    from shangluo import package_zip
    from shangluo.data import DataValidationError

    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    (copy / "evidence.csv").unlink()
    with pytest.raises(DataValidationError, match=r"evidence\.csv: file is missing"):
        package_zip.zip_bytes(copy / "datapackage.json")
    shutil.copy(DATA / "evidence.csv", copy / "evidence.csv")
    text = (copy / "datapackage.json").read_text(encoding="utf-8")
    (copy / "datapackage.json").write_text(text.replace(DESCRIPTOR["created"], "soon"), encoding="utf-8")
    with pytest.raises(DataValidationError, match=r"datapackage\.json, column 'created'"):
        package_zip.zip_bytes(copy / "datapackage.json")


def test_a_zip_error_in_the_background_process_reaches_the_build_intact(tmp_path):
    """The build makes the zip in a process of its own (shangluo.build); its error, naming
    the file, must arrive whole, not as a message re-read as a list of problems."""
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    from shangluo import package_zip
    from shangluo.data import DataValidationError

    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    (copy / "glossary.csv").unlink()
    with ProcessPoolExecutor(1, mp_context=multiprocessing.get_context("fork")) as pool:
        with pytest.raises(DataValidationError) as info:
            pool.submit(package_zip.zip_bytes, copy / "datapackage.json").result()
    assert str(info.value).splitlines()[1:] == \
        [f"  - {copy / 'glossary.csv'}: file is missing (the data package's zip needs it)"]


# --- the descriptor's custom properties -----------------------------------------------------


@pytest.mark.parametrize("res", DESCRIPTOR["resources"], ids=[r["name"] for r in DESCRIPTOR["resources"]])
def test_every_table_says_its_source_period_unit_and_origin_in_both_languages(res):
    for key in ("period", "unit", "origin_note"):
        assert res[key].strip() and res[f"{key}_zh"].strip(), (res["name"], key)
    assert res["origin"] in {"article", "outside", "book"}
    assert res["sources"] and all(s["title"] and s["title_zh"] for s in res["sources"])
    assert all((DATA / s["path"]).is_file() for s in res["sources"] if "path" in s)
    columns = {f["name"] for f in res["schema"]["fields"]}
    for key in ("period_field", "unit_field"):  # where given, a column of the table
        assert res.get(key, next(iter(columns))) in columns, (res["name"], key, res[key])
    # Where rows differ, the column is named: a table with a period or a unit column names it.
    assert ("period_field" in res) == ("period" in columns or "date" in columns), res["name"]
    assert ("unit_field" in res) == ("unit" in columns), res["name"]


# --- the pages ------------------------------------------------------------------------------


def plain(text: str) -> str:
    """Text without white space, its quotation marks straight (docutils curls them)."""
    return "".join(text.split()).translate(str.maketrans("‘’“”", "''\"\""))


def _sections(built_book: Path, edition: str) -> dict[str, BeautifulSoup]:
    """Each table's section on a page, by its heading's text."""
    soup = read_page(built_book / f"{PAGES[edition]}.html")
    return {s.h3.get_text(strip=True).rstrip("#"): s for s in soup.select("article section")
            if s.find("h3", recursive=False)}


@pytest.mark.parametrize("edition", PAGES)
def test_the_page_lists_every_table_with_its_source_period_unit_and_origin(built_book, edition):
    zh = edition == "zh"
    key = (lambda k: f"{k}_zh") if zh else (lambda k: k)
    sections = _sections(built_book, edition)
    offered = downloads(built_book, PAGES[edition])
    assert len(sections) == len(DESCRIPTOR["resources"])
    for res in DESCRIPTOR["resources"]:
        section = sections[res[key("title")]]
        text = plain(section.get_text())
        for k in ("description", "period", "unit", "origin_note"):
            assert plain(res[key(k)]) in text, (edition, res["name"], k)
        for s in res["sources"]:
            assert plain(s[key("title")]) in text, (edition, res["name"], s)
        labels = [li.strong.get_text(strip=True).rstrip(":") for li in section.select("li") if li.strong]
        assert len(labels) == 5, (edition, res["name"], labels)
        # The CSV it links is the table itself.
        assert offered[Path(res["path"]).name].read_bytes() == (DATA / res["path"]).read_bytes()
        # Outside figures are said to be reported, not audited.
        if res["origin"] == "outside":
            assert plain("未经审计" if zh else "not audited") in text


@pytest.mark.parametrize("edition", PAGES)
def test_the_row_counts_on_the_page_are_the_tables(built_book, edition):
    import csv

    zh = edition == "zh"
    sections = _sections(built_book, edition)
    for res in DESCRIPTOR["resources"]:
        with (DATA / res["path"]).open(encoding="utf-8", newline="") as f:
            rows = len(list(csv.DictReader(f)))
        text = sections[res["title_zh" if zh else "title"]].get_text()
        assert (f"，{rows}行" if zh else f", {rows:,} rows") in text, (edition, res["name"])


@pytest.mark.parametrize("edition", PAGES)
def test_the_page_offers_every_table_a_chapter_computes(built_book, edition):
    """Every computed table (a chart's data, the verdicts) that a page of the edition offers
    is offered on Get the data too, the same file."""
    prefix = "book/zh/" if edition == "zh" else "book/"
    generated = {p.name for p in (ROOT / "_build" / "generated").glob("*.csv")}
    elsewhere = {}
    for page in built_book.joinpath(prefix).glob("*.html"):
        name = prefix + page.stem
        if name != PAGES[edition]:
            elsewhere.update({n: p for n, p in downloads(built_book, name).items() if n in generated})
    here = {n: p for n, p in downloads(built_book, PAGES[edition]).items() if n in generated}
    assert elsewhere and here == elsewhere


@pytest.mark.parametrize("edition", PAGES)
def test_each_edition_carries_one_dataset_record_with_absolute_addresses(built_book, edition):
    assert urlparse(BASE_URL).scheme == "https" and BASE_URL.endswith("/")
    soup = BeautifulSoup((built_book / f"{PAGES[edition]}.html").read_text(encoding="utf-8"), "html.parser")
    records = [json.loads(s.string) for s in soup.select('script[type="application/ld+json"]')]
    assert len(records) == 1, records
    record = records[0]
    assert record["@context"] == "https://schema.org" and record["@type"] == "Dataset"
    zh = edition == "zh"
    assert record["name"] == DESCRIPTOR["title_zh" if zh else "title"]
    assert record["description"] == DESCRIPTOR["description_zh" if zh else "description"]
    assert record["inLanguage"] == ("zh-Hans" if zh else "en")
    assert record["license"] == DESCRIPTOR["licenses"][0]["path"]
    assert record["creator"]["name"] and record["creator"]["@type"] == "Organization"
    assert record["url"] == BASE_URL + PAGES[edition] + ".html"
    published = {p.read_bytes() for _, p in expected_members()} | {built_zip(built_book).read_bytes()}
    formats = {".zip": "application/zip", ".csv": "text/csv"}
    distribution = record["distribution"]
    assert len(distribution) == len(DESCRIPTOR["resources"]) + 1
    for item in distribution:
        url = item["contentUrl"]
        assert url.startswith(BASE_URL), url
        served = built_book / url[len(BASE_URL):]
        assert served.is_file() and served.read_bytes() in published, url
        assert item["encodingFormat"] == formats[served.suffix], item
    assert {Path(d["contentUrl"]).name for d in distribution} == \
        {f"{DESCRIPTOR['name']}.zip", *(Path(r["path"]).name for r in DESCRIPTOR["resources"])}


@pytest.mark.parametrize("edition", PAGES)
def test_each_table_has_an_anchor_named_for_it(built_book, edition):
    """A table's place on the page is named for the table (its `name` in datapackage.json), not
    numbered: the Chinese headings' own ids are id1, id2, … and shift when a table is added."""
    zh = edition == "zh"
    soup = read_page(built_book / f"{PAGES[edition]}.html")
    for res in DESCRIPTOR["resources"]:
        anchor = ("zh-" if zh else "") + "data-" + res["name"].replace("_", "-")
        target = soup.find(id=anchor)
        assert target is not None, f"{PAGES[edition]}: no #{anchor}"
        section = target if target.name == "section" else target.find_parent("section")
        assert section.h3.get_text(strip=True).rstrip("#") == res["title_zh" if zh else "title"], anchor
