"""The chapters' code cells do not repeat themselves, and the chart helpers they call draw
what the chapters used to draw by hand.

The repetition check reads every ``{code-cell}`` block of book/*.md and compares runs of
lines of code (Python's logical lines: a call split over several lines is one line) after
normalising them: string literals and numbers become placeholders (so two charts that
differ only in their words still count as the same code), white space is folded, and
comments, imports and lines of brackets or strings alone are passed over.  A run of
`MIN_RUN` such lines that stands in two places, in two chapters or twice in one, fails the
test: the repeated lines belong in a helper in `shangluo`.  A list of like lines (glue
calls one after another) is one place, not a repetition.
"""

from __future__ import annotations

import io
import re
import subprocess
import tokenize
from dataclasses import dataclass

import pytest

from conftest import ROOT
from shangluo import charts

MIN_RUN = 4
CELL = re.compile(r"^```\{code-cell\}[^\n]*\n(.*?)^```\s*$", re.S | re.M)
TRIVIAL = re.compile(r'^(?:""|[()\[\]{},:;+\s])*$')  # brackets, or strings alone
# Where the chart code was last repeated by hand (the commit before the chart helpers).
BEFORE_HELPERS = "8ccb1f8"


@dataclass(frozen=True)
class Line:
    file: str
    number: int  # where the line of code starts in the chapter's file
    text: str  # its first line as written, with " …" if it goes on
    shape: str  # the whole line of code, normalised


def _statements(source: str) -> list[tuple[int, int, str]]:
    """(first row, last row, shape) of each logical line of ``source`` (rows 1-based).

    The shape is the line's tokens joined by single spaces, with every string literal
    (adjacent ones, which Python joins, count once) as ``""``, every number as ``0``,
    and comments dropped.
    """
    out, parts, first = [], [], None
    depth = 0  # inside an f-string (Python 3.12 splits f-strings into several tokens)
    skip = {tokenize.COMMENT, tokenize.NL, tokenize.INDENT, tokenize.DEDENT, tokenize.ENCODING,
            tokenize.ENDMARKER}
    fstring_start = getattr(tokenize, "FSTRING_START", None)
    fstring_end = getattr(tokenize, "FSTRING_END", None)
    for tok in tokenize.generate_tokens(io.StringIO(source).readline):
        if tok.type == tokenize.NEWLINE:
            if parts:
                out.append((first, tok.start[0], " ".join(parts)))
            parts, first = [], None
            continue
        if tok.type == fstring_end:
            depth -= 1
            continue
        if depth or tok.type in skip:
            if tok.type == fstring_start:
                depth += 1
            continue
        if tok.type == fstring_start:
            depth += 1
        text = {tokenize.STRING: '""', tokenize.NUMBER: "0", fstring_start: '""'}.get(tok.type, tok.string)
        if text == '""' and parts and parts[-1] == '""':
            continue
        if first is None:
            first = tok.start[0]
        parts.append(text)
    return out


def _is_import(shape: str) -> bool:
    return shape.startswith("import ") or (shape.startswith("from ") and " import " in shape)


def code_cells(text: str, file: str) -> list[list[Line]]:
    """The lines of code of each ``{code-cell}`` in a chapter, option lines (``:tags:``) left out."""
    cells = []
    for m in CELL.finditer(text):
        first = text.count("\n", 0, m.start(1)) + 1  # file line number of the cell's first line
        raw = m.group(1).splitlines()
        options = 0
        while options < len(raw) and raw[options].startswith(":"):
            options += 1
        source = "\n".join(raw[options:]) + "\n"
        lines = []
        for start, end, shape in _statements(source):
            if TRIVIAL.match(shape) or _is_import(shape):
                continue
            written = raw[options + start - 1].strip() + (" …" if end > start else "")
            lines.append(Line(file, first + options + start - 1, written, shape))
        cells.append(lines)
    return cells


def _one_list(shapes: list[str], min_run: int) -> bool:
    """True if ``shapes`` repeat with a period shorter than ``min_run``: one list of like lines."""
    return any(all(shapes[t] == shapes[t + q] for t in range(len(shapes) - q)) for q in range(1, min_run))


def repeated_runs(chapters: dict[str, str], min_run: int = MIN_RUN) -> list[tuple[list[Line], list[Line]]]:
    """Pairs of runs of at least ``min_run`` lines with the same shapes, each pair at its longest.

    ``chapters`` maps a file name to its text.  Two runs in one cell are not paired when
    they are parts of one list of like lines: when the lines from the first run to the end
    of the second repeat with a period shorter than ``min_run`` (glue calls one after another).
    """
    cells = [cell for name, text in sorted(chapters.items()) for cell in code_cells(text, name)]
    seen: dict[tuple[str, ...], list[tuple[int, int]]] = {}
    for c, cell in enumerate(cells):
        for i in range(len(cell) - min_run + 1):
            seen.setdefault(tuple(line.shape for line in cell[i:i + min_run]), []).append((c, i))
    pairs = set()
    for places in seen.values():
        for a in range(len(places)):
            for b in range(a + 1, len(places)):
                (ca, ia), (cb, ib) = places[a], places[b]
                if ca != cb or not _one_list([line.shape for line in cells[ca][ia:ib + min_run]], min_run):
                    pairs.add((ca, ia, cb, ib))
    found = []
    for ca, ia, cb, ib in sorted(pairs):
        if (ca, ia - 1, cb, ib - 1) in pairs:
            continue  # not the start of its run: the run is reported from its first window
        length = min_run
        while (ca, ia + length - min_run + 1, cb, ib + length - min_run + 1) in pairs:
            length += 1
        found.append((cells[ca][ia:ia + length], cells[cb][ib:ib + length]))
    return found


def describe(runs) -> str:
    out = []
    for first, second in runs:
        out.append(f"{len(first)} lines at {first[0].file}:{first[0].number} repeat at "
                   f"{second[0].file}:{second[0].number}:")
        out += [f"    {a.text}" + ("" if a.text == b.text else f"    |    {b.text}") for a, b in zip(first, second)]
    return "\n".join(out)


def chapter_texts() -> dict[str, str]:
    return {f"book/{p.name}": p.read_text(encoding="utf-8") for p in sorted((ROOT / "book").glob("*.md"))}


# -- the chapters


def test_no_code_repeats_across_or_within_chapters():
    runs = repeated_runs(chapter_texts())
    assert not runs, ("code repeats in the chapters' code cells; move it into a helper in shangluo "
                      "(lines after | are the second place, where it differs in words or numbers):\n"
                      + describe(runs))


def test_every_chapter_with_code_is_read():
    texts = chapter_texts()
    with_cells = {name for name, text in texts.items() if code_cells(text, name)}
    assert {"book/index.md", "book/leaders.md", "book/chiefs.md", "book/villages.md"} <= with_cells
    leaders = code_cells(texts["book/leaders.md"], "book/leaders.md")
    first = leaders[0][0]
    assert first.text.startswith("ledger = ") and not first.text.startswith(":")  # imports and options left out
    assert texts["book/leaders.md"].splitlines()[first.number - 1].strip() == first.text


# -- the check itself


def _chapter(*cells: str) -> str:
    return "# T\n\n" + "\n".join(f"```{{code-cell}} ipython3\n:tags: [remove-cell]\n\n{c}\n```\n" for c in cells)


CHART = """fig, ax = charts.new_figure()
ax.set_xlabel("Leaders")
ax.set_title("Leader counts")  # a comment is passed over
ax.spines["left"].set_visible(False)

ax.tick_params(axis="y", length=0)
charts.source_line(fig, "article")"""


def test_the_check_finds_a_run_repeated_with_other_words_and_names_both_places():
    other = CHART.replace("Leaders", "Yuan").replace("Leader counts", "Money").replace("0)", "2)")
    runs = repeated_runs({"book/a.md": _chapter("x = 1", CHART), "book/b.md": _chapter(other)})
    assert len(runs) == 1
    first, second = runs[0]
    assert len(first) == 6 and first[0].file == "book/a.md" and second[0].file == "book/b.md"
    assert first[0].number == 12 and first[0].text == "fig, ax = charts.new_figure()"
    message = describe(runs)
    assert "book/a.md:12" in message and "book/b.md:6" in message and 'ax.set_title("Money")' in message


def test_the_check_finds_a_run_repeated_within_one_chapter_and_one_cell():
    assert len(repeated_runs({"book/a.md": _chapter(CHART, CHART)})) == 1
    assert len(repeated_runs({"book/a.md": _chapter(CHART + "\nx = 1\n" + CHART)})) == 1


def test_the_check_passes_over_short_runs_imports_brackets_and_lists_of_like_lines():
    three = "\n".join(CHART.splitlines()[:3])
    lines = "\n".join(f'glue.range("k{i}", claimed["c{i}"])' for i in range(7))
    # one line of code over four lines of text, and a cell that is its four lines again
    alt = 'alt = ("Words "\n       f"more {words} "\n       "and more words "\n       "to the end.")'
    imports = "import pandas as pd\nfrom shangluo import charts\n(\n)\n"
    chapters = {"book/a.md": _chapter(three, lines, alt, imports + "y = 2"),
                "book/b.md": _chapter(three, imports + "z = 3", alt, alt)}
    assert repeated_runs(chapters) == []


def test_the_check_fails_on_the_chapters_before_the_chart_helpers():
    """Honesty: the chart code this check keeps out is what the chapters held before."""
    names = ["index", "leaders", "chiefs", "villages", "slogans", "claims", "methods"]
    try:
        old = {f"book/{n}.md": subprocess.run(["git", "show", f"{BEFORE_HELPERS}:book/{n}.md"], cwd=ROOT,
                                              capture_output=True, text=True, check=True).stdout
               for n in names}
    except (OSError, subprocess.CalledProcessError):
        pytest.skip(f"git history with {BEFORE_HELPERS} is not available")
    message = describe(repeated_runs(old))
    assert 'ax.spines["left"].set_visible(False)' in message
    assert "book/leaders.md" in message and "book/chiefs.md" in message and "book/villages.md" in message

