"""The two editions, checked on the built book: each Chinese page has its English twin,
linked both ways; each edition's pages show only their own edition's navigation, in their
own language; and every figure on a Chinese page is a figure of its English twin,
compared as values (the parity test).

The figure reader here is written independently of the code that formats figures
(`shangluo.chinese_numbers`, `shangluo.ranges`): it reads what a reader sees.
"""

from __future__ import annotations

import csv
import json
import posixpath
import re
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, archived_article_text, chinese_pages, toc_files

pytestmark = pytest.mark.build

CHINESE_PAGES = chinese_pages()
MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August", "September",
          "October", "November", "December"]


def twin(name: str) -> str:
    return "search" if name == "zh-search" else "book/" + name[len("book/zh/"):]


def soup_of(built_book: Path, name: str) -> BeautifulSoup:
    return BeautifulSoup((built_book / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def resolve(page: str, href: str) -> str:
    """The page (without .html) a relative link on ``page`` leads to."""
    target = posixpath.normpath(posixpath.join(posixpath.dirname(page), href.split("#")[0]))
    return target.removesuffix(".html")


def test_every_chinese_page_has_an_english_twin_in_the_table_of_contents():
    assert CHINESE_PAGES, "no Chinese page in _toc.yml"
    english = set(toc_files())
    assert [twin(n) for n in CHINESE_PAGES if twin(n) not in english] == []


@pytest.mark.parametrize("name", [*CHINESE_PAGES, "zh-search"])
def test_the_switch_links_the_twins_both_ways_as_hreflang_alternates(built_book, name):
    for page, other, lang in [(name, twin(name), "en"), (twin(name), name, "zh-Hans")]:
        soup = soup_of(built_book, page)
        switch = soup.select("main p.edition-switch a")
        assert len(switch) == 1, f"{page}: {len(switch)} language switches"
        assert resolve(page, switch[0]["href"]) == other and switch[0]["hreflang"] == lang
        assert switch[0]["lang"] == lang
        assert switch[0]["rel"] == ["alternate"]


def test_every_english_page_has_a_chinese_twin():
    """The edition is whole: each English page in _toc.yml has its Chinese page there too
    (the switch test above then checks that each pair links both ways)."""
    twins = {twin(n) for n in CHINESE_PAGES}
    assert [n for n in toc_files() if not n.startswith("book/zh/") and n not in twins] == []


@pytest.mark.parametrize("name", toc_files())
def test_navigation_stays_in_the_pages_edition(built_book, name):
    soup = soup_of(built_book, name)
    chinese = name.startswith("book/zh/")
    sidebar = [resolve(name, a["href"]) for a in soup.select("nav.bd-docs-nav a.reference.internal") if a["href"] != "#"]
    prev_next = [resolve(name, a["href"]) for a in soup.select(".prev-next-area a")]
    wrong = [t for t in sidebar + prev_next if t.startswith("book/zh/") != chinese]
    assert not wrong, f"{name}: links into the other edition: {wrong}"
    assert sidebar or len(toc_files()) == 1


@pytest.mark.parametrize("name", CHINESE_PAGES)
def test_the_themes_words_are_chinese_on_chinese_pages(built_book, name):
    soup = soup_of(built_book, name)
    labels = [el.get(a) for el in soup.find_all(True) for a in ("aria-label", "title", "placeholder", "data-bs-title")
              if el.get(a)]
    footer = [" ".join(f.get_text(" ").split()) for f in soup.select("footer .component-author, footer .copyright")]
    english = [w for w in labels + footer if re.search("[A-Za-z]{3,}", w)]
    assert not english, f"{name}: theme words left in English: {english}"
    assert not soup.select(".caption-number"), f"{name}: a book-wide figure number"
    for subtitle in soup.select(".prev-next-subtitle"):
        assert subtitle.get_text(strip=True) in {"上一页", "下一页"}, subtitle
    assert soup.select_one(".onthispage") is None or "目录" in soup.select_one(".onthispage").get_text()


# --- parity -------------------------------------------------------------------------------

# A month in full or shortened as a chart's data table writes it (Apr 2022).
_MONTH = "|".join(rf"{m[:3]}(?:{m[3:]})?" for m in MONTHS)


def _month(name: str) -> int:
    return [m[:3] for m in MONTHS].index(name[:3]) + 1


# Each language's ways of writing a date, each with its reading as an ISO date (or month),
# tried in this order (a full date before a month); ISO dates are read in both.
_DATES = {
    True: [(re.compile(r"(?<!\d)(\d{1,2})—(\d{1,2})月"), lambda m: ("months", int(m[1]), int(m[2]))),
           (re.compile(r"(\d{4})年(\d{1,2})月(\d{1,2})日"), lambda m: (m[1], int(m[2]), int(m[3]))),
           (re.compile(r"(\d{4})年(\d{1,2})月"), lambda m: (m[1], int(m[2])))],
    False: [(re.compile(rf"\b({_MONTH}) to ({_MONTH})\b"), lambda m: ("months", _month(m[1]), _month(m[2]))),
            (re.compile(rf"\b(\d{{1,2}}) ({_MONTH}) (\d{{4}})\b"), lambda m: (m[3], _month(m[2]), int(m[1]))),
            (re.compile(rf"\b({_MONTH}) (\d{{4}})\b"), lambda m: (m[2], _month(m[1])))],
}
_ISO_DATE = (re.compile(r"\b(\d{4})-(\d\d)-(\d\d)\b"), lambda m: (m[1], int(m[2]), int(m[3])))
# A source dated by month only (2026-01), as an English page writes it.
_ISO_MONTH = (re.compile(r"\b(\d{4})-(0[1-9]|1[0-2])\b"), lambda m: (m[1], int(m[2])))
# Where a quotation is in the article is a reference, not a figure: p7.1, ¶7; 第7段第1句, 第13段第1—3句.
_REFERENCE = re.compile(r"\bp\d+(?:\.\d+)?\b|¶\d+|第\d+段(?:第\d+(?:[—、]\d+)*句)?")
# A quotation of the article in Chinese quotation marks is the article's figure, not the book's.
_QUOTED = re.compile("\u201c([^\u201d]*)\u201d")
_NUMBER = re.compile(r"\d+(?:,\d{3})*(?:\.\d+)?")
_ZH_SCALE = {"亿": 1e8, "万": 1e4}
_EN_SCALE = {"billion": 1e9, "million": 1e6}


def figures(text: str, chinese: bool) -> set:
    """The dates (as ISO strings) and numbers (as rounded floats, scale words applied) a reader sees."""
    found: set = set()
    if chinese:
        text = _QUOTED.sub(lambda m: " " if "".join(m[1].split()) in archived_article_text() else m[0], text)
    # An English page quotes the article in Chinese, so it is read with both languages' dates.
    for pattern, parts in [*_DATES[chinese], *([] if chinese else _DATES[True]), _ISO_DATE, _ISO_MONTH]:
        for m in pattern.finditer(text):
            year, *rest = parts(m)
            found.add("-".join([year, *(f"{n:02d}" for n in rest)]))
        text = pattern.sub(" ", text)
    text = _REFERENCE.sub(" ", text)
    for m in _NUMBER.finditer(text):
        value = float(m.group().replace(",", ""))
        after = text[m.end():m.end() + 9]
        if after[:1] in _ZH_SCALE:  # an English page quotes Chinese sources too: 16.2万吨
            value *= _ZH_SCALE[after[:1]]
        elif not chinese:
            word = after.strip().split(" ")[0] if after.startswith(" ") else ""
            value *= _EN_SCALE.get(word, 1)
        found.add(float(f"{value:.6g}"))
    return found


def article_text(soup: BeautifulSoup) -> str:
    article = soup.select_one("article.bd-article") or soup.body
    # Figure numbers (Fig. 11) are labels, not figures; nor are the pixel sizes of a chart's
    # PNG (each edition's chart has its own), in the chart's kit of downloads, or the size and
    # page count of each edition's own PDF (in the overview's link to it, once `make pdf` ran).
    for tag in article.select("pre, code, script, style, p.edition-switch, .caption-number, details.chart-kit, "
                              "p.pdf-download"):
        tag.decompose()
    # A table's column of amounts is read in the unit its heading names, as a reader reads it
    # (金额（亿元）: 129 is 129亿; billion_yuan: 12.9 is 12.9 billion).
    for table in article.select("table"):
        headings = [th.get_text(strip=True) for th in table.select("thead th")]
        for i, heading in enumerate(headings):
            unit = next((u for u in [*_ZH_SCALE, *_EN_SCALE] if f"（{u}元）" in heading or f"{u}_yuan" in heading), None)
            for row in table.select("tbody tr") if unit else []:
                cell = row.find_all("td")[i]
                cell.string = cell.get_text(strip=True) + (unit if unit in _ZH_SCALE else f" {unit}")
    return article.get_text(" ")


@pytest.mark.parametrize("name", CHINESE_PAGES)
def test_every_figure_on_a_chinese_page_is_a_figure_of_its_english_twin(built_book, name):
    zh = figures(article_text(soup_of(built_book, name)), chinese=True)
    en = figures(article_text(soup_of(built_book, twin(name))), chinese=False)
    assert not zh - en, f"{name}: figures its English twin does not show: {sorted(map(str, zh - en))}"


def test_the_figure_reader_reads_both_conventions():
    assert figures("2022年7月20日，投资52.8亿元，共15段", chinese=True) == {"2022-07-20", 5.28e9, 15.0}
    assert figures("On 20 July 2022, 5.28 billion yuan, 15 paragraphs", chinese=False) == {"2022-07-20", 5.28e9, 15.0}
    assert figures("1,234 and 2026-11-30, by July 2022", chinese=False) == {1234.0, "2026-11-30", "2022-07"}
    assert figures("16.2万吨, 16.2 thousand", chinese=False) == {162000.0, 16.2}
    assert figures("published 2026-01", chinese=False) == {"2026-01"}
    assert figures("原文第13段第1—3句，第7段", chinese=True) == figures("p13.1, ¶7", chinese=False) == set()
    assert figures("Apr 2022 and Sept", chinese=False) == figures("2022年4月", chinese=True) == {"2022-04"}
    # The article's own words, quoted, are not the book's figures; the book's own are.
    assert figures("原文的“1—5月”和“截至2022年7月”", chinese=True) == {"2022-07"}
    assert figures("6—12月", chinese=True) == figures("June to December", chinese=False) == {"months-06-12"}


# --- the reference pages ------------------------------------------------------------------


def _csv(name: str) -> list[dict]:
    with (ROOT / "data" / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def test_the_chinese_article_page_is_the_original_without_a_translation(built_book):
    from shangluo.article import load_article

    # Compared without white space: bold figures and marked runs are elements of their own.
    text = "".join(soup_of(built_book, "book/zh/article").select_one("article.bd-article").get_text().split())
    body = load_article()
    for p in body.paragraphs:
        whole = "".join(p.text.split())
        assert whole in text, f"paragraph {p.number} is missing or altered: {whole[:20]}"
    english = [r["en"][:40] for r in _csv("translation.csv") if "".join(r["en"][:40].split()) in text]
    assert not english, f"the translation appears: {english[:3]}"
    assert f"正文共{len(body.paragraphs)}段" in text
    assert f"{len(_csv('claims.csv'))}项数字" in text


def test_the_glossary_works_both_ways_in_both_editions(built_book):
    rows = _csv("glossary.csv")
    zh = soup_of(built_book, "book/zh/glossary")
    def plain(text: str) -> str:  # without white space, and with the apostrophes smart quotes curl
        return "".join(text.split()).replace("\u2019", "'")

    text = plain(zh.get_text())
    for r in rows:
        assert all(plain(r[k]) in text for k in ("term", "pinyin", "definition_zh")), r["term"]
    for page, soup in [("book/zh/glossary", zh), ("book/glossary", soup_of(built_book, "book/glossary"))]:
        table = soup.select("table")[-1]
        cells = [[td.get_text(" ", strip=True) for td in tr.select("td")] for tr in table.select("tbody tr")]
        english = [c[0] for c in cells]
        assert len(cells) == len(rows) and english == sorted(english, key=lambda e: e.strip("“” ").lower()), page
        for tr in table.select("tbody tr"):
            link = tr.select("td")[-1].a
            assert link is not None, f"{page}: {tr.get_text()}"
            anchor = link["href"].split("#")[1]
            assert soup.find(id=anchor) is not None, f"{page}: #{anchor} leads nowhere"
            entry = soup.find(id=anchor)
            assert link.get_text(strip=True) in (entry.get_text() + entry.find_next(string=True)), (page, anchor)


def test_the_generated_pages_name_each_chinese_page_by_its_title():
    """generated_pages.TITLES_ZH, written before Sphinx reads the titles, against each Chinese
    page's heading (the overview by its part's caption, 总览, as the sidebar names it)."""
    from shangluo.generated_pages import TITLES_ZH

    toc = (ROOT / "_toc.yml").read_text(encoding="utf-8")
    for page, title in TITLES_ZH.items():
        if page == "index":
            assert f"- caption: {title}\n    chapters:\n      - file: book/zh/index" in toc
            continue
        heading = re.search(r"^# (.+)$", (ROOT / "book" / "zh" / f"{page}.md").read_text(encoding="utf-8"), re.M)[1]
        assert heading.strip() == title, (page, heading)
    assert set(TITLES_ZH) == {p.stem for p in (ROOT / "book" / "zh").glob("*.md")}


def test_the_chinese_corrections_log_has_every_entry_newest_first(built_book):
    rows = _csv("corrections.csv")
    table = soup_of(built_book, "book/zh/corrections").select_one("table")
    dates = [tr.select("td")[0].get_text(strip=True) for tr in table.select("tbody tr")]
    expected = sorted((r["date"] for r in rows), reverse=True)
    assert [figures(d, chinese=True) for d in dates] == [{d} for d in expected]
    # Compared without spaces: an English run or a month range (1—5月) is a span of its own.
    text = "".join(table.get_text().split())
    assert all("".join(r["change_zh"].split())[:30] in text for r in rows)
    # Each entry links to the page that changed: the Chinese one where both editions did.
    by_date = sorted(rows, key=lambda r: r["date"], reverse=True)
    for r, tr in zip(by_date, table.select("tbody tr")):
        href = tr.select("td")[1].a["href"]
        if r["editions"] == "en":
            assert href == f"../{r['page']}.html" and "英文版" in tr.get_text(), (r["date"], href)
        else:
            assert href == f"{r['page']}.html", (r["date"], href)
            assert ("中英文版" if r["editions"] == "en zh" else "仅中文版") in tr.get_text(), r["date"]
    assert {r["editions"] for r in rows} == {"en", "en zh", "zh"}


def test_every_chinese_finding_says_what_its_english_box_says(built_book):
    """Each finding box on the English overview has its Chinese box on the Chinese overview,
    with its caveat (需要注意) and no figure the English box does not have."""
    english = soup_of(built_book, "book/index").select(".admonition.finding")
    chinese = {frozenset(b["class"]): b for b in soup_of(built_book, "book/zh/index").select(".admonition.finding")}
    assert len(english) >= 5 and len(chinese) == len(english)
    for box in english:
        twin_box = chinese[frozenset(box["class"])]
        text = twin_box.get_text()
        assert "需要注意" in text and "Caveat" not in text
        zh, en = figures(text, chinese=True), figures(box.get_text(" "), chinese=False)
        assert zh and not zh - en, (box["class"], sorted(map(str, zh - en)))


def test_the_chinese_overview_shows_its_own_lead_chart(built_book):
    soup = soup_of(built_book, "book/zh/index")
    img = soup.select_one("main figure img")
    assert img is not None and "zh" in img["src"] and "评级" in img["alt"], img
    # The same counts as the English overview's chart, read from both alt texts.
    english = soup_of(built_book, "book/index").select_one("main figure img")
    assert figures(img["alt"], chinese=True) == figures(english["alt"], chinese=False) != set()
    # The title in the sidebar leads to the Chinese overview, from every Chinese page.
    for name in CHINESE_PAGES:
        logo = soup_of(built_book, name).select_one("a.navbar-brand")
        assert resolve(name, logo["href"]) == "book/zh/index", name



def _numeric_columns(path: Path) -> dict[str, list[float | None]]:
    """A CSV's columns whose every filled cell is a number."""
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.DictReader(f))
    columns = {}
    for name in rows[0]:
        try:
            values = [float(row[name]) if row[name] != "" else None for row in rows]
        except ValueError:
            continue
        if any(v is not None for v in values):
            columns[name] = values
    return columns


def _same_numbers(english: list, chinese: list) -> bool:
    """The same numbers, perhaps in another unit that is a power of ten (billion yuan, 亿元)."""
    import math

    pairs = list(zip(english, chinese))
    if any((a is None) != (b is None) for a, b in pairs):
        return False
    filled = [(a, b) for a, b in pairs if a is not None]
    scale = next((b / a for a, b in filled if a), 1.0)
    if scale <= 0 or not math.isclose(math.log10(scale), round(math.log10(scale)), abs_tol=1e-9):
        return False
    return all(math.isclose(b, a * scale, rel_tol=1e-3, abs_tol=1e-9) for a, b in filled)


def test_each_chinese_chart_table_holds_its_english_twins_numbers_as_numbers():
    """A reader who opens the Chinese CSV in a spreadsheet can sum it: every column of numbers in
    the English table is a column of numbers in the Chinese one (not 129亿元 as text)."""
    generated = ROOT / "_build" / "generated"
    pairs = [(p.with_name(p.name.replace("-zh.csv", ".csv")), p) for p in sorted(generated.glob("*-zh.csv"))]
    pairs = [(en, zh) for en, zh in pairs if en.exists()]
    assert len(pairs) >= 8, pairs
    for en, zh in pairs:
        chinese = _numeric_columns(zh).values()
        for name, values in _numeric_columns(en).items():
            assert any(_same_numbers(values, other) for other in chinese), f"{zh.name} has no column of {en.name}'s {name}"


# How each edition names the article's sentences in a chart's source line: paragraph 7,
# sentence 1 / sentences 1–3 / sentences 1, 2 and 4; 原文第7段第1句 / 第1—3句 / 第1、2、4句.
_SENTENCES = {"en": (re.compile(r"paragraph (\d+)(?:, sentences? ([\d–, ]+(?:and \d+)?))?"), "–"),
              "zh": (re.compile(r"第(\d+)段(?:第([\d—、]+)句)?"), "—")}


def _sentences(source: str, edition: str) -> set[tuple[int, int | None]]:
    """The article's (paragraph, sentence) pairs a source line names; None: a whole paragraph."""
    pattern, dash = _SENTENCES[edition]
    found = set()
    for paragraph, sentences in pattern.findall(source):
        numbers = [int(n) for n in re.findall(r"\d+", sentences)]
        if dash in sentences:
            numbers = list(range(numbers[0], numbers[-1] + 1))
        found |= {(int(paragraph), n) for n in numbers} or {(int(paragraph), None)}
    return found


@pytest.mark.parametrize("name", CHINESE_PAGES)
def test_each_chart_names_the_same_sentences_of_the_article_in_both_editions(built_book, name):
    """A chart's source line leaves the book with it (PNG, embed page), so it names the article's
    sentences in words ("paragraph 7, sentence 1", 原文第7段第1句), not the book's p7.1, and
    both editions' charts name the same ones."""
    from shangluo.chart_text import words_file

    def sources(page: str) -> list[str]:
        folder = (built_book / page).parent
        return [json.loads(words_file(ROOT / "_build" / "generated" / "chart-words",
                                      (folder / img["src"]).read_bytes()).read_text(encoding="utf-8"))["source"]
                for img in soup_of(built_book, page).select("main figure img[src$='.svg']")]

    chinese, english = sources(name), sources(twin(name))
    assert len(chinese) == len(english), (name, chinese, english)
    for zh, en in zip(chinese, english):
        assert not re.search(r"\bp\d+(?:\.\d+)?\b", en), en
        assert _sentences(en, "en") == _sentences(zh, "zh"), (en, zh)


def test_each_chart_tables_rows_name_the_same_sentences_in_both_editions():
    """A chart's CSV leaves the book too: each row's source names the article's sentences in
    words in both editions (not the book's p7.1), the same ones row by row."""
    generated = ROOT / "_build" / "generated"
    checked = 0
    for zh in sorted(generated.glob("*-zh.csv")):
        en = zh.with_name(zh.name.replace("-zh.csv", ".csv"))
        if not en.exists():
            continue
        with en.open(encoding="utf-8", newline="") as f, zh.open(encoding="utf-8", newline="") as g:
            english, chinese = list(csv.DictReader(f)), list(csv.DictReader(g))
        if "source" not in english[0]:
            continue
        assert len(english) == len(chinese) and "来源" in chinese[0], zh.name
        for row_en, row_zh in zip(english, chinese):
            assert not re.search(r"\bp\d+(?:\.\d+)?\b", row_en["source"]), (en.name, row_en["source"])
            assert _sentences(row_en["source"], "en") == _sentences(row_zh["来源"], "zh"), (en.name, row_en, row_zh)
            checked += 1
    assert checked >= 15, checked
