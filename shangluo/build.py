"""Build the book: ``python -m shangluo.build`` (what ``make html`` runs).

1. Find the chapters missing from the execution cache, and start their workers, whose
   kernels' warm processes import the chapters' libraries meanwhile (`shangluo.kernels`).
2. Validate every data file; a bad cell stops the build here, with the file, line
   and column named, before any notebook runs.
3. Run the missing chapters, in parallel (`shangluo.execute`); a raising cell stops
   the build here, naming chapter and cell.  Meanwhile a second process makes the web
   font, the search dictionary and the data package's zip.  Once the chapters are done,
   the drawing process (`sphinx_ext.background`) starts on their charts' PNGs.
4. Run Jupyter Book strictly (warnings are errors, a raising cell fails the build)
   into a staging folder, ``_build/stage``.
5. Only if that succeeded, swap the new HTML into ``_build/html``.  A failed build
   never touches the published book.

The execution cache (``_build/.jupyter_cache``) and the files notebooks write for
download (``_build/generated``) are kept or dropped together, so a cached notebook
can never point at a download that is not there.
"""

from __future__ import annotations

import importlib
import io
import multiprocessing
import os
import shutil
import sys
import tempfile
import threading
import time
import traceback
from concurrent.futures import ProcessPoolExecutor
from contextlib import contextmanager, redirect_stderr, redirect_stdout
from pathlib import Path

from . import execute, paths
from .data import skip_iri_grammar

STAGE = paths.BUILD / "stage"
HTML = paths.BUILD / "html"
CACHE = paths.BUILD / ".jupyter_cache"
LOG = paths.BUILD / "build.log"


class BuildError(RuntimeError):
    pass


def _say(msg: str) -> None:
    print(f"[book] {msg}", flush=True)


def validate_data() -> None:
    from .data import DataValidationError, already_validated, validate_package

    if already_validated():
        _say("data unchanged since they last passed validation")
        return
    try:
        tables = validate_package()
    except DataValidationError as exc:
        raise BuildError(f"the data did not validate, so nothing was built.\n{exc}") from None
    counts = ", ".join(f"{name} {len(df)}" for name, df in tables.items())
    _say(f"data valid ({counts} rows)")


def _check_toc() -> list[Path]:
    """Every file named in _toc.yml exists (Sphinx would only warn, and late); returns them."""
    import yaml

    toc_path = paths.ROOT / "_toc.yml"
    try:
        toc = yaml.safe_load(toc_path.read_text(encoding="utf-8"))
    except yaml.YAMLError as exc:
        raise BuildError(f"_toc.yml is not valid YAML: {exc}") from None
    if not isinstance(toc, dict) or "root" not in toc:
        raise BuildError("_toc.yml: needs a 'root' entry")

    def files(node):
        if isinstance(node, dict):
            for key in ("root", "file"):
                if key in node:
                    yield node[key]
            for key in ("chapters", "sections", "parts"):
                for child in node.get(key, []) or []:
                    yield from files(child)
        elif isinstance(node, list):
            for child in node:
                yield from files(child)

    found = []
    for i, f in enumerate(files(toc)):
        if not isinstance(f, str):
            raise BuildError(f"_toc.yml: entry {i + 1} has a 'file' that is not a path: {f!r}")
        candidates = [paths.ROOT / f"{f}{ext}" for ext in (".md", ".ipynb", "")]
        existing = [c for c in candidates if c.is_file()]
        if not existing:
            raise BuildError(f"_toc.yml: entry {i + 1} names {f!r}, but there is no {f}.md or {f}.ipynb")
        found.append(existing[0])
    return found


def _config() -> dict:
    import yaml

    return yaml.safe_load((paths.ROOT / "_config.yml").read_text(encoding="utf-8"))


# Where jieba keeps the cache of its dictionary (jieba.Tokenizer.initialize).
_JIEBA_CACHE = Path(tempfile.gettempdir()) / "jieba.cache"


def _load_jieba() -> None:
    """jieba's dictionary, loaded (and cached, the first time on a machine)."""
    import jieba

    jieba.setLogLevel(60)  # its progress lines are not warnings; keep them out of the log
    jieba.initialize()


def _prepare_assets() -> None:
    """The web font, the search dictionary, the data package's zip and jieba's own cache:
    Sphinx needs them, and they do not depend on the chapters."""
    from . import package_zip
    from .sphinx_ext import search_dictionary, web_font

    web_font.write()
    search_dictionary.write()
    package_zip.write()
    # jieba's cache of its dictionary: built here once on a new machine (about 2 s).  Once it
    # exists, the build's own process loads it (preload_jupyter_book).
    if not _JIEBA_CACHE.exists():
        _load_jieba()


@contextmanager
def _assets_in_background(needed: bool):
    """Make the assets (about 0.5 s of work on a cold build) in a process of their own, on
    the core that validation and the cache check leave idle, so they no longer compete
    with the chapters' kernels.  Skipped when every chapter is cached: then Sphinx's own
    extensions find them done, or redo them."""
    if not needed:
        yield
        return
    from .data import DataValidationError

    with ProcessPoolExecutor(max_workers=1, mp_context=multiprocessing.get_context("fork")) as pool:
        job = pool.submit(_prepare_assets)
        yield
        try:
            job.result()
        except DataValidationError as exc:  # the zip's files (shangluo.package_zip)
            raise BuildError(f"the data package's zip could not be made, so nothing was built.\n{exc}") from None


def _draw_charts() -> None:
    """Start drawing the PNGs of the charts the chapters drew, in the build's drawing process
    (`sphinx_ext.background`), while Jupyter Book starts and reads the pages
    (`chart_kit.draw_recorded`).  The process is forked here, once this process has only one
    thread and has imported what drawing needs (`PRELOAD_TOO`); forked at the build's start
    instead, it spent about a second importing them itself.  Not as each chapter is done:
    measured, the drawing then slowed the other chapters' kernels by about as much as it
    saved later, niceness or not."""
    from .chart_text import WORDS_DIR
    from .sphinx_ext import chart_kit

    if threading.active_count() > 1:  # a fork would copy a lock another thread holds: Sphinx draws them
        return
    chart_kit.draw_recorded(paths.GENERATED / WORDS_DIR)


# What Sphinx's start imports beyond the extensions' own modules: MyST-NB's Sphinx part (its
# setup() imports it, and IPython with it), and what web_font's builder-inited needs
# (measured on a cold build: Sphinx's start took 0.74 s, importing 397 modules); and what
# the drawing process, forked from this one, needs for the PNGs and the social cards.
PRELOAD_TOO = ["myst_nb.sphinx_ext", "fontTools.subset", "cairosvg", "sphinxext.opengraph._social_cards"]


def preload_jupyter_book() -> None:
    """Import Jupyter Book, every Sphinx extension it will load (its own defaults, Sphinx's
    built-in ones and _config.yml's) and `PRELOAD_TOO`, and load jieba's dictionary for the
    Chinese search index."""
    import jupyter_book.cli.main  # noqa: F401
    from jupyter_book.config import get_final_config
    from sphinx.application import builtin_extensions

    config, _ = get_final_config(user_yaml=paths.ROOT / "_config.yml", sourcedir=paths.ROOT,
                                 cli_config={"latex_individualpages": False})
    for name in [*builtin_extensions, *config["extensions"], *PRELOAD_TOO]:
        importlib.import_module(name)
    if _JIEBA_CACHE.exists():  # else the assets' process is building it (_prepare_assets)
        _load_jieba()


@contextmanager
def _jupyter_book_preloaded(needed: bool):
    """`preload_jupyter_book` in a thread of this process while the chapters run, when this
    process only waits for them.  Measured: 0.8 s of imports that otherwise opened the
    Jupyter Book stage, and 0.75 s of jieba in the middle of it.  An error in the thread is
    printed, and Jupyter Book then meets it again and stops the build with its own message."""
    thread = threading.Thread(target=preload_jupyter_book, daemon=True) if needed else None
    if thread:
        thread.start()
    yield
    if thread:
        thread.join()


def _execution(chapters: list[Path]) -> dict:
    """The arguments `shangluo.execute` takes from _config.yml and the table of contents."""
    config = _config()
    return {"chapters": [c for c in chapters if c.suffix == ".md"], "cache_path": CACHE,
            "myst_extensions": config["parse"]["myst_enable_extensions"],
            "timeout": int(config["execute"]["timeout"])}


def execute_chapters(todo: list[Path], settings: dict, pool) -> None:
    """Run the chapters missing from the cache on every core (see shangluo.execute)."""
    try:
        execute.execute(todo, **settings, pool=pool, say=_say)
    except execute.ExecutionFailed as exc:
        raise BuildError(f"a chapter failed to run, so nothing was built.\n{exc}") from None


def _sync_cache_and_generated() -> None:
    if CACHE.exists() != paths.GENERATED.exists():
        _say("execution cache and generated files are out of step; dropping both")
        shutil.rmtree(CACHE, ignore_errors=True)
        shutil.rmtree(paths.GENERATED, ignore_errors=True)
    paths.GENERATED.mkdir(parents=True, exist_ok=True)


def _problems(log: str) -> str:
    """The warning and error lines of a failed Sphinx run (the full log is kept beside it)."""
    lines = [ln.strip() for ln in log.splitlines() if "WARNING:" in ln or "ERROR" in ln]
    return "\n".join(f"  {ln}" for ln in lines[:20]) or "  (no warning lines: see the full log)"


class _Tee(io.TextIOBase):
    """Writes to the terminal and to the build log at once."""

    def __init__(self, *streams):
        self.streams = streams

    @property
    def encoding(self) -> str:  # what Sphinx encodes its messages for: the terminal's
        return self.streams[0].encoding

    def write(self, text: str) -> int:
        for stream in self.streams:
            stream.write(text)
        return len(text)

    def flush(self) -> None:
        for stream in self.streams:
            stream.flush()


def run_jupyter_book() -> None:
    """Jupyter Book's own command line, in this process.

    In this process rather than a new one: the modules validation and execution already
    imported (docutils, MyST, nbformat, jupyter-cache) are not imported twice, and
    jsonschema skips its IRI grammar here too (`data.skip_iri_grammar`, in `main`).  Measured on
    no-op rebuilds (three each): 4.3-6.5 s as a separate process, 2.3-3.3 s in this one
    with the fast exit below.
    """
    from jupyter_book.cli.main import main as jupyter_book

    args = ["build", str(paths.ROOT), "--path-output", str(STAGE), "--builder", "html", "-W", "-n", "--keep-going"]
    os.environ["PYDEVD_DISABLE_FILE_VALIDATION"] = "1"
    os.chdir(paths.ROOT)  # _config.yml's paths (the execution cache's) are relative to it
    _say("running: jupyter-book " + " ".join(args))
    t0 = time.monotonic()
    LOG.parent.mkdir(parents=True, exist_ok=True)
    with LOG.open("w", encoding="utf-8", buffering=1) as log, \
            redirect_stdout(_Tee(sys.stdout, log)), redirect_stderr(_Tee(sys.stderr, log)):
        try:
            jupyter_book(args, standalone_mode=False)
            code = 0
        except SystemExit as exc:  # Sphinx finished with warnings (-W --keep-going)
            code = exc.code
        except Exception:  # a raising cell, an extension's error: Jupyter Book re-raises
            traceback.print_exc()
            code = 1
    # -W --keep-going: Sphinx reports every warning, then exits non-zero if there was one
    # (tests/test_rebuild.py plants a warning and a raising cell to prove it).
    if code != 0:
        raise BuildError(f"Jupyter Book failed (exit {code}): warnings are errors here, and the published "
                         f"book was left as it was.\n{_problems(LOG.read_text(encoding='utf-8'))}\nfull log: {LOG}")
    _say(f"Jupyter Book finished in {time.monotonic() - t0:.1f} s")


def publish() -> None:
    built = STAGE / "_build" / "html"
    if not (built / "index.html").exists():
        raise BuildError(f"the staging build has no {built / 'index.html'}")
    tmp = paths.BUILD / "html.new"
    old = paths.BUILD / "html.old"
    shutil.rmtree(tmp, ignore_errors=True)
    shutil.rmtree(old, ignore_errors=True)
    shutil.copytree(built, tmp)
    if HTML.exists():
        HTML.rename(old)
    tmp.rename(HTML)
    shutil.rmtree(old, ignore_errors=True)


def bind_to_this_checkout() -> None:
    """Make every process the build starts (chapter workers, their kernels, Sphinx) import
    the shangluo package of the project being built.

    The environment's editable install points at whichever folder created it; a copied
    project, or a second clone sharing the environment, would otherwise build with the
    first folder's code and data (and publish its numbers).
    """
    try:
        paths.check_checkout(Path.cwd())
    except paths.WrongCheckout as exc:
        raise BuildError(str(exc)) from None
    root = str(paths.ROOT)
    rest = [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p and p != root]
    os.environ["PYTHONPATH"] = os.pathsep.join([root, *rest])
    # A build started from a JupyterLab kernel (`!make html`) must not make its kernels show
    # the rerunner's glue echoes (shangluo.glue) in the book.
    os.environ.pop("JPY_SESSION_NAME", None)


def main() -> int:
    t0 = time.monotonic()
    skip_iri_grammar()  # before anything imports jsonschema
    try:
        bind_to_this_checkout()
        chapters = _check_toc()
        _sync_cache_and_generated()
        settings = _execution(chapters)
        stamped = execute.all_cached(**settings)
        todo = [] if stamped else execute.missing(**settings)
        # The chapters' workers start first, so that their kernels' imports overlap validation.
        with _assets_in_background(needed=not stamped), execute.workers(len(todo)) as pool:
            validate_data()
            with _jupyter_book_preloaded(needed=bool(todo)):
                execute_chapters(todo, settings, pool)
        if todo:
            _draw_charts()
        run_jupyter_book()
        publish()
    except BuildError as exc:
        from .sphinx_ext import background

        background.shut_down(exception=exc)  # Sphinx's build-finished ends it after a build
        print(f"\n[book] BUILD FAILED: {exc}", file=sys.stderr, flush=True)
        return 1
    _say(f"done in {time.monotonic() - t0:.0f} s: the book is at {HTML / 'index.html'}")
    return 0


def _exit(code: int) -> None:
    """Exit without the interpreter's teardown, which only frees memory: after a build,
    freeing Sphinx's objects and some two thousand modules took 0.8 s (measured on a no-op
    rebuild).  Every file is closed by now; the two streams are flushed here."""
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)


if __name__ == "__main__":
    _exit(main())
