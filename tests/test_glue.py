"""The helpers chapters use: glue, formatting, quotations, citations."""

from __future__ import annotations

import os

import pytest

from shangluo import glue, quotes
from shangluo.ranges import Range, fmt_number, fmt_range


def _captured(monkeypatch, module, attr):
    calls = []
    monkeypatch.setattr(module, attr, lambda *a, **k: calls.append((a, k)))
    return calls


def test_glue_emits_what_myst_nb_glue_emits(monkeypatch):
    import IPython.display
    import myst_nb.ext.glue as mystnb_glue

    monkeypatch.delenv("JPY_SESSION_NAME", raising=False)  # as in the book's kernels
    ours = _captured(monkeypatch, IPython.display, "display")
    glue.text("key", "12.9")
    theirs = _captured(monkeypatch, mystnb_glue, "ipy_display")
    mystnb_glue.glue("key", "12.9", display=False)
    assert ours == theirs and len(ours) == 1


def test_in_jupyterlab_a_glue_call_also_shows_its_value(monkeypatch):
    """A rerunner sees each figure in JupyterLab (whose kernels have JPY_SESSION_NAME);
    the book's kernels, without it, emit only the glue record (test above)."""
    import IPython.display

    shown = _captured(monkeypatch, IPython.display, "display")
    monkeypatch.setenv("JPY_SESSION_NAME", "book/leaders.md")
    glue.number("projects", 121.0)
    glue.range("income", Range(3000, 4000), unit="yuan")
    visible = [a[0] for a, _k in shown if "text/plain" in a[0]]
    assert visible == [{"text/plain": "projects = 121"}, {"text/plain": "income = between 3,000 and 4,000 yuan"}]
    monkeypatch.delenv("JPY_SESSION_NAME")
    shown.clear()
    glue.number("projects", 121.0)
    assert len(shown) == 1 and all(k.startswith(glue.GLUE_PREFIX) for k in shown[0][0][0])


def test_the_build_does_not_pass_the_lab_session_to_its_kernels(monkeypatch):
    from shangluo import build

    monkeypatch.setenv("JPY_SESSION_NAME", "book/leaders.md")
    monkeypatch.setenv("PYTHONPATH", os.environ.get("PYTHONPATH", ""))  # restored after the test
    build.bind_to_this_checkout()
    assert "JPY_SESSION_NAME" not in os.environ


def test_glue_text_refuses_unformatted_numbers():
    with pytest.raises(TypeError):
        glue.text("x", 12.9)


def test_number_formats():
    assert fmt_number(12_900_000_000) == "12,900,000,000"
    assert fmt_number(-7.75, 1) == "\u22127.8"
    assert fmt_number(-0.04, 1) == "0.0"
    assert fmt_number(-0.4) == "0"
    assert fmt_range(Range(3000, 4000)) == "between 3,000 and 4,000"
    assert fmt_range(Range(1, float("inf"))) == "at least 1"
    assert fmt_range(Range.point(106)) == "106"
    assert fmt_range(Range(10, 20) * 175) == "between 1,750 and 3,500"


def test_range_arithmetic_keeps_the_bounds():
    income, bags = Range(3000, 4000), Range.point(300)
    per_bag = income / bags
    assert (per_bag.lo, per_bag.hi) == (10, 4000 / 300)
    per_m2 = income / Range(10, 20)
    assert (per_m2.lo, per_m2.hi) == (150, 400)
    assert (Range(30, 40) - Range.point(10)).lo == 20
    with pytest.raises(ValueError):
        Range(2, 1)
    with pytest.raises(ZeroDivisionError):
        Range.point(1) / Range(0, 1)


def test_quote_is_exact_and_translated():
    md = quotes.article("p7.1", highlight=("完成投资129亿元",)).data
    assert "**完成投资129亿元**" in md
    assert "12.9 billion yuan" in md and "p7.1" in md
    with pytest.raises(KeyError):
        quotes.article("p99.1")


def test_cite_names_publisher_document_and_date():
    text = quotes.cite("sl_2022_gdp")
    assert "Shangluo Municipal People's Government" in text and "(2023-02-01)" in text
    assert text.endswith("read at a republished copy")
