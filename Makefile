# One entry point: `make run` (install, migrate, demo data, app on :3000) and `make test` (the whole suite).
SHELL := /bin/bash
VENV ?= .venv
PYTHON ?= python3
BIN := $(CURDIR)/$(VENV)/bin
TOOLS := $(CURDIR)/.tools
export PATH := $(TOOLS)/node_modules/.bin:$(BIN):$(PATH)
export REFLEX_USE_SYSTEM_BUN := 1
export REFLEX_TELEMETRY_ENABLED := false
export TELEMETRY_ENABLED := false

.PHONY: install run migrate demo admin test test-unit test-integration test-e2e lint services check-migrations bench

$(VENV)/.installed: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(TOOLS)/node_modules/.bin/bun:
	@if command -v bun >/dev/null 2>&1; then mkdir -p $(TOOLS)/node_modules/.bin && ln -sf "$$(command -v bun)" $@; \
	else npm install --silent --no-audit --no-fund --prefix $(TOOLS) bun@1.4.5 && $@ --version; fi

install: $(VENV)/.installed $(TOOLS)/node_modules/.bin/bun

migrate: install
	$(BIN)/alembic upgrade head

demo: migrate
	$(BIN)/python -m well_ops.cli seed-demo

admin: migrate
	$(BIN)/python -m well_ops.cli create-admin

run: demo
	$(BIN)/python scripts/serve.py --port $${WELLOPS_PORT:-3000}  # reflex run --env prod --single-port, restarted if it dies

services:
	bash scripts/ensure_services.sh

test: install services
	$(BIN)/python -m pytest -p no:cacheprovider $(PYTEST_ARGS)

test-unit: install
	$(BIN)/python -m pytest tests/unit $(PYTEST_ARGS)

test-integration: install services
	$(BIN)/python -m pytest tests/integration $(PYTEST_ARGS)

test-e2e: install services
	$(BIN)/python -m pytest tests/e2e $(PYTEST_ARGS)

lint: install
	$(BIN)/ruff check well_ops tests alembic
	$(BIN)/lint-imports

bench: install services
	$(BIN)/python bench/run_all.py
