# Two commands: `make run` (install + self-check this machine) and `make test` (install + every test).
PY      ?= python3
VENV    := .venv
BIN     := $(VENV)/bin
export PIP_DISABLE_PIP_VERSION_CHECK := 1

.PHONY: run test lint typecheck pytest debian bench clean

$(BIN)/python:
	$(PY) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip

# Reinstall whenever pyproject.toml changes.
$(VENV)/.stamp-run: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e .
	touch $@

$(VENV)/.stamp-test: pyproject.toml | $(BIN)/python
	$(BIN)/pip install -q -e '.[test]'
	touch $@ $(VENV)/.stamp-run

run: $(VENV)/.stamp-run
	@$(BIN)/qpfleet selfcheck; rc=$$?; \
	  echo "qpfleet selfcheck exited $$rc (0 ready, 1 not ready, 3 undetermined)"; \
	  [ $$rc -ne 2 ]

debian:
	bash tools/install-debian-packages

lint: $(VENV)/.stamp-test
	$(BIN)/ruff check checks provisioning tests bench

typecheck: $(VENV)/.stamp-test
	$(BIN)/mypy

pytest: $(VENV)/.stamp-test
	$(BIN)/python -m pytest -q $(PYTEST_ARGS)

test: debian $(VENV)/.stamp-test
	$(MAKE) lint typecheck pytest

bench: $(VENV)/.stamp-test
	for b in bench/bench_*.py; do echo "== $$b"; $(BIN)/python $$b || exit 1; done

clean:
	rm -rf $(VENV) .mypy_cache .ruff_cache .pytest_cache
