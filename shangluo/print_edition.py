"""The PDF editions: ``python -m shangluo.print_edition`` (what ``make pdf`` runs after ``make html``).

One A4 PDF per edition (English: the overview, chapters and reference pages in ``book/``;
Chinese: ``book/zh/``), in _toc.yml's order:

1. Assemble each edition's built pages (``_build/html``) into one HTML document: each page's
   article, its ids prefixed with the page's name, links between its pages turned into
   links inside the document, and other links to the book made absolute (``html_baseurl``)
   so that print can show where they lead.  No navigation, switch, code or search.
   Not Sphinx's ``singlehtml`` builder: measured, it read and wrote the whole book again
   (18.8 s with every chapter cached), failed the strict build (20 warnings: the
   `image_size` extension found no width and height for the charts), and made one document
   of both editions, marked ``lang="en"``, with one table of contents and one web font.
2. Print it with the pinned Playwright driving Debian's Chromium, with `PRINT_CSS`: A4,
   each page of the book from a new sheet, charts within the column, the address after
   every external link.  Chinese is set in Noto Sans SC (the charts' and pages' font),
   cut to the edition's characters and converted to TrueType outlines: Chromium embeds a
   CFF font (the package's OTF, the pages' WOFF2) as nameless Type 3 glyphs.
3. Strip what differs between two prints of the same input (`normalise`): the creation and
   modification dates, and the numbering of the tagged structure's element names (measured:
   the only differences; Chromium writes no document ID, so no PDF library is needed).
4. Keep the PDF in ``_build/pdf/`` with a note of the printed input's digest and of the
   book's source files (`sources_digest`).  The same printed input reuses the PDF without
   starting a browser.  A PDF is written to a temporary name and renamed into place
   only once it is whole, so a failed print leaves the last good one.

`shangluo.sphinx_ext.pdf_download` then links a PDF from its edition's overview and methods
page, and copies it into the published book, only while its note names the book's sources
as they are: after any change, ``make html`` publishes the book without the PDFs and
their links until ``make pdf`` prints them again.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import posixpath
import re
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urljoin, urlsplit

from . import paths, publication
from .fingerprint import digest
from .fonts import CJK_FONT_PATH, cjk_characters, font_face

HTML = paths.BUILD / "html"
STORE = paths.BUILD / "pdf"
# Each edition's folder in the book, its PDF's name in the published book (``pdf/``), and
# the languages of its pages.
EDITIONS = {"en": {"folder": "book/", "file": "sanbai-siqian-by-the-numbers.pdf", "lang": "en"},
            "zh": {"folder": "book/zh/", "file": "sanbai-siqian-by-the-numbers-zh.pdf", "lang": "zh-Hans"}}
PUBLISHED = "pdf"  # the folder of the published book that holds them
CHROMIUM = "/usr/bin/chromium"
FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync"]
# The assembled document's address while it prints: nothing is fetched from a network; every
# request under it is answered from the built book (`_print`), and any other is refused.
ORIGIN = "http://book.invalid/"
FONT_URL = ORIGIN + "print-font.ttf"
PRINT_CSS = Path(__file__).with_name("print_edition.css")
# The sources the built book is made from: a PDF is published only while these are as they
# were when it was printed.
SOURCES = ["book", "data", "shangluo", "_config.yml", "_toc.yml", "requirements.txt", "package-lock.json"]


def say(msg: str) -> None:
    print(f"[pdf] {msg}", flush=True)


def sources_digest() -> str:
    files = []
    for name in SOURCES:
        path = paths.ROOT / name
        files += sorted(p for p in path.rglob("*") if p.is_file() and "__pycache__" not in p.parts) \
            if path.is_dir() else [path]
    return digest(files)


def note(edition: str) -> dict:
    """What `_build/pdf/` knows of an edition's PDF: {"printed": digest, "sources": digest}, or {}."""
    try:
        return json.loads((STORE / f"{edition}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}


def current_pdf(edition: str) -> Path | None:
    """The edition's PDF if it was printed from the book's sources as they are now."""
    pdf = STORE / EDITIONS[edition]["file"]
    return pdf if pdf.is_file() and note(edition).get("sources") == sources_digest() else None


def edition_pages(edition: str) -> list[str]:
    """The edition's pages in _toc.yml's order, as Sphinx names them (``book/zh/leaders``)."""
    from .build import _check_toc

    folder = EDITIONS[edition]["folder"]
    names = [p.relative_to(paths.ROOT).with_suffix("").as_posix() for p in _check_toc()]
    return [n for n in names if n.startswith(folder) and "/" not in n[len(folder):]]


def _config() -> dict:
    import yaml

    return yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))


_LINK = re.compile(r'<p class="pdf-download">.*?</p>')  # shangluo.sphinx_ext.pdf_download's
# What print leaves out of each page: the switch to the other edition, heading anchors, the chapters' (folded) code, the tables under charts (each chart's
# caption links its data), each chart's kit (folded links to download, cite and embed: a
# control that does nothing on paper), and the empty table-of-contents wrappers of the overview.
DROP = [".edition-switch", "a.headerlink", "details.hide", ".cell_input",
        "div.chart-data", "details.chart-kit", ".toctree-wrapper"]


# Where a printed address may break across lines, as style guides break a URL: after "//",
# before any other "/" and before . # ? - _ (so a line never ends with a mark that reads as
# the end of the address).  A CSS ::after box could only break anywhere (break-all), which
# split "example.org" in two in a narrow table column (seen in the Chinese corrections log).
_URL_BREAK = re.compile(r"(?<=//)|(?<!/)(?=/(?!/))|(?=[.#?_-])")


def _breakable(soup, address: str) -> list:
    """An address as nodes to print: its pieces with a possible line break (<wbr>) at each
    `_URL_BREAK` and nowhere else (a piece that starts with a hyphen is kept whole, in a
    nowrap span: a browser may break after any hyphen)."""
    nodes = []
    for i, piece in enumerate(p for p in _URL_BREAK.split(address) if p):
        if i:
            nodes.append(soup.new_tag("wbr"))
        if piece.startswith("-"):
            whole = soup.new_tag("span", attrs={"class": "print-url-part"})
            whole.append(piece)
            nodes.append(whole)
        else:
            nodes.append(soup.new_string(piece))
    return nodes


def _printed_address(soup, link, href: str, edition: str) -> None:
    """The address after a link, as print shows it: <https://…> in English, （https://…） in
    Chinese, breakable only between its parts.  A link whose own text is its address is not
    followed by it again: its text is made breakable in the same places."""
    if (text := link.get_text(strip=True)) in (href, href.split("://", 1)[-1]):
        link.clear()
        link.extend(_breakable(soup, text))
        return
    span = soup.new_tag("span", attrs={"class": "print-url"})
    opening, closing = ("（", "）") if edition == "zh" else (" <", ">")
    span.extend([soup.new_string(opening), *_breakable(soup, href), soup.new_string(closing)])
    link.insert_after(span)


# An ISO date (2018-02-08) prints on one line: a browser may break after its hyphens.
_ISO_DATE = re.compile(r"\b\d{4}-\d{2}-\d{2}\b")


def _dates_whole(soup, article) -> None:
    from bs4 import Comment

    for text in list(article.find_all(string=_ISO_DATE)):
        if isinstance(text, Comment) or text.find_parent(["pre", "code", "script", "style"]) is not None:
            continue
        pieces, last = [], 0
        for m in _ISO_DATE.finditer(text):
            date = soup.new_tag("span", attrs={"class": "print-date"})
            date.append(m[0])
            pieces += [soup.new_string(text[last:m.start()]), date]
            last = m.end()
        pieces.append(soup.new_string(text[last:]))
        text.replace_with(*[p for p in pieces if str(p)])


def assemble(edition: str) -> str:
    """One HTML document of the edition's built pages (see the module's docstring)."""
    from bs4 import BeautifulSoup

    folder = EDITIONS[edition]["folder"]
    names = edition_pages(edition)
    slugs = {n: n[len(folder):] for n in names}
    base = publication.base_url()
    first = BeautifulSoup((HTML / f"{names[0]}.html").read_text(encoding="utf-8"), "html.parser")
    chapters = []
    for name in names:
        # Without the link to this PDF, exactly as the page was before the PDF existed.
        page = _LINK.sub("", (HTML / f"{name}.html").read_text(encoding="utf-8"))
        soup = BeautifulSoup(page, "html.parser")
        article = soup.select_one("article.bd-article")
        for node in article.select(", ".join(DROP)):
            node.decompose()
        slug = slugs[name]
        for node in article.select("[id]"):
            node["id"] = f"{slug}--{node['id']}"
        for img in article.select("img[loading]"):
            del img["loading"]  # everything prints, so everything loads
        for a in article.select("a[href]"):
            href = a["href"]
            if urlsplit(href).scheme:  # an external address: print shows it after the link
                _printed_address(soup, a, href, edition)
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(name), urlsplit(href).path)) \
                if urlsplit(href).path else name
            page, fragment = target.removesuffix(".html"), urlsplit(href).fragment
            if page in slugs:  # a page of this edition: a link inside the document
                a["href"] = f"#{slugs[page]}--{fragment}" if fragment else f"#{slugs[page]}"
            else:  # the other edition, a download: the book's published address, shown in print
                a["href"] = urljoin(base, target + (f"#{fragment}" if fragment else ""))
                _printed_address(soup, a, a["href"], edition)
        _dates_whole(soup, article)
        chapters.append(f'<section class="print-chapter" id="{slug}">\n{article.decode_contents().strip()}\n</section>')
    # Each stylesheet without its ?v= checksum: Sphinx adds it only for a file already in the
    # output when the page is written, so a cold build's pages lacked it for MyST-NB's CSS and
    # the rebuild that publishes the PDFs added it; the printed input then differed, and the
    # print cache missed, with nothing printed differently.
    styles = "\n".join(re.sub(r'\?v=[0-9a-f]+"', '"', str(link)) for link in first.select('head link[rel="stylesheet"]'))
    title = first.select_one("h1").get_text(" ", strip=True) if edition == "zh" else _config()["title"]
    chars = cjk_characters("".join(chapters), marks=edition == "zh")
    css = font_face(FONT_URL, marks=edition == "zh").replace('format("woff2")', 'format("truetype")')
    return (f'<!DOCTYPE html>\n<html lang="{EDITIONS[edition]["lang"]}" data-theme="light">\n<head>\n'
            f'<meta charset="utf-8" />\n<title>{title}</title>\n{styles}\n'
            f'<style>{css}</style>\n<style>{PRINT_CSS.read_text(encoding="utf-8")}</style>\n'
            f'<!-- characters: {len(chars)} -->\n</head>\n<body>\n<main class="print-edition">\n'
            + "\n".join(chapters) + "\n</main>\n</body>\n</html>\n")


def print_font(chars: str) -> bytes:
    """Noto Sans SC cut to ``chars`` (HarfBuzz) with its cubic CFF outlines turned into
    TrueType's quadratic ones (fontTools' cu2qu), so Chromium embeds it as a CID font."""
    import uharfbuzz as hb
    from fontTools.pens.cu2quPen import Cu2QuPen
    from fontTools.pens.ttGlyphPen import TTGlyphPen
    from fontTools.ttLib import TTFont, newTable

    plan = hb.SubsetInput()
    plan.unicode_set.update(ord(c) for c in chars)
    plan.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.DESUBROUTINIZE
    subset = hb.subset(hb.Face(hb.Blob.from_file_path(str(CJK_FONT_PATH))), plan)
    # recalcTimestamp=False: the source's head.modified, not the time of saving (the same bytes every time).
    font = TTFont(io.BytesIO(bytes(subset.blob.data)), recalcTimestamp=False)
    order, glyphs = font.getGlyphOrder(), font.getGlyphSet()
    glyf = newTable("glyf")
    glyf.glyphOrder, glyf.glyphs = order, {}
    for name in order:
        pen = TTGlyphPen(glyphs)
        glyphs[name].draw(Cu2QuPen(pen, max_err=1.0, reverse_direction=True))
        glyf[name] = pen.glyph()
    for table in ("CFF ", "VORG"):
        if table in font:
            del font[table]
    font["glyf"], font["loca"] = glyf, newTable("loca")
    maxp = font["maxp"]
    maxp.tableVersion = 0x00010000
    for field in ("maxZones", "maxTwilightPoints", "maxStorage", "maxFunctionDefs", "maxInstructionDefs",
                  "maxStackElements", "maxSizeOfInstructions", "maxComponentElements"):
        setattr(maxp, field, 1 if field == "maxZones" else 0)
    font["head"].glyphDataFormat = 0
    font["post"].formatType = 2.0
    font["post"].extraNames, font["post"].mapping = [], {}
    font.sfntVersion = "\x00\x01\x00\x00"
    out = io.BytesIO()
    font.save(out)
    return out.getvalue()


def _chromium_version() -> str:
    return subprocess.run([CHROMIUM, "--version"], capture_output=True, text=True).stdout.strip()


def _files(document: str, folder: str) -> list[Path]:
    """The built book's files the document loads (stylesheets, charts), for the digest."""
    urls = re.findall(r'(?:src|href)="([^"#?]+)', document)
    found = {(HTML / folder / u).resolve() for u in urls if not urlsplit(u).scheme}
    return sorted(p for p in found if p.is_file() and p.suffix != ".html")


def printed_parts(document: str, edition: str, font: bytes) -> dict[str, str]:
    """Each input of a print by name, with its digest: what `make` compares, and names when one changed."""
    import playwright

    files = _files(document, EDITIONS[edition]["folder"]) + [PRINT_CSS, Path(__file__)]
    parts = {str(f.relative_to(paths.ROOT)) if f.is_relative_to(paths.ROOT) else str(f): digest([f]) for f in files}
    parts.update({"document": digest([], document), "font": hashlib.sha256(font).hexdigest(),
                  "tools": digest([], _chromium_version(), getattr(playwright, "__version__", ""))})
    return parts


def printed_digest(document: str, edition: str, font: bytes) -> str:
    return digest([], *(f"{k}={v}" for k, v in sorted(printed_parts(document, edition, font).items())))


def print_pdf(document: str, folder: str, font: bytes) -> bytes:
    """Chromium's PDF of ``document``, as if it lived in the built book's ``folder``."""
    from playwright.sync_api import sync_playwright

    address = urljoin(ORIGIN, folder + "print.html")

    def answer(route):
        url = route.request.url
        if url == address:
            return route.fulfill(body=document, content_type="text/html; charset=utf-8")
        if url == FONT_URL:
            return route.fulfill(body=font, content_type="font/ttf")
        path = (HTML / urlsplit(url).path.lstrip("/")).resolve()
        if url.startswith(ORIGIN) and path.is_file() and HTML.resolve() in path.parents:
            return route.fulfill(path=path)
        return route.abort()

    with sync_playwright() as p, tempfile.TemporaryDirectory() as profile:
        context = p.chromium.launch_persistent_context(profile, executable_path=CHROMIUM, headless=True, args=FLAGS)
        try:
            page = context.new_page()
            page.route("**/*", answer)
            page.goto(address, wait_until="load")
            page.evaluate("document.fonts.ready.then(() => document.fonts.size)")
            return page.pdf(prefer_css_page_size=True, print_background=True, outline=True, tagged=True,
                            display_header_footer=True, header_template="<span></span>",
                            footer_template='<div style="width:100%;text-align:center;font-size:8pt;color:#555">'
                                            '<span class="pageNumber"></span></div>')
        finally:
            context.close()


# Chromium's PDF dates itself (the Info dictionary's CreationDate and ModDate) and has no
# document ID.  Measured: two prints of the same input differed in those dates, and in the
# names of the tagged structure's elements (``(node00000161)``: the page's DOM node numbers,
# shifted by a few between two runs of the browser; the table cells' /Headers and the
# /IDTree refer to them).
_DATES = re.compile(rb"/(?:CreationDate|ModDate) \(D:[0-9+\-Z']*\)")
_NODE = re.compile(rb"\(node(\d{8})\)")


def normalise(pdf: bytes) -> bytes:
    """The PDF without its dates (each entry overwritten with as many spaces) and with its
    structure elements named node00000000, node00000001, … in the order of their old names
    (so the /IDTree stays sorted): every byte offset in the file (its cross-reference
    table) stays true."""
    rank = {n: i for i, n in enumerate(sorted({int(m) for m in _NODE.findall(pdf)}))}
    pdf = _NODE.sub(lambda m: b"(node%08d)" % rank[int(m[1])], pdf)
    return _DATES.sub(lambda m: b" " * len(m[0]), pdf)


def make(edition: str, sources: str) -> Path:
    """The edition's PDF in `STORE`: reused if the printed input is unchanged, else printed."""
    spec = EDITIONS[edition]
    document = assemble(edition)
    font = print_font(cjk_characters(document, marks=edition == "zh"))
    parts = printed_parts(document, edition, font)
    printed = printed_digest(document, edition, font)
    pdf = STORE / spec["file"]
    STORE.mkdir(parents=True, exist_ok=True)
    if pdf.is_file() and note(edition).get("printed") == printed:
        say(f"{edition}: the printed input is unchanged; keeping {pdf.relative_to(paths.ROOT)}")
    else:
        before = note(edition).get("parts", {})
        changed = sorted(k for k in parts.keys() | before.keys() if parts.get(k) != before.get(k))
        if before:
            say(f"{edition}: the printed input changed: {', '.join(changed[:8])}")
        t0 = time.monotonic()
        data = normalise(print_pdf(document, spec["folder"], font))
        if not (data.startswith(b"%PDF-") and data.rstrip().endswith(b"%%EOF")):
            raise RuntimeError(f"{edition}: Chromium's PDF is not whole")
        tmp = pdf.with_suffix(".tmp")
        tmp.write_bytes(data)
        os.replace(tmp, pdf)
        say(f"{edition}: printed {pdf.relative_to(paths.ROOT)} ({len(data) / 1e6:.1f} MB) "
            f"in {time.monotonic() - t0:.1f} s")
    (STORE / f"{edition}.json.tmp").write_text(json.dumps({"printed": printed, "sources": sources, "parts": parts}), encoding="utf-8")
    os.replace(STORE / f"{edition}.json.tmp", STORE / f"{edition}.json")
    return pdf


def main() -> int:
    """Print both editions from the book ``make html`` just built, then build again, so that
    the published book (swapped in whole by `shangluo.build`) links and holds them."""
    t0 = time.monotonic()
    sources = sources_digest()
    if not (HTML / "index.html").is_file():
        print("[pdf] no built book in _build/html: run `make html` first", file=sys.stderr)
        return 1
    published = all((HTML / PUBLISHED / spec["file"]).is_file() for spec in EDITIONS.values())
    try:
        for edition in EDITIONS:
            make(edition, sources)
    except Exception as exc:  # the published book keeps what it had: links only to whole, current PDFs
        print(f"[pdf] PRINT FAILED: {exc!r}", file=sys.stderr)
        return 1
    if sources_digest() != sources:
        print("[pdf] the book's sources changed while printing: run `make pdf` again", file=sys.stderr)
        for edition in EDITIONS:
            (STORE / f"{edition}.json").unlink(missing_ok=True)
        return 1
    same = published and all((HTML / PUBLISHED / s["file"]).read_bytes() == (STORE / s["file"]).read_bytes()
                             for s in EDITIONS.values())
    if not same:
        say("building the book again to publish them")
        if subprocess.run([sys.executable, "-m", "shangluo.build"], cwd=paths.ROOT).returncode != 0:
            return 1
    say(f"done in {time.monotonic() - t0:.0f} s: " +
        ", ".join(str(HTML / PUBLISHED / s["file"]) for s in EDITIONS.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
