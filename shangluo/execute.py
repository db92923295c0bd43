"""Run the chapters that need it, in parallel, before Sphinx reads them.

Sphinx reads pages one after another (one of Jupyter Book's extensions is not safe for
parallel reading), and MyST-NB executes each notebook as it reads it, so a cold build
would run every notebook in turn on one core.  This step builds each chapter's notebook
exactly as MyST-NB will see it (same reader, same fingerprint cell from
`shangluo.sphinx_ext.freshness`), executes the ones missing from the Jupyter cache on all cores,
and stores them in the cache.  Sphinx then finds every notebook cached.

A cell that raises stops the build here, naming the chapter and the cell.

Why not jupyter-cache's own parallel executor (``local-parallel``)?  Measured on this
2-core machine, cold cache, 11 alternated runs each: no faster (median 35.9 s against
36.1 s here).  Used as it is, it starts kernels on TCP ports from several processes, and
lost a chapter to "Address already in use" in 1 of 22 runs without failing; its Markdown
reader leaves out the fingerprint cell, so its cache keys never match MyST-NB's.  Making
it safe takes a subclass of its private worker and temporary notebooks, to save about 25
lines.  So this module keeps its own small pool, with kernels on Unix sockets.
"""

from __future__ import annotations

import os
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from . import paths
from .kernels import WarmProvisioner, start_warm_process
from .fingerprint import digest, inputs_fingerprint, is_text_notebook, stamp, stamped, with_fingerprint

__all__ = ["ExecutionFailed", "notebook_for", "all_cached", "missing", "workers", "execute"]


class ExecutionFailed(RuntimeError):
    pass


@dataclass
class _Result:
    path: str
    notebook: object | None
    seconds: float
    error: str | None


def _md_config(myst_extensions: list[str]):
    from myst_parser.config.main import MdParserConfig

    return MdParserConfig(enable_extensions=set(myst_extensions))


def notebook_for(path: Path, fingerprint: str, myst_extensions: list[str]):
    """The notebook MyST-NB will build from a chapter, fingerprint cell included."""
    from myst_nb.core.read import read_myst_markdown_notebook

    text = with_fingerprint(path.read_text(encoding="utf-8"), fingerprint)
    return read_myst_markdown_notebook(text, config=_md_config(myst_extensions),
                                       add_source_map=True, path=str(path))


STDERR_LOG = paths.BUILD / "execute-stderr.log"


def _start_worker() -> None:
    """Send a worker's stderr (and its kernels') to a log, kept for when a chapter fails
    (kernels' start-up chatter is noise in the build's output), and start the warm
    process its kernels are forked from (`shangluo.kernels`)."""
    fd = os.open(STDERR_LOG, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o644)
    os.dup2(fd, 2)
    os.close(fd)
    start_warm_process()


# As nbclient starts a kernel: its history in memory, and at most this long to answer.
KERNEL_ARGUMENTS = ["--HistoryManager.hist_file=:memory:"]
STARTUP_TIMEOUT = 60


def _wait_until_ready(km, kc, timeout: float) -> None:
    """Return once the kernel has answered its client on the shell channel and the iopub
    channel has delivered a message: what jupyter_client's ``wait_for_ready`` checks.
    Hand-written because ``wait_for_ready`` then waits for iopub to fall silent for 0.2 s
    (measured: 0.2 s of every chapter's 0.5 s of kernel overhead), which nbclient does not
    need: it keeps only the messages answering the cell it runs."""
    from queue import Empty

    deadline = time.monotonic() + timeout
    while True:
        kc.kernel_info()
        try:
            reply = kc.shell_channel.get_msg(timeout=1)
        except Empty:
            reply = None
        if reply is not None and reply["msg_type"] == "kernel_info_reply":
            try:
                kc.iopub_channel.get_msg(timeout=0.2)
                break
            except Empty:
                pass
        if not km.is_alive():
            raise RuntimeError("Kernel died before replying to kernel_info")
        if time.monotonic() > deadline:
            raise RuntimeError(f"the kernel did not answer within {timeout} s")


def _run(path: str, fingerprint: str, myst_extensions: list[str], timeout: int) -> _Result:
    """Run one chapter in a warm kernel (`shangluo.kernels`) with nbclient, as jupyter-cache's
    ``single_nb_execution`` does, but handing nbclient a client that is ready (`_wait_until_ready`):
    nbclient makes its own when given none."""
    import traceback

    from jupyter_client.manager import KernelManager
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError

    t0 = time.monotonic()
    nb = notebook_for(Path(path), fingerprint, myst_extensions)
    cwd = str(Path(path).parent)
    settings = {"timeout": timeout, "allow_errors": False, **nb.metadata.get("execution", {})}
    # Kernels talk over Unix sockets in a folder of their own: with TCP, kernels started
    # at the same moment by different workers can pick the same free port, and one dies.
    with tempfile.TemporaryDirectory(prefix="kernel-") as sockets:
        km = KernelManager(kernel_name=nb.metadata.kernelspec.name, transport="ipc",
                           ip=os.path.join(sockets, "k"))
        km.provisioner = WarmProvisioner(kernel_spec=km.kernel_spec, parent=km)
        kc = None
        error = None
        try:
            km.start_kernel(extra_arguments=KERNEL_ARGUMENTS, cwd=cwd)
            kc = km.client()
            kc.start_channels()
            _wait_until_ready(km, kc, STARTUP_TIMEOUT)
            kc.allow_stdin = False
            # record_timing off, as single_nb_execution has it: no times in the cells' metadata.
            client = NotebookClient(nb, km=km, resources={"metadata": {"path": cwd}}, record_timing=False,
                                    timeout=settings["timeout"], allow_errors=settings["allow_errors"])
            client.kc = kc
            try:
                client.execute()
            except (CellExecutionError, CellTimeoutError):
                error = traceback.format_exc()
        finally:
            # nbclient leaves a kernel and a client it was handed running; stopped at once
            # here (the outputs are in, and a polite exit only costs time).
            if kc is not None:
                kc.stop_channels()
            if km.has_kernel:
                km.shutdown_kernel(now=True)
    seconds = time.monotonic() - t0
    return _Result(path, None if error else nb, seconds, error)


def _cache_key(chapters: list[Path], fingerprint: str, cache_path: Path, myst_extensions: list[str],
               timeout: int) -> str:
    return digest(chapters, fingerprint, os.path.relpath(cache_path, paths.ROOT), *myst_extensions, str(timeout))


def all_cached(chapters: list[Path], cache_path: Path, myst_extensions: list[str], timeout: int) -> bool:
    """True when the same chapters, inputs and settings were all found in (or put into)
    this cache before: a check of one stamp, without importing MyST-NB."""
    key = _cache_key(chapters, inputs_fingerprint(), cache_path, myst_extensions, timeout)
    return cache_path.exists() and stamped("executed", key)


def missing(chapters: list[Path], cache_path: Path, myst_extensions: list[str], timeout: int) -> list[Path]:
    """The chapters that are text notebooks and not in the cache: each is read and looked
    up (call `all_cached` first, a check of one stamp)."""
    notebooks = [path for path in chapters if is_text_notebook(path.read_text(encoding="utf-8"))]
    if not cache_path.exists():
        # A cold build: every notebook is missing.  Importing jupyter-cache and reading each
        # notebook to look it up took 0.8 s here, before the chapters' workers could start.
        return notebooks
    fingerprint = inputs_fingerprint()
    from jupyter_cache import get_cache

    cache = get_cache(str(cache_path))
    todo = []
    for path in notebooks:
        try:
            cache.match_cache_notebook(notebook_for(path, fingerprint, myst_extensions))
        except KeyError:
            todo.append(path)
    if not todo:
        stamp("executed", _cache_key(chapters, fingerprint, cache_path, myst_extensions, timeout), only=True)
    return todo


def _worker_count(chapters: int) -> int:
    return min(chapters, os.cpu_count() or 1)


@contextmanager
def workers(count: int):
    """Up to `count` chapter workers (one a core), started at once, so that their warm
    processes (`shangluo.kernels`) import while the build validates the data; None when
    there is nothing to run."""
    if not count:
        yield None
        return
    STDERR_LOG.parent.mkdir(parents=True, exist_ok=True)
    STDERR_LOG.write_text("")
    with ProcessPoolExecutor(max_workers=_worker_count(count), initializer=_start_worker) as pool:
        pool.submit(int)  # a pool forks its workers at the first task
        yield pool


def execute(todo: list[Path], chapters: list[Path], cache_path: Path, myst_extensions: list[str],
            timeout: int, pool: ProcessPoolExecutor, say=print) -> list[str]:
    """Run the chapters `missing` found on the `workers` and cache them; a raising cell
    raises ExecutionFailed.  Returns the chapters executed (paths relative to the project)."""
    if not todo:
        return []
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    fingerprint = inputs_fingerprint()
    cache = get_cache(str(cache_path))
    say(f"executing {len(todo)} chapter(s) on {_worker_count(len(todo))} worker(s)")
    t0 = time.monotonic()
    failures = []
    futures = {pool.submit(_run, str(p), fingerprint, myst_extensions, timeout): p for p in todo}
    for future, path in futures.items():
        rel = os.path.relpath(path, paths.ROOT)
        try:
            r = future.result()
        except Exception as exc:  # its kernel could not start, or its worker died
            failures.append(f"{rel}: could not be run: {type(exc).__name__}: {exc}")
            continue
        if r.error:
            failures.append(f"{rel}: a cell raised an error\n{r.error}")
            continue
        cache.cache_notebook_bundle(CacheBundleIn(r.notebook, r.path, data={"execution_seconds": r.seconds}),
                                    check_validity=False, overwrite=True)
        say(f"executed {rel} in {r.seconds:.1f} s")
    if failures:
        raise ExecutionFailed("\n\n".join(failures) + f"\n(the kernels' own messages are in {STDERR_LOG})")
    stamp("executed", _cache_key(chapters, fingerprint, cache_path, myst_extensions, timeout), only=True)
    say(f"executed {len(todo)} chapter(s) in {time.monotonic() - t0:.1f} s")
    return [os.path.relpath(p, paths.ROOT) for p in todo]
