"""Shared code for the book: see README.md ("Layout") for what each module holds."""

import os as _os

from .paths import check_checkout as _check_checkout

# Stop at once if this package belongs to another copy of the project than the one being
# worked on (see shangluo.paths.check_checkout).  SHANGLUO_ROOT, set by the tests, names
# the project explicitly and skips the check.
if "SHANGLUO_ROOT" not in _os.environ:
    _check_checkout()
