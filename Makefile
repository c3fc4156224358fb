# `make demo` and `make test` each build .venv from nothing (Python 3 only), then run.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: demo test bench clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(STAMP)
	$(BIN)/rangemap demo

test: $(STAMP)
	$(BIN)/python -m pytest

bench: $(STAMP)
	cd benchmarks && ../$(BIN)/python accuracy.py && ../$(BIN)/python pictures.py && ../$(BIN)/python speed.py
	$(BIN)/python -m benchmarks.scale

clean:
	rm -rf $(VENV) out build *.egg-info
