# Entry points for people and CI. Everything runs in .venv, created on first use.
#   make report    build the default report (params/kota-malang-dinsos-p3ap2kb-2023.yml)
#   make reports   build every params/*.yml
#   make test      run the test suite
# The chapter notebooks run with .venv/bin/python (see docs/build.md).

PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
# Touched after a successful install; reinstalls only when pyproject.toml changes.
STAMP := $(VENV)/.lkjip-installed
DEFAULT_PARAMS := params/kota-malang-dinsos-p3ap2kb-2023.yml

.PHONY: venv report reports test test-tools chromium axe

venv: $(STAMP)

$(PY):
	$(PYTHON) -m venv $(VENV)

$(STAMP): pyproject.toml | $(PY)
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

report: $(STAMP)
	$(VENV)/bin/lkjip build $(DEFAULT_PARAMS)

reports: $(STAMP)
	$(VENV)/bin/lkjip build --all

# The browser test needs Debian's chromium, the PDF checks poppler-utils (pdftotext, pdftoppm), the
# accessibility test nodejs and npm (for axe-core, below).
# Installed when we are root with apt-get; otherwise (or if the install fails) those tests are
# skipped and say why. Never fails the run.
TEST_TOOLS := chromium:chromium pdftotext:poppler-utils pdftoppm:poppler-utils node:nodejs npm:npm
test-tools:
	@missing=""; for pair in $(TEST_TOOLS); do \
	  command -v $${pair%%:*} >/dev/null 2>&1 || missing="$$missing $${pair#*:}"; done; \
	missing="$$(for m in $$missing; do echo " $$m"; done | sort -u | tr -d '\n')"; \
	if [ -z "$$missing" ]; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "Installing$$missing for the browser and PDF tests ..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null) \
	    || echo "$$missing could not be installed; the tests needing them will be skipped"; \
	else echo "$$missing not installed (needs root and apt-get); the tests needing them will be skipped"; fi

chromium: test-tools

# The accessibility test runs axe-core in Chromium through playwright-core (npm packages, versions
# pinned here); installed into .venv/axe when npm is there, otherwise that test is skipped and says why.
AXE_DIR := $(VENV)/axe
AXE_PACKAGES := axe-core@4.14.1 playwright-core@1.65.1
axe: $(STAMP)
	@if [ -f $(AXE_DIR)/node_modules/axe-core/axe.min.js ] && [ -d $(AXE_DIR)/node_modules/playwright-core ]; then :; \
	elif command -v npm >/dev/null 2>&1; then \
	  mkdir -p $(AXE_DIR) && { [ -f $(AXE_DIR)/package.json ] || echo '{"private": true}' > $(AXE_DIR)/package.json; } && \
	  (cd $(AXE_DIR) && npm install --silent --no-audit --no-fund $(AXE_PACKAGES) >/dev/null 2>&1) \
	    || echo "axe-core could not be installed with npm; the accessibility test will be skipped"; \
	else echo "npm not found; the accessibility test will be skipped"; fi

# PYTEST_STATUS=<file> records pytest's own exit status there (make itself only says 2 on any
# failure); .ci/run uses it to tell failed tests from "no tests collected" or a broken setup.
test: $(STAMP) test-tools axe
	@$(PY) -m pytest -q $(PYTEST_ARGS); status=$$?; \
	if [ -n "$(PYTEST_STATUS)" ]; then echo $$status > "$(PYTEST_STATUS)"; fi; exit $$status

# The property tests of the validation contract with the larger, random hypothesis profile
# (the suite runs them derandomized and small): more examples, the two real agencies too.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz MPLBACKEND=Agg $(PY) -m pytest -q tests/test_sifat.py --hypothesis-show-statistics
