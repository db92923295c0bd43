"""The built book in a real browser: every page loads cleanly, is accessible, and search works."""

from __future__ import annotations

import json
import re
from pathlib import Path
from urllib.parse import urlparse

import pytest

from browser import CHROMIUM, browser_context, serve
from conftest import ROOT, SEARCH_PAGES, toc_files

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
    # Every visit is a first visit: nothing from the cache that earlier pages filled.
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    events = {"console": [], "errors": [], "failed": [], "foreign": [], "bad_status": [], "finished": []}
    page.on("requestfinished", lambda r: events["finished"].append(r))
    page.on("console", lambda m: m.type == "error" and events["console"].append(m.text))
    # An uncaught exception in a page's script is a page error, not a console message.
    page.on("pageerror", lambda e: events["errors"].append(str(e)))
    page.on("requestfailed", lambda r: events["failed"].append(r.url))
    page.on("request", lambda r: urlparse(r.url).hostname not in ("127.0.0.1", None)
            and not r.url.startswith("data:") and events["foreign"].append(r.url))
    page.on("response", lambda r: r.status >= 400 and events["bad_status"].append(f"{r.status} {r.url}"))
    page.goto(f"{base}/{path}", wait_until="networkidle")
    return page, events


@pytest.mark.parametrize("name", [*toc_files(), *SEARCH_PAGES])
def test_page_loads_cleanly(site, name):
    page, events = visit(site, f"{name}.html")
    try:
        assert events["console"] == [] and events["errors"] == [], events
        assert events["failed"] == [] and events["bad_status"] == [], events
        assert events["foreign"] == [], f"requests to other hosts: {events['foreign']}"
        # A first visit (empty cache), gzipped as GitHub Pages serves it: at most 400 KB.
        sizes = [r.sizes() for r in events["finished"]]
        transferred = sum(s["responseBodySize"] + s["responseHeadersSize"] for s in sizes)
        assert 50_000 < transferred <= 400_000, f"{name}: {transferred:,} bytes on a first visit"
        assert page.title().strip()
        assert page.locator("h1").first.inner_text().strip()
        # Charts after a page's first load lazily: bring each into view, as a reader scrolling would.
        page.evaluate("""async () => { for (const i of document.images) { i.scrollIntoView();
            if (!i.complete) await new Promise(done => { i.onload = i.onerror = done; }); } window.scrollTo(0, 0); }""")
        images = page.evaluate("""() => Array.from(document.images).map(i => ({
            src: i.currentSrc, width: i.naturalWidth, alt: i.getAttribute('alt') }))""")
        for img in images:
            assert img["width"] > 0, f"image did not load: {img['src']}"
            assert (img["alt"] or "").strip(), f"image without alt text: {img['src']}"
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOTS / f"{name.removeprefix('book/').replace('/', '-')}.png"), full_page=True)
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
    # Code type too falls back to it: a Chinese page's chart-data links (图表数据（CSV）) are code.
    page, _ = visit(site, "book/zh/chiefs.html")
    try:
        link = page.locator("a.download code").first
        assert "图表数据" in link.inner_text()
        assert link.evaluate("e => getComputedStyle(e).fontFamily").endswith('"Book Noto Sans SC"')
    finally:
        page.close()


@pytest.mark.parametrize("name", [*toc_files(), *SEARCH_PAGES])
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


def finished_results(page) -> list[str]:
    """The result links once Sphinx has listed them all. Sphinx adds one result every 5 ms
    and writes the summary line only after the last, so the first result is too early."""
    page.wait_for_function(
        "() => document.querySelector('#search-results p.search-summary')?.textContent.trim()", timeout=20000)
    return page.eval_on_selector_all("#search-results li a", "els => els.map(e => e.getAttribute('href'))")


def search(site, query, search_page="search"):
    page, events = visit(site, f"{search_page}.html?q={query}")
    try:
        hrefs = finished_results(page)
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


@pytest.mark.parametrize("query", ["香菇", "三百四千", "glossary", "ClaimReview"])
def test_each_editions_search_shows_only_its_own_pages(site, query):
    """One index, two search pages: the Chinese one finds Chinese pages only, the English
    one English pages only (shangluo/sphinx_ext/editions.py filters the results)."""
    english, chinese = search(site, query), search(site, query, "zh-search")
    assert chinese and all(h.startswith("book/zh/") for h in chinese), chinese
    assert english and not any(h.startswith("book/zh/") for h in english), english
    if query == "ClaimReview":  # the records on each edition's Claim by claim
        assert "book/claims.html" in english and "book/zh/claims.html" in chinese


def test_the_chinese_search_box_leads_to_the_chinese_search_page(site):
    page, events = visit(site, "book/zh/index.html")
    try:
        page.locator("button.search-button__button:visible").first.click()
        box = page.locator("input[name='q']:visible").first
        box.fill("香菇")
        box.press("Enter")
        page.wait_for_url("**/zh-search.html?q=*", timeout=20000)
        hrefs = finished_results(page)
        assert "搜索完成" in page.inner_text("#search-results p.search-summary")  # Sphinx's own words, in Chinese
        assert hrefs and all(h.startswith("book/zh/") for h in hrefs), hrefs
        assert events["errors"] == [], events
    finally:
        page.close()


def test_policy_terms_are_indexed_whole(built_book):
    index = (built_book / "searchindex.js").read_text(encoding="utf-8")
    data = json.loads(index[index.index("(") + 1: index.rindex(")")])
    for term in ("三百四千", "局长行长", "三快两提升", "五小工程"):
        assert term in data["terms"], f"{term} is not a search term"


def test_screenshots_were_saved():
    pngs = list(SCREENSHOTS.glob("*.png")) if SCREENSHOTS.exists() else []
    assert len(pngs) >= len(toc_files())
    assert all(p.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" for p in pngs)


def test_the_search_box_on_a_chapter_leads_to_results(site):
    """Chapters no longer load the search index; their search box sends the reader to the search page."""
    page, events = visit(site, "book/leaders.html")
    try:
        page.locator("button.search-button__button:visible").first.click()
        box = page.locator("input[name='q']:visible").first
        # The magnifier stands beside the box's text, not on it.
        icon = page.locator(".bd-search:visible .fa-magnifying-glass").first.bounding_box()
        assert icon["x"] + icon["width"] <= box.bounding_box()["x"] + 1, (icon, box.bounding_box())
        box.fill("香菇")
        box.press("Enter")
        page.wait_for_url("**/search.html?q=*", timeout=20000)
        hrefs = finished_results(page)
        assert any("villages.html" in h for h in hrefs), hrefs
        assert events["console"] == [] and events["errors"] == [], events
    finally:
        page.close()


# matplotlib draws each run of text as glyph paths scaled by (font size / FONT_SCALE): the
# scale on each text group gives its font size in the SVG's own units.
TEXT_SCALE = re.compile(r'<g transform="translate\([^)]*\) (?:rotate\([^)]*\) )?scale\(([0-9.]+) -\1\)"')


def smallest_text(svg: str) -> float:
    from matplotlib.textpath import TextToPath

    return min(float(s) for s in TEXT_SCALE.findall(svg)) * TextToPath.FONT_SCALE


@pytest.mark.parametrize("width", [390, 1280])
def test_chart_text_is_legible_on_a_phone_and_a_desktop(site, built_book, width):
    """The smallest text of every chart, as drawn on the screen, is at least 11 CSS px."""
    too_small, measured = [], 0
    base, context = site
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    try:
        for name in toc_files():
            page.goto(f"{base}/{name}.html", wait_until="networkidle")
            for img in page.evaluate("""() => Array.from(document.images)
                    .filter(i => i.src.endsWith('.svg'))
                    .map(i => ({src: new URL(i.src).pathname, shown: i.getBoundingClientRect().width}))"""):
                svg = (built_book / img["src"].lstrip("/")).read_text(encoding="utf-8")
                view_width = float(re.search(r'viewBox="[0-9.]+ [0-9.]+ ([0-9.]+) ', svg).group(1))
                px = smallest_text(svg) * img["shown"] / view_width
                measured += 1
                print(f"{width} px: {name} {Path(img['src']).name[:12]} smallest text {px:.1f} px")
                if px < 11:
                    too_small.append(f"{name}: {Path(img['src']).name[:12]} {px:.1f} px")
    finally:
        page.close()
    assert measured >= 6
    assert not too_small, f"chart text under 11 px at {width} px: {too_small}"


@pytest.mark.parametrize("name", [*toc_files(), *SEARCH_PAGES])
def test_no_page_is_wider_than_a_phone(site, name):
    """A page wider than the screen makes a phone scroll it sideways (the article's SHA-256
    digest did, before long inline code could wrap)."""
    base, context = site
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 800})
    try:
        page.goto(f"{base}/{name}.html", wait_until="networkidle")
        page.evaluate("document.fonts.ready")
        assert page.evaluate("document.documentElement.scrollWidth") <= 390
        # Nor does any paragraph or quotation run past its own edge (the page's frame would hide it).
        overflowing = page.evaluate("""() => [...document.querySelectorAll('.bd-article p, .bd-article blockquote')]
            .filter(e => e.scrollWidth > e.clientWidth + 1).map(e => e.textContent.slice(0, 60))""")
        assert not overflowing, overflowing
    finally:
        page.close()


def test_the_search_page_fetches_the_whole_books_font_only_for_results(site):
    """The search page's own font comes first; the whole book's (114 KB) only when results
    show Chinese the page's own font lacks."""
    def fonts_fetched(page) -> list[str]:
        page.evaluate("document.fonts.ready")
        return sorted(e.split("/")[-1] for e in page.evaluate(
            "performance.getEntriesByType('resource').map(e => e.name).filter(n => n.includes('/fonts/cjk-'))"))

    page, _ = visit(site, "search.html")
    try:
        own = fonts_fetched(page)
        assert len(own) == 1, own
    finally:
        page.close()
    page, _ = visit(site, "search.html?q=香菇")
    try:
        page.wait_for_selector("#search-results li", timeout=20000)
        page.wait_for_function("document.fonts.status === 'loaded'")
        both = fonts_fetched(page)
        assert len(both) == 2 and set(own) < set(both), both
        family = page.evaluate("getComputedStyle(document.querySelector('#search-results li')).fontFamily")
        assert family.startswith('"Book Noto Sans SC"'), family
    finally:
        page.close()


def test_collapsed_content_is_findable_and_gets_tab_stops_when_opened(site):
    """The theme's load-time scan of scrollable blocks skips closed <details> (so Chrome
    need not lay them out); the collapsed content stays findable (a link to a text in a
    chart's data is found by the browser's find), and opening one gives its
    overflowing code its tab stop, as the scan would have."""
    base, context = site
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 800})
    try:
        page.goto(f"{base}/book/leaders.html", wait_until="networkidle")
        skipped = page.evaluate("""[...document.querySelectorAll('details:not([open]) pre')].map(p => p.tabIndex)""")
        assert len(skipped) >= 5 and set(skipped) == {-1}, skipped
        code = page.locator("details.hide").first
        code.locator("summary").click()
        stops = page.evaluate("""(d) => [...d.querySelectorAll('pre')].map(p => [p.scrollWidth > p.clientWidth, p.tabIndex])""",
                              code.element_handle())
        assert any(wide for wide, _ in stops), "expected a code line wider than a phone in the first code cell"
        assert all(tab == (0 if wide else -1) for wide, tab in stops), stops
        # "Not yet started" appears only in the first chart's data table, collapsed: the
        # browser's find still reaches it (it would not, were collapsed content display:none).
        page.goto(f"{base}/book/leaders.html", wait_until="networkidle")
        assert page.evaluate("document.querySelector('details.chart-data:not([open])').textContent.includes('Not yet started')")
        assert page.evaluate("window.find('Not yet started')")
    finally:
        page.close()


def test_wide_tables_are_cards_on_a_phone_and_tables_on_a_desktop(site):
    """The methods page's list of outside sources, six columns: on a phone each row is a
    card, each cell under its column's name; on a desktop, a table."""
    base, context = site
    page = context.new_page()
    probe = """() => { const t = [...document.querySelectorAll('main table')]
        .find(t => [...t.querySelectorAll('thead th')].map(th => th.textContent.trim()).includes('Publisher'));
      const td = t.querySelector('tbody td');
      return [getComputedStyle(td).display, getComputedStyle(td, '::before').content,
              t.querySelectorAll('thead th').length]; }"""
    try:
        page.set_viewport_size({"width": 390, "height": 800})
        page.goto(f"{base}/book/methods.html", wait_until="networkidle")
        display, label, columns = page.evaluate(probe)
        assert (display, label) == ("block", '"Publisher" / ""') and columns >= 3
        page.set_viewport_size({"width": 1280, "height": 800})
        display, label, _ = page.evaluate(probe)
        assert display == "table-cell" and label == "none"
    finally:
        page.close()


def test_the_menu_and_contents_buttons_open_their_panels_on_a_phone(site):
    base, context = site
    page = context.new_page()
    page.set_viewport_size({"width": 390, "height": 800})
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    try:
        page.goto(f"{base}/book/leaders.html", wait_until="networkidle")
        for toggle, dialog, link in ((".primary-toggle", "#pst-primary-sidebar-modal", "Claim by claim"),
                                     (".secondary-toggle", "#pst-secondary-sidebar-modal", None)):
            buttons = page.locator(f"{toggle}:visible")
            assert buttons.count() == 1, f"{toggle}: {buttons.count()} visible buttons"
            buttons.first.click()
            page.wait_for_function(f"document.querySelector('{dialog}').open")
            panel = page.locator(dialog)
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=str(SCREENSHOTS / f"phone-{dialog.strip('#')}.png"))
            assert panel.locator("a:visible").count() > 2, f"{dialog} opened empty"
            if link:
                assert panel.get_by_role("link", name=link).is_visible()
            page.keyboard.press("Escape")
            page.wait_for_function(f"!document.querySelector('{dialog}').open")
        assert not errors, errors
    finally:
        page.close()


def test_scripts_wait_for_the_parsed_page_and_the_theme_still_works(site):
    """Every script file but the settings is fetched by the loader once the page is parsed
    and a frame has been drawn (shangluo/sphinx_ext/lean_theme.py), not by the parser as it
    reads the page, and what the scripts do still happens.  (The first-paint entry is when
    the frame reached the screen, which can come a little after the loader's task: it is
    not the bound tested here.)"""
    page, events = visit(site, "book/leaders.html")
    try:
        parsed, scripts = page.evaluate("""() => [
            performance.getEntriesByType('navigation')[0].domContentLoadedEventEnd,
            performance.getEntriesByType('resource').filter(r => /\\.js(\\?|$)/.test(r.name))
                .map(r => [r.name.split('/').pop(), r.startTime])]""")
        late = {name.split("?")[0]: start for name, start in scripts if not name.startswith("documentation_options")}
        assert {"bootstrap.js", "pydata-sphinx-theme.js", "copybutton.js", "sphinx-book-theme.js"} <= late.keys(), late
        assert all(start >= parsed for start in late.values()), f"page parsed at {parsed:.0f} ms; scripts: {late}"
        # The themes' scripts ran: code cells have copy buttons, and the mode button switches modes.
        assert page.locator("button.copybtn").count() > 0
        before = page.evaluate("document.documentElement.dataset.mode")
        page.locator(".theme-switch-button:visible").first.click()
        assert page.evaluate("document.documentElement.dataset.mode") != before
        assert events["errors"] == [] and events["console"] == [], events
    finally:
        page.close()


def _embed_page(built_book: Path, edition: str) -> str:
    """The first chart embed page of an edition (chart_kit), chosen once the book is built:
    a fresh clone collects the tests before `make test` builds the book."""
    pages = sorted(p.name for p in (built_book / "charts").glob("*.html") if not p.name.startswith("frame-test-"))
    pages = [p for p in pages if p.endswith("-zh.html") == (edition == "zh")]
    assert pages, f"no {edition} embed page in {built_book / 'charts'}"
    return pages[0]


@pytest.mark.parametrize("edition", ["en", "zh"])
def test_a_charts_embed_page_stands_alone_and_is_accessible(site, built_book, edition, tmp_path):
    """An embed page loads only its chart, shows it whole in the iframe its book page's
    snippet gives, and passes axe; a copy of its folder works with no server at all."""
    import html as html_lib
    import shutil

    from axe_playwright_python.sync_playwright import Axe

    name = _embed_page(built_book, edition)
    page, events = visit(site, f"charts/{name}")
    try:
        assert events["console"] == events["errors"] == events["failed"] == events["foreign"] == [], events
        assert sorted(r.url.rsplit("/", 1)[1] for r in events["finished"]) == sorted([name, name.replace(".html", ".svg")])
        results = Axe().run(page)
    finally:
        page.close()
    serious = [v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")]
    assert not serious, serious
    # The snippet on the book's page, pointed at this server instead of html_baseurl: the chart fits its frame.
    book_page = next(p for p in sorted((built_book / "book").rglob("*.html")) if f"charts/{name}&quot;" in p.read_text(encoding="utf-8"))
    snippet = re.search(r"&lt;iframe.*?&lt;/iframe&gt;", book_page.read_text(encoding="utf-8")).group()
    snippet = re.sub(r'src="[^"]*/charts/', f'src="{site[0]}/charts/', html_lib.unescape(snippet))
    host = built_book / "charts" / f"frame-test-{name}"
    host.write_text(f'<!DOCTYPE html><html lang="en"><title>frame</title><body style="margin:0">{snippet}</body></html>', encoding="utf-8")
    page, _ = visit(site, f"charts/{host.name}")
    try:
        frame = page.frames[1]
        frame.wait_for_load_state("load")
        room = page.evaluate("document.querySelector('iframe').clientHeight")
        needed = frame.evaluate("document.documentElement.scrollHeight")
        assert needed <= room, f"{name}: the page needs {needed} px, the iframe gives {room}"
    finally:
        page.close()
        host.unlink()
    # A copy of the folder, opened from disk: the chart still shows.
    copy = tmp_path / "charts"
    shutil.copytree(built_book / "charts", copy)
    _, context = site
    page = context.new_page()
    try:
        page.goto((copy / name).as_uri())
        assert page.evaluate("document.images[0].complete && document.images[0].naturalWidth > 0")
    finally:
        page.close()
