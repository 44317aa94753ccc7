# Two commands: `make run` starts the app on its embedded default (no keys, no network); `make test` runs every test.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin

.PHONY: run test lint bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

$(VENV)/.runtime: requirements.txt | $(BIN)/python
	$(BIN)/pip install --quiet -r requirements.txt
	touch $@

$(VENV)/.dev: requirements-dev.txt requirements.txt $(VENV)/.runtime
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $@

run: $(VENV)/.runtime
	$(BIN)/python main.py

test: $(VENV)/.dev
	$(BIN)/ruff check .
	$(BIN)/python -m tools.check_data
	$(BIN)/python -m pytest -q

lint: $(VENV)/.dev
	$(BIN)/ruff check .

bench: $(VENV)/.dev
	$(BIN)/python -m bench.resolve
	$(BIN)/python -m bench.create_itinerary
	$(BIN)/python -m bench.event_loop
	$(BIN)/python -m bench.memory
	$(BIN)/python -m bench.toptw --all --days 1 --seconds 1
