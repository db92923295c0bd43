"""How the book is found and shared, all from the one published address, ``html_baseurl``:

* Sphinx writes each page's ``<link rel="canonical">`` from it; this writes ``sitemap.xml``
  (every page in the table of contents) and ``robots.txt``, which names the sitemap;
* sphinxext-opengraph's ``og:url`` and ``og:image`` are made absolute with it
  (``ogp_site_url`` is set from it here, not typed a second time);
* every page's ``<head>`` links itself and its twin in the other edition with ``hreflang``
  (absolute, as Lighthouse's hreflang audit requires), and says its ``og:locale``;
* every page gets a social card: the library's own card (its figure and its drawing,
  ``create_social_card_objects`` and ``render_social_card``) in the book's font, Noto Sans
  SC, so that Chinese renders.  The library draws its card with one site name and its own
  cut of the page's opening, both English; a Chinese page's card carries the Chinese book's
  title and the description `editions.describe_in_chinese` made (measured: the library's cut
  of a Chinese opening ended mid-word with "..."), so the cards are made here, by page, and
  the library's own switch stays off in _config.yml.  They are drawn in the build's drawing
  process (`background`) while Sphinx writes the pages: in Sphinx's own process they took
  1.3 s of a cold build.
"""

from __future__ import annotations

import hashlib
import html
import json
import re
from concurrent.futures import Future
from pathlib import Path

from sphinx.application import Sphinx
from sphinx.errors import ConfigError, ExtensionError

from . import background
from .editions import LANG, SEARCH, ZH_DIR, description_zh, edition, twin

OG_LOCALE = {"en": "en_GB", "zh": "zh_CN"}
# The card's corner mark: the favicon's bars, drawn as a PNG (the library cannot read SVG).
MARK = "social-card-mark.png"
CARD_SIZE = ("1146", "600")  # pixels, as sphinxext-opengraph draws its cards
CARD_LINE = "#0072B2"  # the rule under the title: the charts' blue
CARDS = "_images/social_previews"  # where the library puts its cards
_CARD = re.compile(r'<meta property="og:image" content="[^"]*?/_images/(social_previews/[^"/]+\.png)"')


def cards_in_pages(outdir: Path) -> set[str]:
    """The cards the written pages name (paths under _images/), for stale_files to keep: a
    page an incremental build did not rewrite still names its card.  (Not recorded in the
    environment: Sphinx saves it before pages are written, when no card is drawn yet.)"""
    return {m for page in outdir.rglob("*.html") for m in _CARD.findall(page.read_text(encoding="utf-8"))}


def on_config_inited(app: Sphinx, config) -> None:
    from .. import publication

    if config.html_baseurl != publication.base_url():
        raise ConfigError(f"html_baseurl {config.html_baseurl!r} is not _config.yml's {publication.base_url()!r}")
    config.ogp_site_url = config.html_baseurl


def _absolute(app: Sphinx, docname: str) -> str:
    return app.config.html_baseurl + docname + app.builder.out_suffix


def _mark(app: Sphinx) -> Path:
    """The favicon's rectangles drawn with Pillow at 4 x 4 px a unit (the favicon is rectangles only)."""
    if getattr(app, "_card_mark", None):
        return app._card_mark
    import xml.etree.ElementTree as ET

    from PIL import Image, ImageDraw

    path = Path(app.outdir).parent / MARK
    svg = ET.parse(Path(app.srcdir) / app.config.html_favicon).getroot()
    scale = 4
    width = int(float(svg.get("viewBox").split()[2]))
    image = Image.new("RGBA", (width * scale, width * scale), (0, 0, 0, 0))
    draw = ImageDraw.Draw(image)
    for rect in svg.iter("{http://www.w3.org/2000/svg}rect"):
        x, y = float(rect.get("x", 0)) * scale, float(rect.get("y", 0)) * scale
        w, h = float(rect.get("width")) * scale, float(rect.get("height")) * scale
        draw.rounded_rectangle((x, y, x + w - 1, y + h - 1), radius=float(rect.get("rx", 0)) * scale, fill=rect.get("fill"))
    buf = Path(str(path) + ".tmp")
    image.save(buf, format="PNG", optimize=False)
    if not path.exists() or path.read_bytes() != buf.read_bytes():
        buf.replace(path)
    else:
        buf.unlink()
    app._card_mark = path
    return path


# Characters of Chinese a card's description line holds: matplotlib wraps at spaces only, and
# a Chinese sentence has none (measured on a card: 49 characters ran under the corner mark;
# at 44 a line ended 15 px from the card's edge, against a 58 px margin on the left).
CARD_LINE_ZH = 42
# The Chinese description's line spacing, in font sizes: the library leaves matplotlib's 1.2,
# set for Latin letters; Chinese characters fill their em box, so at 1.2 a line's characters
# all but touch the next line's (seen on the cards).
CARD_SPACING_ZH = 1.5


def _lines_zh(text: str) -> str:
    """Chinese text broken into card lines as the charts break theirs (`chart_text.wrap`): a
    Chinese character two columns wide, a Latin letter one, so a line with a file name in it
    is as wide as one without; no line starts with closing punctuation, and a Latin word or a
    figure with its unit is not cut."""
    from ..chart_text import wrap

    return wrap(text, 2 * CARD_LINE_ZH)


def _whole_words(text: str) -> str:
    """An English description the library cut at its length limit, mid-word ("This chapter
    re..."), cut instead after its last whole sentence, or if it has none past half its
    length, after its last whole word, with an ellipsis."""
    if not text.endswith("..."):
        return text
    text = text[:-3]
    end = max(text.rfind(". "), text.rfind("? "), text.rfind("! "))
    if end > len(text) // 2:
        return text[:end + 1]
    return text.rsplit(" ", 1)[0].rstrip(",;:.") + "…"


def _tidy(text: str) -> str:
    """The library's description of an English page, without the spaces it leaves where the
    page marks a run of Chinese (measured: "branches( 局长行长)", "“ Solving … force ”")."""
    text = re.sub(r"([(“‘]) +", r"\1", text)
    text = re.sub(r"(?<=[A-Za-z,;])\((?=[^\x00-\x7f])", " (", text)  # "branches(局长行长)" lost its space
    return re.sub(r" +([)”’,.;:])", r"\1", text)


_cards: dict[str, tuple[str, Future]] = {}  # card path -> its page, and its drawing
_drawn: dict[str, tuple] = {}  # in the drawing process: the library's figure and texts, by font and spacing


def draw_card(path: str, font: list[str], mark: str, texts: tuple[str, str, str, str],
              spacing: float | None = None) -> None:
    """Draw a card (in the drawing process, `background`) with the library's own figure, one
    figure per font and spacing kept for the cards after it, as the library keeps one;
    ``spacing`` sets the description's line spacing (None: the library's)."""
    import logging

    from matplotlib import font_manager
    from sphinxext.opengraph._social_cards import create_social_card_objects, render_social_card

    from ..fonts import CJK_FONT_PATH

    key = "|".join(font) + f"|{spacing}"
    if key not in _drawn:
        if not _drawn:  # the book's own font file, as the charts use it
            font_manager.fontManager.addfont(str(CJK_FONT_PATH))
            # Noto Sans SC has one weight; the card's bold title uses it at 400, which matplotlib logs.
            logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)
        _drawn[key] = create_social_card_objects(image_mini=Path(mark), line_color=CARD_LINE, font=font)
        if spacing is not None:
            _drawn[key][3].set_linespacing(spacing)  # the description: (figure, site, title, description, url)
    part = Path(path).with_suffix(".part.png")
    render_social_card(part, *texts, _drawn[key])
    part.replace(path)


def _drawing_inputs(app: Sphinx) -> bytes:
    """What every card's drawing depends on besides its texts and font names, once a build:
    the corner mark, the rule's colour, the libraries that draw (sphinxext-opengraph, and
    matplotlib with its own DejaVu Sans) and the book's font file."""
    if getattr(app, "_card_inputs", None) is None:
        from importlib.metadata import version

        from ..fonts import CJK_FONT_PATH

        app._card_inputs = hashlib.sha256(b"\0".join([
            _mark(app).read_bytes(), CARD_LINE.encode(), version("sphinxext-opengraph").encode(),
            version("matplotlib").encode(), CJK_FONT_PATH.read_bytes()])).digest()
    return app._card_inputs


def _card(app: Sphinx, pagename: str, font: list[str], texts: tuple[str, str, str, str],
          spacing: float | None = None) -> str:
    """The card's path in the output; its drawing starts in the drawing process unless a
    card of these very inputs is there.  Named as the library names its cards, by the page
    and a digest of everything drawn (`_drawing_inputs`, the font and the texts): a card
    on disk is reused only when all of them are the same."""
    digest = hashlib.sha256(_drawing_inputs(app) + json.dumps([texts, font, spacing]).encode()).hexdigest()[:8]
    image = f"{CARDS}/summary_{pagename.replace('/', '_')}_{digest}.png"
    path = Path(app.outdir) / image
    if not path.is_file() and str(path) not in _cards:
        path.parent.mkdir(parents=True, exist_ok=True)
        _cards[str(path)] = (pagename, background.submit(draw_card, str(path), font, str(_mark(app)), texts, spacing))
    return image


def social_card(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """The page's card in its og: tags (before the library writes them); drawn beside Sphinx."""
    from sphinxext.opengraph._description_parser import get_description
    from sphinxext.opengraph._title_parser import get_title

    from ..charts import LATIN_FAMILY
    from ..fonts import CJK_FAMILY

    if doctree is None:
        return
    mine = edition(pagename)
    title = get_title(context["title"])[1]
    if mine == "zh":
        site = app.env.titles[ZH_DIR + "index"].astext()
        about = _lines_zh(description_zh(doctree))
    else:
        site = app.config.ogp_site_name
        about = _whole_words(_tidy(get_description(doctree, app.config.ogp_description_length, {title})))
    # English cards set Latin text (’ “ ”) in DejaVu Sans, as the charts do, Chinese in the
    # book's font; each font has its own drawing objects.
    font = [CJK_FAMILY] if mine == "zh" else [LATIN_FAMILY, CJK_FAMILY]
    # The overview's title is the book's: once on its card.
    texts = ("" if title == site else site, title, about, _absolute(app, pagename).split("://")[-1])
    meta = dict(context.get("meta") or {})
    spacing = CARD_SPACING_ZH if mine == "zh" else None
    meta["og:image"] = app.config.html_baseurl + _card(app, pagename, font, texts, spacing)
    meta["og:image:alt"] = html.escape(title if title == site else f"{site}{'：' if mine == 'zh' else ': '}{title}",
                                       quote=False)
    meta["og:image:width"], meta["og:image:height"] = CARD_SIZE
    meta["og:locale"] = OG_LOCALE[mine]
    meta["og:locale:alternate"] = OG_LOCALE["en" if mine == "zh" else "zh"]
    if mine == "en":  # the tidied description, which the library then keeps
        meta["og:description"] = html.escape(about, quote=False)
        context["metatags"] = context.get("metatags", "") + f'\n<meta name="description" content="{html.escape(about)}" />'
    context["meta"] = meta
    context["metatags"] = context.get("metatags", "") + '\n<meta name="twitter:card" content="summary_large_image" />'


def cards_drawn(app: Sphinx, exception) -> None:
    """Wait for the cards of this build; a card that could not be drawn fails it, naming its page."""
    try:
        for path, (pagename, future) in sorted(_cards.items()):
            if exception is None:
                try:
                    future.result()
                except Exception as exc:  # noqa: BLE001: matplotlib's and Pillow's errors are of many kinds
                    raise ExtensionError(f"{pagename}: its social card {path} could not be drawn "
                                         f"({type(exc).__name__}: {exc})") from None
    finally:
        _cards.clear()


def alternates(app: Sphinx, pagename: str, templatename: str, context: dict, doctree) -> None:
    """``<link rel="alternate" hreflang>`` for the page and its twin, absolute; the English page
    is the default for other languages."""
    other = twin(pagename)
    if other is None or not (other in app.env.found_docs or other in SEARCH.values()):
        return
    pages = {edition(pagename): pagename, edition(other): other}
    links = [f'<link rel="alternate" hreflang="{LANG[e]}" href="{_absolute(app, d)}" />' for e, d in sorted(pages.items())]
    links.append(f'<link rel="alternate" hreflang="x-default" href="{_absolute(app, pages["en"])}" />')
    context["metatags"] = context.get("metatags", "") + "\n" + "\n".join(links)


def sitemap(app: Sphinx, exception) -> None:
    """sitemap.xml, every page of the book (the search pages are not in the environment's
    documents), in a fixed order; and robots.txt, which names it.

    Written here, not by sphinx-sitemap, which was tried and measured (2.9.0): it lists only
    the pages a build writes, so an incremental build published a sitemap of the pages it had
    rewritten ("No pages generated" on a no-op rebuild), and its multiprocessing Manager queue
    starts a server process that kept the build's output pipes open, so a build run with its
    output captured (the tests' fixture) never ended."""
    from xml.sax.saxutils import escape

    if exception is not None:
        return
    urls = "".join(f"<url><loc>{escape(_absolute(app, d))}</loc></url>" for d in sorted(app.env.found_docs))
    (Path(app.outdir) / "sitemap.xml").write_text(
        "<?xml version='1.0' encoding='utf-8'?>\n"
        f'<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">{urls}</urlset>\n', encoding="utf-8")
    (Path(app.outdir) / "robots.txt").write_text(
        f"User-agent: *\nAllow: /\nSitemap: {app.config.html_baseurl}sitemap.xml\n", encoding="utf-8")


def setup(app: Sphinx) -> dict:
    app.setup_extension("shangluo.sphinx_ext.background")
    app.connect("config-inited", on_config_inited)
    # After editions.describe_in_chinese (400), before sphinxext-opengraph writes its tags (500).
    app.connect("html-page-context", social_card, priority=450)
    app.connect("html-page-context", alternates, priority=450)
    app.connect("build-finished", sitemap)
    # Once the pages are finished (the cards are drawn meanwhile, background), and before
    # stale_files keeps only the files in _images the pages name: it would remove a card's
    # half-drawn .part.png.
    app.connect("build-finished", cards_drawn, priority=background.WAIT)
    # env_version 2: cards named by `_card`, not by the library; every page is written again.
    return {"version": "1.0", "env_version": 2, "parallel_read_safe": True, "parallel_write_safe": True}
