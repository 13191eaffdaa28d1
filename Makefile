# The two commands a newcomer needs: `make serve` and `make test`.
# Each sets up what it needs: a virtual environment in .venv with the pinned
# package, and (for the browser tests) Debian's chromium with Thai and CJK fonts.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
SUDO   := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
export NO_MKDOCS_2_WARNING := 1
export SOURCE_DATE_EPOCH ?= 1764000000

.PHONY: serve build test test-under-load lint check bench screenshots chromium clean install

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --editable '.[test]'
	touch $@

install: $(STAMP)

# Debian's chromium, driven by Playwright through executable_path (never `playwright install`).
chromium:
	@command -v chromium >/dev/null 2>&1 || { \
	  $(SUDO) apt-get update -qq && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium fonts-noto-cjk fonts-thai-tlwg >/dev/null; }

serve: $(STAMP)
	$(BIN)/mkdocs serve --livereload

build: $(STAMP)
	$(BIN)/mkdocs build --strict

check: $(STAMP)
	$(BIN)/city-classroom check cities

# The package's habits: ruff (lint and format), mypy, and import-linter's contracts
# (the road runs one way; only the MkDocs adapter imports MkDocs). Fix formatting with
# `.venv/bin/ruff format plugins tests bench`.
lint: $(STAMP)
	$(BIN)/ruff check plugins tests bench
	$(BIN)/ruff format --check plugins tests bench
	$(BIN)/mypy
	$(BIN)/lint-imports

test: lint chromium
	$(BIN)/pytest

# The whole suite five times while both cores are kept busy (tests/under_load.sh).
test-under-load: lint chromium
	tests/under_load.sh 5

bench: $(STAMP)
	$(BIN)/python bench/run.py

screenshots: $(STAMP) chromium
	$(BIN)/pytest tests/test_screenshots.py --screenshots

clean:
	rm -rf site .cache
