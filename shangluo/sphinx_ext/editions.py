"""Two editions from one project: English pages in ``book/``, their Chinese twins (中文版)
in ``book/zh/`` under the same file names.

One Sphinx project rather than two, so that no chapter runs twice: a Chinese page pastes
the figures its English twin's notebook glued (MyST-NB's ``{glue:text}`../index.md::key```),
and shows the charts that notebook drew for it (`shangluo.charts.write_figure`).  For each page this extension

* sets ``<html lang>``: ``en``, or ``zh-Hans`` under ``book/zh/``;
* renders the theme's own words (previous, next, Contents, the buttons' labels) in the
  page's language, from the Chinese catalogues Sphinx and the two themes ship, and, once
  the pages are written, the labels a component fixes in English (`chinese_labels`);
* links the page to its twin, both ways: a visible switch at the top of the article
  (中文版 / English), an ``<a rel="alternate" hreflang>``;
* shows in the sidebar only the page's own edition, and keeps the previous/next links
  inside it;
* gives each edition its own search page (``search.html``, ``zh-search.html``, the
  theme's template rendered twice): a page's search box leads to its edition's, and each
  shows only its own edition's pages (`SEARCH_FILTER`), from the one index.

* re-reads a Chinese page whenever its English twin is re-read, because the figures it
  pastes come from the twin's notebook (Sphinx does not know of that dependency).
"""

from __future__ import annotations

import gettext
import html
import posixpath
import re
from functools import lru_cache
from pathlib import Path

from sphinx.application import Sphinx

from ..chart_text import unwrap
from ..generated_pages import AUTHOR_ZH
from .written_pages import rewrite

ZH_DIR = "book/zh/"
LANG = {"en": "en", "zh": "zh-Hans"}
# Each edition's search page: Sphinx's own, and the same template rendered again for Chinese,
# beside it at the root (Sphinx's search script links its results relative to the root).
SEARCH = {"en": "search", "zh": "zh-search"}
# Loaded on a search page between Sphinx's search tools and its index (which runs the query
# as it arrives): results are kept to the page's own edition.  Sphinx's search has no
# option for this; its results are [docname, title, anchor, description, score, filename].
SEARCH_FILTER = """/* Search shows the pages of the reader's edition (shangluo/sphinx_ext/editions.py). */
(() => {
  const chinese = document.documentElement.lang.startsWith("zh");
  const find = Search._performSearch;
  Search._performSearch = (...query) => find(...query).filter((result) => result[0].startsWith("%s") === chinese);
})();
""" % ZH_DIR
# Sphinx's Chinese words for its search script ("Search Results", "Search finished, …").
SEARCH_WORDS_ZH = Path(__import__("sphinx").__file__).parent / "locale" / "zh_CN" / "LC_MESSAGES" / "sphinx.js"
# What the switch says, in the language it leads to.
SWITCH = {"en": "English", "zh": "中文版"}


def edition(docname: str) -> str:
    return "zh" if docname.startswith(ZH_DIR) or docname == SEARCH["zh"] else "en"


def twin(docname: str) -> str | None:
    """The same page in the other edition's folder (which may not exist), the search pages
    included; None for any other page outside ``book/``."""
    for mine, other in (SEARCH["en"], SEARCH["zh"]), (SEARCH["zh"], SEARCH["en"]):
        if docname == mine:
            return other
    if docname.startswith(ZH_DIR):
        return "book/" + docname[len(ZH_DIR):]
    if docname.startswith("book/") and "/" not in docname[len("book/"):]:
        return ZH_DIR + docname[len("book/"):]
    return None


class _Missing(gettext.NullTranslations):
    """The words on a Chinese page that none of the three catalogues translates (found by
    tests/test_editions.py, which fails on an English label in a Chinese page), and the
    book's own search placeholder (_config.yml's search_bar_text)."""

    WORDS = {"Color mode": "颜色模式", "Toggle primary sidebar": "展开或收起导航栏",
             "Toggle secondary sidebar": "展开或收起本页目录", "Main": "主导航", "Page": "本页",
             "Link to this heading": "链接到本标题", "Link to this image": "链接到本图",
             "System Settings": "跟随系统设置", "Search this book…": "搜索本书…"}

    def __init__(self) -> None:
        super().__init__()
        self._catalog = dict(self.WORDS)

    def gettext(self, message: str) -> str:
        return self.WORDS.get(message, message)


@lru_cache(maxsize=1)
def _chinese() -> gettext.NullTranslations:
    """The Chinese catalogues of Sphinx, pydata-sphinx-theme and sphinx-book-theme, chained,
    then the few words none of them has."""
    import pydata_sphinx_theme
    import sphinx
    import sphinx_book_theme

    catalogues = [
        (Path(sphinx.__file__).parent / "locale", "sphinx", "zh_CN"),
        (Path(pydata_sphinx_theme.__file__).parent / "locale", "sphinx", "zh"),
        (Path(sphinx_book_theme.__file__).parent / "theme/sphinx_book_theme/static/locales", "booktheme", "zh_CN"),
    ]
    chain = gettext.NullTranslations()
    for folder, domain, lang in catalogues:
        chain.add_fallback(gettext.translation(domain, localedir=folder, languages=[lang]))
    chain.add_fallback(_Missing())
    return chain


def ui_text() -> str:
    """Every Chinese word the theme can show on a Chinese page (the catalogues' translations),
    for the web font (`web_font.book_text`)."""
    words, catalogue = [], _chinese()._fallback
    while catalogue is not None:
        words += [w for w in catalogue._catalog.values() if isinstance(w, str)]
        catalogue = catalogue._fallback
    return "\n".join(words)


def _href(from_doc: str, to_doc: str, suffix: str) -> str:
    return posixpath.relpath(to_doc, posixpath.dirname(from_doc)) + suffix


def _caption_blocks(nav: str) -> list[str]:
    return re.split(r'(?=<p aria-level="2" class="caption")', nav)


def keep_edition(nav: str, pagename: str) -> str:
    """The sidebar's table of contents less the parts whose pages are all in the other edition."""
    mine = edition(pagename)
    kept = []
    for block in _caption_blocks(str(nav)):
        targets = [posixpath.normpath(posixpath.join(posixpath.dirname(pagename), h))
                   for h in re.findall(r'<a class="[^"]*reference internal[^"]*" href="([^"#]+)', block)]
        if targets and all(edition(t) != mine for t in targets):
            continue
        kept.append(block)
    return "".join(kept)


# A Chinese page's description, for search results and shared links: its opening paragraph,
# to the end of its last full sentence within this many characters (about two lines of a
# search result).  sphinxext-opengraph, which describes the English pages, writes Chinese
# with English habits (a space around each link or quotation, ": " after a heading, "..."
# at the cut), and counts its 160 characters as English ones.
DESCRIPTION_ZH = 140


def description_zh(doctree) -> str:
    """A Chinese page's opening paragraph (the first one directly in a section), cut after
    its last full sentence within `DESCRIPTION_ZH` characters, or with “……”."""
    from docutils import nodes

    first = next((p for p in doctree.findall(nodes.paragraph) if isinstance(p.parent, nodes.section)), None)
    if first is None:
        return ""
    # A line break in the source is a space only between two non-Chinese characters.
    text = unwrap(first.astext())
    if len(text) <= DESCRIPTION_ZH:
        return text
    ends = [m.end() for m in re.finditer(r"[。！？]", text[:DESCRIPTION_ZH])]
    return text[:ends[-1]] if ends and ends[-1] >= 50 else text[:DESCRIPTION_ZH - 2] + "……"


def describe_in_chinese(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """Before sphinxext-opengraph writes its tags: a Chinese page's own description (which the
    library then leaves alone) and, for its og: tags, that description and the Chinese book's
    title as the site's name."""
    if edition(pagename) != "zh" or doctree is None:
        return
    about = description_zh(doctree)
    if not about:
        return
    # A copy: the env's own metadata stays as read.  The library's make_tag escapes only '"'.
    meta = dict(context.get("meta") or {}, **{"og:description": html.escape(about, quote=False)})
    if ZH_DIR + "index" in app.env.titles:
        meta["og:site_name"] = html.escape(app.env.titles[ZH_DIR + "index"].astext(), quote=False)
    context["meta"] = meta
    context["metatags"] = context.get("metatags", "") + f'\n<meta name="description" content="{html.escape(about)}" />'


def on_html_page_context(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    mine = edition(pagename)
    context["language"] = LANG[mine]
    if mine == "zh":
        context["gettext"] = _chinese().gettext
        context["ngettext"] = _chinese().ngettext
        if ZH_DIR + "index" in app.env.titles:  # the Chinese book's title is its overview's heading
            context["docstitle"] = app.env.titles[ZH_DIR + "index"].astext()
        context["theme_toc_title"] = _chinese().gettext("Contents")
        if ZH_DIR + "index" in app.env.found_docs:  # the title in the sidebar leads home: 中文版's own
            context["theme_logo_link"] = _href(pagename, ZH_DIR + "index", app.builder.out_suffix)
    for key in ("prev", "next"):
        link = context.get(key)
        if link and edition(posixpath.normpath(posixpath.join(posixpath.dirname(pagename), link["link"]))) != mine:
            context[key] = None
    if "generate_toctree_html" in context:
        whole = context["generate_toctree_html"]
        context["generate_toctree_html"] = lambda *a, **k: keep_edition(whole(*a, **k), pagename)

    if mine == "zh":  # the search box leads to this edition's search page
        pathto = context["pathto"]
        context["pathto"] = lambda uri, *a, **k: pathto(SEARCH["zh"] if uri == "search" else uri, *a, **k)
    if pagename in SEARCH.values():  # loaded between the search tools and the index (templates/search.html)
        context["search_scripts"] = ["edition_search.js"] + (["search_words_zh.js"] if mine == "zh" else [])
    if pagename == SEARCH["zh"]:
        about = html.escape(f"在《{context.get('docstitle', '')}》全书中搜索。")
        context["metatags"] = context.get("metatags", "") + f'\n<meta name="description" content="{about}" />'

    other = twin(pagename)
    if other is None or (other not in app.env.found_docs and other not in SEARCH.values()):
        return
    there = edition(other)
    href = _href(pagename, other, app.builder.out_suffix)
    # No <link rel="alternate" hreflang> in <head>: those need absolute addresses (Lighthouse's
    # SEO audit fails a relative one), and the book has no published address yet.  The
    # switch below carries hreflang and rel="alternate" itself.
    switch = (f'<p class="edition-switch"><a href="{html.escape(href)}" hreflang="{LANG[there]}" '
              f'lang="{LANG[there]}" rel="alternate">{SWITCH[there]}</a></p>\n')
    if pagename in SEARCH.values():  # a search page has no body: templates/search.html shows it
        from markupsafe import Markup

        context["edition_switch"] = Markup(switch)
    else:
        context["body"] = switch + context.get("body", "")


# Sphinx numbers figures across the whole book ("Fig. 11" for the Chinese overview's first
# chart); a Chinese page shows its charts without the number.
_FIGURE_NUMBER = re.compile(r'<span class="caption-number">(?:<span lang="en">)?Fig(?:</span>)?\. \d+ </span>')
_LABEL = re.compile(r'\b(title|aria-label|data-bs-title|placeholder)="([^"]+)"')
# The footer's two components, which the themes render with their own English words.
_FOOTER = [(re.compile(r'(<p class="component-author">)\s*(?:<span lang="en">)?By [^<]*(?:</span>)?\s*(</p>)'),
            rf"\1{AUTHOR_ZH}\2"),
           (re.compile(r"© (?:<span lang=\"en\">)?Copyright(?:</span>)? (\d{4})\."), r"© \1")]
# The window title, "page — book" (the search page's "page - book"): in Chinese "page｜book",
# and the book's title once on the overview, whose heading is the book's title.
_TITLE = re.compile(r"<title>(.+?) (?:&#8212;|-) (.+?)</title>")


def _chinese_title(m: re.Match) -> str:
    return f"<title>{m[2]}</title>" if m[1] == m[2] else f"<title>{m[1]}｜{m[2]}</title>"


def chinese_labels(page: str) -> str:
    """A Chinese page's button labels and tooltips in Chinese (the ones a theme component
    writes without the template's translator, a fixed ``title="Toggle primary sidebar"``, or
    renders outside the page's context), its footer and window title, and no book-wide
    figure numbers."""
    if 'lang="zh-Hans"' not in page[:page.find(">", page.find("<html")) + 1]:
        return page
    page = _FIGURE_NUMBER.sub("", page)
    page = _TITLE.sub(_chinese_title, page, count=1)
    for pattern, chinese in _FOOTER:
        page = pattern.sub(chinese, page)
    return _LABEL.sub(lambda m: f'{m[1]}="{html.escape(_chinese().gettext(html.unescape(m[2])), quote=True)}"', page)


def on_config_inited(app: Sphinx, config) -> None:
    config.html_additional_pages = {**config.html_additional_pages, SEARCH["zh"]: "search.html"}


def on_builder_inited(app: Sphinx) -> None:
    from .. import paths
    from .lean_theme import STATIC_DIR

    paths.write_if_changed(STATIC_DIR / "edition_search.js", SEARCH_FILTER)
    paths.write_if_changed(STATIC_DIR / "search_words_zh.js", SEARCH_WORDS_ZH.read_text(encoding="utf-8"))


def on_build_finished(app: Sphinx, exception) -> None:
    rewrite(app, exception, lambda page, _path: chinese_labels(page))


def on_doctree_read(app: Sphinx, doctree) -> None:
    """A Chinese page may paste glue from its English twin only: that is the dependency
    `on_env_get_outdated` knows of.  Anything else would go stale, so it stops the build."""
    from myst_nb.ext.glue.utils import PendingGlueReference

    docname = app.env.docname
    for ref in doctree.findall(PendingGlueReference):
        if edition(docname) != "zh" or ref.refdoc != twin(docname):
            from sphinx.errors import ExtensionError

            raise ExtensionError(f"{docname}: pastes {ref.key!r} from {ref.refdoc}; a page may paste glue only "
                                 f"from its English twin ({twin(docname)}), which is re-read with it")


def on_env_get_outdated(app: Sphinx, env, added: set, changed: set, removed: set) -> list[str]:
    """The Chinese twins of the English pages about to be re-read: a Chinese page pastes the
    figures its twin's notebook glued, and Sphinx does not know of that dependency."""
    about_to_read = added | changed
    return sorted(t for d in about_to_read if edition(d) == "en"
                  for t in [twin(d)] if t and t in env.found_docs and t not in about_to_read)


def setup(app: Sphinx) -> dict:
    # After pydata-sphinx-theme's own handlers (priority 500), which add the sidebar's function.
    app.connect("html-page-context", on_html_page_context, priority=600)
    # Before sphinxext-opengraph's (priority 500), which keeps a description it finds.
    app.connect("html-page-context", describe_in_chinese, priority=400)
    # Before the other extensions that finish the written pages (default priority 500):
    # web_font picks each page's characters, and must see these Chinese words too.
    app.connect("build-finished", on_build_finished, priority=400)
    app.connect("doctree-read", on_doctree_read)
    app.connect("config-inited", on_config_inited)
    app.connect("builder-inited", on_builder_inited)
    app.connect("env-get-outdated", on_env_get_outdated)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
