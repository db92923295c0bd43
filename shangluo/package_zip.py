"""The whole data package as one zip, for readers to download: ``data/datapackage.json``,
every table it lists and ``data/raw/``, under one folder named after the package.

The same files give the same bytes, whenever and wherever the zip is made: the members
come in a fixed order (the descriptor, its tables in its own order, then ``raw/`` by
name), each dated the package's ``created`` date (not the files' own times, which a
checkout sets), with the same permissions (``rw-r--r--``), the same compression
(deflate, level 9) and no comment or extra fields.

Made in the build's background process beside the chapters (`shangluo.build`), or at
Sphinx's builder-inited when every chapter was cached; a stamp of the inputs' digest
(`shangluo.fingerprint`) skips the work when nothing changed.  A missing or unreadable
file stops the build, naming it.
"""

from __future__ import annotations

import io
import json
import zipfile
from pathlib import Path

from . import paths
from .checks import DataValidationError, Problem
from .fingerprint import digest, stamp, stamped

__all__ = ["members", "zip_bytes", "zip_path", "write"]

COMPRESSION = zipfile.ZIP_DEFLATED
LEVEL = 9
MODE = 0o100644  # a regular file, rw-r--r--


def _descriptor(package_path: Path) -> dict:
    from .data import _read_descriptor

    return _read_descriptor(package_path)


def _rel(path: Path) -> str:
    try:
        return path.relative_to(paths.ROOT).as_posix()
    except ValueError:
        return path.as_posix()


def members(package_path: Path | None = None) -> list[tuple[str, Path]]:
    """(name in the zip, file) of every member, in the zip's order."""
    package_path = Path(package_path or paths.DATAPACKAGE)
    folder = package_path.parent
    descriptor = _descriptor(package_path)
    files = [package_path, *(folder / res["path"] for res in descriptor["resources"]),
             *sorted(p for p in (folder / "raw").glob("*") if p.is_file())]
    missing = [Problem(_rel(f), None, None, "file is missing (the data package's zip needs it)")
               for f in files if not f.is_file()]
    if missing:
        raise DataValidationError(missing)
    return [(f"{descriptor['name']}/{f.relative_to(folder).as_posix()}", f) for f in files]


def _date_time(package_path: Path) -> tuple[int, int, int, int, int, int]:
    created = _descriptor(package_path).get("created", "")
    try:
        year, month, day = (int(part) for part in created[:10].split("-"))
    except ValueError:
        raise DataValidationError([Problem(_rel(package_path), None, "created",
                                           f"not a date (YYYY-MM-DD…): {created!r}; the zip's members are dated by it")])
    return (year, month, day, 0, 0, 0)


def zip_bytes(package_path: Path | None = None) -> bytes:
    """The zip of the data package, as bytes (the same files give the same bytes)."""
    package_path = Path(package_path or paths.DATAPACKAGE)
    when = _date_time(package_path)
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, path in members(package_path):
            info = zipfile.ZipInfo(name, date_time=when)
            info.compress_type = COMPRESSION
            info.create_system = 3  # Unix, so that the permissions below are read as such
            info.external_attr = MODE << 16
            archive.writestr(info, path.read_bytes(), compresslevel=LEVEL)
    return buffer.getvalue()


def zip_path(package_path: Path | None = None) -> Path:
    """Where the build writes the zip: ``_build/package/<package name>.zip``."""
    return paths.PACKAGE_ZIP_DIR / f"{_descriptor(Path(package_path or paths.DATAPACKAGE))['name']}.zip"


def write() -> Path:
    """Write the zip, unless it is there already for exactly these files (and this code)."""
    target = zip_path()
    key = digest([f for _, f in members()] + [Path(__file__)])
    if target.is_file() and stamped("package-zip", key):
        return target
    data = zip_bytes()
    if not target.is_file() or target.read_bytes() != data:
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
    stamp("package-zip", key, only=True)
    return target
