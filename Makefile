# Veldwerk - every target sets up what it needs (virtual environment, system packages).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-slow lint typecheck contracts pytest bench demo screenshots system-deps system-deps-test clean

run: $(STAMP) system-deps
	$(BIN)/veldwerk

test: $(STAMP) system-deps-test lint typecheck contracts pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

pytest: $(STAMP) system-deps-test
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest

test-slow: $(STAMP) system-deps-test
	QT_QPA_PLATFORM=offscreen $(BIN)/pytest -m slow

bench: $(STAMP) system-deps-test
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m bench

demo: $(STAMP)
	$(BIN)/veldwerk demo --youths 500

screenshots: $(STAMP) system-deps
	QT_QPA_PLATFORM=offscreen $(BIN)/python scripts/screenshots.py screenshots

system-deps:
	@sh scripts/system-deps.sh app

system-deps-test:
	@sh scripts/system-deps.sh test

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,server]'
	touch $(STAMP)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .hypothesis build dist *.egg-info
