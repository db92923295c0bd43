"""The pages as written: what the extensions that finish a page after Sphinx has written
it (`language_of_parts`, `image_size`, `phone_tables`, `web_font`, `lean_theme`), or read
the finished pages (`unused_css`), share.  Not an extension itself."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx


# The charts' embed pages (`chart_kit`): written whole, self-contained, by that extension alone.
EMBED_FOLDER = "charts"


def pages(outdir: Path) -> list[Path]:
    """The HTML pages in ``outdir``: not the theme's template fragments in ``_static``, nor
    the charts' embed pages in `EMBED_FOLDER`, which load nothing of the book's."""
    return [path for path in sorted(Path(outdir).rglob("*.html"))
            if "_static" not in path.parts and path.relative_to(outdir).parts[0] != EMBED_FOLDER]


def rewrite(app: Sphinx, exception, change: Callable[[str, Path], str]) -> None:
    """At build-finished, pass each written HTML page (text and path) through ``change``;
    a page is rewritten only when its bytes change, so a no-op rebuild leaves it alone."""
    if exception is not None or app.builder.format != "html":
        return
    for path in pages(app.outdir):
        text = path.read_text(encoding="utf-8")
        new = change(text, path)
        if new != text:
            path.write_text(new, encoding="utf-8")
