# Two commands do everything on a fresh machine with python3 and pip:
#   make demo   - set up .venv, score and explain the bundled example
#   make test   - set up .venv, run the whole test suite
#   make fuzz   - the parser/checker/fmt fuzz target, long (FUZZ_EXAMPLES=100000 cases)
#   make bench  - the benchmark (benchmarks/README.md); make bench-quick for a 1% run
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: demo test lint typecheck clean setup bench bench-quick fuzz

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

# `make test` runs the fuzz target briefly (300 cases); this runs it long.
FUZZ_EXAMPLES ?= 100000
fuzz: $(STAMP)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/fuzz -q -p no:cacheprovider

lint: $(STAMP)
	$(BIN)/ruff check scoredsl tests benchmarks
	$(BIN)/ruff format --check scoredsl tests benchmarks

typecheck: $(STAMP)
	$(BIN)/mypy scoredsl

# BENCH_SCALE=1 is the full run (200k leads x ~50 events); BENCH_REPEATS runs per row,
# BENCH_SLOW_REPEATS for the rows that take minutes (Python and Spark on all 10M events).
BENCH_SCALE ?= 1
BENCH_REPEATS ?= 3
BENCH_SLOW_REPEATS ?= 3
bench: $(STAMP)
	BENCH_COMMAND="make bench" $(BIN)/python benchmarks/run.py --scale $(BENCH_SCALE) --repeats $(BENCH_REPEATS) --slow-repeats $(BENCH_SLOW_REPEATS)

bench-quick: $(STAMP)
	BENCH_COMMAND="make bench-quick" $(BIN)/python benchmarks/run.py --scale 0.01 --repeats 1 --out benchmarks/results-quick.md

clean:
	rm -rf $(VENV) dist build .pytest_cache .mypy_cache
