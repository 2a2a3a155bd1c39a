# Quick start: `make run` opens the app on the sample review; `make test` runs every check.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed

.PHONY: run test test-lowest bench demo lint-imports schema docs clean dist dist-check install-desktop

$(STAMP): pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $(STAMP)

run: $(STAMP)
	$(VENV)/bin/sit-maturity open-sample

test: $(STAMP)
	$(VENV)/bin/ruff check .
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

# The desktop bundle (no Python needed to run it): dist/sit-maturity-VERSION-PLATFORM/ and its .zip.
DIST_STAMP := $(VENV)/.dist-installed
$(DIST_STAMP): $(STAMP)
	$(PY) -m pip install --quiet -e '.[test,dist]'
	touch $(DIST_STAMP)

dist: $(DIST_STAMP)
	rm -rf dist/sit-maturity-*
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist --workpath build/pyinstaller \
		.ci/dist/sit-maturity.spec
	du -sh dist/sit-maturity-*

# Run the built bundle alone (no venv or Python on the PATH, network cut) through every check.
dist-check: $(STAMP)
	.ci/dist/smoke.sh "$$(ls -d dist/sit-maturity-*-linux-* | grep -v '\.zip$$' | head -n1)" \
		"$$($(PY) -c "from maturity.cli import build_parser; print(*build_parser().get_default('subcommands'))")"

# Add the app to this user's desktop menu and open .sitreview files with it (no admin rights):
# the built bundle if there is one, else this checkout's venv.
install-desktop: $(STAMP)
	prog=$$(ls -d $(CURDIR)/dist/sit-maturity-*-linux-*/sit-maturity 2>/dev/null | head -n1); \
	.ci/dist/install-desktop.sh "$${prog:-$(CURDIR)/$(VENV)/bin/sit-maturity}"

clean:
	rm -rf $(VENV) .venv-lowest build dist *.egg-info
