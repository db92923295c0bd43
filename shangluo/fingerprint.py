"""The one way the build tells whether its inputs changed, and the one place it remembers work.

* `digest` hashes files (their paths and bytes) and any extra strings.  Everything that
  must notice a change uses it: the validation of data/, the execution of chapters, the
  web font.
* `inputs_fingerprint` is the digest of every file a chapter's output can depend on
  besides its own text (data/, the shangluo package, _config.yml and CITATION.cff).  `shangluo.sphinx_ext.freshness`
  appends it to every chapter as a hidden cell, so the execution cache (which keys on
  code cells) misses when an input changes.
* Stamps are empty files under ``_build/.stamps/<kind>/<digest>``: work already done for
  exactly those bytes (a passed validation, chapters already executed, a font subset).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from . import paths

__all__ = ["FINGERPRINT_MARK", "digest", "input_files", "inputs_fingerprint", "is_text_notebook",
           "with_fingerprint", "stamped", "stamp"]

FINGERPRINT_MARK = "# inputs fingerprint (added by shangluo.sphinx_ext.freshness):"


def digest(files, *extra: str) -> str:
    """A SHA-256 of the files' paths (relative to the project) and bytes, and of any extra strings.

    A missing file counts as a change too: its name is hashed with a marker instead of bytes.
    """
    h = hashlib.sha256()
    for f in files:
        f = Path(f)
        try:
            name = f.relative_to(paths.ROOT).as_posix()
        except ValueError:
            name = f.as_posix()
        h.update(name.encode() + b"\0")
        h.update(hashlib.sha256(f.read_bytes()).digest() if f.is_file() else b"<missing>")
    for e in extra:
        h.update(b"\0" + e.encode())
    return h.hexdigest()


def input_files() -> list[Path]:
    """Every file a notebook's output may depend on besides its own text."""
    files = [p for p in paths.DATA.rglob("*") if p.is_file()]
    files += [p for p in (paths.ROOT / "shangluo").rglob("*.py")]
    # The published address (html_baseurl) and the citation, which chapters read through
    # shangluo.publication.
    files += [paths.CONFIG, paths.CITATION]
    return sorted(files)


def inputs_fingerprint(files: list[Path] | None = None) -> str:
    """The digest of `input_files` (or of ``files``, when the caller already listed them)."""
    return digest(input_files() if files is None else files)[:16]


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


def stamped(kind: str, key: str) -> bool:
    """True if `stamp(kind, key)` was called before (in this checkout's _build)."""
    return (paths.STAMPS / kind / key).exists()


def stamp(kind: str, key: str, only: bool = False) -> None:
    """Remember that the work ``kind`` was done for ``key``.

    ``only=True`` forgets the kind's other keys: for work whose result is overwritten (the
    one font file; the set of chapters last executed), only the latest key is known true.
    """
    folder = paths.STAMPS / kind
    try:
        folder.mkdir(parents=True, exist_ok=True)
        if only:
            for old in folder.iterdir():
                old.unlink()
        (folder / key).touch()
    except OSError:
        pass  # a read-only checkout simply redoes the work next time
