# The two front doors: `make demo` and `make test`. Both bootstrap uv and the locked
# environment on a machine that has only Python and pip.
SHELL := /bin/bash
PYTHON ?= python3
UV := $(shell command -v uv 2>/dev/null || echo "$(PYTHON) -m uv")
export PREFECT_SERVER_ANALYTICS_ENABLED ?= false
export DO_NOT_TRACK ?= 1

.PHONY: demo serve test test-slow lint bootstrap bench clean-data

# --compile-bytecode: where Python may not write its cache (PYTHONDONTWRITEBYTECODE, a
# read-only image) every process would otherwise compile Prefect and Scrapy from source:
# ~2 s of CPU per crawl-site run (engine + scrapy). Once compiled, the check costs <1 s.
bootstrap:
	@command -v uv >/dev/null 2>&1 || $(PYTHON) -m uv --version >/dev/null 2>&1 || \
		{ echo "installing uv with pip"; $(PYTHON) -m pip install --quiet uv; }
	@$(UV) sync --frozen --quiet --compile-bytecode

demo: bootstrap
	$(UV) run provnews demo

# Prefect server + work pool + deployments from prefect.yaml + a worker, on 127.0.0.1.
serve: bootstrap
	$(UV) run provnews serve

# pytest exit code 5 means "no tests collected": not a failure of the suite.
test: bootstrap
	@$(UV) run pytest; rc=$$?; if [ $$rc -eq 5 ]; then rc=0; fi; exit $$rc

test-slow: bootstrap
	@$(UV) run pytest -m slow; rc=$$?; if [ $$rc -eq 5 ]; then rc=0; fi; exit $$rc

lint: bootstrap
	$(UV) run ruff check .
	$(UV) run ruff format --check .

# Each script prints its figures and writes them to bench/results/<name>.json.
bench: bootstrap
	$(UV) run python bench/extraction.py
	$(UV) run python bench/enrichment.py
	$(UV) run python bench/crawl.py
	$(UV) run python bench/bench_load.py
	$(UV) run python bench/warehouse.py --sizes 10000
	$(UV) run python bench/commands.py

clean-data:
	rm -rf data/
