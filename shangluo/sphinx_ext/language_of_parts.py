"""Language of parts (WCAG 3.1.2): every run of Chinese in an English page sits in an
element with ``lang="zh-Hans"``, so that a screen reader reads 三百四千 with a Chinese
voice; in a Chinese page (``<html lang="zh-Hans">``, see `editions`), every run of English
words sits in an element with ``lang="en"``.

A run starts and ends with a Chinese character (or Chinese punctuation) and may hold
digits, ASCII number signs and spaces between them, so that 全市106名市县领导 is one run.

In a Chinese page a range of months (1—5月) is also kept on one line (``class="month-range"``),
and ``static/chinese-type.css`` sets Chinese upright, never in italics, with emphasis dots
for Chinese emphasis.

The pages are marked as written, at build-finished, rather than in the doctree: the
theme renders the navigation, the breadcrumbs and the previous/next links from plain
titles, outside any doctree, and they carry Chinese too.  Only text in ``<body>`` is
touched; code (``pre``, ``code``), scripts and styles are left alone, and so is text
already inside an element that names its language.  Marking is idempotent, and a page is
rewritten only when its bytes change.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from pathlib import Path

from sphinx.application import Sphinx

from .written_pages import rewrite

LANG = "zh-Hans"
_CJK = "\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"
# Marks that English and Chinese share (curly quotes, dash, ellipsis, middle dot) belong
# to a run only inside it or at its edge, never on their own: programme’s stays English.
_SHARED = "\u201c\u201d\u2018\u2019\u2014\u2026\u00b7"
RUN = re.compile(f"[\u201c\u2018]?[{_CJK}](?:[{_CJK}{_SHARED}0-9.,%\\s]*[{_CJK}\u201d\u20190-9%])?")
# A run of English words in a Chinese page: letters, with spaces, digits and the marks
# English puts between words.  Pinyin is marked by the page that writes it (zh-Latn-pinyin).
# A paragraph reference (p2.1) stays one word.
LATIN_RUN = re.compile(r"[A-Za-z][A-Za-z0-9'’-]*(?:\.\d+)*(?:[ ,.:;!?()/&'’-]+[A-Za-z][A-Za-z0-9'’-]*(?:\.\d+)*)*")
MONTH_RANGE = re.compile(r"(?<![\d.])\d{1,2}—\d{1,2}月")
STYLESHEET = "chinese-type.css"
STATIC = Path(__file__).parent / "static"
_LEAVE = {"script", "style", "pre", "code", "head", "title", "textarea"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Marker(HTMLParser):
    def __init__(self, run: re.Pattern, lang: str, together: re.Pattern | None = None) -> None:
        super().__init__(convert_charrefs=False)
        self.run, self.lang, self.together = run, lang, together
        self.out: list[str] = []
        self.stack: list[tuple[str, bool]] = []  # (tag, leave its text alone)

    def _leave(self) -> bool:
        return any(leave for _, leave in self.stack)

    def handle_starttag(self, tag, attrs):
        self.out.append(self.get_starttag_text())
        if tag not in _VOID:
            named = tag != "html" and any(k == "lang" for k, _ in attrs)
            self.stack.append((tag, tag in _LEAVE or named))

    def handle_startendtag(self, tag, attrs):
        self.out.append(self.get_starttag_text())

    def handle_endtag(self, tag):
        self.out.append(f"</{tag}>")
        for i in range(len(self.stack) - 1, -1, -1):
            if self.stack[i][0] == tag:
                del self.stack[i:]
                break

    def handle_data(self, data):
        if self._leave():
            self.out.append(data)
            return
        data = self.run.sub(lambda m: f'<span lang="{self.lang}">{m.group()}</span>', data)
        if self.together is not None:  # no language run holds a Latin letter and a 月 both
            data = self.together.sub(lambda m: f'<span class="month-range">{m.group()}</span>', data)
        self.out.append(data)

    def handle_entityref(self, name):
        self.out.append(f"&{name};")

    def handle_charref(self, name):
        self.out.append(f"&#{name};")

    def handle_comment(self, data):
        self.out.append(f"<!--{data}-->")

    def handle_decl(self, decl):
        self.out.append(f"<!{decl}>")

    def handle_pi(self, data):
        self.out.append(f"<?{data}>")

    def unknown_decl(self, data):
        self.out.append(f"<![{data}]>")


_OUR_MARK = re.compile(f'<span (?:lang="(?:{LANG}|en)"|class="month-range")>([^<]*)</span>')
_PAGE_LANG = re.compile(r'<html\b[^>]*\blang="([^"]*)"')


def mark(page: str) -> str:
    """``page`` with each run of Chinese in its body wrapped in ``<span lang="zh-Hans">``,
    or, in a Chinese page, each run of English words in ``<span lang="en">``.

    Marks this function made before are taken off first, so that a page Sphinx did not
    rewrite is marked by the current rules, not left with an older build's marks.  Any
    ``<span lang="zh-Hans">`` or ``<span lang="en">`` holding only text is taken for one of
    them, so pages mark other languages (pinyin) their own way, and leave these two to it."""
    m = _PAGE_LANG.search(page)
    chinese_page = bool(m) and m.group(1).startswith("zh")
    parser = _Marker(LATIN_RUN, "en", MONTH_RANGE) if chinese_page else _Marker(RUN, LANG)
    parser.feed(_OUR_MARK.sub(r"\1", page))
    parser.close()
    return "".join(parser.out)


def on_build_finished(app: Sphinx, exception) -> None:
    rewrite(app, exception, lambda page, _path: mark(page))


def on_config_inited(app: Sphinx, config) -> None:
    static = os.path.relpath(STATIC, app.confdir)  # shared with phone_tables and image_size
    if static not in config.html_static_path:
        config.html_static_path = list(config.html_static_path) + [static]


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", on_config_inited)
    app.connect("build-finished", on_build_finished)
    app.add_css_file(STYLESHEET)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}

