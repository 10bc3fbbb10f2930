# IndiaMART Lead Desktop: `make demo` to try it, `make test` to check it.
PYTHON ?= python3
VENV   := .venv
PY     := $(VENV)/bin/python
STAMP  := $(VENV)/.installed

.PHONY: demo run test lint typecheck unit desktop-tests system-deps bench screenshots \
        package package-check clean

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e ".[test]"
	touch $(STAMP)

## Open the app on the built-in simulated IndiaMART service (no account needed).
demo: $(STAMP)
	tools/install-system-deps.sh --runtime || true
	$(PY) -m indiamart_desktop --demo

## Open the app for real (needs a CRM key: Settings, or `indiamart-desktop set-key`).
run: $(STAMP)
	$(PY) -m indiamart_desktop

## Everything: system libraries, lint, types, unit + integration tests, desktop-session tests.
test: $(STAMP)
	tools/install-system-deps.sh --test || true
	$(MAKE) --no-print-directory lint typecheck unit desktop-tests

lint: $(STAMP)
	$(VENV)/bin/ruff check .

typecheck: $(STAMP)
	$(VENV)/bin/mypy

unit: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m "not desktop and not slow" -q -p no:cacheprovider

## Tray notifications, Secret Service keyring: a real X server, D-Bus session and daemons.
desktop-tests: $(STAMP)
	tools/desktop-session.sh $(PY) -m pytest -m desktop -q -p no:cacheprovider

## Long runs: the 30-day soak at full length and other slow tests.
slow: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest -m slow -q -p no:cacheprovider

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) tests/benchmarks/bench_store.py
	QT_QPA_PLATFORM=offscreen $(PY) tests/benchmarks/bench_export.py
	tools/desktop-session.sh $(PY) tests/benchmarks/bench_gui.py

screenshots: $(STAMP)
	tools/desktop-session.sh $(PY) tools/screenshots.py docs/screenshots

## A double-clickable app for this platform in dist/ (PyInstaller; see packaging/).
package: $(STAMP)
	packaging/build.sh

## Build the Linux bundle and prove it: --self-check, a window under Xvfb, size < 150 MB.
package-check: $(STAMP)
	tools/install-system-deps.sh --test || true
	packaging/check.sh

system-deps:
	tools/install-system-deps.sh --test

clean:
	rm -rf $(VENV) build dist .mypy_cache .ruff_cache .pytest_cache
