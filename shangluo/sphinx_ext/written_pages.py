"""The pages as written: what the extensions that finish a page after Sphinx has written
it (`language_of_parts`, `image_size`) share.  Not an extension itself."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sphinx.application import Sphinx


def rewrite(app: Sphinx, exception, change: Callable[[str, Path], str]) -> None:
    """At build-finished, pass each written HTML page (text and path) through ``change``;
    a page is rewritten only when its bytes change, so a no-op rebuild leaves it alone."""
    if exception is not None or app.builder.format != "html":
        return
    for path in sorted(Path(app.outdir).rglob("*.html")):
        if "_static" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        new = change(text, path)
        if new != text:
            path.write_text(new, encoding="utf-8")
