"""Figures written the way Chinese readers expect them, for the Chinese edition.

* no thousands separators: 3000元, 1234;
* money in 万元 and 亿元 from ten thousand up: 129亿元, 52.8亿元, 2000万元;
* ranges with 至, and an open range with 至少: 3000至4000元, 至少1;
* per cent with %: 14.7%; dates as 2022年7月20日.

The values are the same `Range` objects the English edition formats with
`shangluo.ranges.fmt_range`; only the writing differs.
"""

from __future__ import annotations

import datetime as dt

from .ranges import Range, fmt_number

__all__ = ["date", "number", "quantity", "yuan", "percent"]


def date(iso: str | dt.date) -> str:
    """``2022-07-20`` → ``2022年7月20日``; a source dated only by month or year keeps that
    precision (``2026-01`` → ``2026年1月``, ``2023`` → ``2023年``), and ``n.d.`` (no date)
    reads 未注明日期."""
    if isinstance(iso, str) and iso != "n.d." and len(iso) < len("2022-07-20"):
        parts = [int(p) for p in iso.split("-")]  # ValueError on anything but YYYY or YYYY-MM
        return "".join(f"{n}{u}" for n, u in zip(parts, "年月"))
    if iso == "n.d.":
        return "未注明日期"
    d = dt.date.fromisoformat(iso) if isinstance(iso, str) else iso
    return f"{d.year}年{d.month}月{d.day}日"


def number(x: float, digits: int = 0, trim: bool = False) -> str:
    """12900 → '12900'; −9.1 with a true minus sign; a value that rounds to zero has none.
    ``trim`` drops a trailing .0 (52.0亿 → 52亿)."""
    text = fmt_number(x, digits).replace(",", "")  # the English edition's rounding and minus sign
    if trim and "." in text:
        text = text.rstrip("0").rstrip(".")
    return text


def quantity(r: Range | float, digits: int = 0, unit: str = "", scale: float = 1.0, trim: bool = False,
             each: str = "") -> str:
    """'3000元', '3000至4000元', '至少1人', or '约3人' when both bounds round alike
    (``unit`` after the figure, ``scale`` divides first, ``each`` follows the lower bound
    of a range too: 1万至1.1万元)."""
    r = Range.of(r)
    lo = number(r.lo / scale, digits, trim)
    if r.is_point:
        return lo + unit
    if not r.bounded:
        return f"至少{lo}{unit}"
    hi = number(r.hi / scale, digits, trim)
    return f"约{lo}{unit}" if lo == hi else f"{lo}{each}至{hi}{unit}"


def yuan(r: Range | float, digits: int | None = None) -> str:
    """Money: '3000元', '2000万元', '129亿元', '52.8亿元'; the unit chosen by the lower bound.

    ``digits`` defaults to none for yuan and one for 万元 and 亿元, with a trailing .0 dropped."""
    r = Range.of(r)
    for scale, unit in ((1e8, "亿元"), (1e4, "万元"), (1.0, "元")):
        if abs(r.lo) >= scale or scale == 1.0:
            break
    places = digits if digits is not None else (0 if scale == 1.0 else 1)
    # 1万至1.1万元, not 1至1.1万元: each bound carries its 万 or 亿.
    return quantity(r, places, unit, scale, trim=digits is None, each=unit[:-1])


def percent(r: Range | float, digits: int = 1) -> str:
    """'14.7%', '−9.1%至−5.5%'."""
    r = Range.of(r)
    lo, hi = number(r.lo, digits), number(r.hi, digits)
    if r.is_point or not r.bounded or lo == hi:
        return quantity(r, digits, "%")
    return f"{lo}%至{hi}%"
