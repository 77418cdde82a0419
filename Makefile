# Two commands do everything on a fresh machine with python3 and pip:
#   make demo   - set up .venv, score and explain the bundled example
#   make test   - set up .venv, run the whole test suite
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck clean setup

setup: $(STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/scoredsl check rulesets/b2b_saas.score rulesets/event_led.score rulesets/ecommerce.score
	$(BIN)/scoredsl score rulesets/b2b_saas.score --leads rulesets/data/b2b_leads.jsonl --as-of 2026-11-01 --format table
	$(BIN)/scoredsl explain rulesets/b2b_saas.score --leads rulesets/data/b2b_leads.jsonl --lead L-1001 --as-of 2026-11-01
	$(BIN)/scoredsl score rulesets/event_led.score --leads rulesets/data/event_leads.csv --events rulesets/data/event_events.csv --as-of 2026-11-01 --format table
	$(BIN)/scoredsl score rulesets/ecommerce.score --leads rulesets/data/shoppers.jsonl --as-of 2026-11-01 --format table
	$(BIN)/scoredsl test rulesets/ --coverage --min-coverage 100

test: $(STAMP) lint typecheck
	$(BIN)/python -m pytest -q -rs

lint: $(STAMP)
	$(BIN)/ruff check scoredsl tests
	$(BIN)/ruff format --check scoredsl tests

typecheck: $(STAMP)
	$(BIN)/mypy scoredsl

clean:
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache
