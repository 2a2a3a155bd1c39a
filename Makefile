# Quick start: `make run` opens the app on the sample review; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-lowest bench demo lint-imports schema docs clean

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/sit-maturity open-sample

test: $(STAMP)
	$(VENV)/bin/lint-imports
	QT_QPA_PLATFORM=offscreen $(PY) -m pytest

# The suite on the oldest dependency versions pyproject.toml allows (a separate venv).
test-lowest:
	test -x .venv-lowest/bin/python || $(PYTHON) -m venv .venv-lowest
	.venv-lowest/bin/python -m pip install --quiet -c .ci/lowest.txt -e '.[test]'
	QT_QPA_PLATFORM=offscreen .venv-lowest/bin/python -m pytest

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(PY) bench/run.py

schema: $(STAMP)
	$(PY) -m maturity.cli schema > domains/framework.schema.json

docs: $(STAMP)
	$(PY) -m maturity.cli framework --markdown > docs/framework.md

clean:
	rm -rf $(VENV) .venv-lowest build *.egg-info
