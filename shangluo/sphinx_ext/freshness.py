"""No stale numbers.

MyST-NB's execution cache keys on a notebook's code cells only, so a change to data/ or
to the shangluo package would leave old outputs in place.  When Sphinx reads a text
notebook, this appends one hidden code cell (tag ``remove-cell``) holding a fingerprint
of those inputs (`shangluo.fingerprint`), and tells Sphinx that the page depends on every
input file.  Change any of them and the page is re-read, the fingerprint differs, the
cache misses, and the notebook re-runs.
"""

from __future__ import annotations

import os

from sphinx.application import Sphinx

from ..fingerprint import input_files, inputs_fingerprint, is_text_notebook, with_fingerprint


def on_source_read(app: Sphinx, docname: str, source: list[str]) -> None:
    if not is_text_notebook(source[0]):
        return
    files = input_files()
    for f in files:
        # Relative to the source folder, so a copy of the project checks its own files.
        app.env.note_dependency(os.path.relpath(f, app.srcdir))
    source[0] = with_fingerprint(source[0], inputs_fingerprint(files))


def setup(app: Sphinx) -> dict:
    app.connect("source-read", on_source_read, priority=600)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
