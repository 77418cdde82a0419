# Two commands do everything on a fresh machine with python3 and pip:
#   make demo   - set up .venv, score and explain the bundled example, backtest, fit and diff it
#   make test   - set up .venv, run the whole test suite
#   make test-fast - while developing: the suite without the wheel and Spark tests, fewer examples
#   make fuzz   - the parser/checker/fmt fuzz target, long (FUZZ_EXAMPLES=100000 cases)
#   make bench  - the benchmark (benchmarks/README.md); make bench-quick for a 1% run
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
# Two stamps: the demo needs only scoredsl, its runtime dependencies and the extras the demo
# runs (`all`: DuckDB for the CSV demo, analysis for backtest and fit, reports for the HTML
# report, sql, parquet); tests add the dev tools
# (pytest, mypy, ruff...). `make demo` on a fresh machine installs no dev tool.
STAMP     := $(VENV)/.installed
HISTORY   := rulesets/data/b2b_history
DEV_STAMP := $(VENV)/.installed-dev


.PHONY: demo test test-fast test-pythons lint typecheck clean setup bench bench-quick fuzz

setup: $(DEV_STAMP)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[all]"
	touch $(STAMP)

$(DEV_STAMP): $(STAMP)
	$(BIN)/python -m pip install --quiet -e ".[all,dev]"
	touch $(DEV_STAMP)

demo: $(STAMP)
	$(BIN)/scoredsl check rulesets/b2b_saas.score rulesets/event_led.score rulesets/ecommerce.score
	$(BIN)/scoredsl score rulesets/b2b_saas.score --leads rulesets/data/b2b_leads.jsonl --as-of 2026-11-01 --format table
	$(BIN)/scoredsl explain rulesets/b2b_saas.score --leads rulesets/data/b2b_leads.jsonl --lead L-1001 --as-of 2026-11-01
	$(BIN)/scoredsl score rulesets/event_led.score --leads rulesets/data/event_leads.csv --events rulesets/data/event_events.csv --as-of 2026-11-01 --format table
	$(BIN)/scoredsl score rulesets/ecommerce.score --leads rulesets/data/shoppers.jsonl --as-of 2026-11-01 --format table
	$(BIN)/scoredsl test rulesets/ --coverage --min-coverage 100
	$(BIN)/scoredsl card rulesets/b2b_saas.score
	@mkdir -p demo-out
	$(BIN)/scoredsl backtest rulesets/b2b_saas.score --leads $(HISTORY)_leads.csv --events $(HISTORY)_events.csv --outcomes $(HISTORY)_outcomes.csv --as-of 2026-11-01
	$(BIN)/scoredsl backtest rulesets/b2b_saas.score --leads $(HISTORY)_leads.csv --events $(HISTORY)_events.csv --outcomes $(HISTORY)_outcomes.csv --as-of 2026-11-01 --format html -o demo-out/backtest.html
	$(BIN)/scoredsl fit rulesets/b2b_saas.score --leads $(HISTORY)_leads.csv --events $(HISTORY)_events.csv --outcomes $(HISTORY)_outcomes.csv --as-of 2026-11-01 --seed 1 -o demo-out/b2b_saas.fitted.score
	$(BIN)/scoredsl diff rulesets/b2b_saas.score rulesets/proposed/b2b_saas.score --leads $(HISTORY)_leads.csv --events $(HISTORY)_events.csv --outcomes $(HISTORY)_outcomes.csv --as-of 2026-11-01
	$(BIN)/scoredsl diff rulesets/b2b_saas.score rulesets/proposed/b2b_saas.score --leads $(HISTORY)_leads.csv --events $(HISTORY)_events.csv --outcomes $(HISTORY)_outcomes.csv --as-of 2026-11-01 --format html -o demo-out/diff.html
	@echo "demo-out/backtest.html: the backtest report; demo-out/b2b_saas.fitted.score: the fitted ruleset; demo-out/diff.html: what rulesets/proposed/b2b_saas.score would change"

# The other Pythons first, so the whole suite's summary is the last line printed. The suite
# runs on every core (pytest-xdist; PYTEST_WORKERS=0 runs it in one process); the wheel's
# tests and the Spark tests keep to one worker each (tests/conftest.py groups them).
PYTEST_WORKERS ?= auto
PYTEST_PARALLEL = -n $(PYTEST_WORKERS) --dist loadgroup
test: $(DEV_STAMP) lint typecheck test-pythons
	$(BIN)/python -m pytest -q -rs $(PYTEST_PARALLEL)

# While developing: all but the wheel (slow) and Spark tests, each property test at a fifth
# of its examples (Hypothesis profile `fast`, random examples); no lint, no other Pythons.
test-fast: $(DEV_STAMP)
	HYPOTHESIS_PROFILE=fast $(BIN)/python -m pytest -q -rs $(PYTEST_PARALLEL) -m "not slow and not spark"

# requires-python is >=3.10: the tests of what differs between Python versions (instants,
# numbers, readers, spec 9 and 12) run again on every other CPython 3.10+ this machine has
# (pyenv's, as on this project's machines), each in its own venv; none found, none run.
VERSION_TESTS := tests/test_instants.py tests/test_spec_09_time_rounding.py tests/test_numbers.py tests/test_io_readers.py tests/test_spec_12_exports.py
test-pythons: $(DEV_STAMP)
	@for py in $$(ls -d $${PYENV_ROOT:-$$HOME/.pyenv}/versions/3.1[0-9]*/bin/python 2>/dev/null); do \
	  v=$$($$py -c 'import sys; print("%d.%d" % sys.version_info[:2])'); \
	  [ "$$v" = "$$($(BIN)/python -c 'import sys; print("%d.%d" % sys.version_info[:2])')" ] && continue; \
	  echo "== Python $$v: $(VERSION_TESTS)"; \
	  [ -x .venv-py$$v/bin/python ] || $$py -m venv .venv-py$$v || exit 1; \
	  [ .venv-py$$v/.installed -nt pyproject.toml ] || { .venv-py$$v/bin/python -m pip install --quiet -e ".[all,dev]" && touch .venv-py$$v/.installed; } || exit 1; \
	  .venv-py$$v/bin/python -m pytest -q -p no:cacheprovider $(VERSION_TESTS) || exit 1; \
	done

# `make test` runs the fuzz target briefly (300 cases); this runs it long.
FUZZ_EXAMPLES ?= 100000
fuzz: $(DEV_STAMP)
	FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/python -m pytest tests/fuzz -q -p no:cacheprovider

lint: $(DEV_STAMP)
	$(BIN)/ruff check scoredsl tests benchmarks
	$(BIN)/ruff format --check scoredsl tests benchmarks

typecheck: $(DEV_STAMP)
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
	rm -rf $(VENV) .venv-py3.* dist build .pytest_cache .mypy_cache demo-out
