"""The one CJK font the book uses, for charts and for pages.

Noto Sans SC (SIL Open Font License) comes from the pinned PyPI package
``pylopdf-fonts-zh-cn``, so charts and pages render Chinese on a machine with no
CJK fonts installed.  Each page gets a WOFF2 subset holding only the characters it
shows, served from the book itself (no font CDN): see `sphinx_ext.web_font`.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from pylopdf_fonts_zh_cn import sans_path

from .fingerprint import digest, stamp, stamped

__all__ = ["CJK_FONT_PATH", "CJK_FAMILY", "WEB_FAMILY", "CJK_UNICODE_RANGE", "is_cjk", "cjk_characters", "font_face", "subset_is_current", "write_subset"]

CJK_FONT_PATH: Path = sans_path()
CJK_FAMILY = "Noto Sans SC"
WEB_FAMILY = "Book Noto Sans SC"
# CJK punctuation, ideographs, fullwidth forms: the only characters the web font serves.
_RANGES = ((0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF))
CJK_UNICODE_RANGE = ", ".join(f"U+{a:04X}-{b:04X}" for a, b in _RANGES)


_CJK_RE = re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in _RANGES) + "]")


def is_cjk(ch: str) -> bool:
    return bool(_CJK_RE.fullmatch(ch))


def _subset(source: Path, chars: str, flavor: str | None) -> bytes:
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.flavor = flavor
    options.layout_features = ["*"]
    options.name_IDs = ["*"]
    options.notdef_outline = True
    # No hinting instructions, and subroutines inlined: brotli then packs the outlines
    # tighter.  The article's 519 characters: 91 KB hinted, 73 KB so (measured).  Phone
    # and high-density screens draw CJK outlines without hints.
    options.hinting = False
    options.desubroutinize = True
    # recalcTimestamp=False keeps head.modified from the source font, so the
    # output is byte-identical from one build to the next.  recalcBBoxes=False keeps the
    # source's bounding boxes: those of a superset still bound the subset's glyphs, and
    # recomputing them from every CFF outline took half the time of a page's subset
    # (1.2 s to 0.6 s for the article's 519 characters, measured).
    font = TTFont(str(source), recalcTimestamp=False, recalcBBoxes=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    buf = io.BytesIO()
    font.flavor = flavor
    font.save(buf, reorderTables=True)
    return buf.getvalue()


def _key(source: Path, chars: str, out: Path) -> str:
    # The key covers the subset file's own bytes, so its stamp vouches only for the file it
    # made, and this module's code, so new subsetting options make new files.
    return digest([out, Path(__file__)], chars, source.name, str(source.stat().st_size))


def subset_is_current(source: Path, chars: str, out: Path) -> bool:
    """True if ``out`` is the subset `write_subset` would write now."""
    return out.exists() and stamped(f"font-{out.name}", _key(source, chars, out))


def write_subset(source: Path, chars: str, out: Path) -> Path:
    """Write ``out``, a subset of ``source`` holding ``chars``: WOFF2 for a ``.woff2``
    file, plain TrueType otherwise.

    Subsetting takes seconds: it is redone only for new characters or another source font.
    """
    if not subset_is_current(source, chars, out):
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(_subset(source, chars, "woff2" if out.suffix == ".woff2" else None))
        stamp(f"font-{out.name}", _key(source, chars, out), only=True)  # one stamp per font file
    return out


def cjk_characters(text: str) -> str:
    """The distinct CJK characters of ``text``, sorted: what a subset of the font must hold."""
    return "".join(sorted(set(_CJK_RE.findall(text))))


def font_face(font_url: str) -> str:
    """CSS that serves the WOFF2 file at ``font_url`` for CJK text, in headings and body."""
    return (f'@font-face{{font-family:"{WEB_FAMILY}";src:url("{font_url}") format("woff2");'
            f"font-display:swap;unicode-range:{CJK_UNICODE_RANGE}}}"
            f'html{{--pst-font-family-base:"{WEB_FAMILY}",var(--pst-font-family-base-system);'
            f'--pst-font-family-heading:"{WEB_FAMILY}",var(--pst-font-family-base-system)}}')
