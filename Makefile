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

.PHONY: venv report reports test chromium

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

# The browser test needs Debian's chromium. Installed when we are root with apt-get; otherwise
# (or if the install fails) that test skips and says why. Never fails the run.
chromium:
	@if command -v chromium >/dev/null 2>&1; then :; \
	elif command -v apt-get >/dev/null 2>&1 && [ "$$(id -u)" = 0 ]; then \
	  echo "Installing chromium for the browser test ..."; \
	  (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
	    || echo "chromium could not be installed; the browser test will be skipped"; \
	else echo "chromium not installed (needs root and apt-get); the browser test will be skipped"; fi

test: $(STAMP) chromium
	$(PY) -m pytest -q
