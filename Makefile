# `make demo` and `make test` each build .venv from nothing (Python 3 only), then run.
# `make demo` installs the runtime dependencies only (stamp .venv/.runtime; no bytecode compiled ahead:
# Python writes it for what a run imports); `make test` adds the test extra on top (stamp .venv/.installed).
# benchmarks/install.py measures the demo's venv size and time to the first map on a fresh clone.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
RUNTIME := $(VENV)/.runtime
STAMP := $(VENV)/.installed

.PHONY: demo test bench clean

$(RUNTIME): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --no-compile --upgrade pip
	$(BIN)/python -m pip install --quiet --no-compile -e .
	touch $(RUNTIME)

$(STAMP): $(RUNTIME)
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

demo: $(RUNTIME)
	$(BIN)/rangemap demo

test: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/python -m pytest

bench: $(STAMP)
	$(BIN)/python -m benchmarks.accuracy
	$(BIN)/python -m benchmarks.pictures
	$(BIN)/python -m benchmarks.speed
	$(BIN)/python -m benchmarks.figures
	$(BIN)/python -m benchmarks.many_rings
	$(BIN)/python -m benchmarks.web_speed
	$(BIN)/python -m benchmarks.drag
	$(BIN)/python -m benchmarks.scale

clean:
	rm -rf $(VENV) out build *.egg-info
