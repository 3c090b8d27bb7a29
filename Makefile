# The two commands a fresh machine needs: `make serve` and `make test`.
# Each creates its own virtual environment and installs what it needs.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
PY     := $(VENV)/bin/python
PIP    := $(PY) -m pip
HOST   ?= 127.0.0.1:8000

.PHONY: help venv site-deps test-deps browser-deps serve build check schema test bench-build clean

help:
	@echo "make serve   build the site from data/ and serve it on http://$(HOST)"
	@echo "make build   build the site strictly into site/"
	@echo "make check   validate every file under data/"
	@echo "make test    install everything the tests need and run them all"
	@echo "make schema  regenerate data/schema/*.schema.json from the models"
	@echo "make releases  read each framework's latest release from PyPI into data/releases.yaml"
	@echo "make check-base BASE=origin/main  check the change from BASE (frozen files, history, both languages, runs)"
	@echo "make lint-workflows  lint .github/ offline (GitHub's schemas, zizmor)"
	@echo "make hooks   install the pre-commit hooks"
	@echo "make gpu-envs regenerate  measure on a GPU machine (CONTRIBUTING.md)"

$(PY):
	$(PYTHON) -m venv $(VENV)
	$(PIP) install --quiet --upgrade pip

venv: $(PY)

# Stamps keep repeated calls fast; they are redone when pyproject.toml changes.
$(VENV)/.site: pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[site]'
	touch $@

$(VENV)/.test: pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[site,torch,tensorflow,jax,dev]'
	touch $@

# The browser tests (tests/browser) drive Debian's Chromium; Playwright's own
# browser download fails on these machines. A Chinese font keeps the zh
# screenshots readable (without one they show boxes; nothing fails).
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq

/usr/bin/chromium:
	$(SUDO) apt-get update -qq && $(APT_INSTALL) chromium fonts-wqy-zenhei >/dev/null

browser-deps: /usr/bin/chromium
	@fc-list :lang=zh 2>/dev/null | grep -q . || \
		{ $(SUDO) apt-get update -qq && $(APT_INSTALL) fonts-wqy-zenhei >/dev/null; } || \
		echo "warning: no Chinese font installed: the zh screenshots will show boxes" >&2

site-deps: $(VENV)/.site
test-deps: $(VENV)/.test browser-deps

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

# --- the contribution flow and CI (CONTRIBUTING.md, .github/) ---------------

.PHONY: check-base check-deps check-pinned check-requirements lint-workflows hooks propose-runs releases propose-releases

BASE ?= origin/main
DATA ?= data

$(VENV)/.dev: pyproject.toml | $(PY)
	$(PIP) install --quiet -e '.[dev]'
	touch $@

# The check alone, in its own environment installed from requirements/check.txt:
# exact versions, every file's hash checked, wheels only (nothing is built, so
# no package code runs at install), no dependency pip would add by itself. CI's
# base check and the regeneration job that holds the pull-request token use it:
# they install nothing that is not pinned here.
CHECK_VENV ?= .venv-check
CHECK_PY   := $(CHECK_VENV)/bin/python

$(CHECK_VENV)/.check: requirements/check.txt
	$(PYTHON) -m venv $(CHECK_VENV)
	$(CHECK_PY) -m pip install --quiet --require-hashes --no-deps --only-binary :all: -r requirements/check.txt
	touch $@

check-deps: $(CHECK_VENV)/.check

# Every file under DATA, validated by this checkout's code.
check-pinned: check-deps
	PYTHONPATH='$(CURDIR)' $(CHECK_PY) -m bench check --data '$(DATA)'

# The change since BASE in DATA's repository, judged by this checkout's code:
# the frozen 2016 edition and reference tables, stars with their history, both
# languages, runs never edited or deleted, withdrawals only added. CI runs it
# from a checkout of the base with DATA pointing at the pull request's data.
check-base: check-deps
	PYTHONPATH='$(CURDIR)' $(CHECK_PY) -m bench check --data '$(DATA)' --base '$(BASE)'

# Regenerate requirements/check.txt from requirements/check.in (after a change of
# the pydantic or pyyaml pins in pyproject.toml), with the hashes PyPI publishes.
check-requirements: $(VENV)/.dev
	CUSTOM_COMPILE_COMMAND="make check-requirements" $(VENV)/bin/pip-compile --quiet --strip-extras \
		--generate-hashes --no-emit-index-url --index-url https://pypi.org/simple \
		-o requirements/check.txt requirements/check.in

lint-workflows: $(VENV)/.dev
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.github-workflows .github/workflows/*.yml
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.dependabot .github/dependabot.yml
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.github-issue-forms $(filter-out %/config.yml,$(wildcard .github/ISSUE_TEMPLATE/*.yml))
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.github-issue-config .github/ISSUE_TEMPLATE/config.yml
	$(VENV)/bin/check-jsonschema --builtin-schema vendor.citation-file-format CITATION.cff
	$(VENV)/bin/zizmor --offline --persona auditor .github .pre-commit-config.yaml

hooks: $(VENV)/.dev $(VENV)/.site
	$(VENV)/bin/pre-commit install

# Open, or add to, the pull request that carries the new files in data/runs/.
propose-runs:
	bash .github/scripts/propose-runs.sh

# Read each rated framework's latest release from PyPI into data/releases.yaml
# (a rating reviewed against an older minor release then says so on its page).
releases: $(VENV)/.site
	$(PY) -m bench releases

# Open, or update, the pull request that carries a changed data/releases.yaml.
propose-releases:
	bash .github/scripts/propose-releases.sh

# --- regenerating the numbers on a GPU machine (CONTRIBUTING.md) ------------
# One environment per framework: co-installed, TensorFlow's and torch's
# nvidia-* wheels clash and one runs on the other's cuDNN. The parent process
# (.venv) imports no framework; each worker runs in its framework's environment.

.PHONY: gpu-envs regenerate

GPU_ENVS        ?= .venv-gpu
TORCH_SPEC      ?= torch
TENSORFLOW_SPEC ?= tensorflow[and-cuda]
JAX_SPEC        ?= jax[cuda13]
RUNS_OUT        ?= data/runs
# The harness's commit, recorded in the run: the checkout's HEAD; pass GIT_COMMIT=<sha> where the tree has no .git.
GIT_COMMIT      ?= $(shell git rev-parse HEAD 2>/dev/null)

$(VENV)/.base: pyproject.toml | $(PY)
	$(PIP) install --quiet -e .
	touch $@

gpu-envs:
	$(PYTHON) -m venv $(GPU_ENVS)/pytorch
	$(GPU_ENVS)/pytorch/bin/python -m pip install --quiet --upgrade pip
	$(GPU_ENVS)/pytorch/bin/python -m pip install --quiet -e . '$(TORCH_SPEC)'
	$(PYTHON) -m venv $(GPU_ENVS)/tensorflow
	$(GPU_ENVS)/tensorflow/bin/python -m pip install --quiet --upgrade pip
	$(GPU_ENVS)/tensorflow/bin/python -m pip install --quiet -e . '$(TENSORFLOW_SPEC)'
	$(PYTHON) -m venv $(GPU_ENVS)/jax
	$(GPU_ENVS)/jax/bin/python -m pip install --quiet --upgrade pip
	$(GPU_ENVS)/jax/bin/python -m pip install --quiet -e . '$(JAX_SPEC)' flax optax

# Which workloads and frameworks, and whether quick, come from the environment
# (WORKLOADS, FRAMEWORKS: comma-separated, empty for all; QUICK=true), so that
# a value is passed as one argument and never read as shell code.
regenerate: $(VENV)/.base
	@test -x $(GPU_ENVS)/pytorch/bin/python -a -x $(GPU_ENVS)/tensorflow/bin/python -a -x $(GPU_ENVS)/jax/bin/python || \
		{ echo "no framework environments in $(GPU_ENVS): run 'make gpu-envs' first" >&2; exit 1; }
	mkdir -p '$(RUNS_OUT)'
	$(PY) -m bench run --device cuda --out '$(RUNS_OUT)' $(if $(GIT_COMMIT),--git-commit '$(GIT_COMMIT)') \
		--python pytorch=$(GPU_ENVS)/pytorch/bin/python \
		--python tensorflow=$(GPU_ENVS)/tensorflow/bin/python \
		--python jax=$(GPU_ENVS)/jax/bin/python \
		$${FRAMEWORKS:+--frameworks "$$FRAMEWORKS"} \
		$${WORKLOADS:+--workloads "$$WORKLOADS"} \
		$$(test "$${QUICK:-false}" = true && echo --quick)
