"""No figure is typed into the prose: every number a reader sees is glued from code.

The scan reads each chapter's Markdown outside code cells and flags digits and English
number words, after setting aside what is not a hand-typed figure (the rule, kept small):

* glue roles and other roles (with the scale word after a glued figure, as in
  "{glue:text}`x` billion yuan"), inline code, link targets, HTML tags, numbered-list
  markers and the name SHA-256: not figures;
* directive options (``:name:``), and the jupytext header: not prose;
* runs of Chinese text, with any digits inside them: quotations of the article, which
  must stay as written (the one allowed exception);
* years (1900–2099), dates ("20 July 2022", ISO dates) and paragraph references
  ("p7.1", "paragraph 2", "paragraphs 13–14"): citations, not figures.
"""

from __future__ import annotations

import re
from pathlib import Path

from conftest import ROOT, archived_article_text

NUMBER_WORDS = ("two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen "
                "sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty "
                "ninety hundred hundreds thousand thousands million millions billion billions dozen "
                "dozens twice thrice").split()
MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
CJK = r"\u3000-\u303f\u3400-\u4dbf\u4e00-\u9fff\uff00-\uffef"

_SET_ASIDE = [
    # roles: {glue:text}`x` (with the scale word of a glued figure: "{glue:text}`x` billion"),
    # {term}`三百四千`, {download}`...`
    re.compile(r"\{[\w:.-]+\}`[^`]*`(?: (?:thousand|million|billion)\b)?"),
    re.compile(r"^\s*\d+\.\s"),                      # numbered-list markers
    re.compile(r"\bSHA-256\b"),                      # the checksum's name
    re.compile(r"`[^`]*`"),                          # inline code
    re.compile(r"\]\([^)]*\)"),                     # link targets
    re.compile(r"<[^>]+>"),                          # HTML tags and autolinks
    re.compile(rf"[\d.,%—–-]*[{CJK}][{CJK}\d.,%—–\-]*"),  # Chinese text (quotations), digits included
    re.compile(rf"\b\d{{1,2}} (?:{MONTHS}) (?:19|20)\d\d\b"),  # 20 July 2022
    re.compile(r"\b(?:19|20)\d\d-\d\d(?:-\d\d)?\b"),  # ISO dates
    re.compile(r"\b(?:19|20)\d\d(?:'s)?\b"),         # years
    re.compile(r"\bp\d+(?:\.\d+)?\b"),                # p7.1
    re.compile(r"\bparagraphs? \d+(?:[–-]\d+)?\b"),   # paragraph 2, paragraphs 13–14
]
_FLAG = re.compile(r"\d+(?:[.,]\d+)*|\b(?:" + "|".join(NUMBER_WORDS) + r")\b", re.I)


def prose_lines(text: str):
    """(line number, text) of each prose line: outside the header, code cells and directive options."""
    lines = text.splitlines()
    i = 0
    if lines and lines[0] == "---":
        i = lines.index("---", 1) + 1
    fence = None
    for n in range(i, len(lines)):
        line = lines[n]
        stripped = line.strip()
        if fence:
            if stripped == fence:
                fence = None
            elif not stripped.startswith(":"):
                yield n + 1, line  # directive body (a caption) is prose
            continue
        m = re.match(r"^(`{3,})\{(\S+)\}", stripped)
        if m:
            if m.group(2) == "code-cell":
                fence = "code-cell-" + m.group(1)
            else:
                fence = m.group(1)
            continue
        yield n + 1, line


def hand_typed_numbers(text: str) -> list[tuple[int, str, str]]:
    found = []
    in_code = False
    for n, line in prose_lines(text):
        if line.strip().startswith("```"):
            in_code = not in_code
            continue
        if in_code:
            continue
        cleaned = line
        for pattern in _SET_ASIDE:
            cleaned = pattern.sub(" ", cleaned)
        for m in _FLAG.finditer(cleaned):
            found.append((n, m.group(0), line.strip()))
    return found


def _code_cells_skipped(text: str) -> str:
    """Drop code cells (```{code-cell} … ```) entirely before scanning."""
    return re.sub(r"```\{code-cell\}.*?\n```", "", text, flags=re.S)


def chapters() -> list[Path]:
    return sorted((ROOT / "book").glob("*.md"))


def scan(path: Path) -> list[tuple[int, str, str]]:
    return hand_typed_numbers(_code_cells_skipped(path.read_text(encoding="utf-8")))


def test_no_chapter_has_hand_typed_numbers():
    problems = [f"{p.name}:{n}: {tok!r} in: {line}" for p in chapters() for n, tok, line in scan(p)]
    assert not problems, "hand-typed figures (glue them instead):\n" + "\n".join(problems)


def test_the_scan_catches_planted_numbers(tmp_path):
    original = (ROOT / "book" / "leaders.md").read_text(encoding="utf-8")
    planted = original + "\nThe article names 42 leaders and seven chains, about 1.5 billion yuan.\n"
    copy = tmp_path / "leaders.md"
    copy.write_text(planted, encoding="utf-8")
    tokens = [tok for _, tok, _ in scan(copy)]
    assert tokens == ["42", "seven", "1.5", "billion"]


def test_the_scan_allows_quotations_dates_and_references(tmp_path):
    text = ("---\nx: 1\n---\n# T\n\nOn 20 July 2022 (2022-07-20) the article said 全市106名市县领导"
            " in p7.1 and paragraph 2; see {glue:text}`leaders` and `data/claims.csv`.\n"
            "```{code-cell} ipython3\nx = 106\n```\n")
    copy = tmp_path / "ok.md"
    copy.write_text(text, encoding="utf-8")
    assert scan(copy) == []


# --- the Chinese edition (book/zh/) ------------------------------------------------------
# The same rule in Chinese: digits, and Chinese numerals written as figures.  A run of two
# or more numerals (一百零六, 三十) is a figure; so is one numeral before a measure word
# (七项, 两名).  A lone 一 is not: 一线, 一个村 and 同一 are words, not counts.
ZH_NUMERALS = "零〇一二三四五六七八九十百千万亿两"
ZH_MEASURES = "个名项家条段元人户座袋棒年月日倍位次批组类章页处成"
_ZH_SET_ASIDE = [
    _SET_ASIDE[0],                                   # roles: {glue:text}`x`, {term}`三百四千`
    re.compile(r"`[^`]*`"),                          # inline code
    re.compile(r"\]\([^)]*\)"),                     # link targets
    re.compile(r"<[^>]+>"),                          # HTML tags and autolinks
    re.compile(r"(?<!\d)\d{4}年\d{1,2}月(?:\d{1,2}日)?"),   # dates: 2022年7月20日, 2022年7月
    re.compile(r"(?<!\d)\d{1,2}—\d{1,2}月"),          # months: 1—5月 (January to May)
    re.compile(r"(?<![\d—.])\d{1,2}月"),              # a month: 6月下旬 (late June), as English names it; 3个月 is still a figure
    re.compile(r"(?<!\d)(?:19|20)\d\d年"),                # years (\b would not see 到2022年: 到 is a word character)
    re.compile(r"\bp\d+(?:\.\d+)?\b"),                # p7.1
    re.compile(r"第\d+段(?:第\d+(?:[—、]\d+)*句)?"),     # 原文第7段第1句: a reference, not a figure
    re.compile(r"\bSHA-256\b"),
]
_ZH_FLAG = re.compile(rf"\d+(?:[.,]\d+)*|[{ZH_NUMERALS}]{{2,}}|[二三四五六七八九十两][{ZH_MEASURES}]")
_QUOTE = re.compile("\u201c([^\u201d]*)\u201d")


def hand_typed_numbers_zh(text: str) -> list[tuple[int, str, str]]:
    article = archived_article_text()
    found = []
    for n, line in prose_lines(text):
        cleaned = _QUOTE.sub(lambda m: " " if "".join(m[1].split()) in article else m[0], line)
        for pattern in _ZH_SET_ASIDE:
            cleaned = pattern.sub(" ", cleaned)
        found += [(n, m.group(0), line.strip()) for m in _ZH_FLAG.finditer(cleaned)]
    return found


def chinese_pages() -> list[Path]:
    return sorted((ROOT / "book" / "zh").glob("*.md"))


def test_no_chinese_page_has_hand_typed_numbers():
    assert chinese_pages(), "no Chinese pages"
    problems = [f"zh/{p.name}:{n}: {tok!r} in: {line}" for p in chinese_pages()
                for n, tok, line in hand_typed_numbers_zh(_code_cells_skipped(p.read_text(encoding="utf-8")))]
    assert not problems, "hand-typed figures (glue them instead):\n" + "\n".join(problems)


def test_the_chinese_scan_catches_planted_numbers_and_allows_quotes_terms_and_dates():
    planted = "全书列出一百零六名领导、七项行动和两名局长，投资52.8亿元。\n"
    assert [tok for _, tok, _ in hand_typed_numbers_zh(planted)] == ["一百零六", "七项", "两名", "52.8"]
    allowed = ("原文写道“全市106名市县领导”，见 {term}`三百四千` 和 {glue:text}`leaders`；"
               "一线干部在2022年7月20日的报道里，同一个村，1—5月，6月下旬，p7.1。\n")
    assert hand_typed_numbers_zh(allowed) == []
    # A quotation that is not the article's is not set aside.
    assert [tok for _, tok, _ in hand_typed_numbers_zh("他说“有三十户”。\n")] == ["三十"]
    assert [tok for _, tok, _ in hand_typed_numbers_zh("用了3个月。\n")] == ["3"]
