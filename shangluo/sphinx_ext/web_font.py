"""Chinese on any machine: a WOFF2 subset of Noto Sans SC holding only the characters the
book uses (its pages, data and configuration), and a stylesheet that serves it for CJK
text only (`shangluo.fonts`).  Written at builder-inited, into a folder added to the
static path; rewritten only when its bytes change.
"""

from __future__ import annotations

import os

from sphinx.application import Sphinx

from .. import paths
from ..fonts import write_web_font

STATIC_DIR = paths.BUILD / "static-generated"


def book_text() -> str:
    parts = [p.read_text(encoding="utf-8") for p in sorted(paths.BOOK.rglob("*.md"))]
    parts += [p.read_text(encoding="utf-8") for p in sorted(paths.DATA.glob("*.csv"))]
    parts += [paths.RAW_ARTICLE.read_text(encoding="utf-8")]
    parts += [(paths.ROOT / "_config.yml").read_text(encoding="utf-8")]
    return "\n".join(parts)


def write() -> None:
    STATIC_DIR.mkdir(parents=True, exist_ok=True)
    write_web_font(book_text(), STATIC_DIR)


def on_config_inited(app: Sphinx, config) -> None:
    # The folder must exist now: Sphinx drops static paths that do not (with a warning);
    # its files are written at builder-inited.  Relative to the project, so a copy of the project has the same configuration (an
    # absolute path would make Sphinx see a changed config and re-read every page).
    STATIC_DIR.mkdir(parents=True, exist_ok=True)
    config.html_static_path = list(config.html_static_path) + [os.path.relpath(STATIC_DIR, app.confdir)]


def on_builder_inited(app: Sphinx) -> None:
    write()


def setup(app: Sphinx) -> dict:
    app.connect("config-inited", on_config_inited)
    app.connect("builder-inited", on_builder_inited)
    app.add_css_file("book-fonts.css")
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
