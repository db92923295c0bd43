"""Each of the book's Sphinx extensions, built in-process on a tiny fixture site
(`sphinx.testing`), as MyST-NB and pydata-sphinx-theme test theirs: seconds, no book build."""

from __future__ import annotations

import json
import os
import re
import shutil
from io import StringIO
from pathlib import Path
from unittest import mock

import pytest
from sphinx.errors import ExtensionError
from sphinx.testing.util import SphinxTestApp

from conftest import loader_scripts
from shangluo import paths
from shangluo.fingerprint import FINGERPRINT_MARK, input_files
from shangluo.sphinx_ext.discovery import draw_card as _DRAW_CARD
from shangluo.svg_alt import add_title

NOTEBOOK_HEAD = "---\nkernelspec:\n  name: python3\n  display_name: Python 3\n---\n\n"


def site(tmp_path: Path, extension: str, pages: dict[str, str], **conf) -> SphinxTestApp:
    """A fixture site: conf.py loading MyST and one of the book's extensions, and ``pages``."""
    src = tmp_path / "src"
    src.mkdir(exist_ok=True)
    settings = {"extensions": ["myst_parser", f"shangluo.sphinx_ext.{extension}"],
                "exclude_patterns": ["_build"], **conf}
    (src / "conf.py").write_text("".join(f"{k} = {v!r}\n" for k, v in settings.items()), encoding="utf-8")
    for name, text in pages.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    return SphinxTestApp("html", srcdir=src, builddir=tmp_path / "out", status=StringIO(), warning=StringIO())


def html(app: SphinxTestApp, page: str = "index") -> str:
    return (Path(app.outdir) / f"{page}.html").read_text(encoding="utf-8")


def test_generated_pages_fill_the_marker_from_the_data(tmp_path):
    app = site(tmp_path, "generated_pages", {"index.md": "# Glossary\n\n<!-- generated: glossary -->\n"})
    app.build()
    glossary = (paths.DATA / "glossary.csv").read_text(encoding="utf-8").splitlines()
    first_term = glossary[1].split(",")[0]
    assert first_term in html(app) and "generated:" not in html(app)
    # The page depends on the file it was made from, so editing that file re-reads it.
    deps = {Path(app.srcdir, d).resolve() for d in app.env.dependencies["index"]}
    assert (paths.DATA / "glossary.csv").resolve() in deps
    app.cleanup()


def test_freshness_appends_the_inputs_fingerprint_to_notebooks_only(tmp_path):
    seen = {}
    app = site(tmp_path, "freshness", {"index.md": "# Index\n\n```{toctree}\nnb\n```\n",
                                       "nb.md": NOTEBOOK_HEAD + "# A notebook\n"})
    app.connect("source-read", lambda _app, doc, source: seen.__setitem__(doc, source[0]), priority=900)
    app.build()
    assert FINGERPRINT_MARK in seen["nb"] and FINGERPRINT_MARK not in seen["index"]
    deps = {Path(app.srcdir, d).resolve() for d in app.env.dependencies["nb"]}
    assert {f.resolve() for f in input_files()} <= deps
    assert "index" not in app.env.dependencies
    app.cleanup()


def test_alt_text_comes_from_the_svg_title_and_a_missing_one_warns(tmp_path):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><rect width="5" height="5"/></svg>'
    app = site(tmp_path, "alt_text", {"index.md": "# Charts\n\n![](titled.svg)\n\n![](bare.svg)\n",
                                      "titled.svg": add_title(svg, "Bars: 3 & 2 projects"), "bare.svg": svg})
    app.build()
    assert 'alt="Bars: 3 &amp; 2 projects"' in html(app)
    assert "image bare.svg has no alt text" in app._warning.getvalue()
    assert "titled.svg has no alt text" not in app._warning.getvalue()
    app.cleanup()


def test_web_font_gives_each_page_a_font_of_its_own_characters(tmp_path, monkeypatch):
    from fontTools.ttLib import TTFont
    from sphinx.errors import ExtensionError

    from shangluo.sphinx_ext import web_font

    monkeypatch.setattr(web_font, "SEARCH_FONT", tmp_path / "fonts" / "book-cjk.woff2")
    monkeypatch.setattr(web_font, "book_text", lambda: "三百四千香菇棚")
    monkeypatch.setattr(paths, "STAMPS", tmp_path / "stamps")  # leave the book's own stamps alone
    # Two pages that do not link each other (the theme's navigation would show both titles).
    app = site(tmp_path, "web_font", {"index.md": "# 三百四千\n", "shed.md": "---\norphan: true\n---\n# 香菇棚\n"},
               html_theme="basic")
    app.build()
    fonts = {}
    for page in ("index", "shed"):
        url = re.search(r'src:url\("([^"]+)"\)', html(app, page)).group(1)
        assert f'<link rel="preload" href="{url}" as="font"' in html(app, page)
        fonts[page] = {chr(c) for c in TTFont(str(Path(app.outdir) / url)).getBestCmap() if c >= 0x3000}
    assert fonts == {"index": set("三百四千"), "shed": set("香菇棚")}
    # The search page shows results from every page: it gets the book's whole set.
    url = re.search(r'src:url\("([^"]+)"\)', html(app, "search")).group(1)
    assert {chr(c) for c in TTFont(str(Path(app.outdir) / url)).getBestCmap() if c >= 0x3000} == set("三百四千香菇棚")
    # A rebuild leaves one declaration per page, not two, and cuts no font again.
    written = {p: p.stat().st_mtime_ns for p in [*(tmp_path / "fonts").iterdir(), *(Path(app.outdir) / "_static" / "fonts").iterdir()]}
    app.build()
    web_font.write()  # as a new build's builder-inited does
    assert html(app).count("@font-face") == 1 and html(app).count('as="font"') == 1
    assert {p: p.stat().st_mtime_ns for p in written} == written
    app.cleanup()

    # A character that no source of the book holds (so the search page's font lacks it)
    # stops the build, naming the page; so does one the font has no glyph for (U+4DBF).
    for book, page, message in (("三百", "# 三百四千\n", "index.html: shows '千四', which no file of web_font.book_text"),
                                ("三百\u4dbf", "# 三百\u4dbf\n", "index.html: shows '\u4dbf', which .* has no glyph for")):
        monkeypatch.setattr(web_font, "book_text", lambda book=book: book)
        shutil.rmtree(tmp_path / "src", ignore_errors=True)
        app = site(tmp_path, "web_font", {"index.md": page}, html_theme="basic")
        with pytest.raises(ExtensionError, match=message):
            app.build(force_all=True)
        app.cleanup()


def test_search_dictionary_keeps_the_book_terms_whole(tmp_path, monkeypatch):
    from shangluo.sphinx_ext import search_dictionary

    monkeypatch.setattr(search_dictionary, "USERDICT", tmp_path / "userdict.txt")
    app = site(tmp_path, "search_dictionary", {"index.md": "# Search\n\n商洛市开展三百四千活动。\n"},
               html_search_language="zh")
    app.build()
    assert "三百四千 " in (tmp_path / "userdict.txt").read_text(encoding="utf-8")
    index = (Path(app.outdir) / "searchindex.js").read_text(encoding="utf-8")
    terms = json.loads(re.search(r"Search\.setIndex\((.*)\)", index, re.S).group(1))["terms"]
    assert "三百四千" in terms
    assert type(app.builder.indexer.lang).__name__ == "BookChinese"  # the faster splitter is the one used
    app.cleanup()


def test_the_books_chinese_search_splits_and_stems_as_sphinxs_own():
    from sphinx.search.zh import SearchChinese

    from shangluo.sphinx_ext.search_dictionary import BookChinese

    text = "\n".join(p.read_text(encoding="utf-8") for p in sorted(paths.BOOK.glob("*.md")))
    stock, ours = SearchChinese({}), BookChinese({})
    stock.latin_terms = []  # Sphinx's list is shared by every instance: start this one empty
    words = stock.split(text)
    assert ours.split(text) == words and len(set(words)) > 1000
    distinct = sorted(set(words))
    assert [ours.stem(w) for w in distinct] == [stock.stem(w) for w in distinct]
    # Every word, repeats included: the second stem of a word is the remembered one.
    assert [ours.stem(w) for w in words] == [stock.stem(w) for w in words]
    remembered = ours.stemmer.stemWord.cache_info()
    assert remembered.misses == len({w.lower() for w in words}) and remembered.hits >= len(words)


def test_phone_tables_label_each_cell_of_a_wide_table_with_its_column(tmp_path):
    from bs4 import BeautifulSoup
    from sphinx.errors import ExtensionError

    wide = "| Publisher | Document | Figures held |\n|---|---|---|\n| Shangluo Daily | A *report* | 6 |\n| 商洛市统计局 | Bulletin | 9 |\n"
    narrow = "| Rating | Meaning |\n|---|---|\n| accurate | inside the range |\n"
    app = site(tmp_path, "phone_tables", {"index.md": f"# Tables\n\n{wide}\n{narrow}"}, html_theme="pydata_sphinx_theme")
    app.build()
    wide_table, narrow_table = BeautifulSoup(html(app), "html.parser").select("main table")
    assert wide_table.get("role") == "table" and wide_table.has_attr("data-cards")
    rows = wide_table.select("tbody tr")
    assert [[td["data-label"] for td in tr.find_all("td")] for tr in rows] == [["Publisher", "Document", "Figures held"]] * 2
    assert [tr.find_all("td")[0].get_text(strip=True) for tr in rows] == ["Shangluo Daily", "商洛市统计局"]
    assert {tr["role"] for tr in wide_table.find_all("tr")} == {"row"}
    assert [th["role"] for th in wide_table.select("thead th")] == ["columnheader"] * 3
    # Two columns read well as they are: left alone.
    assert not narrow_table.has_attr("data-cards") and not narrow_table.select("[data-label]")
    assert (Path(app.outdir) / "_static" / "phone-tables.css").is_file()
    assert 'href="_static/phone-tables.css' in html(app)
    # A rebuild of the page as written (Sphinx wrote nothing new) labels it once.
    app.build()
    assert html(app).count('data-label="Publisher"') == 2 and html(app).count('role="table"') == 1
    app.cleanup()

    # Joined cells cannot be labelled one by one: the build stops.
    grid = "+-----+-----+-----+\n| a   | b   | c   |\n+=====+=====+=====+\n| joined    | x   |\n+-----+-----+-----+\n"
    (tmp_path / "grid").mkdir()
    app = site(tmp_path / "grid", "phone_tables", {"index.rst": f"Grid\n====\n\n{grid}"}, html_theme="pydata_sphinx_theme")
    with pytest.raises(ExtensionError, match="index.html: a row of the table headed"):
        app.build()
    app.cleanup()


def test_stale_files_removes_an_image_no_page_uses_any_more(tmp_path):
    svg = add_title('<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"/>', "a chart")
    app = site(tmp_path, "stale_files", {"index.md": "# Charts\n\n![a chart](old.svg)\n", "old.svg": svg,
                                         "new.svg": svg.replace("a chart", "another chart")})
    app.build()
    assert (Path(app.outdir) / "_images" / "old.svg").exists()
    app.cleanup()
    (tmp_path / "src" / "index.md").write_text("# Charts\n\n![another chart](new.svg)\n", encoding="utf-8")
    app = SphinxTestApp("html", srcdir=tmp_path / "src", builddir=tmp_path / "out", status=StringIO(), warning=StringIO())
    app.build()
    images = sorted(p.name for p in (Path(app.outdir) / "_images").iterdir())
    assert images == ["new.svg"]
    app.cleanup()


def test_image_size_comes_from_the_svg_in_css_pixels_as_attributes(tmp_path):
    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="300pt" height="150pt" viewBox="0 0 300 150"></svg>'
    app = site(tmp_path, "image_size", {"index.md": "# Charts\n\n![a chart](chart.svg)\n\n![no size](bare.svg)\n",
                                        "chart.svg": svg, "bare.svg": '<svg xmlns="http://www.w3.org/2000/svg"/>'})
    app.build()
    assert re.search(r'<img width="400" height="200"[^>]*src="_images/chart.svg"', html(app)), html(app)
    assert "style=" not in re.search(r"<img[^>]*chart.svg[^>]*>", html(app)).group()
    assert "bare.svg has no width and height" in app._warning.getvalue()
    app.cleanup()


def test_language_of_parts_marks_chinese_runs_but_not_code(tmp_path):
    page = ("# 三百四千 in Shangluo\n\nThe article says 全市106名市县领导 paired up; the programme’s “三百四千” — "
            "can’t.\n\n`代码` and\n\n```\n中文 in code\n```\n")
    app = site(tmp_path, "language_of_parts", {"index.md": page})
    app.build()
    out = html(app)
    assert '<span lang="zh-Hans">全市106名市县领导</span> paired up' in out
    assert '<span lang="zh-Hans">三百四千</span> in Shangluo' in out
    assert 'lang="zh-Hans">代码' not in out and 'lang="zh-Hans">中文' not in out
    # English words keep their curly apostrophes; a quoted Chinese term keeps its quotes.
    assert "programme’s" in out and "can’t" in out and '<span lang="zh-Hans">“三百四千”</span> —' in out
    app.cleanup()


def test_language_of_parts_marks_english_runs_in_a_chinese_page():
    from shangluo.sphinx_ext.language_of_parts import mark

    page = ('<html lang="zh-Hans"><head><title>T</title></head><body><p>见 p2.1 和 ClaimReview 记录，'
            '拼音 <span lang="zh-Latn-pinyin">sān bǎi</span>，英文 Three fasts, two improvements。</p>'
            '<pre>code here</pre></body></html>')
    out = mark(page)
    assert '<span lang="en">p2.1</span>' in out and '<span lang="en">ClaimReview</span>' in out
    assert '<span lang="en">Three fasts, two improvements</span>' in out
    assert '<span lang="zh-Latn-pinyin">sān bǎi</span>' in out and "<pre>code here</pre>" in out
    assert mark(out) == out  # idempotent
    # A range of months stays on one line in a Chinese page, and in its attributes stays as written.
    months = mark('<html lang="zh-Hans"><body><p title="1—5月">1—5月增长，6—12月下降，p1.5</p></body></html>')
    assert '<p title="1—5月"><span class="month-range">1—5月</span>增长，<span class="month-range">6—12月</span>' in months
    assert mark(months) == months


def test_editions_keep_each_sidebar_to_its_own_edition_and_label_chinese_pages_in_chinese():
    from shangluo.sphinx_ext.editions import chinese_labels, keep_edition, twin

    nav = ('<p aria-level="2" class="caption" role="heading"><span class="caption-text">Reference</span></p>\n'
           '<ul class="nav"><li><a class="reference internal" href="../article.html">The article</a></li></ul>\n'
           '<p aria-level="2" class="caption" role="heading"><span class="caption-text">参考资料</span></p>\n'
           '<ul class="nav"><li><a class="current reference internal" href="#">术语表</a></li>'
           '<li><a class="reference internal" href="article.html">原文</a></li></ul>\n')
    zh = keep_edition(nav, "book/zh/glossary")
    assert "参考资料" in zh and "Reference" not in zh
    en = keep_edition(nav.replace('href="../article.html"', 'href="article.html"').replace('href="article.html">原文', 'href="zh/article.html">原文'), "book/glossary")
    assert "Reference" in en and "参考资料" not in en
    assert twin("book/zh/leaders") == "book/leaders" and twin("book/leaders") == "book/zh/leaders" and twin("search") == "zh-search"
    assert twin("zh-search") == "search" and twin("genindex") is None
    button = '<button title="Toggle primary sidebar" aria-label="Color mode" data-bs-title="Search">'
    assert chinese_labels(f'<html lang="zh-Hans"><body>{button}') == (
        '<html lang="zh-Hans"><body><button title="展开或收起导航栏" aria-label="颜色模式" data-bs-title="搜索">')
    assert chinese_labels(f'<html lang="en"><body>{button}') == f'<html lang="en"><body>{button}'
    head = '<html lang="zh-Hans"><head><title>{} &#8212; 数说</title></head>'
    assert chinese_labels(head.format("术语表")) == '<html lang="zh-Hans"><head><title>术语表｜数说</title></head>'
    assert chinese_labels(head.format("数说")) == '<html lang="zh-Hans"><head><title>数说</title></head>'
    assert chinese_labels('<html lang="zh-Hans"><title>搜索 - 数说</title>') == '<html lang="zh-Hans"><title>搜索｜数说</title>'


def test_editions_describe_a_chinese_page_in_chinese_and_leave_english_to_opengraph(tmp_path):
    from shangluo.sphinx_ext.editions import DESCRIPTION_ZH

    # A first paragraph longer than the limit, with a link, a quotation, a soft line break
    # between Chinese characters and one between English words; a sentence ends before it.
    sentence = "商洛市的“三百四千”工程，让领导包联[产业链](other.md)和重点项目。"
    tail = "第二句话很长" * 20 + "。"
    pages = {"book/zh/index.md": "# 数说“三百四千”\n\n" + sentence + "这一句\n换行，还有 data\nfiles 两个词。" + tail + "\n",
             "book/zh/other.md": "# 另一页\n\n短。\n",
             "book/zh/long.md": "# 长页\n\n" + "很长" * 100 + "。\n",
             "book/index.md": "# Overview\n\nThe programme paired [leaders](zh/other.md) with chains.\n\n```{toctree}\nzh/index\nzh/other\nzh/long\n```\n",
             "index.md": "# Root\n\n```{toctree}\nbook/index\n```\n"}
    app = site(tmp_path, "editions", pages, extensions=["myst_parser", "sphinxext.opengraph", "shangluo.sphinx_ext.editions"],
               ogp_enable_meta_description=True, ogp_site_name="Site", ogp_social_cards={"enable": False})
    app.build()
    zh = html(app, "book/zh/index")
    about = re.findall(r'<meta name="description" content="([^"]*)"', zh)
    assert about == ["商洛市的“三百四千”工程，让领导包联产业链和重点项目。这一句换行，还有 data files 两个词。"]
    assert len(about[0]) <= DESCRIPTION_ZH
    assert f'<meta property="og:description" content="{about[0]}" />' in zh
    assert '<meta property="og:site_name" content="数说“三百四千”" />' in zh
    # With no full sentence to stop at, the cut is marked ……; a short page is described whole.
    assert re.search(r'<meta name="description" content="短。"', html(app, "book/zh/other"))
    long = re.findall(r'<meta name="description" content="([^"]*)"', html(app, "book/zh/long"))
    assert long == [("很长" * 100)[:DESCRIPTION_ZH - 2] + "……"]
    en = html(app, "book/index")  # sphinxext-opengraph's own, from the page's text
    assert re.findall(r'<meta name="description" content="([^"]*)"', en)[0].startswith("The programme paired leaders with chains.")
    assert '<meta property="og:site_name" content="Site" />' in en
    app.cleanup()


def test_lean_theme_drops_the_icon_script_and_search_outside_search(tmp_path, monkeypatch):
    from shangluo.sphinx_ext import lean_theme

    monkeypatch.setattr(lean_theme, "STATIC_DIR", tmp_path / "static-lean-theme")
    monkeypatch.setattr(paths, "STAMPS", tmp_path / "stamps")
    app = site(tmp_path, "lean_theme", {"index.md": "# Index\n\nText.\n"},
               extensions=["myst_parser", "sphinx_book_theme", "sphinx_togglebutton", "shangluo.sphinx_ext.lean_theme"],
               html_theme="sphinx_book_theme")
    app.build()
    index, search = html(app), html(app, "search")
    assert "fontawesome.js" not in index and "fontawesome.js" not in search
    assert "searchindex.js" not in index and "searchindex.js" in search
    assert index.count("var togglebuttonSelector") == 1
    assert search.count('<meta name="description"') == 1 and "Search every page of" in search
    # One menu button, the visible one, for the themes' scripts to bind.
    assert index.count("primary-toggle") == 1 and "pst-navbar-icon sidebar-toggle" not in index
    assert index.index("pydata-sphinx-theme.css") < index.index("lean-theme.css")
    assert 'rel="preload" href="_static/fonts/theme-icons.woff2"' in index
    font = Path(app.outdir) / "_static" / "fonts" / "theme-icons.woff2"
    assert font.read_bytes()[:4] == b"wOF2" and font.stat().st_size < 20_000
    # Every script file but the settings waits for the first paint: one loader at the end
    # of the body adds them back in their order, the theme's own two last.
    for page in (index, search):
        assert re.findall(r'<script[^>]*\ssrc="([^"]+)"', page) == ["_static/documentation_options.js?v=" +
                                                                     page.split("documentation_options.js?v=")[1][:8]]
        names = [Path(script["src"].split("?")[0]).name for script in loader_scripts(page)]
        assert names[-2:] == ["bootstrap.js", "pydata-sphinx-theme.js"] and "doctools.js" in names
        assert page.index("const scripts") > page.index("</main>") and page.count("const scripts") == 1
    names = [Path(s["src"].split("?")[0]).name for s in loader_scripts(search)]
    assert names.index("searchtools.js") < names.index("language_data.js") < names.index("searchindex.js")
    # A rebuild that writes nothing new leaves the rewritten pages as they are.
    app.build()
    assert html(app) == index
    app.cleanup()


def test_scripts_after_first_paint_keep_order_attributes_and_inline_scripts():
    from shangluo.sphinx_ext.lean_theme import scripts_after_first_paint

    page = ('<html><head><script>var a = 1;</script><script src="settings.js"></script>\n'
            '<script defer="defer" src="one.js?v=1"></script>\n'
            '<script data-prefix="tab-" defer="defer" src="two.js"></script>\n</head>'
            '<body><p>Text</p><script defer src="three.js?digest=2&amp;x=3"></script>\n</body></html>')
    rewritten = scripts_after_first_paint(page)
    assert '<script>var a = 1;</script><script src="settings.js"></script>' in rewritten
    assert not re.search(r"<script[^>]*\bdefer", rewritten)
    assert loader_scripts(rewritten) == [{"src": "one.js?v=1"}, {"data-prefix": "tab-", "src": "two.js"}, {"src": "three.js?digest=2&x=3"}]
    assert rewritten.index("const scripts") > rewritten.index("<p>Text</p>")
    assert scripts_after_first_paint(rewritten) == rewritten
    assert scripts_after_first_paint("<html><body><p>No scripts</p></body></html>") == "<html><body><p>No scripts</p></body></html>"


def test_unused_css_keeps_the_rules_a_page_or_its_scripts_use(tmp_path):
    from shangluo.sphinx_ext import unused_css

    static = tmp_path / "src" / "_static"
    static.mkdir(parents=True)
    (static / "site.css").write_text(
        ".used { color: red }\n.unused-here { color: blue }\n.added-by-script { color: green }\n"
        ".named-by-an-unloaded-script { color: gray }\n[data-cards] td { display: block }\n"
        "@font-face { font-family: Kept; src: url(kept.woff2) }\n", encoding="utf-8")
    (static / "loaded.js").write_text('document.body.classList.add("added-by-script");\n', encoding="utf-8")
    (static / "unloaded.js").write_text('el.classList.add("named-by-an-unloaded-script");\n', encoding="utf-8")
    app = site(tmp_path, "unused_css",
               {"index.md": "# Index\n\n```{raw} html\n<p class=\"used\">Text</p><table data-cards><tr><td>x</td></tr></table>\n```\n"},
               html_static_path=["_static"], html_css_files=["site.css"], html_js_files=["loaded.js"])
    app.build()
    css = (Path(app.outdir) / "_static" / "site.css").read_text(encoding="utf-8")
    assert ".used" in css and ".added-by-script" in css and "[data-cards] td" in css and "font-family: Kept" in css
    assert ".unused-here" not in css and ".named-by-an-unloaded-script" not in css
    app.cleanup()
    # The next build (a new Sphinx, which copies the original sheets again), with nothing
    # else changed, takes the kept cut, byte for byte, without running PurgeCSS.
    again = site(tmp_path, "unused_css",
                 {"index.md": "# Index\n\n```{raw} html\n<p class=\"used\">Text</p><table data-cards><tr><td>x</td></tr></table>\n```\n"},
                 html_static_path=["_static"], html_css_files=["site.css"], html_js_files=["loaded.js"])
    with mock.patch.object(unused_css, "PURGECSS", tmp_path / "missing" / "purgecss"):
        again.build()
    assert (Path(again.outdir) / "_static" / "site.css").read_text(encoding="utf-8") == css
    again.cleanup()
    # Without PurgeCSS (and a page it has not cut) the build stops and says how to install it.
    app = site(tmp_path, "unused_css", {"index.md": "# Index\n"})
    with mock.patch.object(unused_css, "PURGECSS", tmp_path / "missing" / "purgecss"), \
            pytest.raises(ExtensionError, match="npm ci"):
        app.build()
    app.cleanup()


def test_chart_data_puts_the_linked_csv_under_the_chart(tmp_path):
    from bs4 import BeautifulSoup

    svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10pt" height="10pt"></svg>'
    page = ("# Charts\n\n```{figure} chart.svg\n:alt: a chart\n\nCaption. {download}`Chart data (CSV) <data.csv>`\n```\n\n"
            "```{figure} other.svg\n:alt: no data\n\nNo link.\n```\n")
    app = site(tmp_path, "chart_data", {"index.md": page, "chart.svg": svg, "other.svg": svg,
                                        "data.csv": 'stage,projects\n市级重点项目,128\nNot started,22\n'
                                                    '"Completed, date not stated\n121 projects",12.9\n'})
    app.build()
    out = html(app)
    details = out[out.index("<details"):out.index("</details>")]
    for cell in ("stage", "projects", "市级重点项目", "128", "Not started", "22", "12.9"):
        assert f"<p>{cell}</p>" in details, cell
    # A label on two lines in the chart keeps its line break in the table.
    lines = BeautifulSoup(details, "html.parser").select("td .line-block .line")
    assert [line.get_text() for line in lines] == ["Completed, date not stated", "121 projects"]
    assert details.count("<tr") == 4
    assert "a chart whose caption links no CSV of its data" in app._warning.getvalue()
    assert out.count("<details") == 1
    app.cleanup()


def _kit_site(tmp_path: Path, svg: str | None = None, record: bool = True) -> SphinxTestApp:
    """A fixture site with one chart in each edition, drawn and recorded as the chapters do."""
    from shangluo import charts
    from shangluo.chart_text import record_words

    fig, ax = charts.new_figure(2.2)
    charts.hbars(ax, ["Started 开工在建", "Not yet started"], [112, 9], charts.PALETTE[:2])
    charts.label(ax, "Most key projects had started & more", xlabel="Projects", source="the article, paragraph 7")
    svg = svg or charts.figure_output(fig, "Bars: started 112, not started 9.").data
    if record:
        record_words(tmp_path / "words", svg, *charts.chart_words(fig))
    figure = "```{{figure}} {svg}\n:name: fig-{name}\n\nKey projects.\n{{download}}`Chart data (CSV) <{csv}>`\n```\n"
    pages = {"index.md": "# Charts\n\n" + figure.format(svg="chart.svg", name="en", csv="projects.csv"),
             "book/zh/c.md": "---\norphan: true\n---\n# 图表\n\n" + figure.format(svg="/chart.svg", name="zh",
                                                                                 csv="/projects-zh.csv"),
             "chart.svg": svg, "projects.csv": "stage,projects\nStarted,112\nNot yet started,9\n",
             "projects-zh.csv": "阶段,项目数\n开工在建,112\n尚未开工,9\n"}
    return site(tmp_path, "chart_kit", pages, html_baseurl="https://book.example.org/", html_title="A test book",
                chart_kit_words=str(tmp_path / "words"),
                extensions=["myst_parser", "shangluo.sphinx_ext.chart_data", "shangluo.sphinx_ext.chart_kit"])


def test_chart_kit_gives_each_chart_its_downloads_cite_line_and_embed_page(tmp_path):
    import io as _io

    from bs4 import BeautifulSoup
    from PIL import Image

    from shangluo.data import package_licences
    from shangluo.publication import citation
    from shangluo.sphinx_ext.chart_kit import SCALE
    from shangluo.svg_alt import svg_size

    app = _kit_site(tmp_path)
    app.build()
    out = Path(app.outdir)
    svg = (Path(app.srcdir) / "chart.svg").read_bytes()
    for page, name, lang in (("index", "projects", "en"), ("book/zh/c", "projects-zh", "zh-Hans")):
        soup = BeautifulSoup(html(app, page), "html.parser")
        kit = soup.select_one("details.chart-kit")
        # Beside the data table, after it.
        assert kit is not None and "chart-data" in kit.find_previous("details")["class"]
        links = {a["href"].rsplit(".", 1)[1]: (Path(out, page).parent / a["href"]).resolve() for a in kit.select("a")}
        assert sorted(links) == ["csv", "html", "png", "svg"] and all(p.is_file() for p in links.values())
        assert all(a.has_attr("download") for a in kit.select("a") if not a["href"].endswith(".html"))
        assert links["svg"].read_bytes() == svg  # the very chart the page shows
        assert links["csv"].read_bytes() == (Path(app.srcdir) / f"{name}.csv").read_bytes()
        png = links["png"].read_bytes()
        assert Image.open(_io.BytesIO(png)).size == tuple(round(x * SCALE) for x in svg_size(svg.decode()))
        assert not {b"tIME", b"tEXt", b"iTXt", b"zTXt"} & {png[i:i + 4] for i in range(len(png) - 4)}
        text = kit.get_text(" ")
        assert "Most key projects had started & more" in text and "the article, paragraph 7" in text
        iframe = BeautifulSoup(kit.select_one("pre code").get_text(), "html.parser").iframe
        assert iframe["src"] == f"https://book.example.org/charts/{name}.html"
        assert iframe["title"] == "Most key projects had started & more"
        # The embed page: its language, a title, the chart, its source, its data, the licence; nothing loaded from elsewhere.
        embed = BeautifulSoup(links["html"].read_text(encoding="utf-8"), "html.parser")
        assert embed.html["lang"] == lang and "Most key projects had started & more" in embed.title.get_text()
        assert embed.img["src"] == f"{name}.svg" and embed.img["alt"].startswith("Bars: started")
        assert "the article, paragraph 7" in embed.figcaption.get_text()
        assert [td.get_text() for td in embed.select("tbody td")][:2] == (["Started", "112"] if lang == "en" else ["开工在建", "112"])
        assert embed.find("a", rel="license")["href"] == package_licences()[0]["path"]
        assert not embed.select("script, link[rel=stylesheet], [src^=http], [srcset]")
    en, zh = (BeautifulSoup(html(app, p), "html.parser").select_one("details.chart-kit") for p in ("index", "book/zh/c"))
    # cited by the version's date (CITATION.cff) and its authors
    released = citation()["date-released"].isoformat()
    assert en.summary.get_text() == "Download, cite or embed this chart" and released in en.get_text()
    assert citation()["authors"][0]["name"] in en.get_text()
    assert zh.summary.get_text() == "下载、引用或嵌入本图" and "引用" in zh.get_text() and "《A test book》" in zh.get_text()
    # The same inputs, built afresh elsewhere: the same bytes, the PNGs included (drawn again:
    # the PNG kept in the chart's record goes too).
    first = {p.name: p.read_bytes() for p in (out / "charts").iterdir()}
    app.cleanup()
    shutil.rmtree(tmp_path / "out")
    kept = sorted((tmp_path / "words").glob(f"*-{SCALE}x.png"))
    assert [p.read_bytes() for p in kept] == [first["projects.png"]]
    kept[0].unlink()
    (tmp_path / "src" / "stray.txt").write_text("", encoding="utf-8")
    app = SphinxTestApp("html", srcdir=tmp_path / "src", builddir=tmp_path / "out", status=StringIO(), warning=StringIO())
    (Path(app.outdir) / "charts").mkdir(parents=True)
    (Path(app.outdir) / "charts" / "old-chart.png").write_bytes(b"stale")
    app.build()
    assert {p.name: p.read_bytes() for p in (Path(app.outdir) / "charts").iterdir()} == first  # and the stale file gone
    app.cleanup()


@pytest.mark.parametrize("case, message", [
    ("no record", r"(index|book/zh/c): the chart chart.svg: no record of the chart's title and source line"),
    ("not an svg drawing", r"chart.svg: the chart's PNG could not be drawn"),
])
def test_chart_kit_stops_on_bad_input_naming_the_file(tmp_path, case, message):
    if case == "no record":
        app = _kit_site(tmp_path, record=False)
    else:  # an SVG with a size that cairo cannot draw: a record made for it, then its drawing broken
        from shangluo.chart_text import record_words

        svg = '<svg xmlns="http://www.w3.org/2000/svg" width="10pt" height="10pt"><title>a</title><path d="M 0 0 L"'
        record_words(tmp_path / "words", svg, "A title", "Source: a test")
        app = _kit_site(tmp_path, svg=svg)
    with pytest.raises(ExtensionError, match=message):
        app.build()
    app.cleanup()


def _card_site(tmp_path: Path, first_words: str) -> SphinxTestApp:
    """Two English pages with discovery's social cards, and stale_files, which keeps only the cards pages name."""
    from shangluo import publication

    (tmp_path / "src").mkdir()
    shutil.copy(paths.ROOT / "book" / "_static" / "favicon.svg", tmp_path / "src")
    pages = {"index.md": f"# Index\n\n{first_words} opens the fixture site.\n\n```{{toctree}}\nother\n```\n",
             "other.md": "# Other\n\nA second page of the fixture site.\n"}
    return site(tmp_path, "discovery", pages, html_baseurl=publication.base_url(), html_favicon="favicon.svg",
                extensions=["myst_parser", "sphinxext.opengraph", "shangluo.sphinx_ext.stale_files",
                            "shangluo.sphinx_ext.discovery"],
                ogp_site_name="Site", ogp_social_cards={"enable": False}, ogp_enable_meta_description=True)


def _cards_named(app: SphinxTestApp) -> dict[str, str]:
    return {page: re.search(r'<meta property="og:image" content="[^"]*/_images/social_previews/([^"]+)"', html(app, page)).group(1)
            for page in ("index", "other")}


def _drawing_noted(path, font, mark, texts, spacing=None):
    """discovery.draw_card, noting which process drew the card (beside the output, where
    stale_files leaves the note alone)."""
    from shangluo.sphinx_ext.discovery import _drawn

    (Path(path).parents[3] / f"{Path(path).name}.pid").write_text(str(os.getpid()), encoding="utf-8")
    _DRAW_CARD(path, font, mark, texts, spacing)
    assert _drawn  # the real one ran, and keeps its figures in this process


def test_social_cards_are_drawn_beside_sphinx_and_a_changed_card_replaces_the_old(tmp_path, monkeypatch):
    from PIL import Image

    from shangluo.sphinx_ext import discovery

    monkeypatch.setattr(discovery, "draw_card", _drawing_noted)
    app = _card_site(tmp_path, "A sentence")
    app.build()
    folder = Path(app.outdir) / "_images" / "social_previews"
    first = _cards_named(app)
    assert sorted(p.name for p in folder.iterdir()) == sorted(first.values())  # and no half-drawn .part.png
    for name in first.values():
        with Image.open(folder / name) as card:
            assert card.size == (1146, 600)
        drawn_by = (tmp_path / "out" / f"{name}.pid").read_text(encoding="utf-8")
        assert drawn_by != str(os.getpid()), "a card was drawn in Sphinx's own process"
    monkeypatch.undo()
    app.cleanup()
    # The opening sentence changes: the index gets a new card, the old one is removed, the other page's is kept.
    (tmp_path / "src" / "index.md").write_text("# Index\n\nAnother sentence opens the fixture site.\n\n```{toctree}\nother\n```\n",
                                               encoding="utf-8")
    app = SphinxTestApp("html", srcdir=tmp_path / "src", builddir=tmp_path / "out", status=StringIO(), warning=StringIO())
    app.build()
    second = _cards_named(app)
    assert second["index"] != first["index"] and second["other"] == first["other"]
    # stale_files removed the first build's index card.
    assert sorted(p.name for p in folder.iterdir()) == sorted(second.values())
    app.cleanup()


def _failing_drawing(path, font, mark, texts, spacing=None):
    raise ValueError("no room for the title")


def test_a_card_that_cannot_be_drawn_stops_the_build_naming_its_page(tmp_path, monkeypatch):
    from shangluo.sphinx_ext import discovery

    monkeypatch.setattr(discovery, "draw_card", _failing_drawing)
    app = _card_site(tmp_path, "A sentence")
    with pytest.raises(ExtensionError, match=r"index: its social card .*summary_index_.*could not be drawn "
                                             r"\(ValueError: no room for the title\)"):
        app.build()
    app.cleanup()


def test_a_recorded_chart_is_drawn_before_sphinx_and_one_no_page_shows_is_forgotten(tmp_path):
    """`chart_kit.draw_recorded` draws a PNG from a record's copy of the SVG, as the build does once the
    chapters are done; a build then keeps the PNG and SVG copy of each chart its pages show, and
    drops those of a chart none shows (its words stay)."""
    from shangluo import charts
    from shangluo.chart_text import record_words, words_file
    from shangluo.sphinx_ext import background, chart_kit

    app = _kit_site(tmp_path)
    words = tmp_path / "words"
    shown = (Path(app.srcdir) / "chart.svg").read_text(encoding="utf-8")
    fig, ax = charts.new_figure(2.2)
    charts.hbars(ax, ["An older version"], [1], charts.PALETTE[:1])
    charts.label(ax, "A chart no page shows", xlabel="Projects", source="the article")
    unshown = charts.figure_output(fig, "Bars: one.").data
    record_words(words, unshown, *charts.chart_words(fig))
    chart_kit.draw_recorded(words)
    background.shut_down()  # waits for the drawings
    for svg in (shown, unshown):
        record = words_file(words, svg)
        assert record.with_suffix(".svg").read_bytes() == (svg.encode() if isinstance(svg, str) else svg)
        assert record.with_name(f"{record.stem}-{chart_kit.SCALE}x.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    app.build()
    gone = words_file(words, unshown)
    assert gone.is_file() and not gone.with_suffix(".svg").exists()
    assert not gone.with_name(f"{gone.stem}-{chart_kit.SCALE}x.png").exists()
    assert words_file(words, shown).with_suffix(".svg").is_file()
    app.cleanup()
