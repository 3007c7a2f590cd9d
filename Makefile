# Every target sets itself up: the virtual environment is created and the project installed
# (from pyproject.toml) on first use, and again whenever pyproject.toml changes.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MANAGE := $(BIN)/python manage.py
# Demo size for `make run`; override with `make run DEMO_COMPANIES=20000`.
DEMO_COMPANIES ?= 3000
# Parallel test workers; `make test TEST_WORKERS=0` runs in one process.
TEST_WORKERS ?= auto

.PHONY: run test lint migrate seed open-data bench-seed bench-search bench-api api-contract load messages clean help

help:
	@echo "make run    - install, migrate, load demo data, serve http://127.0.0.1:8000"
	@echo "make test   - run the whole test suite"
	@echo "make lint   - ruff (lint + format check) and mypy"
	@echo "make open-data     - regenerate the open-data files under var/open-data"
	@echo "make bench-seed    - time seed_demo for 100,000 companies on SQLite and PostgreSQL"
	@echo "make bench-search  - search latency per query class at 10k/100k/1M declarations"
	@echo "make bench-api     - verification API throughput and bulk verification time"
	@echo "make api-contract  - schemathesis contract test of /api/v1"
	@echo "make load          - locust: 50 users for 60 s against gunicorn + PostgreSQL (not in CI)"

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

var:
	@mkdir -p var

migrate: $(STAMP) var
	DEBUG=1 $(MANAGE) migrate --noinput

seed: migrate
	DEBUG=1 $(MANAGE) seed_demo --if-empty --companies $(DEMO_COMPANIES)
	DEBUG=1 $(MANAGE) export_open_data

# Regenerate the open-data files (CSV, JSON Lines, history, Atom feed) under var/open-data.
open-data: migrate
	DEBUG=1 $(MANAGE) export_open_data

run: seed
	@DEBUG=1 $(MANAGE) demo_logins
	DEBUG=1 $(MANAGE) runserver 127.0.0.1:8000

test: $(STAMP)
	$(BIN)/pytest -n $(TEST_WORKERS) -q

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	DEBUG=1 $(BIN)/mypy partnership

# Refresh the Japanese catalogue from the source and compile it (needs gettext; the compiled
# .mo is committed so that running the site never does).
messages: $(STAMP)
	DEBUG=1 $(MANAGE) makemessages -l ja --no-location --ignore=.venv --ignore=var
	msgattrib --no-obsolete -o locale/ja/LC_MESSAGES/django.po locale/ja/LC_MESSAGES/django.po
	msgfmt --check -o locale/ja/LC_MESSAGES/django.mo locale/ja/LC_MESSAGES/django.po

bench-seed: $(STAMP)
	$(BIN)/python bench/seed.py

# Contract test of the public API: schemathesis against /api/v1/openapi.json under gunicorn.
api-contract: $(STAMP)
	bash scripts/api_contract.sh

# Verify-endpoint throughput under gunicorn (ratio to a trivial JSON endpoint) and the server
# time of a 10,000-number bulk verification.
bench-api: $(STAMP)
	$(BIN)/python bench/api.py

# Load test (not part of CI): a fresh PostgreSQL database, gunicorn on 127.0.0.1 and locust
# headless for LOAD_USERS users during LOAD_TIME; per-endpoint p50/p95, fails on any error.
LOAD_USERS ?= 50
LOAD_TIME ?= 60s
load: $(STAMP)
	$(BIN)/python load/run.py --users $(LOAD_USERS) --time $(LOAD_TIME)

# Search latency per query class at 10k, 100k and 1M declarations on SQLite and PostgreSQL.
bench-search: $(STAMP)
	$(BIN)/python bench/search.py

clean:
	rm -rf $(VENV) var
