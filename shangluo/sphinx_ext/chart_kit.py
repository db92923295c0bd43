"""Share, cite, reuse: under every chart, beside its data table (`chart_data`), a collapsed
``<details>`` with

* its downloads: the SVG the page shows (the very file), a PNG drawn from that SVG, and
  the CSV its caption links;
* a line to cite it by: the book's authors, the chart's title, the book's title, the date
  of the book's version (CITATION.cff's ``date-released``), the page's address and the
  chart's own source line;
* its embed page, and an ``<iframe>`` snippet (with a ``title``) a newsroom can paste,
  whose address starts with the book's ``html_baseurl``.

The files go to ``charts/`` in the output, named by the chart's CSV (``leaders-projects``,
``leaders-projects-zh``): ``NAME.svg``, ``NAME.png``, ``NAME.csv`` and ``NAME.html``, the
embed page.  An embed page loads only its own chart from that folder, its style inline: it
works from a copy of the folder, with no network.  It is written whole here, so the
extensions that finish the book's pages leave it alone (`written_pages.EMBED_FOLDER`).
``stale_files`` looks after ``_images`` and ``_downloads``; this folder is rewritten from the
environment's record of every chart at each build, and anything else in it is removed.

The chart's title and source line are the words its chapter gave `shangluo.charts.label`,
recorded beside the SVG under its digest (`shangluo.chart_text.record_words`): the SVG
draws its text as paths, and carries its alt text, not its title.

**The PNG** is drawn with cairosvg from the SVG file the page shows, at `SCALE` times its
CSS size (about 1,200 pixels wide: a slide, or a post's image), on white: drawn from the
SVG, it cannot differ from the chart on the page.  Measured on the book's charts, cairosvg
takes 0.1 to 0.6 s a chart (5 s for all of them) once `without_use` has spared it a walk of
the whole document for each glyph (11.5 s before), about what matplotlib takes to draw the
same figure again as a PNG in the chapter's kernel (0.2 s for the lead chart either way).
But the kernels run while both cores are busy with chapters, and Sphinx reads and writes
the pages on one core, leaving the other idle: so the PNGs are drawn in the build's
drawing process (`background`), from the moment each chart is read, while Sphinx goes on.
Measured on cold builds (three each, alternated, on a machine others shared): the whole
build took a median of 25.8 s against 24.6 s without the kit, the Jupyter Book stage
10.5 s against 9.2 s, and the wait for the last PNG at the end of that stage 0.2 s.  Cairo writes no time or
software into a PNG (no tIME or tEXt chunk): the same SVG gives the same bytes.  A PNG is
kept in the chart's record, named by the SVG's digest (`chart_text.record_words`, which
also keeps a copy of the SVG), so a rebuild draws only a changed chart; and once the
chapters are done the build starts drawing their charts from those copies
(`draw_recorded`), while Jupyter Book starts and reads the pages.
"""

from __future__ import annotations

import html
import posixpath
import re
from concurrent.futures import Future
from pathlib import Path

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.errors import ExtensionError

from ..chart_text import read_words, words_file
from ..svg_alt import svg_size, svg_title
from . import background
from .alt_text import image_file
from .chart_data import SUMMARY, csv_of, read_rows
from .editions import ZH_DIR, edition
from .written_pages import EMBED_FOLDER

SCALE = 3

_drawing: dict[str, Future] = {}  # PNG path -> its drawing

WORDS = {
    "en": {
        "summary": "Download, cite or embed this chart",
        "download": ('<strong>Download</strong>: <a href="{svg}" download>SVG</a> (vector, for print) · '
                     '<a href="{png}" download>PNG</a> ({w} × {h} pixels, for slides and posts) · '
                     '<a href="{csv}" download>CSV</a> (the chart\'s data)'),
        "cite": "<strong>Cite</strong>: {author}, “{title}”. Chart in <cite>{book}</cite>, {date}. {source} {url}",
        "embed": ('<strong>Embed</strong>: the chart has <a href="{embed}">a page of its own</a>, with its data '
                  'and its licence ({licence}). To show it in another page, paste:'),
        "end": ".",
        "from": "From <a {link}>{book}</a>",
        "licence": "Licence",
        "files": "Download",
        "and": ", ",
    },
    "zh": {
        "summary": "下载、引用或嵌入本图",
        "download": ('<strong>下载</strong>：<a href="{svg}" download>SVG</a>（矢量图，适合印刷）· '
                     '<a href="{png}" download>PNG</a>（{w}×{h}像素，适合幻灯片和社交媒体）· '
                     '<a href="{csv}" download>CSV</a>（图表数据）'),
        "cite": "<strong>引用</strong>：{author}，《{book}》图表“{title}”，{date}。{source}网址：{url}",
        "embed": ('<strong>嵌入</strong>：本图另有<a href="{embed}">单独页面</a>，附数据表和许可协议（{licence}）。'
                  '如需在其他网页中展示本图，请粘贴以下代码：'),
        "end": "。",
        "from": "出自《<a {link}>{book}</a>》",
        "licence": "许可协议",
        "files": "下载",
        "and": "、",
    },
}

# The embed page's style, inline: the page loads nothing but its chart.
EMBED_CSS = """body{margin:0;padding:8px;color:#222;background:#fff;font:15px/1.5 system-ui,-apple-system,"Segoe UI",
Roboto,"Noto Sans","Noto Sans SC","PingFang SC","Microsoft YaHei",sans-serif}
main{max-width:%dpx}figure{margin:0}img{display:block;max-width:100%%;height:auto}
.vh{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0);white-space:nowrap}
details{margin:.5em 0;font-size:14px}summary{cursor:pointer}table{border-collapse:collapse;width:100%%}
th,td{border-bottom:1px solid #bbb;padding:2px 6px;text-align:left;vertical-align:top}
.credit{font-size:13px;color:#444;margin:.5em 0 0}a{color:#0b5cad}"""
# The iframe's room beyond the chart: the page's padding, the data's summary line and the credit line.
IFRAME_EXTRA = {"width": 16, "height": 110}


def _ended(text: str, lang: str) -> str:
    """``text`` ending with a full stop in its language, unless it ends with one already."""
    return text if text[-1:] in ".。!！?？" else text + WORDS[lang]["end"]


def _quoted_zh(title: str) -> str:
    """A title to go inside “…”: its own double quotes become single ones, as Chinese nests them."""
    return title.replace("“", "‘").replace("”", "’")


def _licence() -> tuple[str, str]:
    """The licence's short name (CC BY 4.0, from the data package's CC-BY-4.0) and address."""
    from ..data import licence_short, package_licences

    first = package_licences()[0]
    return licence_short(first), first["path"]


def _book_title(app: Sphinx, lang: str) -> str:
    """The book's title in an edition: the Chinese book's is its overview's heading (read from
    the file: a Chinese page may be read before the overview is)."""
    overview = Path(app.srcdir) / f"{ZH_DIR}index.md"
    heading = re.search(r"^# (.+)$", overview.read_text(encoding="utf-8"), re.M) if overview.is_file() else None
    if lang == "zh" and heading:
        return heading.group(1).strip()
    return app.config.html_title or app.config.project


def _base(app: Sphinx) -> str:
    base = app.config.html_baseurl
    if not base:
        raise ExtensionError("chart_kit: html_baseurl is not set (_config.yml, sphinx.config): an embed "
                             "snippet needs the address the book is published at")
    return base.rstrip("/") + "/"


def _date(lang: str) -> str:
    """The date of the book's version being cited (CITATION.cff's date-released)."""
    from .. import chinese_numbers
    from ..publication import citation

    released = citation()["date-released"].isoformat()
    return chinese_numbers.date(released) if lang == "zh" else released


def _author(lang: str) -> str:
    from ..generated_pages import AUTHOR_ZH
    from ..publication import authors

    return AUTHOR_ZH if lang == "zh" else ", ".join(authors())


_SVG = "{http://www.w3.org/2000/svg}"
_HREF = "{http://www.w3.org/1999/xlink}href"


def without_use(svg: bytes) -> bytes:
    """The SVG with each ``<use>`` replaced by what it stands for, as SVG defines it: a ``<g>``
    with the use's attributes, its transform followed by ``translate(x y)``, holding a copy of
    the element it names.  matplotlib draws every glyph of a chart's text as a ``<use>`` of
    a path, and cairosvg looks each one up by walking the whole document: on the book's
    charts this halves its time, and the PNG's bytes are the same (measured on every chart)."""
    import copy
    import xml.etree.ElementTree as ET

    root = ET.fromstring(svg)
    named = {e.get("id"): e for e in root.iter() if e.get("id")}
    for parent in list(root.iter()):
        for i, child in enumerate(parent):
            if child.tag != _SVG + "use" or not (child.get(_HREF) or "").startswith("#"):
                continue
            group = ET.Element(_SVG + "g", {k: v for k, v in child.attrib.items() if k not in (_HREF, "x", "y")})
            group.set("transform", f'{child.get("transform", "")} translate({child.get("x", "0")} {child.get("y", "0")})'.strip())
            used = copy.deepcopy(named[child.get(_HREF)[1:]])
            used.attrib.pop("id", None)
            group.append(used)
            parent[i] = group
    return ET.tostring(root)


def draw_png(svg_path: str, png_path: str) -> None:
    """Draw the SVG as a PNG, `SCALE` times its size, on white (in the worker process)."""
    import cairosvg

    png = cairosvg.svg2png(bytestring=without_use(Path(svg_path).read_bytes()), scale=SCALE, background_color="white")
    part = Path(png_path + ".part")
    part.parent.mkdir(parents=True, exist_ok=True)
    part.write_bytes(png)
    part.replace(png_path)


def _words_folder(app: Sphinx) -> Path:
    """The charts' records (`chart_text.WORDS_DIR`): the book's, or a fixture site's."""
    from .. import paths
    from ..chart_text import WORDS_DIR

    return Path(app.config.chart_kit_words or paths.GENERATED / WORDS_DIR)


def _png_path(folder: Path, digest: str) -> Path:
    return folder / f"{digest}-{SCALE}x.png"


def _start_drawing(svg_path: Path, png_path: Path) -> None:
    if png_path.is_file() or str(png_path) in _drawing:
        return
    _drawing[str(png_path)] = background.submit(draw_png, str(svg_path), str(png_path))


def draw_recorded(folder: Path) -> None:
    """Start drawing the PNG of every chart recorded in ``folder`` (from its SVG's copy) that
    has none: `shangluo.build` calls this once the chapters are done.  A copy whose bytes
    are not the ones its name gives is left alone (Sphinx draws from the page's own SVG)."""
    for svg in sorted(Path(folder).glob("*.svg")):
        if words_file(folder, svg.read_bytes()).stem == svg.stem:
            _start_drawing(svg, _png_path(svg.parent, svg.stem))


def _address(chart: dict) -> str:
    """The chart's address in its cite line, one run of English even in a Chinese page
    (`language_of_parts` leaves a span with a class of its own alone)."""
    return f'<span class="chart-address" lang="en" style="overflow-wrap:anywhere">{html.escape(chart["url"])}</span>'


def _attribute(text: str) -> str:
    """An attribute's value for the snippet a reader copies: only & < > and " escaped, so an
    apostrophe reads as one (html.escape would write &#x27;)."""
    return html.escape(text, quote=False).replace('"', "&quot;")


def _iframe(chart: dict, base: str) -> str:
    width, height = (round(x) for x in chart["svg_size"])
    return (f'<iframe src="{base}{EMBED_FOLDER}/{chart["name"]}.html" title="{_attribute(chart["title"])}" '
            f'width="{width + IFRAME_EXTRA["width"]}" height="{height + IFRAME_EXTRA["height"]}" '
            f'style="max-width:100%;border:0" loading="lazy"></iframe>')


def _kit(app: Sphinx, chart: dict) -> str:
    """The ``<details>`` under a chart, beside its data table."""
    from ..chinese_numbers import number as zh_number
    from ..ranges import fmt_number

    lang, words = chart["lang"], WORDS[chart["lang"]]
    here = posixpath.dirname(chart["docname"])
    link = {ext: html.escape(posixpath.relpath(f"{EMBED_FOLDER}/{chart['name']}.{ext}", here))
            for ext in ("svg", "png", "csv", "html")}
    count = zh_number if lang == "zh" else fmt_number
    w, h = png_size_of(chart)
    title = _quoted_zh(chart["title"]) if lang == "zh" else chart["title"]
    cite = words["cite"].format(author=html.escape(_author(lang)), title=html.escape(title), book=html.escape(_book_title(app, lang)),
                                date=_date(lang), source=html.escape(_ended(chart["source"], lang)),
                                url=_address(chart))
    iframe = html.escape(_iframe(chart, _base(app)))
    return (f'<details class="chart-kit"><summary>{words["summary"]}</summary>\n'
            f'<p>{words["download"].format(svg=link["svg"], png=link["png"], csv=link["csv"], w=count(w), h=count(h))}</p>\n'
            f'<p>{cite}</p>\n'
            f'<p>{words["embed"].format(embed=link["html"], licence=html.escape(_licence()[0]))}</p>\n'
            f'<pre class="chart-kit-embed"><code>{iframe}</code></pre>\n</details>\n')


def png_size_of(chart: dict) -> tuple[int, int]:
    """The pixel size of a chart's PNG: cairosvg makes a surface of the SVG's size times `SCALE`,
    rounded to whole pixels."""
    width, height = chart["svg_size"]
    return round(width * SCALE), round(height * SCALE)


def on_doctree_read(app: Sphinx, doctree) -> None:
    docname = app.env.docname
    words_folder = _words_folder(app)
    charts = []
    for figure in list(doctree.findall(nodes.figure)):
        images = list(figure.findall(nodes.image))
        csv_path = csv_of(figure, app) if images else None
        if csv_path is None or not csv_path.is_file():
            continue  # not a chart, or chart_data has warned: a chart's caption links its CSV
        svg_path = image_file(app, docname, images[0]["uri"])
        if svg_path is None or svg_path.suffix != ".svg":
            raise ExtensionError(f"{docname}: the chart {images[0]['uri']} is not an SVG file the book wrote")
        svg = svg_path.read_bytes()
        text = svg.decode("utf-8")
        try:
            told = read_words(words_folder, svg, f"{docname}: the chart {svg_path.name}")
        except ValueError as exc:
            raise ExtensionError(str(exc)) from None
        size = svg_size(text)
        if size is None:
            raise ExtensionError(f"{svg_path}: the chart's SVG gives no width and height ({docname})")
        lang = edition(docname)
        anchor = f"#{figure['ids'][0]}" if figure["ids"] else ""
        chart = {"name": csv_path.stem, "docname": docname, "lang": lang, "svg": str(svg_path),
                 "csv": str(csv_path), "digest": words_file(words_folder, svg).stem, "svg_size": size,
                 "title": told["title"], "source": told["source"],
                 "alt": images[0].get("alt") or svg_title(text) or told["title"],
                 "url": f"{_base(app)}{app.builder.get_target_uri(docname)}{anchor}"}
        for dependency in (svg_path, csv_path):
            app.env.note_dependency(str(dependency))
        _start_drawing(svg_path, _png_path(words_folder, chart["digest"]))
        box = nodes.raw("", _kit(app, chart), format="html")
        parent, at = figure.parent, figure.parent.index(figure) + 1
        if at < len(parent.children) and "chart-data" in parent.children[at].get("classes", []):
            at += 1  # after the data table
        parent.insert(at, box)
        charts.append(chart)
    if charts:
        if not hasattr(app.env, "chart_kit"):
            app.env.chart_kit = {}
        app.env.chart_kit[docname] = charts


def _embed_page(app: Sphinx, chart: dict) -> str:
    from ..tables import html_table
    from .language_of_parts import mark

    lang, words = chart["lang"], WORDS[chart["lang"]]
    book = html.escape(_book_title(app, lang))
    name, title = chart["name"], html.escape(chart["title"])
    licence, licence_url = _licence()
    width, height = (round(x) for x in chart["svg_size"])
    rows = read_rows(Path(chart["csv"]))
    cell = lambda text: html.escape(text).replace("\n", "<br>")  # noqa: E731
    table = html_table([cell(h) for h in rows[0]], [[cell(c) for c in row] for row in rows[1:]])
    separator = "：" if lang == "zh" else ": "
    back = f'href="{html.escape(chart["url"])}" target="_blank" rel="noopener"'
    page = (f'<!DOCTYPE html>\n<html lang="{"zh-Hans" if lang == "zh" else "en"}">\n<head>\n<meta charset="utf-8">\n'
            f'<meta name="viewport" content="width=device-width, initial-scale=1">\n'
            f'<title>{title}{"｜" if lang == "zh" else " — "}{book}</title>\n'
            f'<meta name="description" content="{html.escape(chart["alt"])}">\n'
            f'<link rel="canonical" href="{_base(app)}{EMBED_FOLDER}/{name}.html">\n'
            '<link rel="icon" href="data:,">\n'  # no icon: else a browser asks the host for /favicon.ico

            f'<style>{EMBED_CSS % (width + IFRAME_EXTRA["width"])}</style>\n</head>\n<body>\n<main>\n'
            f'<h1 class="vh">{title}</h1>\n<figure>\n'
            f'<img src="{name}.svg" alt="{html.escape(chart["alt"])}" width="{width}" height="{height}">\n'
            f'<figcaption class="vh">{html.escape(chart["source"])}</figcaption>\n</figure>\n'
            f'<details><summary>{SUMMARY[lang]}</summary>\n{table}</details>\n'
            f'<p class="credit">{words["from"].format(link=back, book=book)}'
            f' · {words["licence"]}{separator}<a href="{html.escape(licence_url)}" rel="license noopener" target="_blank">'
            f'{html.escape(licence)}</a> · {words["files"]}{separator}'
            + words["and"].join(f'<a href="{name}.{ext}" download>{ext.upper()}</a>' for ext in ("svg", "png", "csv"))
            + '</p>\n'
            f'</main>\n</body>\n</html>\n')
    return mark(page)


def _write(path: Path, data: bytes) -> None:
    if not path.is_file() or path.read_bytes() != data:
        path.write_bytes(data)


def _png(app: Sphinx, chart: dict) -> bytes:
    """The chart's PNG: from the worker, or drawn here if the worker never saw it."""
    png_path = _png_path(_words_folder(app), chart["digest"])
    future = _drawing.pop(str(png_path), None)
    try:
        if future is not None:
            future.result()
        elif not png_path.is_file():
            draw_png(chart["svg"], str(png_path))
    except Exception as exc:  # noqa: BLE001: cairosvg's errors are of many kinds
        raise ExtensionError(f"{chart['svg']}: the chart's PNG could not be drawn ({type(exc).__name__}: {exc}), "
                             f"on {chart['docname']}") from None
    png = png_path.read_bytes()
    drawn = int.from_bytes(png[16:20], "big"), int.from_bytes(png[20:24], "big")  # the IHDR chunk
    if drawn != png_size_of(chart):
        raise ExtensionError(f"{chart['svg']}: its PNG is {drawn[0]}×{drawn[1]} pixels, not the "
                             f"{png_size_of(chart)[0]}×{png_size_of(chart)[1]} its page says")
    return png


def on_build_finished(app: Sphinx, exception) -> None:
    try:
        if exception is not None or app.builder.format != "html":
            return
        by_name: dict[str, dict] = {}
        for docname in sorted(getattr(app.env, "chart_kit", {})):
            for chart in app.env.chart_kit[docname]:
                first = by_name.setdefault(chart["name"], chart)
                if first["digest"] != chart["digest"]:
                    raise ExtensionError(f"{chart['csv']}: the data of two different charts, on {first['docname']} "
                                         f"and {chart['docname']}; each chart needs a CSV of its own")
        folder = Path(app.outdir) / EMBED_FOLDER
        folder.mkdir(exist_ok=True)
        wanted = set()
        for name, chart in sorted(by_name.items()):
            files = {"svg": Path(chart["svg"]).read_bytes(), "csv": Path(chart["csv"]).read_bytes(),
                     "png": _png(app, chart), "html": _embed_page(app, chart).encode("utf-8")}
            for ext, data in files.items():
                _write(folder / f"{name}.{ext}", data)
                wanted.add(f"{name}.{ext}")
        for f in sorted(folder.iterdir()):
            if f.name not in wanted:
                f.unlink()
        _drawings_done()
        _forget_unshown(_words_folder(app), {chart["digest"] for chart in by_name.values()})
    finally:
        _drawing.clear()


def _drawings_done() -> None:
    """Cancel, or wait for, the drawings of recorded charts no page took (`draw_recorded`
    starts every recorded one): they are not needed, but must not write a file after
    `_forget_unshown` has looked."""
    for future in _drawing.values():
        if not future.cancel():
            future.exception()  # waits; a chart no page shows fails nothing


def _forget_unshown(folder: Path, shown: set[str]) -> None:
    """Remove the SVG copies and PNGs of recorded charts no page shows (an earlier version of a
    chart, say), so that `draw_recorded` never draws them again; their words stay."""
    for f in sorted(folder.glob("*.svg")) + sorted(folder.glob(f"*-{SCALE}x.png")):
        if f.name.split(".")[0].removesuffix(f"-{SCALE}x") not in shown:
            f.unlink()


def on_env_purge_doc(app: Sphinx, env, docname: str) -> None:
    getattr(env, "chart_kit", {}).pop(docname, None)


def on_env_merge_info(app: Sphinx, env, docnames, other) -> None:
    if not hasattr(env, "chart_kit"):
        env.chart_kit = {}
    env.chart_kit.update({d: c for d, c in getattr(other, "chart_kit", {}).items() if d in docnames})


def setup(app: Sphinx) -> dict:
    # The folder of the charts' title and source records; empty: the book's (_build/generated).
    app.setup_extension("shangluo.sphinx_ext.background")
    app.add_config_value("chart_kit_words", "", "env")
    # After chart_data (default priority 500), whose table this goes beside.
    app.connect("doctree-read", on_doctree_read, priority=600)
    # Once the pages are finished: the PNGs are drawn meanwhile (background).
    app.connect("build-finished", on_build_finished, priority=background.WAIT)
    app.connect("env-purge-doc", on_env_purge_doc)
    app.connect("env-merge-info", on_env_merge_info)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
