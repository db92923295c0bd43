"""Build and page performance: `make bench` (or `python tests/bench.py [--quick]`).

Works in a fresh clone of the committed project in a temporary folder, and measures:

1. environment setup (`make env`, then `make node`: PyPI and npm packages) with the package
   caches warm;
2. a cold build (no _build, no execution cache);
3. a no-op rebuild;
4. a rebuild after editing one chapter's prose, and after editing one of its code cells,
   with the chapters that re-ran;
5. a rebuild after changing one data value, checking the new value reaches the page;
6. page weight: each page's HTML with the images it loads (not the theme's shared
   files), and the largest figure;
7. the wall time of `make test` in the clone (one run; not with --quick).

Every timing is the median of several runs (min and max beside it) and is set against a
baseline measured in the same run with the same environment: a minimal Jupyter Book 1
book of one text-notebook page that imports pandas and matplotlib and draws one plot.
Results go to `<out>/bench.json` and `<out>/bench.md`.  `--quick` does one run of each.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
EXECUTED = re.compile(r"\[book\] executed book/(\w+)\.md in ")

BASELINE_CONFIG = """title: Baseline
author: bench
only_build_toc_files: true
execute:
  execute_notebooks: cache
"""
BASELINE_TOC = "format: jb-book\nroot: index\n"
BASELINE_PAGE = """---
jupytext:
  text_representation:
    extension: .md
    format_name: myst
kernelspec:
  display_name: Python 3
  language: python
  name: python3
---

# Baseline

```{code-cell} ipython3
import matplotlib.pyplot as plt
import pandas as pd

df = pd.DataFrame({"x": range(10), "y": [v * v for v in range(10)]})
df.plot(x="x", y="y")
plt.show()
```
"""

TARGETS = {
    "cold_ratio": 3.0,        # cold build <= 3 x baseline cold build
    "noop_ratio": 1.5,        # no-op rebuild <= 1.5 x baseline no-op rebuild
    "setup_seconds": 60.0,    # environment setup with a warm cache
    "page_bytes": 1_000_000,  # each page with its figures
    "figure_bytes": 300_000,  # each figure
    "test_seconds": 350.0,    # `make test`, one run: no slower than before the build was simplified (290-350 s)
}


def run(cmd, cwd, env=None, check=True):
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - t0
    if check and proc.returncode != 0:
        raise RuntimeError(f"{' '.join(map(str, cmd))} failed in {cwd}:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return seconds, proc


def summary(values):
    return {"median": statistics.median(values), "min": min(values), "max": max(values), "runs": len(values)}


def make_html(clone):
    env = dict(os.environ, PYTHONPATH=str(clone))
    seconds, proc = run(["make", "-s", "html"], clone, env=env)
    return seconds, set(EXECUTED.findall(proc.stdout))


def page_weights(html: Path) -> tuple[list[dict], dict]:
    from bs4 import BeautifulSoup

    pages = []
    for path in sorted((html / "book").glob("*.html")):
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        images = []
        for img in soup.find_all("img"):
            target = (path.parent / img["src"]).resolve()
            if "_static" not in target.parts and target.exists():
                images.append(target)
        image_bytes = sum(t.stat().st_size for t in set(images))
        pages.append({"page": path.name, "html_bytes": path.stat().st_size, "image_bytes": image_bytes,
                      "total_bytes": path.stat().st_size + image_bytes, "images": len(set(images))})
    figures = sorted((html / "_images").glob("*"), key=lambda p: p.stat().st_size, reverse=True)
    largest = {"file": figures[0].name, "bytes": figures[0].stat().st_size} if figures else {}
    return pages, largest


def bench(runs: int, workdir: Path, with_tests: bool = True) -> dict:
    clone = workdir / "project"
    subprocess.run(["git", "clone", "--quiet", str(ROOT), str(clone)], check=True)
    results: dict = {"runs": runs, "cpus": os.cpu_count(), "commit": subprocess.run(
        ["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True, text=True).stdout.strip()}

    setup = []
    for _ in range(runs):
        shutil.rmtree(clone / ".venv", ignore_errors=True)
        shutil.rmtree(clone / "node_modules", ignore_errors=True)
        setup.append(run(["make", "-s", "env"], clone)[0] + run(["make", "-s", "node"], clone)[0])
    results["setup"] = summary(setup)

    # Baseline book, same environment.
    base = workdir / "baseline"
    base.mkdir()
    (base / "_config.yml").write_text(BASELINE_CONFIG)
    (base / "_toc.yml").write_text(BASELINE_TOC)
    (base / "index.md").write_text(BASELINE_PAGE)
    jb = str(clone / ".venv" / "bin" / "jupyter-book")
    base_cold, base_noop = [], []
    for _ in range(runs):
        shutil.rmtree(base / "_build", ignore_errors=True)
        base_cold.append(run([jb, "build", str(base)], workdir)[0])
        base_noop.append(run([jb, "build", str(base)], workdir)[0])
    results["baseline_cold"] = summary(base_cold)
    results["baseline_noop"] = summary(base_noop)

    cold, noop = [], []
    executed_cold = set()
    for _ in range(runs):
        shutil.rmtree(clone / "_build", ignore_errors=True)
        seconds, executed_cold = make_html(clone)
        cold.append(seconds)
        noop_seconds, executed_noop = make_html(clone)
        noop.append(noop_seconds)
        assert not executed_noop, f"a no-op rebuild re-ran {executed_noop}"
    results["cold"] = summary(cold)
    results["cold_executed"] = sorted(executed_cold)
    results["noop"] = summary(noop)

    # `make test` once, in the clone as a maintainer runs it: the book is built, nothing is
    # edited yet.  Not in --quick mode: the test suite runs the quick benchmark
    # (tests/test_bench.py), and a benchmark inside `make test` must not start `make test`.
    # PYTHONPATH from this process must not leak into the clone's own build.
    if with_tests:
        env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
        run(["make", "-s", "env-dev"], clone, env=env)  # the maintainers' tools: installed, not timed
        results["make_test"] = round(run(["make", "-s", "test"], clone, env=env)[0], 1)

    chapter = clone / "book" / "villages.md"
    prose, code, prose_exec, code_exec = [], [], set(), set()
    for i in range(runs):
        chapter.write_text(chapter.read_text(encoding="utf-8") + f"\nA sentence added by the benchmark, run {i}.\n",
                           encoding="utf-8")
        seconds, prose_exec = make_html(clone)
        prose.append(seconds)
        text = chapter.read_text(encoding="utf-8")
        chapter.write_text(text.replace("import pandas as pd\n", f"import pandas as pd\n# benchmark edit {i}\n", 1),
                           encoding="utf-8")
        seconds, code_exec = make_html(clone)
        code.append(seconds)
    results["prose_edit"] = summary(prose)
    results["prose_edit_executed"] = sorted(prose_exec)
    results["code_edit"] = summary(code)
    results["code_edit_executed"] = sorted(code_exec)

    ctx = clone / "data" / "context.csv"
    raw = (clone / "data" / "raw" / "000_9190643d899b3891.txt").read_text(encoding="utf-8")
    projects = int(re.search(r"(\d+)个市级重点项目", raw).group(1))
    data_times, data_exec, value_shown = [], set(), True
    for i in range(runs):
        text = ctx.read_text(encoding="utf-8")
        old = int(re.search(r"city-level key projects,(\d+),projects", text).group(1))
        new = old + 20 + i
        # A new reading of the source: the value and the source's words that state it change together.
        ctx.write_text(text.replace(f"city-level key projects,{old},projects", f"city-level key projects,{new},projects")
                       .replace(f"{old}个市级重点项目", f"{new}个市级重点项目"), encoding="utf-8")
        seconds, data_exec = make_html(clone)
        data_times.append(seconds)
        page = (clone / "_build" / "html" / "book" / "leaders.html").read_text(encoding="utf-8")
        share = round(projects / new * 100)
        value_shown &= f'key projects are <span class="pasted-text">{share}</span> per cent' in page
    results["data_edit"] = summary(data_times)
    results["data_edit_executed"] = sorted(data_exec)
    results["data_edit_value_shown"] = value_shown

    pages, largest = page_weights(clone / "_build" / "html")
    results["pages"] = pages
    results["largest_figure"] = largest
    figures = [p.stat().st_size for p in (clone / "_build" / "html" / "_images").glob("*")]

    cold_ratio = results["cold"]["median"] / results["baseline_cold"]["median"]
    noop_ratio = results["noop"]["median"] / results["baseline_noop"]["median"]
    results["targets"] = {
        "cold build <= 3 x baseline cold": {"value": round(cold_ratio, 2), "met": cold_ratio <= TARGETS["cold_ratio"]},
        "no-op rebuild <= 1.5 x baseline no-op": {"value": round(noop_ratio, 2), "met": noop_ratio <= TARGETS["noop_ratio"]},
        "code edit re-runs exactly one notebook": {"value": results["code_edit_executed"],
                                                   "met": results["code_edit_executed"] == ["villages"]},
        "prose edit re-runs no notebook": {"value": results["prose_edit_executed"],
                                           "met": results["prose_edit_executed"] == []},
        "data edit re-runs the chapters and shows the value": {
            "value": results["data_edit_executed"], "met": "leaders" in results["data_edit_executed"] and value_shown},
        "every page with figures <= 1 MB": {"value": max(p["total_bytes"] for p in pages),
                                            "met": all(p["total_bytes"] <= TARGETS["page_bytes"] for p in pages)},
        "every figure <= 300 KB": {"value": max(figures, default=0),
                                   "met": all(f <= TARGETS["figure_bytes"] for f in figures)},
        "setup with a warm cache <= 60 s": {"value": round(results["setup"]["median"], 1),
                                            "met": results["setup"]["median"] <= TARGETS["setup_seconds"]},
    }
    if with_tests:
        results["targets"]["make test (one run) <= 350 s"] = {
            "value": results["make_test"], "met": results["make_test"] <= TARGETS["test_seconds"]}
    return results


def markdown(results: dict) -> str:
    bc, bn = results["baseline_cold"]["median"], results["baseline_noop"]["median"]
    lines = [f"Benchmark of commit {results['commit']}: {results['runs']} run(s) each, {results['cpus']} CPU(s).", "",
             "| measure | median s | min s | max s | ÷ baseline cold | ÷ baseline no-op | chapters re-run |",
             "|---|---:|---:|---:|---:|---:|---|"]
    rows = [("environment setup (warm cache)", "setup", None), ("baseline: cold build", "baseline_cold", None),
            ("baseline: no-op rebuild", "baseline_noop", None), ("cold build", "cold", "cold_executed"),
            ("no-op rebuild", "noop", None), ("rebuild after a prose edit", "prose_edit", "prose_edit_executed"),
            ("rebuild after a code-cell edit", "code_edit", "code_edit_executed"),
            ("rebuild after a data change", "data_edit", "data_edit_executed")]
    for label, key, executed in rows:
        s = results[key]
        ran = ", ".join(results[executed]) if executed else ""
        if executed and not results[executed]:
            ran = "none"
        lines.append(f"| {label} | {s['median']:.1f} | {s['min']:.1f} | {s['max']:.1f} | "
                     f"{s['median'] / bc:.2f} | {s['median'] / bn:.2f} | {ran} |")
    lines += ["", "| target | measured | met |", "|---|---|---|"]
    for name, t in results["targets"].items():
        lines.append(f"| {name} | {t['value']} | {'yes' if t['met'] else '**no**'} |")
    lines += ["", "| page | HTML bytes | images | image bytes | total bytes |", "|---|---:|---:|---:|---:|"]
    for p in results["pages"]:
        lines.append(f"| {p['page']} | {p['html_bytes']:,} | {p['images']} | {p['image_bytes']:,} | {p['total_bytes']:,} |")
    if results["largest_figure"]:
        lines += ["", f"Largest figure: {results['largest_figure']['file']}, {results['largest_figure']['bytes']:,} bytes."]
    return "\n".join(lines) + "\n"


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--quick", action="store_true", help="one run of each measure")
    parser.add_argument("--out", type=Path, default=ROOT / "_build" / "bench")
    args = parser.parse_args(argv)
    runs = 1 if args.quick else args.runs
    with tempfile.TemporaryDirectory(prefix="book-bench-") as tmp:
        results = bench(runs, Path(tmp), with_tests=not args.quick)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "bench.json").write_text(json.dumps(results, indent=2) + "\n", encoding="utf-8")
    table = markdown(results)
    (args.out / "bench.md").write_text(table, encoding="utf-8")
    print(table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
