# Two commands set up and check a fresh machine: `make run` and `make test`.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
PLUGIN_PROJECTS := $(wildcard plugins/*/pyproject.toml)
PLUGIN_DIRS := $(patsubst %/pyproject.toml,%,$(PLUGIN_PROJECTS))
PYTEST_JOBS ?= 2
BENCH_ARGS ?=

.PHONY: run test lint docs bench clean

$(STAMP): pyproject.toml $(PLUGIN_PROJECTS)
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]' \
		$(foreach dir,$(PLUGIN_DIRS),-e $(dir))
	touch $(STAMP)

## Install everything into .venv, clean corpora/seeds into cleaned/ and print the summary.
run: $(STAMP)
	$(BIN)/textclean run corpora/seeds -o cleaned --config corpora/seeds/textclean.toml

## The whole suite: lint, tests (hypothesis "ci" profile) and a strict docs build.
test: $(STAMP)
	$(BIN)/ruff check .
	HYPOTHESIS_PROFILE=ci $(BIN)/python -m pytest -n $(PYTEST_JOBS)
	NO_MKDOCS_2_WARNING=1 $(BIN)/mkdocs build --strict --quiet --site-dir site

lint: $(STAMP)
	$(BIN)/ruff check .

docs: $(STAMP)
	$(BIN)/mkdocs build --strict --site-dir site

bench: $(STAMP)
	$(BIN)/python -m benchmarks.harness $(BENCH_ARGS)

clean:
	rm -rf $(VENV) cleaned site .pytest_cache .ruff_cache .hypothesis
