"""Pages that only present data, with nothing to compute: the article, the glossary and the corrections log.

They are not notebooks (a kernel per page would cost seconds for no computation).  Their
source files in book/ hold a marker line, ``<!-- generated: NAME -->``, which
`shangluo.sphinx_ext.generated_pages` replaces with the Markdown that `generate(NAME)` returns, before
Sphinx parses the page.  The tables are read only after they passed validation
(`shangluo.data`); the page is re-read whenever a file it uses changes.
"""

from __future__ import annotations

import csv
import re
from pathlib import Path

from . import paths
from .article import bold_quotes, load_article
from .data import article_metadata

__all__ = ["MARKER", "GENERATORS", "generate", "sources"]

MARKER = re.compile(r"^<!-- generated: (\w+) -->$", re.M)


def _rows(name: str) -> list[dict]:
    from .data import already_validated, validate_package

    if not already_validated():
        validate_package()  # raises DataValidationError, naming the bad cell
    with (paths.DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def article() -> str:
    a = load_article()
    source = article_metadata()
    rows = _rows("translation.csv")
    translation = {r["ref"]: r["en"] for r in rows}
    notes = {r["ref"]: r["note"] for r in rows if r["note"]}
    claims = _rows("claims.csv")
    lines = [
        "## Provenance", "",
        f"* **Published by** {source['publisher']} on {source['publication_date']} (the date is in the "
        f"original address), responsible editor {source['responsible_editor']}.",
        f"* **Original address:** <{source['original_url']}>. The book did not read that page: it read a "
        "republished copy, captured as plain text (see `data/raw/source.json`).",
        f"* **Archived copy:** `data/raw/{source['file']}`, SHA-256 `{source['sha256']}`, kept byte for byte. "
        "The capture ends with the republisher's disclaimer and unrelated headlines, which are not part of "
        "the article and are left out below.",
        "* The capture writes ASCII commas and colons inside Chinese sentences; quotations keep them as they are.",
        "",
        f"The body has {len(a.paragraphs)} paragraphs and {len(claims)} figures in the "
        "[claim ledger](claims.md), set in bold below.", "",
        "## Text and translation", "",
        f"### {a.headline}", "", f"*{translation['h']}*", "",
    ]
    for section in a.sections:
        if section.title:
            lines += [f"### {section.title}", "", f"*{translation[section.slug]}*", ""]
        for p in section.paragraphs:
            text = bold_quotes(p.text, [row["quote"] for row in claims if int(row["paragraph"]) == p.number])
            english = " ".join(en for ref, en in translation.items() if ref.startswith(f"p{p.number}."))
            lines += [f'<span id="p{p.number}"></span>**¶{p.number}** {text}', "", f"> {english}", ""]
            for ref, note in notes.items():
                if ref.startswith(f"p{p.number}."):
                    lines += [f"*Translator's note ({ref}):* {note}", ""]
    return "\n".join(lines)


def glossary() -> str:
    rows = _rows("glossary.csv")
    kinds = {"slogan": "Slogans", "term": "Policy terms", "place": "Places", "organisation": "Organisations"}
    lines = []
    for kind, heading in kinds.items():
        entries = [r for r in rows if r["kind"] == kind]
        if not entries:
            continue
        lines += [f"## {heading}", "", "```{glossary}"]
        for r in entries:
            definition = f"*{r['pinyin']}* — **{r['english']}**"
            if r["definition"]:
                definition += f". {r['definition']}"
            lines += [r["term"], f"  {definition}", ""]
        lines += ["```", ""]
    return "\n".join(lines)


def corrections() -> str:
    """The corrections log, newest first, from data/corrections.csv."""
    rows = sorted(_rows("corrections.csv"), key=lambda r: r["date"], reverse=True)
    # Three columns, so that the log reads on a phone.
    lines = ["| Date | Where | What changed, and why |", "|---|---|---|"]
    for r in rows:
        # Claim anchors are raw HTML spans in a table, which MyST's link resolver cannot see.
        where = f"[{r['page']}]({r['page']}.md)"
        if r["claim_id"]:
            where += f'<br>claim <a href="claims.html#{r["claim_id"]}">{r["claim_id"]}</a>'
        cells = [r["date"], where, f"{r['change']}<br>*Why:* {r['reason']}"]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


GENERATORS = {"article": article, "glossary": glossary, "corrections": corrections}


def sources(name: str) -> list[Path]:
    """The files a generated page depends on."""
    common = [paths.DATAPACKAGE, Path(__file__)]
    if name == "article":
        return common + [paths.RAW_ARTICLE, paths.RAW_METADATA, paths.DATA / "translation.csv",
                         paths.DATA / "claims.csv"]
    if name == "corrections":
        return common + [paths.DATA / "corrections.csv"]
    return common + [paths.DATA / "glossary.csv"]


def generate(name: str) -> str:
    if name not in GENERATORS:
        raise KeyError(f"no generated page {name!r}; there are {sorted(GENERATORS)}")
    return GENERATORS[name]()
