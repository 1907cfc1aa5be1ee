# Bear Cave: `make run` serves the app, `make test` checks everything. Both install what they need.
.DEFAULT_GOAL := help
SHELL := /bin/bash

PORT ?= 8000
# 127.0.0.1 serves this machine only; HOST=0.0.0.0 serves the room's phones on the local network.
HOST ?= 127.0.0.1
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
# The PostgreSQL pass of `make test` runs the database tests against this server.
TEST_POSTGRES_URL ?= postgres://postgres@127.0.0.1:5432/bearcave
FRONTEND_SOURCES := $(shell find frontend/src -type f 2>/dev/null) frontend/vite.config.ts frontend/tsconfig.json frontend/package-lock.json

.PHONY: help install run test lint typecheck pytest test-postgres test-pythons frontend schemas lock clean bench

help:
	@echo "make run    install, migrate, load the scenario library and serve on http://127.0.0.1:$(PORT)"
	@echo "            (make run HOST=0.0.0.0: phones in the room can join too)"
	@echo "make test   install, then lint, type-check and run every test"
	@echo "make schemas  refresh the exported schemas after changing the API or the protocol"
	@echo "make lock   re-pin the Python dependencies after editing pyproject.toml"
	@echo "make bench  load benchmark against a bare-Channels baseline (ROOMS PLAYERS DURATION PROFILE PROCESSES DAY; KNEE=1)"

$(VENV)/.installed: requirements.lock
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet --require-hashes -r requirements.lock
	@touch $@

frontend/node_modules/.installed: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	@touch $@

frontend/dist/.vite/manifest.json: frontend/node_modules/.installed $(FRONTEND_SOURCES)
	cd frontend && npm run build

frontend: frontend/dist/.vite/manifest.json

install: $(VENV)/.installed frontend

# A secret key generated once per checkout; the real environment overrides it.
.env:
	@$(PYTHON) -c "import secrets; print('SECRET_KEY=' + secrets.token_urlsafe(50))" > $@
	@echo "Wrote a new SECRET_KEY to .env"

run: install .env
	@mkdir -p var
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_scenarios
	$(PY) manage.py ensure_facilitator --url http://127.0.0.1:$(PORT)/
	exec env HOST=$(HOST) PORT=$(PORT) $(PY) manage.py serve

lint: $(VENV)/.installed
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

typecheck: $(VENV)/.installed frontend
	SECRET_KEY=type-checking-only $(BIN)/mypy .
	cd frontend && npm run typecheck

# Two passes that together run every test once: on both cores (pytest-xdist) the tests that
# start no server and no browser; then, one at a time, those that start Daphne processes, nginx,
# Redis or Chromium (they time what they start, and Playwright holds its event loop for the rest
# of a process). Each worker has its own test database (settings: one per process).
SERIAL := browser or daphne
PARALLEL := -n 2 -m "not ($(SERIAL))"

pytest: install
	cd frontend && npm test
	$(BIN)/pytest $(PARALLEL)
	$(BIN)/pytest -m "$(SERIAL)"

# The database tests again, on PostgreSQL: the scaled profile's database.
test-postgres: install
	DATABASE_URL=$(TEST_POSTGRES_URL) $(BIN)/pytest -n 2 -m "django_db and not ($(SERIAL))"
	DATABASE_URL=$(TEST_POSTGRES_URL) $(BIN)/pytest -m "django_db and ($(SERIAL))"

# The other supported Pythons: the tests that start nothing, in a venv of each from the same
# lock. A Python that is not installed is skipped on a laptop and an error in CI.
OTHER_PYTHONS ?= 3.12 3.13
test-pythons: requirements.lock
	@for version in $(OTHER_PYTHONS); do \
	  python=; \
	  for candidate in python$$version $$(ls -d $(HOME)/.pyenv/versions/$$version.*/bin/python 2>/dev/null); do \
	    if $$candidate -c "" 2>/dev/null; then python=$$candidate; break; fi; \
	  done; \
	  if [ -z "$$python" ]; then \
	    if [ "$$BEARCAVE_REQUIRE_SERVICES" = 1 ]; then echo "Python $$version is required here"; exit 1; fi; \
	    echo "Skipping Python $$version: not installed"; continue; \
	  fi; \
	  venv=.venv-$$version; \
	  test -x $$venv/bin/python || $$python -m venv $$venv || exit 1; \
	  $$venv/bin/python -m pip install --quiet --require-hashes -r requirements.lock || exit 1; \
	  echo "Python $$version: $$($$venv/bin/python --version)"; \
	  $$venv/bin/python -m pytest -q $(PARALLEL) || exit 1; \
	done

test: lint typecheck pytest test-postgres test-pythons

# After changing the API or the socket protocol: refresh the schemas the frontend types come from.
schemas: $(VENV)/.installed
	$(PY) manage.py export_protocol_schema
	$(PY) manage.py export_scenario_schema
	$(PY) manage.py export_game --schema -o docs/export.schema.json
	$(PY) manage.py spectacular --format openapi-json --file frontend/src/api/openapi.json

# The load benchmark (docs/performance.md): ROOMS x PLAYERS sockets for DURATION seconds against
# PROCESSES Daphne processes of PROFILE (embedded; or scaled: PostgreSQL at BENCH_POSTGRES_URL and
# a private Redis), then the same load against a bare-Channels baseline. KNEE=1 searches for the
# most rooms within p99 250 ms; BENCH_ARGS passes more options (python -m bench --help).
ROOMS ?= 50
PLAYERS ?= 12
DURATION ?= 30
PROFILE ?= embedded
PROCESSES ?= 1
# Then a training day (bench/day.py): DAY people join through one code within DAY_WITHIN seconds,
# tables are formed and opened, all started with one request, then DAY_PLAY seconds of live play
# at every table. DAY=0 skips it.
DAY ?= 120
DAY_WITHIN ?= 60
DAY_PLAY ?= 20
bench: install
	$(PY) -m bench --rooms $(ROOMS) --players $(PLAYERS) --duration $(DURATION) \
		--profile $(PROFILE) --processes $(PROCESSES) $(if $(KNEE),--knee) \
		--day $(DAY) --day-within $(DAY_WITHIN) --day-play $(DAY_PLAY) $(BENCH_ARGS)

lock: $(VENV)/.installed
	$(PY) -m pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --extra dev --generate-hashes --python-version 3.11 -o requirements.lock

clean:
	rm -rf $(VENV) .venv-3.* frontend/node_modules frontend/dist var/static
