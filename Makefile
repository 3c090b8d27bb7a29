# The two commands a fresh machine needs: `make serve` and `make test`.
# Each creates its own virtual environment and installs what it needs.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
HOST   ?= 127.0.0.1:8000

.PHONY: help venv site-deps test-deps serve build check schema test bench-build clean

help:
	@echo "make serve   build the site from data/ and serve it on http://$(HOST)"
	@echo "make build   build the site strictly into site/"
	@echo "make check   validate every file under data/"
	@echo "make test    install everything the tests need and run them all"
	@echo "make schema  regenerate data/schema/*.schema.json from the models"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

venv: $(PY)

# Stamps keep repeated calls fast; they are redone when pyproject.toml changes.
$(VENV)/.site: pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[site]'
	touch $@

$(VENV)/.test: pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[site,torch,tensorflow,dev]'
	touch $@

/usr/bin/chromium:
	apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null

site-deps: $(VENV)/.site
test-deps: $(VENV)/.test /usr/bin/chromium

serve: site-deps
	$(PY) -m mkdocs serve --strict -a $(HOST)

build: site-deps
	$(PY) -m mkdocs build --strict

check: $(VENV)/.site
	$(PY) -m bench check

schema: $(VENV)/.site
	$(PY) -m bench schema

test: test-deps
	$(PY) -m pytest

clean:
	rm -rf site .pytest_cache test-output
