"""Pages that only present data, with nothing to compute: the article, the glossary, the
corrections log, Get the data and the book's citation (from CITATION.cff), in English and, as
``*_zh``, in the Chinese edition (book/zh/).

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
from . import chinese_numbers
from .article import bold_quotes, load_article
from .data import article_metadata, licence_short

__all__ = ["MARKER", "GENERATORS", "generate", "sources", "package", "dataset_jsonld"]

MARKER = re.compile(r"^<!-- generated: (\w+) -->$", re.M)


def _validated() -> None:
    from .data import already_validated, validate_package

    if not already_validated():
        validate_package()  # raises DataValidationError, naming the bad cell


def _read(name: str) -> list[dict]:
    """A table's rows, as read (call `_validated` first)."""
    with (paths.DATA / name).open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _rows(name: str) -> list[dict]:
    _validated()
    return _read(name)


def _ascii_marks(a) -> list[str]:
    """The ASCII punctuation the article's body writes among Chinese characters (the capture's
    own); a point between digits (14.7%) is a decimal point, not punctuation."""
    text = "".join(re.sub(r"(?<=\d)\.(?=\d)", "", p.text) for p in a.paragraphs)
    return sorted({c for c in text if c in ",.:;!?()"})


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
        "* The body writes ASCII punctuation inside Chinese sentences (" + " ".join(f"`{c}`" for c in _ascii_marks(a))
        + "); quotations keep it as it is.",
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


def _by_kind(rows: list[dict], headings: dict[str, str]):
    """(heading, entries) for each kind of glossary entry that has any, in ``headings``' order."""
    for kind, heading in headings.items():
        entries = [r for r in rows if r["kind"] == kind]
        if entries:
            yield heading, entries


def glossary() -> str:
    rows = _rows("glossary.csv")
    lines = []
    for heading, entries in _by_kind(rows, {"slogan": "Slogans", "term": "Policy terms", "place": "Places",
                                            "organisation": "Organisations"}):
        lines += [f"## {heading}", "", "```{glossary}"]
        for r in entries:
            definition = f"*{r['pinyin']}* — **{r['english']}**"
            if r["definition"]:
                definition += f". {r['definition']}"
            lines += [r["term"], f"  {definition}", ""]
        lines += ["```", ""]
    lines += ["## From English to Chinese", "",
              "The same terms, by their English rendering, each linked to its entry above.", ""]
    lines += _english_index(rows, "English", "Pinyin", "Chinese", lambda r: f"{{term}}`{r['term']}`")
    return "\n".join(lines)


def _slug(row: dict) -> str:
    """A Chinese glossary entry's anchor, from its pinyin: 三百四千 → san-bai-si-qian.  (The
    English page is a Sphinx glossary, whose anchors are serial numbers: it links with
    the ``{term}`` role instead.)"""
    import unicodedata

    ascii_only = unicodedata.normalize("NFKD", row["pinyin"]).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z]+", "-", ascii_only.lower()).strip("-")


def _english_index(rows: list[dict], *headings_and_link) -> list[str]:
    """A table of the glossary by English rendering: English | pinyin | the linked term."""
    *headings, link = headings_and_link
    lines = ["| " + " | ".join(headings) + " |", "|---|---|---|"]
    for r in sorted(rows, key=lambda r: r["english"].strip('"').lower()):
        pinyin = f'<span lang="zh-Latn-pinyin">{r["pinyin"]}</span>'
        lines.append(f"| {r['english']} | {pinyin} | {link(r)} |")
    return lines + [""]


def corrections() -> str:
    """The corrections log, newest first, from data/corrections.csv."""
    rows = sorted(_rows("corrections.csv"), key=lambda r: r["date"], reverse=True)
    # Three columns, so that the log reads on a phone.
    lines = ["| Date | Where | What changed, and why |", "|---|---|---|"]
    for r in rows:
        # Claim anchors are raw HTML spans in a table, which MyST's link resolver cannot see.
        where = f"[{r['page']}]({r['page']}.md)"
        where += {"en": "", "en zh": "<br>both editions", "zh": "<br>Chinese edition only"}[r["editions"]]
        if r["claim_id"]:
            where += f'<br>claim <a href="claims.html#{r["claim_id"]}">{r["claim_id"]}</a>'
        cells = [r["date"], where, f"{r['change']}<br>*Why:* {r['reason']}"]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


# The Chinese edition's pages (book/zh/), by title: for a generated page's links, written
# before Sphinx knows the titles (tests/test_editions.py checks them against the headings).
TITLES_ZH = {"index": "总览", "leaders": "领导、产业链与重点项目", "chiefs": "局长行长与企业",
             "villages": "驻村工作队与王庄村的香菇大棚", "slogans": "口号里的数字", "claims": "逐条核查",
             "article": "原文", "methods": "数据与方法", "data": "获取数据", "glossary": "术语表",
             "corrections": "更正与更新"}


def _zh_link(page: str, anchor: str = "") -> str:
    """A link from a Chinese page to ``page``'s Chinese twin (every page has one)."""
    return f"[{TITLES_ZH[page]}]({page}.md{anchor})"


# The book's author in the Chinese edition (the English one is _config.yml's `author`): the
# footer, the citation on 数据与方法 and the Chinese ClaimReview records.
AUTHOR_ZH = "商洛书编写组"


def publisher_zh(publisher: str) -> str:
    """陕西党建网 (Shaanxi party-building site, …) → 陕西党建网."""
    return publisher.split(" (", 1)[0]


def publisher_en(publisher: str) -> str:
    """陕西党建网 (Shaanxi party-building site, sx-dj.gov.cn) → Shaanxi party-building site."""
    return publisher.split(" (", 1)[1].split(",", 1)[0].rstrip(")")


def article_zh() -> str:
    """The article as archived, for the Chinese edition: provenance and the original text, no translation."""
    a = load_article()
    source = article_metadata()
    claims = _rows("claims.csv")
    lines = [
        "## 来源", "",
        f"* **发布**：{publisher_zh(source['publisher'])}，{chinese_numbers.date(source['publication_date'])}"
        f"（日期取自原文网址），责任编辑{source['responsible_editor']}。",
        f"* **原文网址**：<{source['original_url']}>。本书没有读取该网页，读的是另一网站转载的纯文本存档"
        "（见 `data/raw/source.json`）。",
        f"* **存档**：`data/raw/{source['file']}`，SHA-256 `{source['sha256']}`，逐字节保存，从不改动。"
        "存档末尾是转载网站的免责声明和无关标题，不属于这篇报道，下文不收。",
        "* 正文在中文句子里夹用半角标点（" + " ".join(f"`{c}`" for c in _ascii_marks(a)) + "），引文一律照录。",
        "",
        f"正文共{len(a.paragraphs)}段；收入{_zh_link('claims')}数字清单的{len(claims)}项数字以粗体标出"
        "（有几项合在同一处粗体中）。英文译文见英文版。", "",
        "## 正文", "",
        f"**{a.headline}**", "",
    ]
    for section in a.sections:
        if section.title:
            lines += [f"### {section.title}", ""]
        for p in section.paragraphs:
            text = bold_quotes(p.text, [row["quote"] for row in claims if int(row["paragraph"]) == p.number])
            lines += [f'<span id="p{p.number}"></span>**¶{p.number}** {text}', ""]
    return "\n".join(lines)


def glossary_zh() -> str:
    """The glossary for the Chinese edition: 中文 → 拼音 → English, then English → 中文."""
    rows = _rows("glossary.csv")
    slugs = [_slug(r) for r in rows]
    if len(set(slugs)) != len(slugs):
        raise ValueError("data/glossary.csv: two terms have the same pinyin, so their anchors would clash")
    lines = []
    for heading, entries in _by_kind(rows, {"slogan": "口号与提法", "term": "政策用语", "place": "地名",
                                            "organisation": "机构"}):
        lines += [f"## {heading}", ""]
        for r in entries:
            lines += [f'<span id="term-{_slug(r)}"></span>**{r["term"]}**',
                      f': <span lang="zh-Latn-pinyin">{r["pinyin"]}</span> · '
                      f'{_curly(r["english"])}<br>{r["definition_zh"]}', ""]
    lines += ["## 从英文查中文", "", "按英文译名排序，点中文可回到上面的词条。", ""]
    lines += _english_index(rows, "英文", "拼音", "中文", lambda r: f'<a href="#term-{_slug(r)}">{r["term"]}</a>')
    return "\n".join(lines)


def _curly(english: str) -> str:
    """"Three fasts" → “Three fasts”: typographic quotes written out, since docutils'
    smart quotes take a quote just after raw HTML for a closing one."""
    return re.sub(r'"([^"]*)"', "\u201c\\1\u201d", english)


def corrections_zh() -> str:
    """The corrections log for the Chinese edition, newest first, from data/corrections.csv."""
    rows = sorted(_rows("corrections.csv"), key=lambda r: r["date"], reverse=True)
    lines = ["| 日期 | 所在页面 | 更正内容及原因 |", "|---|---|---|"]
    for r in rows:
        # The link leads to the page that changed (the `editions` column): the Chinese page
        # if it did, else the English one, marked 英文版.
        if r["editions"] != "en":
            where = f"[{TITLES_ZH[r['page']]}]({r['page']}.md)<br>" + ("中英文版同时更正" if r["editions"] == "en zh" else "仅中文版")
        else:
            where = f"[{TITLES_ZH[r['page']]}（英文版）](../{r['page']}.md)"
        if r["claim_id"]:
            where += f'<br>条目 <a href="../claims.html#{r["claim_id"]}">{r["claim_id"]}</a>'
        # A date is not broken across lines: 2026年11月30日 wrapped after 年 in the narrow column.
        cells = [f'<span style="white-space: nowrap">{chinese_numbers.date(r["date"])}</span>', where, f"{r['change_zh']}<br>*原因*：{r['reason_zh']}"]
        lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    return "\n".join(lines) + "\n"


def _linked(citation: str, url: str) -> str:
    """A citation in Markdown with its address as a link (<…>), where the plain text has it."""
    if url not in citation:
        raise ValueError(f"{url} is not in the citation {citation!r}")
    return citation.replace(url, f"<{url}>", 1)


def citation() -> str:
    """How to cite the book, from CITATION.cff (`shangluo.publication`)."""
    from . import publication

    cff = publication.citation()
    return ("Cite the book (APA):\n\n> " + _linked(publication.apa(), cff["url"]) + "\n\nor in BibTeX:\n\n```bibtex\n"
            + publication.bibtex() + "\n```\n\nBoth are made from the book's citation file, "
            "{download}`CITATION.cff </CITATION.cff>`, which reference managers and code hosts read too. "
            f"This is version {cff['version']} of the book, released {cff['date-released'].isoformat()}. "
            f"To cite the Chinese edition, use the {publication.GB_T_7714['en']} reference (China's national "
            "standard for references) given on its methods page, [数据与方法](zh/methods.md) (Data and methods).\n")


def citation_zh() -> str:
    """How to cite the Chinese edition (GB/T 7714) and the English one (APA, BibTeX)."""
    from . import publication

    cff = publication.citation()
    # The title in <cite>, not Markdown's emphasis: on a Chinese page <em> takes emphasis dots (着重号).
    apa = re.sub(r"\*(.+?)\*", r"<cite>\1</cite>", publication.apa(), count=1)
    return (f"引用本书中文版（{cff['version']}版，{chinese_numbers.date(cff['date-released'].isoformat())}发布），"
            f"请按 {publication.GB_T_7714['zh']} 格式著录，并将方括号中的“引用日期”四字替换为您阅读本书的日期（YYYY-MM-DD）：\n\n> "
            + _linked(publication.gbt7714(), publication.page_url(publication.OVERVIEW["zh-Hans"]))
            + "\n\n引用英文版（APA 格式）：\n\n> " + _linked(apa, cff["url"])
            + "\n\n英文版的 BibTeX 格式：\n\n```bibtex\n" + publication.bibtex() + "\n```\n\n"
            "各格式中的版本号和日期都取自本书的引用信息文件 {download}`CITATION.cff </CITATION.cff>`；中文版引用的网址是中文版总览页，"
            "书名和署名与中文各页相同。文献管理软件和代码托管网站读取该文件时，得到的是英文版的著录信息。\n\n"
            "引用报道本身（格式同上；报道未署作者，以发布网站为主要责任者，网址为原网址，本书读的是转载的存档，见“原文”页）：\n\n> "
            + _linked(publication.gbt7714_article(), article_metadata()["original_url"]) + "\n")


# --- Get the data (book/data.md, book/zh/data.md) -----------------------------------------

# Whose each table is (data/datapackage.json: a resource's `origin`, one of data.ORIGINS), as
# each edition says it.
ORIGINS = {"article": ("As published by the article", "报道原载"),
           "outside": ("As published by outside sources, reported and not audited", "外部来源原载，只转述，未经审计"),
           "book": ("Compiled by the book", "本书整理")}
# A table a chapter computes and offers for download: {download}`… </_build/generated/NAME.csv>`.
_COMPUTED_TABLE = re.compile(r"\{download\}`[^`<]*</_build/generated/([\w-]+\.csv)>`")
# Each edition's words for the data page, in one place: (English, Chinese).
_WORDS = {
    "file": ("File", "文件"), "source": ("Source", "来源"), "period": ("Period", "时间范围"), "unit": ("Unit", "单位"),
    "origin": ("Origin", "数据性质"),
}


def package() -> dict:
    """data/datapackage.json, read once the data passed validation."""
    import json

    _validated()
    return json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))


def _years(res: dict, rows: list[dict]) -> list[int]:
    """The years that a table's dating column (its `period_field`) names, as numbers."""
    if "period_field" not in res:
        return []
    return sorted({int(y) for row in rows for y in re.findall(r"\b(?:19|20)\d\d\b", row[res["period_field"]])})


def _units(res: dict, rows: list[dict]) -> list[str]:
    """The units that a table's unit column (its `unit_field`) holds, by name."""
    return sorted({row[res["unit_field"]] for row in rows}) if "unit_field" in res else []


def computed_tables(chinese: bool) -> dict[str, list[str]]:
    """The tables each page of an edition offers that its chapter computed (each chart's
    data, the verdicts), by page name, in the order of the table of contents."""
    toc = (paths.ROOT / "_toc.yml").read_text(encoding="utf-8")
    pages = re.findall(r"^\s*(?:root|- file): *(\S+)", toc, re.M)  # its root, then its pages in order
    prefix = "book/zh/" if chinese else "book/"
    found = {}
    for page in pages:
        if not page.startswith(prefix) or "/" in page[len(prefix):]:
            continue
        text = (paths.ROOT / f"{page}.md").read_text(encoding="utf-8")
        if names := list(dict.fromkeys(_COMPUTED_TABLE.findall(text))):
            found[page[len(prefix):]] = names
    return found


def _title(page: str) -> str:
    """An English page's heading."""
    return re.search(r"^# (.+)$", (paths.BOOK / f"{page}.md").read_text(encoding="utf-8"), re.M)[1].strip()


def _data_page(chinese: bool) -> str:
    from . import package_zip
    from .ranges import fmt_number

    zh = chinese
    pick = (lambda pair: pair[1]) if zh else (lambda pair: pair[0])
    key = (lambda name: f"{name}_zh") if zh else (lambda name: name)
    count = chinese_numbers.quantity if zh else fmt_number
    pkg, source = package(), article_metadata()
    archive = package_zip.write()
    zip_link = f"{{download}}`{archive.name} </{archive.relative_to(paths.ROOT).as_posix()}>`"
    kb = count(round(archive.stat().st_size / 1024))
    n_files, n_tables = count(len(package_zip.members())), count(len(pkg["resources"]))
    created = pkg["created"][:10]
    licence = pkg["licenses"][0]
    if zh:
        lines = [
            "## 整个数据包", "",
            f"{zip_link}（{kb} KB）把整个数据包放在一个文件夹里：描述文件 `datapackage.json`、下列{n_tables}张数据表，"
            f"以及 `raw/` 下的存档原文和来源记录，共{n_files}个文件。包内每个文件的时间都标为数据包的创建日期"
            f"（{chinese_numbers.date(created)}），文件顺序和压缩方式也固定不变，所以同样的数据总是得到完全相同的压缩包。"
            f"版本 {pkg['version']}，采用[{licence['title_zh']}]({licence['path']})（{licence_short(licence)}）。", "",
            "解压后可以用 Frictionless 自行校验：`frictionless validate datapackage.json`。", "",
            "## 各数据表", "",
        ]
    else:
        lines = [
            "## The whole package", "",
            f"{zip_link} ({kb} KB) holds the data package in one folder: the descriptor `datapackage.json`, "
            f"the {n_tables} tables below, and the archived article with its provenance in `raw/`, {n_files} files "
            f"in all. Every file in it is dated the package's creation date ({created}), and the order and "
            "compression of the files are fixed, so the same data always give the same zip, byte for byte. "
            f"Version {pkg['version']}, licensed [{licence['title']}]({licence['path']}) ({licence_short(licence)}).", "",
            "To check it once unzipped, run Frictionless on it: `frictionless validate datapackage.json`.", "",
            "## The tables", "",
        ]
    for res in pkg["resources"]:
        table = _read(res["path"])  # validated: package() did
        rows = count(len(table))
        label = "table-" + res["name"].replace("_", "-")  # its columns, on Data and methods (English)
        sources = []
        for s in res["sources"]:
            sources.append(f"{{download}}`{s[key('title')]} </data/{s['path']}>`" if "path" in s else s[key("title")])
        years, units = _years(res, table), _units(res, table)
        period = res[key("period")]
        if years:
            first, last = years[0], years[-1]
            if zh:
                period += f"该列所涉年份：{first}年。" if first == last else f"该列所涉年份：{first}年至{last}年。"
            else:
                period += f" The years the column names: {first}." if first == last else \
                    f" The years the column names: {first} to {last}."
        unit = res[key("unit")]
        if units:
            listed = "、".join(f"`{u}`" for u in units) if zh else ", ".join(f"`{u}`" for u in units)
            unit += f"该列的单位有：{listed}。" if zh else f" The column's units: {listed}."
        origin = pick(ORIGINS[res["origin"]])
        file = f"{{download}}`{res['path']} </data/{res['path']}>`"
        if zh:
            file += f"，{rows}行；各列说明见英文版{{ref}}`数据与方法 <{label}>`"
        else:
            file += f", {rows} rows; its columns are described in {{ref}}`Data and methods <{label}>`"
        sep = "；" if zh else "; "
        end = "。" if zh else "."
        label_of = (lambda word: f"**{pick(_WORDS[word])}**：") if zh else (lambda word: f"**{pick(_WORDS[word])}:** ")
        # A fixed anchor from the table's name (a Chinese heading's own id is only "id3", and
        # shifts when a table is added): book/data.html#data-claims, book/zh/data.html#zh-data-claims.
        anchor = ("zh-" if zh else "") + "data-" + res["name"].replace("_", "-")
        lines += [f"({anchor})=", "", f"### {res[key('title')]}", "", res[key("description")], "",
                  f"* {label_of('file')}{file}{end}",
                  f"* {label_of('source')}{sep.join(sources)}{end}",
                  f"* {label_of('period')}{period}",
                  f"* {label_of('unit')}{unit}",
                  f"* {label_of('origin')}{origin}{end}{'' if zh else ' '}{res[key('origin_note')]}", ""]
    raw = f"{{download}}`raw/{source['file']} </data/raw/{source['file']}>`"
    provenance = "{download}`raw/source.json </data/raw/source.json>`"
    if zh:
        lines += ["## 存档原文", "",
                  f"* {raw}：按抓取时原样逐字节保存的报道，从不改动（全文见{_zh_link('article')}页）。",
                  f"* {provenance}：原文的来源记录：原网址、发表日期（{chinese_numbers.date(source['publication_date'])}）、"
                  "发布者和 SHA-256 校验值。", "",
                  "## 各章算出的表", "",
                  "书中每张图都附有它所画数字的表，逐条核查页还有全部评级的表。这些表都是各章运行时由本书根据上面的数据表重新算出的："
                  "在图下提供 CSV 文件下载，并列成表格附在图下。它们不在压缩包里，压缩包只收本书所依据的数据。", ""]
    else:
        lines += ["## The archived article", "",
                  f"* {raw}: the article as captured, byte for byte, never edited ([The article](article.md) "
                  "shows it with its translation).",
                  f"* {provenance}: its provenance: the original address, the date it was published "
                  f"({source['publication_date']}), the publisher and the SHA-256 checksum.", "",
                  "## Tables the chapters compute", "",
                  "Each chart in the book comes with a table of the numbers it draws, and Claim by claim with a table "
                  "of every verdict. The book recomputes them from the tables above whenever the chapters run: "
                  "each is a CSV to download, linked under its chart and shown as a table below it. They are not in the "
                  "zip, which holds only the data the book starts from.", ""]
    for page, names in computed_tables(zh).items():
        title = f"[{TITLES_ZH[page]}]({page}.md)" if zh else f"[{_title(page)}]({page}.md)"
        links = ("、" if zh else ", ").join(f"{{download}}`{n} </_build/generated/{n}>`" for n in names)
        lines.append(f"* {title}{'：' if zh else ': '}{links}")
    return "\n".join(lines) + "\n"


def data() -> str:
    return _data_page(chinese=False)


def data_zh() -> str:
    return _data_page(chinese=True)


# The Dataset record's `inLanguage`, by the generated page that carries it.
DATASET_PAGES = {"data": "en", "data_zh": "zh-Hans"}


def dataset_jsonld(language: str, page_url: str, download_url, author: str) -> dict:
    """The data package as a schema.org Dataset, in one edition's language: ``page_url`` is the
    page's absolute address, ``download_url(path)`` the absolute address the book serves a
    project file at (a table, the zip), ``author`` the English edition's creator."""
    from . import package_zip
    from .publication import citation

    zh = language != "en"
    key = (lambda name: f"{name}_zh") if zh else (lambda name: name)
    pkg, source = package(), article_metadata()
    archive = package_zip.zip_path()
    licences = [lic["path"] for lic in pkg["licenses"]]
    return {
        "@context": "https://schema.org", "@type": "Dataset",
        "name": pkg[key("title")], "description": pkg[key("description")],
        "url": page_url, "inLanguage": language, "version": pkg["version"],
        "datePublished": pkg["created"][:10],
        # The latest change to the data (a correction makes a new version: CITATION.cff).
        "dateModified": citation()["date-released"].isoformat(),
        "license": licences[0] if len(licences) == 1 else licences,
        "creator": {"@type": "Organization", "name": AUTHOR_ZH if zh else author},
        "isBasedOn": source["original_url"],
        "distribution": [
            {"@type": "DataDownload", "name": archive.name, "encodingFormat": "application/zip",
             "contentUrl": download_url(archive.relative_to(paths.ROOT).as_posix())},
            *({"@type": "DataDownload", "name": res[key("title")], "encodingFormat": res["mediatype"],
               "contentUrl": download_url(f"data/{res['path']}")} for res in pkg["resources"]),
        ],
    }


GENERATORS = {"article": article, "glossary": glossary, "corrections": corrections, "data": data,
              "citation": citation,
              "article_zh": article_zh, "glossary_zh": glossary_zh, "corrections_zh": corrections_zh,
              "data_zh": data_zh, "citation_zh": citation_zh}


def sources(name: str) -> list[Path]:
    """The files a generated page depends on."""
    common = [paths.DATAPACKAGE, Path(__file__), paths.ROOT / "shangluo" / "article.py"]
    if name.endswith("_zh"):
        common += [paths.ROOT / "shangluo" / "chinese_numbers.py"]  # Chinese dates
    name = name.removesuffix("_zh")
    if name == "citation":
        return [Path(__file__), paths.ROOT / "shangluo" / "publication.py", paths.CITATION, paths.CONFIG]
    if name == "article":
        return common + [paths.RAW_ARTICLE, paths.RAW_METADATA, paths.DATA / "translation.csv",
                         paths.DATA / "claims.csv"]
    if name == "corrections":
        return common + [paths.DATA / "corrections.csv"]
    if name == "data":  # every data file, the zip's code, the pages whose computed tables it lists
        from .data import data_files

        return common + data_files() + [paths.ROOT / "shangluo" / "package_zip.py", paths.ROOT / "shangluo" / "ranges.py",
                                        *sorted(paths.BOOK.glob("*.md")), *sorted((paths.BOOK / "zh").glob("*.md"))]
    return common + [paths.DATA / "glossary.csv"]


def generate(name: str) -> str:
    if name not in GENERATORS:
        raise KeyError(f"no generated page {name!r}; there are {sorted(GENERATORS)}")
    return GENERATORS[name]()
