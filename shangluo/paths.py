"""Where things live in the repository.  Every other module takes its paths from here."""

from __future__ import annotations

from pathlib import Path

# The repository root: the folder that holds _config.yml, above this package.  A scratch
# copy of the project is used by importing the copy's own package (PYTHONPATH=<copy>).
ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
RAW = DATA / "raw"
RAW_ARTICLE = RAW / "000_9190643d899b3891.txt"
RAW_METADATA = RAW / "source.json"
DATAPACKAGE = DATA / "datapackage.json"
BOOK = ROOT / "book"
CONFIG = ROOT / "_config.yml"
CITATION = ROOT / "CITATION.cff"
BUILD = ROOT / "_build"
# Files the notebooks write for readers to download (chart tables and the like).
GENERATED = BUILD / "generated"
# The whole data package as one zip, for download (shangluo.package_zip).
PACKAGE_ZIP_DIR = BUILD / "package"
# Every stamp the build keeps to remember work done for exact input bytes (see shangluo.fingerprint).
STAMPS = BUILD / ".stamps"


def write_if_changed(path: Path, text: str) -> Path:
    """Write a generated text file only when its text changes, so that a no-op rebuild
    leaves it (and whatever depends on its time) alone; returns its path."""
    if not path.exists() or path.read_text(encoding="utf-8") != text:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return path


class WrongCheckout(RuntimeError):
    """The package was imported from one copy of the project while working in another."""


def project_around(folder: Path) -> Path | None:
    """The project folder (one holding _config.yml and shangluo/paths.py) at or above ``folder``."""
    folder = Path(folder).resolve()
    for candidate in (folder, *folder.parents):
        if (candidate / "_config.yml").is_file() and (candidate / "shangluo" / "paths.py").is_file():
            return candidate
    return None


def check_checkout(folder: Path | str | None = None) -> None:
    """Stop if the project being worked on (around ``folder``, default the working
    directory) is not the one this package reads.

    Two copies of the project can share one environment (a copied folder with its .venv, a
    second clone): its editable install points at whichever folder made it, so without this
    check a build in the second copy would quietly use the first copy's code and data.
    """
    here = project_around(Path(folder) if folder is not None else Path.cwd())
    if here is None or here == ROOT.resolve():
        return
    raise WrongCheckout(
        f"this is the project in {here}, but Python imported the shangluo package from {ROOT} "
        f"(the environment's editable install points there).  Run the Makefile's targets "
        f"(`make html`, `make lab`, `make test`), which import this folder's package, or set "
        f"PYTHONPATH={here} before running a tool by hand."
    )
