"""Shared settings for the property-based tests (hypothesis) of the numeric core.

Float tolerance: an interval operation is compared with a relative tolerance of 1e-9
(``REL``), far above double rounding (about 1e-16 per operation) and far below any
real difference between bounds.

Under mutmut (MUTANT_UNDER_TEST is set) the examples are derandomised and not shrunk, so
every mutant meets the same examples and a rerun gives the same result.
"""

from __future__ import annotations

import math
import os

from hypothesis import Phase, settings

from shangluo.ranges import Range

settings.register_profile("default", deadline=None)
# Under mutmut a failing example need not be shrunk (shrinking a killed mutant's example can
# outlast mutmut's time limit and turn a kill into a "timeout").
settings.register_profile("mutation", deadline=None, derandomize=True, database=None,
                          phases=[Phase.explicit, Phase.generate])
settings.load_profile("mutation" if "MUTANT_UNDER_TEST" in os.environ else "default")

REL = 1e-9


def close(a: float, b: float) -> bool:
    return a == b or math.isclose(a, b, rel_tol=REL, abs_tol=REL)


def within(x: float, r: Range) -> bool:
    """x lies in r, allowing the tolerance at either end."""
    return (r.lo <= x or close(x, r.lo)) and (x <= r.hi or close(x, r.hi))


