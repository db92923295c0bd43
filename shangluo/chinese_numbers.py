"""Figures written the way Chinese readers expect them, for the Chinese edition.

* dates as 2022年7月20日 (no leading zeros);

The English edition's formats are in `shangluo.ranges`.
"""

from __future__ import annotations

import datetime as dt

__all__ = ["date"]


def date(iso: str | dt.date) -> str:
    """``2022-07-20`` → ``2022年7月20日``."""
    d = dt.date.fromisoformat(iso) if isinstance(iso, str) else iso
    return f"{d.year}年{d.month}月{d.day}日"
