"""Put computed figures on a page: ``glue.number("projects", 121)`` in a code cell, then
``{glue:text}`projects``` in the prose.

* `text` glues a figure that is already formatted as a plain ``str`` (MyST-NB's
  ``{glue:text}`` shows it as is); `number` and `range` format first; `md` glues inline
  Markdown; `figure` glues a chart.
* In JupyterLab each call also shows what it glued (``projects = 121``), so a rerunner
  sees every figure without building the book.  The book never shows these lines: they
  appear only in a kernel that a Jupyter server started.
"""

from __future__ import annotations

import math
import os

from .ranges import Range, fmt_number, fmt_range

__all__ = ["text", "md", "html", "number", "range", "figure", "GLUE_PREFIX"]


# MyST-NB's glue protocol (myst_nb/ext/glue/__init__.py): a raw display of the value's mime
# bundle under the papermill record prefix, tagged with scrapbook metadata, which MyST-NB
# reads back at build time.  Kept because it was measured: `import myst_nb.ext.glue` pulls in
# Sphinx and took 4.6-5.4 s in a fresh kernel on this 2-core machine under a build's load
# (after IPython itself), in each of the seven chapters, against these few lines;
# tests/test_glue.py checks that they emit exactly what myst_nb.glue emits.
GLUE_PREFIX = "application/papermill.record/"


def _in_jupyter_server() -> bool:
    """True in a kernel that JupyterLab (a Jupyter server) started: it sets JPY_SESSION_NAME."""
    return bool(os.environ.get("JPY_SESSION_NAME"))


def _glue(key: str, value, shown: str | None = None) -> None:
    from IPython.core.formatters import format_display_data
    from IPython.display import display

    bundle, metadata = format_display_data(value)
    metadata["scrapbook"] = {"name": key, "mime_prefix": GLUE_PREFIX}
    display({GLUE_PREFIX + k: v for k, v in bundle.items()}, raw=True, metadata=metadata)
    if shown is not None and _in_jupyter_server():
        display({"text/plain": f"{key} = {shown}"}, raw=True)


def text(key: str, value: str) -> None:
    """Glue an already formatted string, shown with ``{glue:text}`key```."""
    if not isinstance(value, str):
        raise TypeError(f"glue.text({key!r}) takes a formatted str, not {type(value).__name__}")
    _glue(key, value, value)


def md(key: str, value: str) -> None:
    """Glue inline Markdown (a citation with an italic title), shown with ``{glue:md}`key```."""
    from IPython.display import Markdown

    _glue(key, Markdown(value), value)


def html(key: str, value: str) -> None:
    """Glue an HTML fragment, pasted on another page with ``{glue} key`` and ``:doc:`` (the
    Chinese edition's finding boxes and tables: MyST-NB pastes HTML across pages, not Markdown)."""
    from IPython.display import HTML

    _glue(key, HTML(value), value)


def number(key: str, value: float, digits: int = 0, unit: str = "") -> None:
    if isinstance(value, Range):
        raise TypeError(f"{key}: use glue.range for a Range")
    value = float(value)
    if math.isnan(value):
        raise ValueError(f"{key}: the value is NaN")
    text(key, fmt_number(value, digits) + (f" {unit}" if unit else ""))


def range(key: str, value: Range, digits: int = 0, unit: str = "", scale: float = 1.0) -> None:  # noqa: A001
    text(key, fmt_range(value, digits=digits, unit=unit, scale=scale))


def figure(key: str, fig, alt: str) -> None:
    """Glue a chart (rendered by `charts.figure_output`, which checks title, source and alt),
    and record its title and source line for the chart kit (`charts.record_chart_words`)."""
    from .charts import figure_output, record_chart_words

    svg = figure_output(fig, alt)
    record_chart_words(fig, svg.data)
    _glue(key, svg, f"chart: {alt}")
