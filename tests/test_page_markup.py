"""What each built page says about itself: the language of its Chinese text, a description
drawn from its own lead, the size of each chart, and only the scripts it needs."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import pytest
from bs4 import BeautifulSoup, Comment, NavigableString

from conftest import ROOT, SEARCH_PAGES, chinese_pages, english_pages, loader_scripts, toc_files

pytestmark = pytest.mark.build

# Written here, independently of shangluo.sphinx_ext.language_of_parts: Han ideographs.
HAN = re.compile("[\u3400-\u4dbf\u4e00-\u9fff]")


def soup_of(built_book, name: str) -> BeautifulSoup:
    return BeautifulSoup((built_book / f"{name}.html").read_text(encoding="utf-8"), "html.parser")


def _lang(node) -> str | None:
    for parent in node.parents:
        if parent.name and parent.get("lang"):
            return parent["lang"]
    return None


ENGLISH_PAGES = english_pages()
CHINESE_PAGES = chinese_pages()
# Written here, independently of the extension: a run of Latin letters (pinyin included).
LATIN = re.compile("[A-Za-z\u00c0-\u024f]{2,}")


def _texts(soup, pattern):
    for text in soup.body.find_all(string=pattern):
        if isinstance(text, NavigableString) and not isinstance(text, Comment) \
                and not text.find_parent(["script", "style", "pre", "code"]):
            yield text


@pytest.mark.parametrize("name", ENGLISH_PAGES)
def test_every_run_of_chinese_is_marked_as_chinese(built_book, name):
    soup = soup_of(built_book, name)
    assert soup.html["lang"] == "en"
    unmarked, marked = [], 0
    for text in _texts(soup, HAN):
        if _lang(text) == "zh-Hans":
            marked += 1
        else:
            unmarked.append(text.strip()[:40])
    assert not unmarked, f"{name}: Chinese read with an English voice: {unmarked[:10]}"
    # ... and no English read with a Chinese voice: every mark holds a Chinese character or
    # Chinese punctuation, not only marks English shares (curly quotes, dashes).
    chinese = re.compile("[\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef]")
    empty = [m.get_text() for m in soup.body.select('span[lang="zh-Hans"]') if not chinese.search(m.get_text())]
    assert not empty, f"{name}: marked as Chinese but holding none: {empty[:10]}"
    assert marked > 0, f"{name}: no Chinese at all?"


@pytest.mark.parametrize("name", CHINESE_PAGES)
def test_a_chinese_page_is_chinese_and_marks_its_english(built_book, name):
    """The mirror of the test above: <html lang="zh-Hans">, every run of Latin letters in an
    element that names its language (English, or pinyin), and no Chinese inside those."""
    soup = soup_of(built_book, name)
    assert soup.html["lang"] == "zh-Hans"
    unmarked = [t.strip()[:40] for t in _texts(soup, LATIN) if _lang(t) in (None, "zh-Hans")]
    assert not unmarked, f"{name}: English read with a Chinese voice: {unmarked[:10]}"
    wrong = [m.get_text()[:40] for m in soup.body.select('[lang="en"]') if HAN.search(m.get_text())]
    assert not wrong, f"{name}: Chinese marked as English: {wrong[:10]}"
    assert len(soup.body.find_all(string=HAN)) > 10, f"{name}: hardly any Chinese?"
    # Chinese type: a range of months (1—5月) is kept on one line; Chinese is never slanted.
    loose = [t.strip()[:40] for t in soup.body.find_all(string=re.compile(r"\d—\d+月"))
             if t.parent.name not in ("script", "style", "code")  # code: a chart's embed snippet, never wrapped
             and "month-range" not in (t.parent.get("class") or [])]
    assert not loose, f"{name}: a month range that can break: {loose[:5]}"
    css = (built_book / "_static" / "chinese-type.css").read_text(encoding="utf-8")
    assert re.search(r":lang\(zh\) \{\s*font-style: normal;", css) and "text-emphasis: filled dot" in css
    assert "chinese-type.css" in str(soup.head)


@pytest.mark.parametrize("name", CHINESE_PAGES)
def test_a_chinese_page_sets_its_citations_in_plain_type(built_book, name):
    """MyST-NB sets a pasted figure in bold (``pasted-text``); a pasted citation, a source's
    name and date (“……，2022年6月29日”), is pasted as HTML and stays in the text's type."""
    pasted = [s.get_text() for s in soup_of(built_book, name).select(".pasted-text")]
    bold_citations = [t for t in pasted if re.search(r"，(\d{4}年|n\.d\.)", t)]
    assert not bold_citations, f"{name}: {bold_citations[:3]}"


@pytest.mark.parametrize("name", toc_files())
def test_each_page_describes_itself_from_its_own_lead(built_book, name):
    soup = soup_of(built_book, name)
    metas = soup.find_all("meta", attrs={"name": "description"})
    assert len(metas) == 1, f"{name}: {len(metas)} meta descriptions"
    description = metas[0]["content"].strip()
    assert 50 <= len(description) <= 165, f"{name}: {description!r}"
    # Its opening words are the opening words of the page's first paragraph of prose.
    main = soup.find("main") or soup.body
    first = next(p for p in main.find_all("p") if len(p.get_text(strip=True)) > 20)
    # sphinxext-opengraph puts a space between inline elements (“ quoted ”), so compare
    # without spaces.
    lead = "".join(first.get_text().split())
    assert lead[:30] == "".join(description.split())[:30], f"{name}: {description!r} vs {lead[:80]!r}"
    og = soup.find("meta", attrs={"property": "og:description"})
    assert og and og["content"] == metas[0]["content"]
    if name in CHINESE_PAGES:  # written as Chinese is: the lead's own words, in whole sentences
        assert description.endswith(("。", "……")), f"{name}: {description!r}"
        # Spaces included: none where the page has none (sphinxext-opengraph put one around
        # each link and quotation).
        assert " ".join(first.get_text().split()).startswith(description.removesuffix("……")), f"{name}: {description!r}"


@pytest.mark.parametrize("name", toc_files())
def test_every_image_has_its_size(built_book, name):
    for img in soup_of(built_book, name).find_all("img"):
        src = built_book / name.rsplit("/", 1)[0] / img["src"] if "/" in name else built_book / img["src"]
        svg = src.resolve().read_text(encoding="utf-8")
        root = re.search(r"<svg\b[^>]*>", svg).group()
        width_pt = float(re.search(r'width="([0-9.]+)pt"', root).group(1))
        height_pt = float(re.search(r'height="([0-9.]+)pt"', root).group(1))
        assert img.get("width") and img.get("height"), f"{name}: {img['src']} has no size"
        # 1 pt = 4/3 CSS px; the attributes hold the SVG's own size, rounded.
        assert abs(int(img["width"]) - width_pt * 4 / 3) <= 0.5
        assert abs(int(img["height"]) - height_pt * 4 / 3) <= 0.5


def script_sources(soup: BeautifulSoup) -> list[str]:
    """Every script file a page loads: in a ``src`` attribute, or in the list of the loader
    that adds the rest after the first paint."""
    sources = [s["src"] for s in soup.find_all("script") if s.get("src")]
    for script in soup.find_all("script"):
        sources += [attributes["src"] for attributes in loader_scripts(script.string or "")]
    return sources


@pytest.mark.parametrize("name", [*toc_files(), *SEARCH_PAGES])
def test_pages_load_only_the_scripts_they_need(built_book, name):
    soup = soup_of(built_book, name)
    sources = script_sources(soup)
    assert any("pydata-sphinx-theme.js" in src for src in sources), f"{name}: {sources}"
    assert not any(re.search(r"togglebutton|design-tabs", src) for src in sources), f"{name}: {sources}"
    assert not any("fontawesome" in src for src in sources), f"{name} loads the 1.5 MB icon script"
    assert not any("thebe" in src for src in sources)
    searching = [src for src in sources if re.search(r"searchindex\.js|searchtools\.js", src)]
    assert bool(searching) == (name in SEARCH_PAGES), f"{name}: search scripts {searching}"
    inline = Counter(s.string.strip() for s in soup.find_all("script") if not s.get("src") and s.string)
    assert [text[:60] for text, n in inline.items() if n > 1] == [], f"{name}: an inline script twice"


def test_the_theme_icons_come_from_a_small_font(built_book):
    css = (built_book / "_static" / "lean-theme.css").read_text(encoding="utf-8")
    assert 'font-family: "Font Awesome 6 Free"' in css and "font-weight: 900" in css
    font = built_book / "_static" / "fonts" / "theme-icons.woff2"
    assert font.read_bytes()[:4] == b"wOF2" and font.stat().st_size < 20_000
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(font)).getBestCmap()
    # The icons the pages show, by the codes the theme's stylesheet gives them.
    theme_css = next((built_book / "_static" / "styles").glob("pydata-sphinx-theme.css")).read_text(encoding="utf-8")
    soup = soup_of(built_book, "book/index")
    names = {c for i in soup.find_all("i") for c in i.get("class", []) if c.startswith("fa-") and c != "fa-solid"}
    names.discard("fa-lg")
    assert names, "no icons on the overview?"
    for name in names:
        code = re.search(rf'\.{name}:before[^{{]*\{{content:"\\([0-9a-f]+)"', theme_css).group(1)
        assert int(code, 16) in cmap, name
    page = (built_book / "book" / "index.html").read_text(encoding="utf-8")
    assert page.index("pydata-sphinx-theme.css") < page.index("lean-theme.css")
    # Preloaded, so the icons are there for the first layout.
    assert '<link rel="preload" href="../_static/fonts/theme-icons.woff2" as="font"' in page


def test_the_overview_opens_with_its_lead_chart_and_shows_no_code(built_book):
    overview = soup_of(built_book, "book/index").find("article")
    first_section = overview.find("h2")
    lead = overview.find("figure")
    assert lead is not None and lead.find("img") is not None, "the overview has no chart"
    # The lead chart comes before the first section heading, and no code sits anywhere on the page.
    assert lead in first_section.find_all_previous("figure"), "the lead chart is not above the first section"
    assert not overview.select(".cell_input"), "the overview shows code"
    assert not [t for t in overview.find_all("summary") if "code" in t.get_text()], "the overview has a code toggle"
    lead_image = (built_book / "book" / lead.find("img")["src"]).resolve().read_bytes()

    # Its chapter shows the very same chart, with the code that draws it collapsed just above.
    claims = soup_of(built_book, "book/claims").find("article")
    same = [f for f in claims.find_all("figure")
            if (built_book / "book" / f.find("img")["src"]).resolve().read_bytes() == lead_image]
    assert len(same) == 1, "Claim by claim does not show the overview's lead chart"
    code = same[0].find_previous(class_="cell_input")
    assert code is not None and "lead_chart.verdicts_by_rating" in code.get_text()
    assert code.find_parent("details") is not None, "the chart's code is not collapsed"


def test_the_served_theme_script_skips_closed_details_and_opening_one_checks_the_same_elements(built_book):
    """The theme's tab-stop pass, as served, skips closed <details>; the page's own script,
    run when one opens, looks at the very elements the theme's pass looks at."""
    import json

    from shangluo.sphinx_ext.lean_theme import SCROLLABLE, TAB_STOPS_OPEN_ONLY

    served = (built_book / "_static" / "scripts" / "pydata-sphinx-theme.js").read_text(encoding="utf-8")
    assert served.count(TAB_STOPS_OPEN_ONLY) == 1 and SCROLLABLE in served
    page = (built_book / "book" / "leaders.html").read_text(encoding="utf-8")
    on_open = re.search(r'opened\.querySelectorAll\("([^"]+)"\)', page)
    assert on_open and on_open.group(1) == ", ".join(json.loads(SCROLLABLE))


def test_the_data_dictionary_is_folded_one_table_at_a_time(built_book):
    """Each table's columns sit in a closed <details> that names the table and counts its
    columns, counted here from the data package itself."""
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    soup = soup_of(built_book, "book/methods")
    folds = soup.select("#the-tables details")
    assert [d.summary.get_text(" ", strip=True) for d in folds] == [
        f"The {len(r['schema']['fields'])} columns of {r['path']}" for r in package["resources"]]
    for fold, resource in zip(folds, package["resources"]):
        assert not fold.has_attr("open")
        cells = [row.find("td").get_text(strip=True) for row in fold.select("tbody tr")]
        assert cells == [f["name"] for f in resource["schema"]["fields"]]


# The rules behind the themes' features, as the themes write them: each must survive the
# cut of unused CSS (shangluo/sphinx_ext/unused_css.py).
THEME_RULES = {
    "keyboard focus ring (a rule that is only a pseudo-class)": "}:focus-visible{",
    "tooltip arrows (a class Bootstrap builds as it runs)": ".bs-tooltip-auto[data-popper-placement^=bottom] .tooltip-arrow:before",
    "tooltips shown": ".tooltip.show",
    "dark mode": "html[data-theme=dark]",
    "search results": "ul.search li p.context",
    "search terms highlighted after a search": "span.highlighted",
    "menu hidden on a desktop": ".bd-sidebar-primary.pst-sidebar-hidden",
    "print": "@media print",
}
THEME_STYLESHEETS = ("styles/pydata-sphinx-theme.css", "styles/sphinx-book-theme.css")


def test_the_cut_stylesheets_keep_the_rules_behind_each_theme_feature(built_book):
    import pydata_sphinx_theme
    import sphinx_book_theme

    themes = {"pydata-sphinx-theme.css": pydata_sphinx_theme, "sphinx-book-theme.css": sphinx_book_theme}
    original = served = ""
    for sheet in THEME_STYLESHEETS:
        name = Path(sheet).name
        package = Path(themes[name].__file__).parent
        source = (package / "theme" / package.name / "static" / sheet).read_text(encoding="utf-8")
        cut = (built_book / "_static" / sheet).read_text(encoding="utf-8")
        assert len(cut) < len(source), f"{sheet} was not cut"
        original, served = original + source, served + cut
    for feature, rule in THEME_RULES.items():
        assert rule in original, f"the themes no longer write {rule!r}: update THEME_RULES"
        assert rule in served, f"{feature}: {rule!r} was cut"
