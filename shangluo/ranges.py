"""Ranges for vague figures: 余 and 多 are ranges, never points.

Every derived figure in the book is computed on `Range` objects built from ledger
rows, so a figure whose inputs carry 余/多 bounds comes out as a range (or with
its bound, "at least …"), and an exact input stays a point.  This module is the
only place that does that arithmetic.

Bounds follow the ledger: ``lower``/``upper`` are the limits the wording allows
(3000余元 → 3000 to 4000).  An upper bound of infinity means the wording sets none
(至少, 超过).
"""

from __future__ import annotations

import math
from dataclasses import dataclass

__all__ = ["Range", "fmt_number", "fmt_range", "MINUS"]


@dataclass(frozen=True)
class Range:
    lo: float
    hi: float

    def __post_init__(self):
        if math.isnan(self.lo) or math.isnan(self.hi):
            raise ValueError("a range bound is NaN")
        if self.lo > self.hi:
            raise ValueError(f"empty range: lower {self.lo} > upper {self.hi}")

    # -- construction
    @classmethod
    def point(cls, x: float) -> "Range":
        return cls(float(x), float(x))

    @classmethod
    def of(cls, x) -> "Range":
        return x if isinstance(x, Range) else cls.point(x)

    @classmethod
    def from_claim(cls, row) -> "Range":
        """The range a ledger row allows (its ``lower`` and ``upper`` columns)."""
        lo = float(row["lower"])
        hi = row["upper"]
        hi = math.inf if hi is None or (isinstance(hi, float) and math.isnan(hi)) else float(hi)
        return cls(lo, hi)

    # -- properties
    @property
    def is_point(self) -> bool:
        return self.lo == self.hi

    @property
    def bounded(self) -> bool:
        return math.isfinite(self.hi)

    @property
    def mid(self) -> float:
        return (self.lo + self.hi) / 2

    def contains(self, x: float) -> bool:
        return self.lo <= x <= self.hi

    def map_monotonic(self, f) -> "Range":
        """Apply a function that is monotonic over the range: evaluate it at both ends.

        Use this instead of interval arithmetic when a variable appears more than once
        in a formula, which would otherwise widen the range needlessly.
        """
        a, b = f(self.lo), f(self.hi)
        return Range(min(a, b), max(a, b))

    # -- arithmetic (interval arithmetic; division and multiplication assume non-negative ranges)
    def _check_nonneg(self, other: "Range") -> None:
        if self.lo < 0 or other.lo < 0:
            raise ValueError("multiplication and division are defined here for non-negative ranges only")

    def __add__(self, other) -> "Range":
        o = Range.of(other)
        return Range(self.lo + o.lo, self.hi + o.hi)

    __radd__ = __add__

    def __sub__(self, other) -> "Range":
        o = Range.of(other)
        return Range(self.lo - o.hi, self.hi - o.lo)

    def __rsub__(self, other) -> "Range":
        return Range.of(other) - self

    def __mul__(self, other) -> "Range":
        o = Range.of(other)
        self._check_nonneg(o)
        return Range(self.lo * o.lo, self.hi * o.hi if self.hi and o.hi else 0.0)

    __rmul__ = __mul__

    def __truediv__(self, other) -> "Range":
        o = Range.of(other)
        self._check_nonneg(o)
        if o.lo == 0:
            raise ZeroDivisionError("division by a range that includes zero")
        return Range(self.lo / o.hi if math.isfinite(o.hi) else 0.0, self.hi / o.lo)

    def __rtruediv__(self, other) -> "Range":
        return Range.of(other) / self

    def __repr__(self) -> str:
        return f"Range({self.lo!r}, {self.hi!r})"


MINUS = "\u2212"


def fmt_number(x: float, digits: int = 0) -> str:
    """A plain Python string with thousands separators: 12900000000 → '12,900,000,000'.

    Negative numbers take a true minus sign (U+2212), not a hyphen.
    """
    x = float(x)
    text = f"{round(x):,d}" if digits == 0 else f"{x:,.{digits}f}"
    if text.startswith("-"):
        # A value that rounds to zero takes no sign; any other takes a true minus.
        text = text[1:] if set(text[1:]) <= set("0.,") else MINUS + text[1:]
    return text


def fmt_range(r: Range | float, digits: int = 0, unit: str = "", scale: float = 1.0) -> str:
    """'3,000', 'between 3,000 and 4,000', or 'at least 1' (with an optional unit).

    ``scale`` divides the values first (e.g. 1e9 to write billions).
    """
    r = Range.of(r)
    suffix = f" {unit}" if unit else ""
    lo = fmt_number(r.lo / scale, digits)
    if r.is_point:
        return lo + suffix
    if not r.bounded:
        return f"at least {lo}{suffix}"
    hi = fmt_number(r.hi / scale, digits)
    if lo == hi:
        return f"about {lo}{suffix}"
    return f"between {lo} and {hi}{suffix}"
