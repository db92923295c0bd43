"""Fingerprints of the inputs, so that nothing stale survives a change.

* `inputs_fingerprint` hashes every file under data/ and the shangluo package: the inputs
  a chapter's output can depend on besides its own text.  `shangluo.sphinxext` appends it
  to every chapter as a hidden cell, so the execution cache (which keys on code cells)
  misses when an input changes.
* `content_key` hashes a list of files; the build keeps empty stamp files named by such
  keys to remember work already done for exactly those bytes (a passed validation, a set
  of chapters already executed).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import paths

__all__ = ["FINGERPRINT_MARK", "input_files", "inputs_fingerprint", "is_text_notebook", "with_fingerprint",
           "content_key", "has_stamp", "write_stamp"]

FINGERPRINT_MARK = "# inputs fingerprint (added by shangluo.sphinxext):"


def input_files() -> list[Path]:
    """Every file a notebook's output may depend on besides its own text."""
    files = [p for p in paths.DATA.rglob("*") if p.is_file()]
    files += [p for p in (paths.ROOT / "shangluo").rglob("*.py")]
    return sorted(files)


def content_key(files, *extra: str) -> str:
    """A hash of the files' names and bytes (and of any extra strings)."""
    h = hashlib.sha256()
    for f in files:
        f = Path(f)
        if f.is_file():
            h.update(f.name.encode() + b"\0" + hashlib.sha256(f.read_bytes()).digest())
    for e in extra:
        h.update(b"\0" + e.encode())
    return h.hexdigest()


def inputs_fingerprint(files: list[Path] | None = None) -> str:
    h = hashlib.sha256()
    for p in files if files is not None else input_files():
        h.update(str(p.relative_to(paths.ROOT)).encode())
        h.update(b"\0")
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()[:16]


def is_text_notebook(source: str) -> bool:
    """A MyST Markdown notebook: front matter with a kernelspec."""
    if not source.startswith("---"):
        return False
    end = source.find("\n---", 3)
    return end > 0 and "kernelspec:" in source[:end]


def with_fingerprint(source: str, fingerprint: str) -> str:
    """The chapter's text with the hidden fingerprint cell appended (as MyST-NB will read it)."""
    cell = (
        "\n\n```{code-cell} ipython3\n:tags: [remove-cell]\n\n"
        f"{FINGERPRINT_MARK} {fingerprint}\n```\n"
    )
    return source.rstrip("\n") + cell


def has_stamp(folder: Path, key: str) -> bool:
    return (folder / key).exists()


def write_stamp(folder: Path, key: str) -> None:
    try:
        folder.mkdir(parents=True, exist_ok=True)
        (folder / key).touch()
    except OSError:
        pass  # a read-only checkout simply redoes the work next time
