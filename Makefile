# Two commands a new machine needs: `make run` and `make test` (see README.md).
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python

.PHONY: run test typecheck browser install install-dev lint format migrate bench-parse bench-rescore bench-ingest bench-api bench-search bench-styles accuracy ranking area-fit

$(VENV)/.runtime: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: $(VENV)/.runtime requirements-dev.txt
	$(PY) -m pip install --quiet -r requirements-dev.txt
	touch $@

install: $(VENV)/.runtime
install-dev: $(VENV)/.dev

migrate: install
	$(PY) manage.py migrate --noinput

## Install, migrate, load the demo and serve web + worker until Ctrl-C.
run: migrate
	$(PY) manage.py demo
	$(PY) manage.py serve

## Headless Chromium for the browser tests, from Debian's packages (never a download of its own).
browser:
	@test -x /usr/bin/chromium || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
		apt-get install -y -qq chromium chromium-driver >/dev/null)

## Type-check the project with mypy and the Django and DRF plugins (pyproject.toml says what).
typecheck: install-dev
	$(VENV)/bin/mypy

## Install, lint, type-check and run the whole test suite.
test: install-dev browser typecheck
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) -m pytest

format: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

## Benchmarks and the accuracy report (figures go to docs/BENCHMARKS.md and docs/ACCURACY.md).
bench-parse: install-dev
	$(PY) -m bench.parse_speed

accuracy: install-dev
	$(PY) -m bench.accuracy

bench-styles: install-dev
	$(PY) -m bench.list_styles

bench-rescore: install-dev
	$(PY) -m bench.rescore

ranking: install-dev
	$(PY) -m bench.ranking_quality

area-fit: install-dev
	$(PY) -m bench.area_fit

bench-ingest: install-dev
	$(PY) -m bench.ingest

bench-api: install-dev
	$(PY) -m bench.api_load

bench-search: install-dev
	$(PY) -m bench.search
