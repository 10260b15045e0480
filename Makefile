# Valenx Press knowledge base. Run `make help` for the list of targets.
# Only python3 (3.11 or newer) and make are needed: the first target that
# needs Python creates .venv and installs the pinned dependencies into it.

.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
LOCK := requirements/constraints.txt
STAMP := $(VENV)/.installed

SOURCEDIR := docs
BUILDDIR := docs/_build
# --quiet keeps the output to warnings and errors; make html SPHINXOPTS='-W --keep-going' shows progress.
SPHINXOPTS ?= -W --keep-going --quiet
SPHINXBUILD := $(BIN)/python -m sphinx

.PHONY: help venv screenshots bench html dirhtml singlehtml epub latex text test lint format typecheck livehtml linkcheck lock clean

help:  ## List every target with one line each
	@echo "Usage: make <target>"
	@grep -E '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  %-12s %s\n", $$1, $$2}'

# The virtual environment is rebuilt from scratch whenever the lock file or
# pyproject.toml is newer than the last install, so it never drifts.
$(STAMP): $(LOCK) pyproject.toml
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "error: $(PYTHON) is older than 3.11; install Python 3.11+ or run 'make PYTHON=python3.11 ...'"; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	@echo "Installing the pinned dependencies into $(VENV) (the first run takes a minute)..."
	$(BIN)/python -m pip install --quiet --quiet --disable-pip-version-check \
		--constraint $(LOCK) --editable ".[test,dev]"
	touch $(STAMP)

venv: $(STAMP)  ## Create .venv and install the pinned dependencies (done automatically)

html: $(STAMP)  ## Build the site into docs/_build/html (warnings are errors)
	$(SPHINXBUILD) -b html $(SPHINXOPTS) -d $(BUILDDIR)/doctrees $(SOURCEDIR) $(BUILDDIR)/html
	@echo "Open $(BUILDDIR)/html/index.html"

dirhtml: $(STAMP)  ## Build one folder per page (pretty URLs) into docs/_build/dirhtml
singlehtml: $(STAMP)  ## Build the whole site as one page into docs/_build/singlehtml
epub: $(STAMP)  ## Build an e-book into docs/_build/epub
latex: $(STAMP)  ## Write LaTeX sources (for a PDF) into docs/_build/latex
text: $(STAMP)  ## Build plain-text pages into docs/_build/text
dirhtml singlehtml epub latex text:
	$(SPHINXBUILD) -b $@ $(SPHINXOPTS) -d $(BUILDDIR)/doctrees $(SOURCEDIR) $(BUILDDIR)/$@

test: $(STAMP)  ## Run every test (pytest), then the linters and type checker
	$(BIN)/python -m pytest $(PYTEST_ARGS)
	$(MAKE) --no-print-directory lint typecheck

screenshots: html  ## PNGs of the home page and article (light, dark, phone) in docs/_build/screenshots
	$(BIN)/python tests/tools/screenshots.py

bench: $(STAMP)  ## Benchmark against plain MyST; writes docs/performance.md (BENCH_ARGS=--full)
	$(BIN)/python tests/tools/bench.py $(BENCH_ARGS)

lint: $(STAMP)  ## Check code style with ruff (lint and format)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)  ## Reformat the code and apply ruff's safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(STAMP)  ## Type-check the extension, conf.py and tests with mypy
	$(BIN)/mypy

livehtml: $(STAMP)  ## Live preview at http://127.0.0.1:8000, rebuilt on every save
	$(BIN)/sphinx-autobuild $(SOURCEDIR) $(BUILDDIR)/livehtml --watch data \
		--ignore '*/_build/*' --host 127.0.0.1 --port 8000 $(SPHINXOPTS)

linkcheck: $(STAMP)  ## Check every external link in the site (needs network)
	$(SPHINXBUILD) -b linkcheck $(SPHINXOPTS) -d $(BUILDDIR)/doctrees $(SOURCEDIR) $(BUILDDIR)/linkcheck

lock:  ## Re-resolve dependencies from pyproject.toml and rewrite the lock file
	rm -rf .lock-venv
	$(PYTHON) -m venv .lock-venv
	.lock-venv/bin/python -m pip install --quiet --disable-pip-version-check ".[test,dev]"
	{ sed -n '1,/^# Regenerate/p' $(LOCK); .lock-venv/bin/python -m pip freeze --exclude-editable | grep -iv '^valenx-kb'; } > $(LOCK).new
	mv $(LOCK).new $(LOCK)
	rm -rf .lock-venv

clean:  ## Remove build output, caches and .venv
	rm -rf $(BUILDDIR) $(VENV) .lock-venv .pytest_cache .mypy_cache .ruff_cache .hypothesis build *.egg-info docs/_ext/*.egg-info
