# Veldwerk - every target sets up what it needs (virtual environment, system packages).
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PACKAGE_STAMP := $(VENV)/.installed-package
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test test-slow lint typecheck contracts pytest bench demo screenshots system-deps system-deps-test clean \
	bundle package smoke-frozen

run: $(STAMP) system-deps
	$(BIN)/veldwerk

test: $(STAMP) system-deps-test lint typecheck contracts smoke-frozen pytest

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

# The desktop app frozen with PyInstaller (dist/veldwerk/); its work files stay in build/.
bundle: $(PACKAGE_STAMP) system-deps-test
	PYINSTALLER_CONFIG_DIR=build/pyinstaller-config $(BIN)/pyinstaller --noconfirm \
		--log-level WARN --distpath dist --workpath build/pyinstaller installers/veldwerk.spec

# The Linux installer: the bundle as a .deb with desktop entry and icon (installers/README.md).
package: bundle
	sh installers/build_deb.sh

# The frozen app does what a new user does first: init, demo, plan export, the GUI.
smoke-frozen: bundle
	QT_QPA_PLATFORM=offscreen $(BIN)/python installers/smoke.py dist/veldwerk/veldwerk

system-deps:
	@sh scripts/system-deps.sh app

system-deps-test:
	@sh scripts/system-deps.sh test

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev,server]'
	touch $(STAMP)

$(PACKAGE_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e '.[dev,server,package]'
	touch $(PACKAGE_STAMP)

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .hypothesis build dist *.egg-info
