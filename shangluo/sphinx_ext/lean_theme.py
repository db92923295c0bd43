"""The theme, less what a reader's first visit need not download.

Measured on the built book, gzipped as GitHub Pages serves it: the theme's FontAwesome
script was 542 KB of every page's first visit, more than everything else together.

* **No FontAwesome script.**  The theme's own CSS already draws its icons from
  FontAwesome's webfont; the script only turns each ``<i class="fa-...">`` into an SVG
  (for custom icons, which the book has none of).  This drops the script and serves a
  subset of the theme's solid icon font holding only the icons that the theme's
  templates, scripts and stylesheets name, declared after the theme's CSS so the browser
  fetches it instead of the full font.  (pydata-sphinx-theme 0.17 has no option for
  this; its template is filtered rather than copied.)
* **No stylesheet that only imports another.**  The theme's ``styles/theme.css`` holds
  one ``@import`` of Sphinx's ``basic.css``, a second round trip before the first paint;
  ``basic.css`` is linked directly in its place.
* **Search loads on the search page.**  With ``search_as_you_type`` off, the search box
  on other pages only sends the reader to ``search.html``; the index and its tools are
  no longer loaded on every page.
* **Scripts wait for the first paint.**  Every script file but the small one the inline
  settings read is marked ``defer`` as the page is written; once the book is written, each
  page's deferred scripts are taken out and one inline loader at the end of the body adds
  them back, in the same order, after the page has painted (DOMContentLoaded, then the next
  animation frame).  Deferring alone let them run before the first paint whenever the HTML
  was parsed before a frame was drawn: the theme's scripts then forced the page's first
  full layout inside a script task (bootstrap.js reads the header's position as it loads),
  and that task and its scripts came before the first paint.  Headless Chromium also holds
  a busy page's first frame back by whole seconds (Lighthouse issue 17148), and Lighthouse
  then counts every script that ran before that frame.  Measured with Lighthouse (mobile)
  on the overview, in minutes when most runs were held back so: 84-91 (six runs) with the
  scripts deferred, 94-96 (three) with them after the first paint, 98 (six) with no
  scripts at all.  The cost: the scripts start downloading only then, so on a slow link
  the menu, search and mode buttons work a moment later than before, and a page opened in
  a background tab (which draws no frame) loads them when it is shown.  Preloading them
  would put them back on the first paint's path.  On the search page too, with its search
  tools and index: the loader keeps their order, and Sphinx's search waits for its index.
* **Menu buttons that work on a phone.**  The header's hidden copies of the sidebar
  buttons are left out, so the themes' scripts bind the buttons a reader can see.
* **Collapsed content is not laid out.**  As a page loads, the theme's script reads the
  ``scrollWidth`` of every code block and table to decide which can take keyboard focus,
  and Chrome had to lay out every collapsed code cell and chart table to answer: 2,176
  layout objects on the leaders page, a long task after the first paint (traced).  The
  served copy of the script skips what sits in a closed ``<details>`` (one expression
  changed, checked at build time); a small script in the template makes the same check
  when a reader opens one.  The content stays in the page, so find-in-page still finds
  and opens it.
* **A description for the search page,** which has no opening paragraph for
  sphinxext-opengraph to draw one from.
* **Each inline script once.**  Some extensions add their inline settings again at a
  later build step, and a repeated ``const`` is a script error.

sphinx-thebe, whose inline script named a third-party host, is left out of the
extensions in ``_config.yml``: the book has no live-code button.
"""

from __future__ import annotations

import json
import os
import re
from html import unescape
from pathlib import Path

from markupsafe import Markup, escape
from sphinx.application import Sphinx

from .. import paths
from ..fonts import write_subset
from .written_pages import rewrite

STATIC_DIR = paths.BUILD / "static-lean-theme"
TEMPLATES = Path(__file__).parent / "templates"
ICON_FONT = "fonts/theme-icons.woff2"
CSS = "lean-theme.css"

_PUA = re.compile("[\ue000-\uf8ff]")
_ESCAPED = re.compile(r'content:\s*"\\([ef][0-9a-f]{3})"')
_ICON = re.compile(r'content:"\\([ef][0-9a-f]{3})"')


def _theme_dirs() -> list[Path]:
    import pydata_sphinx_theme
    import sphinx_book_theme

    return [Path(pydata_sphinx_theme.__file__).parent, Path(sphinx_book_theme.__file__).parent]


def _theme_css() -> Path:
    return _theme_dirs()[0] / "theme" / "pydata_sphinx_theme" / "static" / "styles" / "pydata-sphinx-theme.css"


def _theme_script() -> Path:
    return _theme_dirs()[0] / "theme" / "pydata_sphinx_theme" / "static" / "scripts" / "pydata-sphinx-theme.js"


# The theme's tab-stop pass, the elements it looks at (templates/layout.html looks at the
# same ones when a <details> opens), and the pass made to skip closed <details>.
TAB_STOPS = "e.tabIndex=e.scrollWidth>e.clientWidth||e.scrollHeight>e.clientHeight?0:-1"
SCROLLABLE = '["pre",".nboutput > .output_area",".cell_output > .output",".jp-RenderedHTMLCommon",".pst-scrollable-table-container"]'
TAB_STOPS_OPEN_ONLY = f'e.closest("details:not([open])")||({TAB_STOPS})'


def _solid_font() -> Path:
    return _theme_dirs()[0] / "theme" / "pydata_sphinx_theme" / "static" / "vendor" / "fontawesome" / "webfonts" / "fa-solid-900.ttf"


def _rules(css: str):
    """(selectors, declarations) of each rule of a stylesheet, in one linear pass."""
    for rule in css.split("}"):
        selectors, _, body = rule.partition("{")
        yield selectors, body


def icon_characters() -> str:
    """The icon glyphs the themes can show: each ``fa-NAME`` their templates, Python and
    scripts name, looked up in the theme's icon table, and each glyph their stylesheets
    write directly (admonition and link icons)."""
    table: dict[str, str] = {}
    for selectors, body in _rules(_theme_css().read_text(encoding="utf-8")):
        code = _ICON.fullmatch(body.strip())
        if code:
            for name in re.findall(r"\.(fa-[a-z0-9-]+):before", selectors):
                table[name] = chr(int(code.group(1), 16))
    chars: set[str] = set()
    for folder in _theme_dirs():
        for path in folder.rglob("*"):
            if path.suffix in (".html", ".py", ".js") and not path.name.endswith(".min.js") \
                    and "fontawesome" not in path.name and path.is_file():
                chars.update(table[n] for n in re.findall(r"fa-[a-z0-9-]+", path.read_text(encoding="utf-8"))
                             if n in table)
            elif path.suffix == ".css" and path.is_file():
                for _, body in _rules(path.read_text(encoding="utf-8")):
                    if _ICON.fullmatch(body.strip()):
                        continue  # the icon table itself names every icon
                    chars.update(_PUA.findall(body))
                    chars.update(chr(int(c, 16)) for c in _ESCAPED.findall(body))
    return "".join(sorted(chars))


def write() -> None:
    write_subset(_solid_font(), icon_characters(), STATIC_DIR / ICON_FONT)
    script = _theme_script().read_text(encoding="utf-8")
    if script.count(TAB_STOPS) != 1 or SCROLLABLE not in script:
        raise ValueError(f"lean_theme: {_theme_script()} no longer holds its tab-stop pass once; check TAB_STOPS")
    # Same name and folder as the theme's file: Sphinx copies the book's static files after the theme's.
    paths.write_if_changed(STATIC_DIR / "scripts" / _theme_script().name, script.replace(TAB_STOPS, TAB_STOPS_OPEN_ONLY))
    paths.write_if_changed(STATIC_DIR / CSS, f"""/* Generated by shangluo.sphinx_ext.lean_theme. */

/* The theme's FontAwesome solid icons (Font Awesome Free, SIL OFL 1.1), subset to the
   icons the theme uses, declared after the theme's own rule so that the browser uses this
   one instead of the full font.  The page preloads it (templates/layout.html): a font
   that arrives after the first layout makes the browser lay the whole page out again. */
@font-face {{
  font-family: "Font Awesome 6 Free";
  font-style: normal;
  font-weight: 900;
  font-display: block;
  src: url("{ICON_FONT}") format("woff2");
}}

/* Long inline code (the article's SHA-256 digest) breaks where it must, rather than
   widening the page so that a phone scrolls sideways. */
.bd-article code.literal {{
  overflow-wrap: anywhere;
}}
.bd-article code.literal .pre {{
  white-space: pre-wrap;  /* Sphinx's own rule, nowrap, would forbid any break */
}}
/* So does a long address in a quoted citation (the Chinese edition's, on 数据与方法) or in a
   table's cell (a chart's data on a phone), which ran past the box's edge at 390 px.
   break-word, not anywhere: a table on a wide screen keeps its columns' widths.  (The PDFs
   print an article's contents without its .bd-article, so this rule never reaches them.) */
.bd-article blockquote, .bd-article td {{
  overflow-wrap: break-word;
}}
/* The theme places the search box's magnifier absolutely, a rule written for the <i> that
   the icon script used to replace with an SVG (which the rule no longer matched): as a
   font glyph it would sit on the box's text.  Back in the flow, beside the text. */
.bd-search .fa-solid.fa-magnifying-glass {{
  position: static;
}}
""")


def without_assets(html: str, *names: str) -> str:
    """``html`` without the ``<script src>`` and the ``<link>`` (stylesheet or preload) of
    the files named ``names``."""
    for name in names:
        pattern = rf'<script[^>]*src="[^"]*{re.escape(name)}[^"]*"[^>]*></script>\s*' \
                  rf'|<link[^>]*href="[^"]*{re.escape(name)}[^"]*"[^>]*/?>\s*'
        html, count = re.subn(pattern, "", html)
        if not count:
            raise ValueError(f"lean_theme: the theme no longer loads {name}; check the template filter")
    return Markup(html)


_HIDDEN_TOGGLE = re.compile(r'\s*<button class="pst-navbar-icon sidebar-toggle (?:primary|secondary)-toggle"[^>]*>.*?</button>', re.S)


def with_defer(html: str, *names: str) -> str:
    """``html`` with the ``<script src>`` of the files named ``names`` deferred."""
    for name in names:
        html, count = re.subn(rf'<script src="([^"]*{re.escape(name)})"></script>', r'<script defer src="\1"></script>', html)
        if not count:
            raise ValueError(f"lean_theme: the theme no longer loads {name} as a plain script; check the template filter")
    return Markup(html)


_SEARCH_INDEX = re.compile(r'<script defer src="([^"]*)searchindex\.js"')


def with_search_scripts(html: str, names) -> str:
    """The search page's scripts with the static files ``names`` (the page context's
    ``search_scripts``, which another extension may set) loaded just before the index: after
    Sphinx's search tools, and before the index that runs the reader's query as it arrives."""
    if not names:
        return html
    html, count = _SEARCH_INDEX.subn(
        lambda m: "".join(f'<script defer src="{m[1]}_static/{n}"></script>\n' for n in names) + m[0], str(html))
    if count != 1:
        raise ValueError("lean_theme: the search page no longer loads searchindex.js once; check templates/search.html")
    return Markup(html)


def without_hidden_toggles(html: str) -> str:
    """The header without pydata-sphinx-theme's own two sidebar buttons, which the book
    theme hides.  Both themes' scripts bind the first ``.primary-toggle`` and
    ``.secondary-toggle`` they find, and these came first: on a phone, the visible menu and
    contents buttons opened nothing."""
    html, count = _HIDDEN_TOGGLE.subn("", html)
    if not count:  # the contents button is there only on pages with sections
        raise ValueError("lean_theme: the theme's hidden sidebar buttons are gone; check the template filter")
    return Markup(html)


def on_config_inited(app: Sphinx, config) -> None:
    # Both folders must exist now: Sphinx drops static paths that do not.  Relative to the
    # project, so that a copy of the project has the same configuration.
    STATIC_DIR.mkdir(parents=True, exist_ok=True)
    config.html_static_path = list(config.html_static_path) + [os.path.relpath(STATIC_DIR, app.confdir)]
    config.templates_path = [os.path.relpath(TEMPLATES, app.confdir)] + list(config.templates_path)


def on_builder_inited(app: Sphinx) -> None:
    write()
    templates = getattr(app.builder, "templates", None)
    if templates is not None and hasattr(templates, "environment"):
        templates.environment.filters["without_assets"] = without_assets
        templates.environment.filters["without_hidden_toggles"] = without_hidden_toggles
        templates.environment.filters["with_defer"] = with_defer
        templates.environment.filters["with_search_scripts"] = with_search_scripts


def on_html_page_context(app: Sphinx, pagename, templatename, context, doctree) -> None:
    seen, unique = set(), []
    for script in context.get("script_files", []):
        # An inline script added at builder-inited reaches the page twice, once named None
        # (from the builder) and once '' (from the registry): the same script.
        key = (getattr(script, "filename", None) or "", tuple(sorted(getattr(script, "attributes", {}).items())))
        if key not in seen:
            seen.add(key)
            unique.append(script)
    context["script_files"] = [_deferred(script) for script in unique]
    if pagename == "search":  # the one page with no opening paragraph to describe it
        about = escape(f"Search every page of {app.config.html_title or app.config.project}.")
        context["metatags"] = context.get("metatags", "") + f'\n<meta name="description" content="{about}" />'


# Read by the inline scripts that follow it (DOCUMENTATION_OPTIONS.pagename = ...), so it
# must run where it stands; every other script file waits until the page is parsed.
_RUN_IN_PLACE = ("documentation_options.js",)


def _deferred(script):
    """``script`` with ``defer``, if it is a file that nothing inline needs at once."""
    from sphinx.builders.html._assets import _JavaScript

    name = str(getattr(script, "filename", "") or "")
    attributes = dict(getattr(script, "attributes", {}))
    if not name or name.endswith(_RUN_IN_PLACE) or {"defer", "async"} & attributes.keys():
        return script
    return _JavaScript(name, priority=script.priority, **attributes, defer="defer")


_EMPTY_SCRIPT = re.compile(r"<script\b([^>]*)></script>\n?")
_ATTRIBUTE = re.compile(r'([\w-]+)(?:="([^"]*)")?')
_LOADER = """<script>
/* The page's scripts, in their order, once it has painted (shangluo/sphinx_ext/lean_theme.py). */
(() => {
  const scripts = %s;
  const load = () => requestAnimationFrame(() => setTimeout(() => {
    for (const attributes of scripts) {
      const script = document.createElement("script");
      for (const [name, value] of Object.entries(attributes)) script.setAttribute(name, value);
      script.async = false;  /* run in the order added, as deferred scripts do */
      document.head.append(script);
    }
  }));
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", load);
  else load();
})();
</script>
"""


def scripts_after_first_paint(html: str) -> str:
    """``html`` with its deferred script files loaded by one inline loader at the end of the
    body, after the first paint, in their order and with their attributes.  A page without
    deferred scripts (one already rewritten, for one) is returned as it is."""
    scripts = []

    def take(match: re.Match) -> str:
        attributes = {name: unescape(value) for name, value in _ATTRIBUTE.findall(match.group(1))}
        if "defer" not in attributes or "src" not in attributes:
            return match.group(0)
        del attributes["defer"]
        scripts.append(attributes)
        return ""

    html = _EMPTY_SCRIPT.sub(take, html)
    if not scripts:
        return html
    end = html.rindex("</body>")
    listed = json.dumps(scripts, ensure_ascii=False).replace("</", "<\\/")
    return html[:end] + _LOADER % listed + html[end:]


def on_build_finished(app: Sphinx, exception) -> None:
    rewrite(app, exception, lambda page, _path: scripts_after_first_paint(page))


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", on_config_inited)
    app.connect("builder-inited", on_builder_inited)
    app.connect("html-page-context", on_html_page_context)
    app.connect("build-finished", on_build_finished)
    app.add_css_file(CSS)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
