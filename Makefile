# newsfacts: `make run` and `make test` are the two commands (see README.md).
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-from-lock

.PHONY: run test bench lock clean

run: $(STAMP)
	$(BIN)/newsfacts run

test: $(STAMP)
	$(BIN)/python -m pytest -q -n auto --dist loadfile

bench: $(STAMP)
	$(BIN)/python -m benchmarks.gold
	$(BIN)/python -m benchmarks.conformance

# (Re)create the virtualenv whenever the lock file or the project metadata changes.
$(STAMP): requirements.lock pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -r requirements.lock
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --no-deps --no-build-isolation -e .
	@touch $(STAMP)

# Regenerate the lock from the ranges in pyproject.toml (needs the package index).
lock:
	rm -rf .lockenv && $(PYTHON) -m venv .lockenv
	.lockenv/bin/pip install --quiet -e '.[dev]'
	{ echo "# Exact versions of every dependency (generated: make lock). Installed by make into .venv."; \
	  echo "setuptools==65.5.0"; echo "wheel==0.48.0"; .lockenv/bin/pip freeze --exclude-editable | sort -f; } > requirements.lock
	rm -rf .lockenv

clean:
	rm -rf $(VENV) warehouse/*.duckdb* warehouse/reports .pytest_cache
