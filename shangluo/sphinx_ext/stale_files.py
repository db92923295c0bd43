"""No stale files.  An incremental Sphinx build copies new images and downloads but never
deletes old ones, so a chart a page no longer shows (a withdrawn verdict, say) would stay
reachable by URL.  After a successful HTML build, files in ``_images`` and ``_downloads``
that no page uses any more (by Sphinx's own records, and for the social cards by the pages'
og:image tags, `discovery.cards_in_pages`) are removed.
"""

from __future__ import annotations

from pathlib import Path

from sphinx.application import Sphinx

from .background import WAIT


def on_build_finished(app: Sphinx, exception) -> None:
    if exception is not None or app.builder.format != "html":
        return
    from .discovery import cards_in_pages

    outdir = Path(app.outdir)
    current = {
        outdir / "_images": {unique for _docs, unique in app.env.images.values()} | cards_in_pages(outdir),
        outdir / "_downloads": {dest for _docs, dest in app.env.dlfiles.values()},
    }
    for folder, keep in current.items():
        if not folder.is_dir():
            continue
        for f in sorted(folder.rglob("*")):
            if f.is_file() and f.relative_to(folder).as_posix() not in keep:
                f.unlink()
        for d in sorted((d for d in folder.rglob("*") if d.is_dir()), reverse=True):
            if not any(d.iterdir()):
                d.rmdir()


def setup(app: Sphinx) -> dict:
    # After the social cards are drawn (discovery, at background.WAIT): it would remove a
    # card's half-drawn .part.png, a file no page names.
    app.connect("build-finished", on_build_finished, priority=WAIT + 10)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
