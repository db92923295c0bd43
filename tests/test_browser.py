"""The built book in a real browser: every page loads cleanly, is accessible, and search works."""

from __future__ import annotations

import json
from pathlib import Path
from urllib.parse import urlparse

import pytest

from browser import CHROMIUM, browser_context, serve
from conftest import ROOT, toc_files

pytestmark = [pytest.mark.build, pytest.mark.browser,
              pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="Debian's chromium is not installed")]

SCREENSHOTS = ROOT / "_build" / "screenshots"
AXE_ALLOWED = json.loads((Path(__file__).parent / "axe_allowlist.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def site(built_book):
    with serve(built_book) as base, browser_context() as context:
        yield base, context


def visit(site, path):
    """Open a page and record console errors, failed and third-party requests."""
    base, context = site
    page = context.new_page()
    events = {"console": [], "failed": [], "foreign": [], "bad_status": []}
    page.on("console", lambda m: m.type == "error" and events["console"].append(m.text))
    page.on("requestfailed", lambda r: events["failed"].append(r.url))
    page.on("request", lambda r: urlparse(r.url).hostname not in ("127.0.0.1", None)
            and not r.url.startswith("data:") and events["foreign"].append(r.url))
    page.on("response", lambda r: r.status >= 400 and events["bad_status"].append(f"{r.status} {r.url}"))
    page.goto(f"{base}/{path}", wait_until="networkidle")
    return page, events


@pytest.mark.parametrize("name", toc_files())
def test_page_loads_cleanly(site, name):
    page, events = visit(site, f"{name}.html")
    try:
        assert events["console"] == [], events["console"]
        assert events["failed"] == [] and events["bad_status"] == [], events
        assert events["foreign"] == [], f"requests to other hosts: {events['foreign']}"
        assert page.title().strip()
        assert page.locator("h1").first.inner_text().strip()
        images = page.evaluate("""() => Array.from(document.images).map(i => ({
            src: i.currentSrc, width: i.naturalWidth, alt: i.getAttribute('alt') }))""")
        for img in images:
            assert img["width"] > 0, f"image did not load: {img['src']}"
            assert (img["alt"] or "").strip(), f"image without alt text: {img['src']}"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{Path(name).name}.png"), full_page=True)
    finally:
        page.close()


def test_chinese_text_uses_the_books_own_web_font(site):
    """Pages carry their CJK font, so Chinese renders on a machine without CJK fonts."""
    page, _ = visit(site, "book/villages.html")
    try:
        page.evaluate("document.fonts.ready")
        faces = page.evaluate("""() => Array.from(document.fonts).map(f => ({family: f.family, status: f.status}))""")
        ours = [f for f in faces if "Book Noto Sans SC" in f["family"]]
        assert ours and all(f["status"] == "loaded" for f in ours), faces
        family = page.evaluate("getComputedStyle(document.querySelector('blockquote p')).fontFamily")
        assert family.startswith('"Book Noto Sans SC"'), family
    finally:
        page.close()


@pytest.mark.parametrize("name", toc_files())
def test_page_has_no_serious_accessibility_violations(site, name):
    from axe_playwright_python.sync_playwright import Axe

    page, _ = visit(site, f"{name}.html")
    try:
        results = Axe().run(page)
    finally:
        page.close()
    serious = [v for v in results.response["violations"]
               if v["impact"] in ("serious", "critical") and v["id"] not in AXE_ALLOWED]
    assert not serious, "\n".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}" for v in serious)


def search(site, query):
    page, events = visit(site, f"search.html?q={query}")
    try:
        page.wait_for_selector("#search-results li, #search-results p.search-summary", timeout=20000)
        page.wait_for_function("() => !document.querySelector('#search-results h2')?.textContent.includes('Searching')",
                               timeout=20000)
        hrefs = page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.getAttribute('href'))")
        assert events["console"] == []
        return [h.split("?")[0].split("#")[0] for h in hrefs]
    finally:
        page.close()


@pytest.mark.parametrize("query, page_name", [
    ("香菇", "book/villages.html"),
    ("三百四千", "book/slogans.html"),
    ("王庄村", "book/villages.html"),
    ("局长行长", "book/chiefs.html"),
    ("mushroom", "book/villages.html"),
    ("ClaimReview", "book/claims.html"),
])
def test_search_finds_the_right_page(site, query, page_name):
    results = search(site, query)
    assert page_name in results, f"searching {query!r} gave {results}"


def test_policy_terms_are_indexed_whole(built_book):
    index = (built_book / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(index[index.index("(") + 1: index.rindex(")")])
    for term in ("三百四千", "局长行长", "三快两提升", "五小工程"):
        assert term in data["terms"], f"{term} is not a search term"


def test_screenshots_were_saved():
    pngs = list(SCREENSHOTS.glob("*.png")) if SCREENSHOTS.exists() else []
    assert len(pngs) >= len(toc_files())
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)
