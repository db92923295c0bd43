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

__all__ = ["CJK_FONT_PATH", "CJK_FAMILY", "WEB_FAMILY", "CJK_UNICODE_RANGE", "is_cjk", "cjk_characters", "font_characters", "font_face", "subset_is_current", "write_subset"]

CJK_FONT_PATH: Path = sans_path()
CJK_FAMILY = "Noto Sans SC"
WEB_FAMILY = "Book Noto Sans SC"
# CJK punctuation, ideographs, fullwidth forms: the only characters the web font serves.
_RANGES = ((0x3000, 0x303F), (0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xFF00, 0xFFEF))
CJK_UNICODE_RANGE = ", ".join(f"U+{a:04X}-{b:04X}" for a, b in _RANGES)


_CJK_RE = re.compile("[" + "".join(f"\\u{a:04x}-\\u{b:04x}" for a, b in _RANGES) + "]")


def is_cjk(ch: str) -> bool:
    return bool(_CJK_RE.fullmatch(ch))


# Brotli quality for the WOFF2 files.  fontTools packs WOFF2 at brotli's highest quality
# (11) and has no option for it, so `_woff2_subset` hands it a brotli whose compress uses
# this one.  Measured on the Chinese leaders page's 477 characters: quality 11 took 0.83 s
# and made 71.4 KB; 10, 0.32 s and 72.0 KB; 9, 0.04 s and 77.6 KB.  A cold build cuts some
# two dozen page fonts on two cores, on the build's critical path, and 6 KB more a page is
# far inside the page-weight budget (the heaviest page weighed 199 KB on its first visit).
WOFF2_QUALITY = 9


class _Brotli:
    """The brotli module, its compress at `WOFF2_QUALITY` (what fontTools' woff2 calls)."""

    def __getattr__(self, name: str):
        import brotli

        return getattr(brotli, name)

    @staticmethod
    def compress(data: bytes, **options) -> bytes:
        import brotli

        return brotli.compress(data, **{**options, "quality": WOFF2_QUALITY})


def _woff2_subset(source: Path, chars: str) -> bytes:
    # HarfBuzz's subsetter (hb-subset), not fontTools': it cuts a page's characters from
    # the 8 MB source in milliseconds, where fontTools took 3.4 s to read the source and
    # 0.2-0.6 s a page from an intermediate subset (measured).  WOFF2's brotli pass is
    # then the only slow step (0.1-0.8 s a font).
    import uharfbuzz as hb
    from fontTools.ttLib import woff2

    plan = hb.SubsetInput()
    plan.unicode_set.update(ord(c) for c in chars)
    # Every OpenType feature and every name record in every language (the licence
    # included), as the source has them.
    for kept in (plan.layout_feature_tag_set, plan.name_id_set, plan.name_lang_id_set):
        kept.clear()
        kept.invert()
    # No hinting instructions, subroutines inlined: brotli then packs the outlines tighter
    # (the article's 519 characters: 91 KB hinted, 76 KB so).  Phones and high-density
    # screens draw CJK outlines without hints.
    plan.flags = hb.SubsetFlags.NO_HINTING | hb.SubsetFlags.DESUBROUTINIZE | hb.SubsetFlags.NOTDEF_OUTLINE
    font = hb.subset(hb.Face(hb.Blob.from_file_path(str(source))), plan)
    if font is None:
        raise ValueError(f"{source}: HarfBuzz could not subset it to {len(chars)} characters")
    out = io.BytesIO()
    woff2.brotli = _Brotli()  # the module's own name for brotli; see WOFF2_QUALITY
    woff2.compress(io.BytesIO(bytes(font.blob.data)), out)  # keeps the source's head.modified: same bytes every build
    return out.getvalue()


def font_characters(source: Path) -> set[str]:
    """The characters ``source`` has glyphs for."""
    import uharfbuzz as hb

    return {chr(c) for c in hb.Face(hb.Blob.from_file_path(str(source))).unicodes}


def _key(source: Path, chars: str, out: Path) -> str:
    # The key covers the subset file's own bytes, so its stamp vouches only for the file it
    # made; and this module's code and the subsetter's version, so new options or a new
    # HarfBuzz make new files.
    import uharfbuzz

    return digest([out, Path(__file__)], chars, source.name, str(source.stat().st_size), uharfbuzz.__version__)


def subset_is_current(source: Path, chars: str, out: Path) -> bool:
    """True if ``out`` is the subset `write_subset` would write now."""
    return out.exists() and stamped(f"font-{out.name}", _key(source, chars, out))


def write_subset(source: Path, chars: str, out: Path) -> Path:
    """Write ``out``, a WOFF2 subset of ``source`` holding ``chars``.  Redone only for new
    characters, another source font or new subsetting code (WOFF2 packing takes up to a
    second)."""
    if not subset_is_current(source, chars, out):
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_bytes(_woff2_subset(source, chars))
        stamp(f"font-{out.name}", _key(source, chars, out), only=True)  # one stamp per font file
    return out


# Marks Chinese and English share: in a Chinese page the web font serves them too, so that
# “引号” and …… take the font's full-width Chinese forms, not the narrow Latin ones of the
# system font (English runs there, marked lang="en", keep the system font's).
SHARED_MARKS = "\u00b7\u2014\u2018\u2019\u201c\u201d\u2026"


def cjk_characters(text: str, marks: bool = False) -> str:
    """The distinct CJK characters of ``text``, sorted: what a subset of the font must hold
    (with ``marks``, also the `SHARED_MARKS` it holds, for a Chinese page)."""
    found = set(_CJK_RE.findall(text)) | ({c for c in SHARED_MARKS if c in text} if marks else set())
    return "".join(sorted(found))


def font_face(*font_urls: str, marks: bool = False) -> str:
    """CSS that serves the WOFF2 files at ``font_urls`` for CJK text: in headings and body,
    and in code after the system's monospace fonts, which have no Chinese (a Chinese
    download link, 图表数据（CSV）, is set in code type).  With ``marks``, for a Chinese
    page, it serves the `SHARED_MARKS` too, except in English runs.
    The browser tries the last first, and fetches an earlier one only for a character the
    later ones lack (CSS Fonts 4, unicode-range)."""
    served = CJK_UNICODE_RANGE + "".join(f", U+{ord(c):04X}" for c in SHARED_MARKS) if marks else CJK_UNICODE_RANGE
    faces = "".join(f'@font-face{{font-family:"{WEB_FAMILY}";src:url("{url}") format("woff2");'
                    f"font-display:swap;unicode-range:{served}}}" for url in font_urls)
    english = '[lang="en"]{font-family:var(--pst-font-family-base-system)}' if marks else ""
    return (faces +
            f'html{{--pst-font-family-base:"{WEB_FAMILY}",var(--pst-font-family-base-system);'
            f'--pst-font-family-heading:"{WEB_FAMILY}",var(--pst-font-family-base-system);'
            f'--pst-font-family-monospace:var(--pst-font-family-monospace-system),"{WEB_FAMILY}"}}' + english)
