# make setup | run | test | lint | check | bench   (needs only python3.11 and make)

PYTHON ?= python3.11
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: setup run test lint check bench clean chromium

setup: $(STAMP)

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Reinstalled only when pyproject.toml changes (or the venv is new).
$(STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e '.[dev]'
	touch $@

run: setup
	$(BIN)/extract run corpora --out out
	$(BIN)/extract eval --gold gold --errors 0 --json out/eval.json
	$(BIN)/extract eval --gold gold --blind

lint: setup
	$(BIN)/ruff check .
	$(BIN)/mypy

# Regression gate: every metric in gold/thresholds.json must be reached on gold/, and the
# seed and the six 2024 dev passages keep their own bar (gold/thresholds-seed-dev.json).
SEED_DEV := gold/kazakhstan-2013.jsonl $(foreach c,egypt kazakhstan kyrgyzrepublic russia turkmenistan uzbekistan,gold/dev-$(c)-2024.jsonl)
check: setup
	$(BIN)/extract eval --gold gold --errors 0 --check
	$(BIN)/extract eval --gold $(SEED_DEV) --errors 0 --check --thresholds gold/thresholds-seed-dev.json

# The HTML report tests render pages in headless Chromium: installed when missing.
chromium:
	@tools/ensure-chromium.sh

test: lint check chromium
	$(BIN)/pytest

# Throughput against bare nlp.pipe, memory at 50k/500k words, cold start, re-run (BENCHMARKS.md).
bench: setup
	$(BIN)/python bench/run_bench.py

clean:
	rm -rf out .pytest_cache .mypy_cache .ruff_cache
