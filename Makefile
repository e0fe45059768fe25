# Quickstart: `make demo` (crawl the bundled sample portal offline), `make test` (the whole suite).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat requirements.txt requirements-dev.txt | sha1sum | cut -c1-12)
REPLAY := .venv-replay
REPLAY_STAMP := $(REPLAY)/.installed-$(shell sha1sum requirements-replay.txt | cut -c1-12)

.PHONY: demo test lint install clean bench bench-extract bench-relevance bench-dedup bench-pagekind bench-scale bench-rebuild bench-short bench-shapes

$(STAMP): requirements.txt requirements-dev.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

$(REPLAY_STAMP): requirements-replay.txt
	test -x $(REPLAY)/bin/python || $(PYTHON) -m venv $(REPLAY)
	$(REPLAY)/bin/python -m pip install --quiet --upgrade pip
	$(REPLAY)/bin/python -m pip install --quiet -r requirements-replay.txt
	rm -f $(REPLAY)/.installed-*
	touch $(REPLAY_STAMP)

install: $(STAMP) $(REPLAY_STAMP)

demo: $(STAMP)
	$(BIN)/python scripts/demo.py

test: $(STAMP) $(REPLAY_STAMP)
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .

# `make bench PAGES=10000` for the memory figure of a 10,000-page crawl
PAGES ?= 2000
bench: $(STAMP)
	$(BIN)/python scripts/bench.py --pages $(PAGES)

bench-extract: $(STAMP)
	$(BIN)/python -m pip install --quiet -r requirements-bench.txt
	$(BIN)/python scripts/bench_extract.py

bench-relevance: $(STAMP)
	$(BIN)/python scripts/bench_relevance.py

bench-pagekind: $(STAMP)
	$(BIN)/python scripts/bench_pagekind.py

bench-short: $(STAMP)
	$(BIN)/python scripts/bench_short_story.py

bench-shapes: $(STAMP)
	$(BIN)/python scripts/bench_shapes.py

bench-dedup: $(STAMP)
	$(BIN)/python scripts/bench_dedup.py

bench-rebuild: $(STAMP)
	$(BIN)/python scripts/bench_rebuild.py

clean:
	rm -rf $(VENV) $(REPLAY) data .pytest_cache

# `make bench-scale N=100000` (about 20 minutes here); the default N is a million
N ?= 1000000
bench-scale: $(STAMP)
	$(BIN)/python scripts/bench_scale.py --n $(N)
