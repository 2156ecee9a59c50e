# One-command set-up: every target creates .venv when it is missing and installs into it.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
OUT    ?= outputs

.PHONY: report test lint golden lab wheelhouse

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip

# Stamps record what was installed; they are rebuilt when pyproject.toml changes.
$(VENV)/.installed-runtime: pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed-runtime
	$(BIN)/python -m pip install --quiet -e ".[test,lint,cluster]"
	touch $@

$(VENV)/.installed-lab: pyproject.toml $(VENV)/.installed-runtime
	$(BIN)/python -m pip install --quiet -e ".[lab]"
	touch $@

## report: run the sample year(s) and write the HTML reports into $(OUT)/
report: $(VENV)/.installed-runtime
	$(BIN)/audit run --all --out $(OUT)

## test: lint and types, then the whole test suite
test: lint
	$(BIN)/python -m pytest

## lint: ruff (lint and format) and mypy, as configured in pyproject.toml
lint: $(VENV)/.installed-test
	$(BIN)/ruff check src tests benchmarks tools dev.py hatch_build.py
	$(BIN)/ruff format --check src tests benchmarks tools dev.py hatch_build.py
	$(BIN)/mypy

## golden: deliberately rewrite the golden metrics (tests/golden/<year>.json) and the stored
## executed notebooks (tests/notebooks/<year>/) of every params/<year>.yaml; review `git diff` after
golden: $(VENV)/.installed-test
	$(BIN)/python -m pytest tests/test_metrics.py tests/test_notebooks.py --update-golden -q

## lab: JupyterLab at the project root (params/, data/, outputs/; each audit's notebook is in src/audit/audits/<name>/)
lab: $(VENV)/.installed-lab
	$(BIN)/jupyter lab .

## wheelhouse: every wheel for an offline install, with install.bat / install.sh, in wheelhouse/<platform>-py<version>/
## (tools/wheelhouse.py): PLATFORM=win_amd64|manylinux_2_28_x86_64|… (default: this machine's),
## PYTHON_VERSION=3.11 (default: the venv's), EXTRAS=lab (default: none), DEST=folder
PLATFORM       ?=
PYTHON_VERSION ?=
EXTRAS         ?=
DEST           ?=
wheelhouse: $(BIN)/python
	$(BIN)/python tools/wheelhouse.py$(if $(PLATFORM), --platform $(PLATFORM))$(if $(PYTHON_VERSION), --python-version $(PYTHON_VERSION))$(if $(EXTRAS), --extras $(EXTRAS))$(if $(DEST), --dest $(DEST))
