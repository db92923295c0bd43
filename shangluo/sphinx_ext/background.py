"""The build's drawing process, beside Sphinx: the charts' PNGs (`chart_kit`) and the pages'
social cards (`discovery`) are drawn in it while Sphinx reads and writes the pages.

Sphinx reads and writes on one core and leaves the other idle; drawing is the work of the
build that needs nothing but its arguments.  Measured on a cold build (2 cores): the 24
cards took 1.3 s of the Jupyter Book stage when drawn in Sphinx's own process, and the 18
PNGs take about 3 s of this process's time.  The process is forked at the first job: on a
cold build, by `shangluo.build` once the chapters are done (when it has one thread: a fork
copies no thread, and a lock a thread held would stay held); else by the first chart
Sphinx reads.  The jobs run one after another in the order they came.

An extension submits a job and keeps its future; at ``build-finished`` it waits for its own
jobs (and reports a failed one as its own error) at `WAIT`, after the handlers that finish
the pages, so that the drawing goes on while they run; this module, connected after them,
shuts the process down.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from typing import TYPE_CHECKING

from sphinx.errors import ExtensionError

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# build-finished priorities: the extensions wait for their drawings (and web_font for its
# fonts) after every handler that finishes the pages (unused_css, the last of them, is at
# 900); then the process ends.
WAIT = 950
SHUT_DOWN = 990

# The process's niceness: what it does can wait, and it gets the core Sphinx leaves idle
# rather than sharing Sphinx's; not the lowest priority, as Sphinx waits for it at the end.
NICE = 10

_pool: ProcessPoolExecutor | None = None
_owner = 0  # the process that started it: a process forked from that one starts its own


def submit(fn, *args) -> Future:
    """Run ``fn(*args)`` in the drawing process (forked now if it is not running); the first
    argument is the path drawn, which an error names."""
    global _pool, _owner
    if _pool is None or _owner != os.getpid():
        _pool = ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork"),
                                    initializer=os.nice, initargs=(NICE,))
        _owner = os.getpid()
    try:
        return _pool.submit(fn, *args)
    except BrokenProcessPool:
        raise ExtensionError(f"{args[0]}: could not be drawn, because the build's drawing process ended "
                             "unexpectedly (killed, or out of memory?)") from None


def shut_down(app: Sphinx | None = None, exception=None) -> None:
    """End the drawing process: at the end of every build, after the extensions have
    collected their jobs (a failed build drops the jobs not yet started)."""
    global _pool
    if _pool is not None and _owner == os.getpid():
        _pool.shutdown(cancel_futures=exception is not None)
    _pool = None


def setup(app: Sphinx) -> dict:
    app.connect("build-finished", shut_down, priority=SHUT_DOWN)
    return {"version": "1.0", "parallel_read_safe": True, "parallel_write_safe": True}
