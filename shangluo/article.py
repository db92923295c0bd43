"""Cut the article out of the archived capture and split it into sections and paragraphs.

The capture (``data/raw/000_9190643d899b3891.txt``) is a republisher's page saved as
text.  It holds, in order: the headline, three lead paragraphs, three sections each
under a short two-part sub-heading, the editor's line (责任编辑), the link to the
original (原文链接), then the republisher's disclaimer and a sidebar of unrelated
headlines.  Only the headline to the last paragraph before 责任编辑 is the article.

Every piece keeps its character offsets into the raw text, so any quote can be
traced to the exact place it came from: ``raw[p.start:p.end] == p.text``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from .paths import RAW_ARTICLE

__all__ = ["Article", "Paragraph", "Section", "ArticleFormatError", "load_article", "parse_article",
           "split_sentences", "bold_quotes"]


def bold_quotes(text: str, quotes) -> str:
    """Markdown: each quote that occurs in ``text`` set in bold (first occurrence).

    Two quotes side by side would give ``**a****b**``, which Markdown shows with literal
    asterisks; they are joined into one bold run instead, so the text stays exact.
    """
    for q in quotes:
        if q in text:
            text = text.replace(q, f"**{q}**", 1)
    return text.replace("****", "")

EDITOR_MARK = "责任编辑:"
LINK_MARK = "原文链接:"
# A sub-heading is a short line of two groups of Chinese characters split by one space,
# e.g. "带头俯身 兴产业项目", with no punctuation.
_SUBHEAD_RE = re.compile(r"^[\u4e00-\u9fff]{2,8} [\u4e00-\u9fff]{2,8}$")


class ArticleFormatError(ValueError):
    """The capture does not have the layout the parser expects."""


@dataclass(frozen=True)
class Paragraph:
    number: int  # 1-based, counted over the whole body (the headline is not a paragraph)
    section: str  # slug of the section: "lead", "s1", "s2", "s3"
    text: str
    start: int  # offset of the first character in the raw capture
    end: int  # offset one past the last character


@dataclass(frozen=True)
class Section:
    slug: str
    title: str  # the sub-heading in Chinese ("" for the lead)
    start: int
    paragraphs: tuple[Paragraph, ...]


@dataclass(frozen=True)
class Article:
    raw: str
    headline: str
    sections: tuple[Section, ...]
    editor: str
    original_url: str
    body_start: int
    body_end: int  # one past the last character of the last paragraph

    @property
    def paragraphs(self) -> tuple[Paragraph, ...]:
        return tuple(p for s in self.sections for p in s.paragraphs)

    @property
    def body(self) -> str:
        """The article from the headline to the last paragraph, as in the raw capture."""
        return self.raw[self.body_start:self.body_end]

    def sentences(self) -> dict[str, str]:
        """Every citable piece of the article by reference: ``h`` (headline), ``s1``–``s3``
        (sub-headings) and ``pN.M`` (sentence M of paragraph N), in reading order."""
        out = {"h": self.headline}
        for section in self.sections:
            if section.title:
                out[section.slug] = section.title
            for p in section.paragraphs:
                for i, sentence in enumerate(split_sentences(p.text), 1):
                    out[f"p{p.number}.{i}"] = sentence
        return out

    def paragraph(self, number: int) -> Paragraph:
        for p in self.paragraphs:
            if p.number == number:
                return p
        raise KeyError(f"the article has no paragraph {number}")

    def section(self, slug: str) -> Section:
        for s in self.sections:
            if s.slug == slug:
                return s
        raise KeyError(f"the article has no section {slug!r}")

    def locate(self, quote: str, paragraph: int) -> tuple[int, int]:
        """Raw offsets of ``quote``, which must occur exactly once in that paragraph."""
        p = self.paragraph(paragraph)
        hits = [m.start() for m in re.finditer(re.escape(quote), p.text)]
        if len(hits) != 1:
            raise ValueError(
                f"quote {quote!r} occurs {len(hits)} times in paragraph {paragraph}, not once"
            )
        return p.start + hits[0], p.start + hits[0] + len(quote)


# A sentence ends at 。 ! or ? (the capture uses ASCII ! and ?), plus a closing quote mark
# if one follows.
_SENTENCE_RE = re.compile(r".+?(?:[。!?！？][”’]?|$)")


def split_sentences(text: str) -> list[str]:
    """Split a paragraph into sentences; joined back together they give the paragraph."""
    return [s for s in _SENTENCE_RE.findall(text) if s]


def _lines_with_offsets(raw: str) -> list[tuple[int, str]]:
    out, pos = [], 0
    for line in raw.splitlines(keepends=True):
        out.append((pos, line.rstrip("\r\n")))
        pos += len(line)
    return out


def parse_article(raw: str, source: str = "capture") -> Article:
    """Parse the capture's text.  ``source`` names the file in error messages."""
    lines = _lines_with_offsets(raw)
    editor_idx = next((i for i, (_, t) in enumerate(lines) if t.startswith(EDITOR_MARK)), None)
    if editor_idx is None:
        raise ArticleFormatError(f"{source}: no line starting with {EDITOR_MARK!r}")
    link_line = next((t for _, t in lines[editor_idx:] if t.startswith(LINK_MARK)), None)
    if link_line is None:
        raise ArticleFormatError(f"{source}: no line starting with {LINK_MARK!r}")
    body_lines = [(off, t) for off, t in lines[:editor_idx] if t.strip()]
    if len(body_lines) < 2:
        raise ArticleFormatError(f"{source}: no article body before {EDITOR_MARK!r}")
    (headline_off, headline) = body_lines[0]
    if headline_off != 0:
        raise ArticleFormatError(f"{source}: the headline is not on the first line")

    sections: list[Section] = []
    slug, title, sec_start, paras = "lead", "", body_lines[1][0], []
    number = 0
    for off, text in body_lines[1:]:
        if _SUBHEAD_RE.match(text):
            sections.append(Section(slug, title, sec_start, tuple(paras)))
            slug, title, sec_start, paras = f"s{len(sections)}", text, off, []
            continue
        number += 1
        paras.append(Paragraph(number, slug, text, off, off + len(text)))
    sections.append(Section(slug, title, sec_start, tuple(paras)))
    if any(not s.paragraphs for s in sections):
        empty = [s.title or s.slug for s in sections if not s.paragraphs]
        raise ArticleFormatError(f"{source}: sections without paragraphs: {empty}")

    last = sections[-1].paragraphs[-1]
    return Article(
        raw=raw,
        headline=headline,
        sections=tuple(sections),
        editor=lines[editor_idx][1][len(EDITOR_MARK):].strip(),
        original_url=link_line[len(LINK_MARK):].strip(),
        body_start=0,
        body_end=last.end,
    )


@lru_cache(maxsize=4)
def _load(path: str) -> Article:
    p = Path(path)
    try:
        raw = p.read_bytes().decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ArticleFormatError(f"{p}: not UTF-8 (byte {exc.start})") from exc
    return parse_article(raw, source=str(p))


def load_article(path: Path | str = RAW_ARTICLE) -> Article:
    """The parsed article from the archived capture (cached per path)."""
    return _load(str(path))
