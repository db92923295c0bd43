# The book's commands.  `make html` builds the book; `make test` runs every test.
# Both create the project's virtual environment (.venv) first if it is missing or stale:
# the book's packages (requirements.txt) for html and lab, and the maintainers' tools too
# (requirements-dev.txt, a superset) for the tests, the bench and mutation testing.

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
DEV_STAMP := $(VENV)/.installed-dev
UV_VERSION := $(shell sed -n 's/^uv==\([^ ]*\).*/\1/p' requirements.txt)
PORT   ?= 8000

# Python imports `shangluo` from this checkout, never from another one that shares the
# environment: the editable install in .venv points at the folder that made it, and a
# copied project would otherwise build with the first folder's code and data.
# shangluo/paths.py also stops with a message if the two ever disagree.
export PYTHONPATH := $(CURDIR)

.DEFAULT_GOAL := html
.PHONY: env env-dev env-cff node node-dev lighthouse html pdf test test-fast clean lab serve lock bench mutate

# --compile-bytecode: uv, unlike pip, leaves the .pyc files out, and where
# PYTHONDONTWRITEBYTECODE is set (as on the build machines) every process the build starts
# (Jupyter Book, each chapter worker and each kernel) then compiles its imports from
# source.  Measured on a cold `make html`: 49 s without, 27 s with.
UV_FLAGS := --python $(BIN)/python --compile-bytecode

## env: create .venv with the exact pins of requirements.txt (uv makes it quick)
env: $(STAMP)

$(STAMP): requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	@# install, not sync: a maintainer's extra tools (env-dev) stay in place
	$(BIN)/uv pip install $(UV_FLAGS) -r requirements.txt
	@touch $(STAMP)

## env-dev: the book's packages plus the maintainers' tools, exactly as requirements-dev.txt pins them
env-dev: $(DEV_STAMP)

$(DEV_STAMP): requirements-dev.txt requirements.txt pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	@test -x $(BIN)/uv || $(BIN)/python -m pip install --quiet "uv==$(UV_VERSION)"
	$(BIN)/uv pip sync $(UV_FLAGS) requirements-dev.txt
	@touch $(STAMP) $(DEV_STAMP)

## env-cff: cffconvert in an environment of its own (.venv-cff), exactly as requirements-cff.txt pins it;
## the tests validate CITATION.cff with it (it needs jsonschema 3.2, the book's packages need 4)
CFF_VENV  := .venv-cff
CFF_STAMP := $(CFF_VENV)/.installed
env-cff: $(CFF_STAMP)

$(CFF_STAMP): requirements-cff.txt $(STAMP)
	@test -x $(CFF_VENV)/bin/python || $(BIN)/uv venv --quiet --python $(PYTHON) $(CFF_VENV)
	$(BIN)/uv pip sync --python $(CFF_VENV)/bin/python --compile-bytecode requirements-cff.txt
	@touch $(CFF_STAMP)

## node: the build's Node tool (PurgeCSS), exactly as package-lock.json pins it
NODE_BUILD_STAMP := node_modules/.installed-build
node: $(NODE_BUILD_STAMP)

$(NODE_BUILD_STAMP): package.json package-lock.json
	@rm -f $(NODE_STAMP)  # npm ci --omit=dev removes the maintainers' tools
	npm ci --omit=dev --no-audit --no-fund
	@touch $(NODE_BUILD_STAMP)

## node-dev: the build's Node tool and the maintainers' (Lighthouse), exactly as package-lock.json pins them
NODE_STAMP := node_modules/.installed
node-dev: $(NODE_STAMP)

$(NODE_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund
	@touch $(NODE_BUILD_STAMP) $(NODE_STAMP)

## html: validate the data, run the notebooks, build the book into _build/html
html: $(STAMP) $(NODE_BUILD_STAMP)
	$(BIN)/python -m shangluo.build

## pdf: the book (make html), then each edition as an A4 PDF, printed by Debian's Chromium
## from the built pages and published with the book (shangluo/print_edition.py); reused when
## the printed pages did not change.  Not part of `make html`, whose cold build it would slow.
pdf: html
	$(BIN)/python -m shangluo.print_edition

## test: the whole test suite, including a real build of the book and Lighthouse on every page
test: $(DEV_STAMP) $(CFF_STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest

## lighthouse: only the Lighthouse gate (mobile, every page), part of `make test`
lighthouse: $(DEV_STAMP) $(NODE_STAMP)
	$(BIN)/python -m pytest -m lighthouse

## test-fast: the tests that do not build the book
test-fast: $(DEV_STAMP)
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

## lock: recompile both locks (needs the package index); the book's set keeps the dev lock's versions
LOCK := $(BIN)/uv pip compile --python-version 3.11 --no-header --annotation-style line
lock: $(STAMP)
	$(LOCK) requirements.in requirements-dev.in -o requirements-dev.txt
	cp requirements-dev.txt requirements.txt
	$(LOCK) requirements.in -o requirements.txt
	$(LOCK) requirements-cff.in -o requirements-cff.txt

## bench: time the build against a minimal baseline book
bench: $(DEV_STAMP)
	$(BIN)/python tests/bench.py

## clean: remove the built book, the execution cache and generated files (not .venv)
clean:
	rm -rf _build

## mutate: mutation testing of the numeric core (quantities, ranges, verdicts, derived); fails below 90 % killed
MUTATION_FLOOR := 90
mutate: $(DEV_STAMP)
	@# From scratch: mutmut keeps old results for files it cannot track, which could flatter the score.
	rm -rf mutants
	$(BIN)/mutmut run --max-children 2 || true
	$(BIN)/mutmut results
	$(BIN)/mutmut export-cicd-stats
	@$(BIN)/python -c "import json, sys; s = json.load(open('mutants/mutmut-cicd-stats.json')); \
	caught = s['killed'] + s['timeout']; score = caught / s['total']; \
	print(f'mutation score: {caught} of {s[\"total\"]} mutants caught ({score:.1%}); floor $(MUTATION_FLOOR) %'); \
	sys.exit(score * 100 < $(MUTATION_FLOOR))"
