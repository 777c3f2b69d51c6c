# Two entry points a new machine needs: `make demo` and `make test` (python3, make, git only).
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin
DB ?= dateline.duckdb

.PHONY: demo test install install-test clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

install: $(BIN)/python
	$(BIN)/pip install --quiet -e .

install-test: $(BIN)/python
	$(BIN)/pip install --quiet -e '.[test,spark,web-test]'

demo: install
	$(BIN)/dateline ingest examples/ --db $(DB)
	$(BIN)/dateline stats --db $(DB)
	$(BIN)/dateline docs --db $(DB)
	$(BIN)/dateline events --db $(DB)

test: install-test
	$(BIN)/python -m pytest -q

clean:
	rm -rf $(VENV) $(DB) .pytest_cache
