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

.PHONY: venv report reports test test-tools chromium

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

# The browser test needs Debian's chromium and the PDF checks poppler-utils (pdftotext, pdftoppm).
# Installed when we are root with apt-get; otherwise (or if the install fails) those tests are
# skipped and say why. Never fails the run.
TEST_TOOLS := chromium:chromium pdftotext:poppler-utils pdftoppm:poppler-utils
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

# PYTEST_STATUS=<file> records pytest's own exit status there (make itself only says 2 on any
# failure); .ci/run uses it to tell failed tests from "no tests collected" or a broken setup.
test: $(STAMP) test-tools
	@$(PY) -m pytest -q $(PYTEST_ARGS); status=$$?; \
	if [ -n "$(PYTEST_STATUS)" ]; then echo $$status > "$(PYTEST_STATUS)"; fi; exit $$status

# The property tests of the validation contract with the larger, random hypothesis profile
# (the suite runs them derandomized and small): more examples, the two real agencies too.
fuzz: $(STAMP)
	HYPOTHESIS_PROFILE=fuzz MPLBACKEND=Agg $(PY) -m pytest -q tests/test_sifat.py --hypothesis-show-statistics
