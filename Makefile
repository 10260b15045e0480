# Valenx Press knowledge base. Run `make help` for the list of targets.
# Only python3 (3.11 or newer) and make are needed: the first target that
# needs Python creates .venv and installs the locked dependencies into it,
# those of the docs build first (make html) and the test and dev tools once a
# target needs them (make test).

.DEFAULT_GOAL := help
SHELL := /bin/bash

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
DOCS_LOCK := requirements/docs.txt
TEST_LOCK := requirements/test.txt
# One stamp per step: .venv exists, the docs lock is installed, the test lock is.
CREATED := $(VENV)/.created
DOCS_STAMP := $(VENV)/.docs-installed
TEST_STAMP := $(VENV)/.test-installed
PIP_INSTALL := $(BIN)/python -m pip install --quiet --quiet --disable-pip-version-check

SOURCEDIR := docs
BUILDDIR := docs/_build
# --quiet keeps the output to warnings and errors; make html SPHINXOPTS='-W --keep-going' shows progress.
SPHINXOPTS ?= -W --keep-going --quiet
SPHINXBUILD := $(BIN)/python -m sphinx

.PHONY: help venv screenshots bench html dirhtml singlehtml epub latex pdf text test lint format typecheck livehtml linkcheck lock check-lock clean

help:  ## List every target with one line each
	@echo "Usage: make <target>"
	@grep -E '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | \
		awk 'BEGIN {FS = ":.*## "}; {printf "  %-12s %s\n", $$1, $$2}'

# The virtual environment is made anew whenever a lock file changes, so it
# never drifts from them; editing pyproject.toml (tool settings, or a dependency
# before `make lock`) leaves it alone. The docs build needs no install of the
# project itself: docs/conf.py finds docs/_ext on its own.
$(CREATED): $(DOCS_LOCK) $(TEST_LOCK)
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || \
		{ echo "error: $(PYTHON) is older than 3.11; install Python 3.11+ or run 'make PYTHON=python3.11 ...'"; exit 1; }
	rm -rf $(VENV)
	$(PYTHON) -m venv $(VENV)
	touch $@

$(DOCS_STAMP): $(CREATED)
	@echo "Installing what the docs build needs ($(DOCS_LOCK)) into $(VENV)..."
	$(PIP_INSTALL) --require-hashes --requirement $(DOCS_LOCK)
	touch $@

# The project itself goes in too, editable, for the tests' own small sites and
# the tools that start Sphinx in a child process: they import valenx_kb.
$(TEST_STAMP): $(DOCS_STAMP)
	@echo "Installing the test and dev tools ($(TEST_LOCK)) into $(VENV)..."
	$(PIP_INSTALL) --require-hashes --requirement $(TEST_LOCK)
	$(PIP_INSTALL) --no-deps --no-build-isolation --editable .
	touch $@

venv: $(TEST_STAMP)  ## Create .venv with every locked dependency (done automatically)

html: $(DOCS_STAMP)  ## Build the site into docs/_build/html (warnings are errors)
	$(SPHINXBUILD) -b html $(SPHINXOPTS) -d $(BUILDDIR)/doctrees $(SOURCEDIR) $(BUILDDIR)/html
	@echo "Open $(BUILDDIR)/html/index.html"

dirhtml: $(DOCS_STAMP)  ## Build one folder per page (pretty URLs) into docs/_build/dirhtml
singlehtml: $(DOCS_STAMP)  ## Build the whole site as one page into docs/_build/singlehtml
epub: $(DOCS_STAMP)  ## Build an e-book into docs/_build/epub
latex: $(DOCS_STAMP)  ## Write LaTeX sources (for a PDF) into docs/_build/latex
pdf: $(DOCS_STAMP)  ## Build a PDF with XeLaTeX into docs/_build/latex/valenxpress.pdf
text: $(DOCS_STAMP)  ## Build plain-text pages into docs/_build/text
dirhtml singlehtml epub latex text:
	$(SPHINXBUILD) -b $@ $(SPHINXOPTS) -d $(BUILDDIR)/doctrees $(SOURCEDIR) $(BUILDDIR)/$@

# make pdf needs TeX Live's XeLaTeX and latexmk, and the DejaVu fonts conf.py names.
# Sphinx writes a Makefile beside the LaTeX that runs latexmk; it is called as `make`,
# not $(MAKE), so that `make --dry-run pdf` only prints it (the folder may not exist yet).
TEX_PACKAGES := texlive-xetex texlive-latex-extra texlive-fonts-recommended latexmk fonts-dejavu-core fonts-dejavu-extra
pdf:
	@command -v xelatex >/dev/null && command -v latexmk >/dev/null || \
		{ echo "error: make pdf needs XeLaTeX and latexmk; on Debian or Ubuntu: apt-get install -y --no-install-recommends $(TEX_PACKAGES)"; exit 1; }
	$(SPHINXBUILD) -b latex $(SPHINXOPTS) -d $(BUILDDIR)/doctrees $(SOURCEDIR) $(BUILDDIR)/latex
	make --no-print-directory -C $(BUILDDIR)/latex all-pdf LATEXOPTS=-halt-on-error LATEXMKOPTS=-silent
	@echo "Open $(BUILDDIR)/latex/valenxpress.pdf"

test: $(TEST_STAMP)  ## Run every test (pytest, with coverage), then ruff, mypy and the lock check
	$(BIN)/python -m pytest --cov --numprocesses auto --dist loadfile $(PYTEST_ARGS)
	$(MAKE) --no-print-directory lint typecheck check-lock

screenshots: html $(TEST_STAMP)  ## PNGs of the article, home, role, tag, archive, author pages (light, dark, phone)
	$(BIN)/python tests/tools/screenshots.py

bench: $(TEST_STAMP)  ## Benchmark against plain MyST; writes docs/performance.md (BENCH_ARGS=--full or --scale)
	$(BIN)/python tests/tools/bench.py $(BENCH_ARGS)

lint: $(TEST_STAMP)  ## Check code style with ruff (lint and format)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(TEST_STAMP)  ## Reformat the code and apply ruff's safe fixes
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

typecheck: $(TEST_STAMP)  ## Type-check the extension, conf.py and tests with mypy
	$(BIN)/mypy

livehtml: $(TEST_STAMP)  ## Live preview at http://127.0.0.1:8000 with drafts, rebuilt on every save
	$(BIN)/sphinx-autobuild $(SOURCEDIR) $(BUILDDIR)/livehtml --watch data \
		--ignore '*/_build/*' --host 127.0.0.1 --port 8000 $(SPHINXOPTS) -D valenx_preview=1

linkcheck: $(DOCS_STAMP)  ## Check every external link in the site (needs network)
	$(SPHINXBUILD) -b linkcheck $(SPHINXOPTS) -d $(BUILDDIR)/doctrees $(SOURCEDIR) $(BUILDDIR)/linkcheck

lock: $(TEST_STAMP)  ## Re-resolve pyproject.toml into requirements/*.txt (LOCK_ARGS=--upgrade for newest)
	$(BIN)/python tests/tools/lock.py $(LOCK_ARGS)

check-lock: $(TEST_STAMP)  ## Fail if requirements/*.txt no longer match pyproject.toml (asks the index)
	$(BIN)/python tests/tools/lock.py --check

# Interface text (docs/contributing/translation.md): the extension's catalogs, and the
# pages' text for the site's own translations (then sphinx-intl, see the guide). The
# gettext builder keeps an environment of its own: it marks the doctrees for translation.
.PHONY: translations gettext
translations: $(DOCS_STAMP)  ## Extract the extension's interface text into its catalogs (LANGUAGES=fr starts one)
	$(BIN)/python tests/tools/translations.py $(LANGUAGES)

gettext: $(DOCS_STAMP)  ## Extract the pages' text for translators into docs/_build/gettext
	$(SPHINXBUILD) -b gettext $(SPHINXOPTS) -d $(BUILDDIR)/doctrees-gettext $(SOURCEDIR) $(BUILDDIR)/gettext

clean:  ## Remove build output, caches and .venv
	rm -rf $(BUILDDIR) $(VENV) .pytest_cache .mypy_cache .ruff_cache .hypothesis .coverage .coverage.* build *.egg-info docs/_ext/*.egg-info
