"""Shared code for the book: see README.md ("Layout") for what each module holds."""

from .paths import check_checkout as _check_checkout

# Stop at once if this package belongs to another copy of the project than the one being
# worked on (see shangluo.paths.check_checkout).
_check_checkout()
