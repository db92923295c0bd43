"""Where things live in the repository.  Every other module takes its paths from here."""

from __future__ import annotations

import os
from pathlib import Path

# The repository root: the folder that holds _config.yml.  SHANGLUO_ROOT overrides it,
# which is how the tests point the code at a scratch copy of the project.
ROOT = Path(os.environ.get("SHANGLUO_ROOT", Path(__file__).resolve().parent.parent))
DATA = ROOT / "data"
RAW = DATA / "raw"
RAW_ARTICLE = RAW / "000_9190643d899b3891.txt"
RAW_METADATA = RAW / "source.json"
DATAPACKAGE = DATA / "datapackage.json"
BOOK = ROOT / "book"
BUILD = ROOT / "_build"
# Files the notebooks write for readers to download (chart tables and the like).
GENERATED = BUILD / "generated"
