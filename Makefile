# nianbao: `make demo` runs the whole thing, `make test` passes the tests.
# Both work on a fresh clone with nothing but Python 3.11+: they create .venv first.

PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: install demo test lint format bench clean

install: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e ".[dev]"
	touch $@

demo: install
	$(BIN)/nianbao demo

test: install
	$(BIN)/pytest -q -n auto --dist loadfile

lint: install
	$(BIN)/ruff check .

format: install
	$(BIN)/ruff format .

bench: install
	$(BIN)/nianbao bench

clean:
	rm -rf data test-artifacts .pytest_cache
