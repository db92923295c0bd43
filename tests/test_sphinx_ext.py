"""Each of the book's Sphinx extensions, built in-process on a tiny fixture site
(`sphinx.testing`), as MyST-NB and pydata-sphinx-theme test theirs: seconds, no book build."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from shangluo import paths
from shangluo.fingerprint import FINGERPRINT_MARK, input_files
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


def test_web_font_is_written_at_builder_inited_and_served_by_the_site(tmp_path, monkeypatch):
    from shangluo.sphinx_ext import web_font

    monkeypatch.setattr(web_font, "STATIC_DIR", tmp_path / "static-generated")
    monkeypatch.setattr(paths, "STAMPS", tmp_path / "stamps")  # leave the book's own stamps alone
    app = site(tmp_path, "web_font", {"index.md": "# 三百四千\n"})
    assert web_font.on_builder_inited in [listener.handler for listener in app.events.listeners["builder-inited"]]
    app.build()
    out = Path(app.outdir)
    assert (out / "_static" / "fonts" / "book-cjk.woff2").stat().st_size > 1000
    css = (out / "_static" / "book-fonts.css").read_text(encoding="utf-8")
    assert "unicode-range" in css and "fonts/book-cjk.woff2" in css
    assert "_static/book-fonts.css" in html(app)
    assert [p.parent.name for p in (tmp_path / "stamps").rglob("*") if p.is_file()] == ["web-font"]
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
