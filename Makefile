# The book's commands.  `make html` builds the book; `make test` runs every test.
# Both create the project's virtual environment (.venv) first if it is missing or stale.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
UV_VERSION := $(shell sed -n 's/^uv==\([^ ]*\).*/\1/p' requirements.txt)
PORT   ?= 8000

.DEFAULT_GOAL := html
.PHONY: env html test test-fast clean lab serve lock bench

## env: create .venv with the exact pins of requirements.txt (uv makes it quick)
env: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip sync --python $(BIN)/python requirements.txt
	@touch $(STAMP)

## html: validate the data, run the notebooks, build the book into _build/html
html: $(STAMP)
	$(BIN)/python -m shangluo.build

## test: the whole test suite, including a real build of the book
test: $(STAMP)
	$(BIN)/python -m pytest

## test-fast: the tests that do not build the book
test-fast: $(STAMP)
	$(BIN)/python -m pytest -m "not build and not browser"

## lab: open the chapters in JupyterLab; jupytext makes the .md chapters open as notebooks
LAB_SETTINGS := $(VENV)/share/jupyter/lab/settings/overrides.json
lab: $(STAMP)
	@mkdir -p $(dir $(LAB_SETTINGS))
	@$(BIN)/jupytext-config --settings-file $(LAB_SETTINGS) set-default-viewer >/dev/null
	$(BIN)/jupyter lab --ServerApp.root_dir=. $(if $(filter 0,$(shell id -u)),--allow-root) book/index.md

## serve: preview the built book at http://localhost:$(PORT)/
serve: html
	$(BIN)/python -m http.server $(PORT) --bind 127.0.0.1 --directory _build/html

## lock: recompile requirements.txt from requirements.in (needs the package index)
lock: $(STAMP)
	$(BIN)/uv pip compile --python-version 3.11 --no-header --annotation-style line requirements.in -o requirements.txt

## bench: time the build against a minimal baseline book
bench: $(STAMP)
	$(BIN)/python tests/bench.py

## clean: remove the built book, the execution cache and generated files (not .venv)
clean:
	rm -rf _build
