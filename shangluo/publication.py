"""Where the book is published and how it is cited.

* `base_url` is ``html_baseurl`` in _config.yml, the one place the published address is set;
  `page_url` makes a page's absolute address from it (ClaimReview, NewsArticle and Dataset
  records, sharing tags, embed snippets).
* `citation` reads CITATION.cff; `apa` and `bibtex` write it out for the "How to cite"
  section of both editions' methods page (`generated_pages.citation`), and `gbt7714` cites
  the Chinese edition as Chinese references are written (GB/T 7714—2015).

`apa` and `bibtex` are written here rather than taken from cffconvert, the reference
converter, for reasons measured on 2026-12-01: cffconvert 2.0.0 pins jsonschema 3.2 while
Jupyter Book needs 4, so it cannot run in the book's environment (it has its own, .venv-cff,
for the tests); each call costs about 1 s of CPU; its "apalike" style is not APA (no italic
title, no "[Data set]", "URL:" before the address) and its BibTeX key is the placeholder
``YourReferenceHere``.  tests/test_discovery.py runs cffconvert on the same file and checks
that these citations carry exactly the author, title, year, month and URL it reads.
"""

from __future__ import annotations

import json
from datetime import date
from functools import lru_cache

from . import paths

__all__ = ["base_url", "page_url", "citation", "apa", "bibtex", "gbt7714", "gbt7714_article", "ld_json", "news_article"]


class PublicationError(ValueError):
    pass


@lru_cache(maxsize=1)
def base_url() -> str:
    """The published address, ending in "/" (``sphinx.config.html_baseurl`` in _config.yml)."""
    import yaml

    config = yaml.safe_load(paths.CONFIG.read_text(encoding="utf-8"))
    url = ((config.get("sphinx") or {}).get("config") or {}).get("html_baseurl", "")
    if not isinstance(url, str) or not url.startswith("https://") or not url.endswith("/"):
        raise PublicationError(f"{paths.CONFIG.name}: sphinx.config.html_baseurl must be an https:// "
                               f"address ending in '/', not {url!r}")
    return url


def page_url(docname: str, anchor: str = "") -> str:
    """A page's absolute address: ``page_url("book/zh/claims", "leaders")``."""
    return f"{base_url()}{docname}.html" + (f"#{anchor}" if anchor else "")


_REQUIRED = ("cff-version", "title", "authors", "date-released", "version", "license", "url")


@lru_cache(maxsize=1)
def citation() -> dict:
    """CITATION.cff, with the fields the book's citations use checked to be there."""
    import yaml

    try:
        cff = yaml.safe_load(paths.CITATION.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise PublicationError(f"{paths.CITATION.name}: cannot be read: {exc}") from None
    missing = [k for k in _REQUIRED if not (cff or {}).get(k)]
    if missing:
        raise PublicationError(f"{paths.CITATION.name}: missing {', '.join(missing)}")
    for i, author in enumerate(cff["authors"]):
        if not (author.get("name") or (author.get("family-names") and author.get("given-names"))):
            raise PublicationError(f"{paths.CITATION.name}: author {i + 1} has neither a name nor a family and given name")
    cff["date-released"] = date.fromisoformat(str(cff["date-released"]))
    return cff


def _author(author: dict) -> str:
    """An entity by its name; a person as "Family, G." (APA) or "Family, Given" (BibTeX) is not
    needed yet: the book's only author is its team."""
    if author.get("name"):
        return author["name"]
    return f"{author['family-names']}, {author['given-names']}"


def authors() -> list[str]:
    return [_author(a) for a in citation()["authors"]]


def apa() -> str:
    """APA 7, as Markdown: "Team. (2026). *Title* (Version 1.1.0). URL" (a versioned work on
    the web: the book, not only its data, so no "[Data set]")."""
    cff = citation()
    names = ", ".join(authors())
    return (f"{names}. ({cff['date-released'].year}). *{cff['title']}* (Version {cff['version']}). "
            f"{cff['url']}")


MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")


def bibtex() -> str:
    """A BibTeX @misc entry.  An organisation's name is braced whole, so BibTeX does not read it
    as a person's family and given names; the key is the first keyword and the year."""
    cff = citation()
    released = cff["date-released"]
    key = "".join(ch for ch in str(cff.get("keywords", ["book"])[0]).lower() if ch.isascii() and ch.isalnum())
    names = " and ".join("{" + n + "}" if a.get("name") else n for a, n in zip(cff["authors"], authors()))
    fields = [("author", names), ("title", cff["title"]), ("year", str(released.year)),
              ("month", None), ("version", str(cff["version"])), ("url", cff["url"]),
              ("note", f"Licence {cff['license']}")]
    month = MONTHS[released.month - 1]  # BibTeX's own month macro, unbraced
    return (f"@misc{{{key}{released.year},\n"
            + ",\n".join(f"  {k} = {month}" if v is None else f"  {k} = {{{v}}}" for k, v in fields) + "\n}")


# The Chinese national standard for references, as each edition writes its name.
GB_T_7714 = {"en": "GB/T 7714-2015", "zh": "GB/T 7714—2015"}


def gbt7714() -> str:
    """The Chinese edition as a GB/T 7714—2015 reference to an online resource ([EB/OL]), in the
    shape of the standard's examples of documents read online (theirs a report, [R/OL]):
    "主要责任者. 题名[EB/OL]. (更新或修改日期)[引用日期]. 获取和访问路径.", with its half-width marks.  The title is the
    Chinese overview's heading and the author the book's Chinese name (as on every Chinese
    page); the date is CITATION.cff's, the address that of the Chinese overview.  The form has
    no place for a version (a monograph's 版本项), so the page gives it beside the reference;
    "[引用日期]" is left for the reader, who writes in the day they read the book."""
    from .generated_pages import AUTHOR_ZH

    cff = citation()
    return (f"{AUTHOR_ZH}. {overview_title('zh-Hans')}[EB/OL]. ({cff['date-released'].isoformat()})[引用日期]. "
            f"{page_url(OVERVIEW['zh-Hans'])}.")


def gbt7714_article() -> str:
    """The article the book re-reports, in the same form: its publisher as 主要责任者 (the
    article names no author), its title, date and original address (data/raw/source.json)."""
    from .data import article_metadata
    from .generated_pages import publisher_zh

    source = article_metadata()
    return (f"{publisher_zh(source['publisher'])}. {source['title']}[EB/OL]. ({source['publication_date']})[引用日期]. "
            f"{source['original_url']}.")


def ld_json(records) -> str:
    """JSON-LD for a page: one ``<script type="application/ld+json">`` (a "</" inside is escaped)."""
    return ('<script type="application/ld+json">'
            + json.dumps(records, ensure_ascii=False).replace("</", "<\\/") + "</script>")


# Each edition's overview, and its language as the pages give it (BCP 47).
OVERVIEW = {"en": "book/index", "zh-Hans": "book/zh/index"}


def overview_title(language: str) -> str:
    """The heading of an edition's overview: the book's title in that language."""
    text = (paths.ROOT / f"{OVERVIEW[language]}.md").read_text(encoding="utf-8")
    return next(line[2:].strip() for line in text.splitlines() if line.startswith("# "))


def news_article(language: str) -> dict:
    """schema.org NewsArticle for an edition's overview: the book as a piece of journalism,
    based on the article it re-reports.  datePublished is the data package's date (as the
    ClaimReview records'); dateModified the latest correction that touched that edition."""
    import csv

    from .data import article_metadata, package_date
    from .generated_pages import AUTHOR_ZH, publisher_zh

    if language not in OVERVIEW:
        raise ValueError(f"no overview in {language!r}: one of {sorted(OVERVIEW)}")
    chinese = language == "zh-Hans"
    with (paths.DATA / "corrections.csv").open(encoding="utf-8", newline="") as f:
        dates = [r["date"] for r in csv.DictReader(f) if not chinese or "zh" in r["editions"].split()]
    source = article_metadata()
    team = {"@type": "Organization", "name": AUTHOR_ZH if chinese else authors()[0], "url": base_url()}
    return {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": overview_title(language),
        "inLanguage": language,
        "url": page_url(OVERVIEW[language]),
        "mainEntityOfPage": page_url(OVERVIEW[language]),
        "datePublished": package_date(),
        **({"dateModified": max(dates)} if dates else {}),
        "author": team,
        "publisher": team,
        "license": json.loads(paths.DATAPACKAGE.read_text(encoding="utf-8"))["licenses"][0]["path"],
        "isBasedOn": {
            "@type": "NewsArticle",
            "headline": source["title"],
            "url": source["original_url"],
            "datePublished": source["publication_date"],
            "publisher": {"@type": "Organization",
                          "name": publisher_zh(source["publisher"]) if chinese else source["publisher"]},
        },
    }
