# The two commands a newcomer needs: `make publish` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
ISSUES := $(sort $(wildcard corpus/*/))

.PHONY: setup publish test test-fast lint bench fonts clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml scripts/system-deps.sh tools/ace/package-lock.json
	bash scripts/system-deps.sh test
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[test]'
	bash scripts/install-ace.sh
	touch $@

# Import any bundled issue that has only its raw source, then build every issue into out/.
publish: setup
	@for d in $(ISSUES); do \
	  if [ ! -f $$d/issue.yaml ]; then \
	    src=$$(ls $$d/source/*.txt | head -n 1); \
	    $(BIN)/publish import "$$src" --out $$d || exit 2; \
	  fi; \
	done
	$(BIN)/publish build $(ISSUES) --out out
	@for d in $(ISSUES); do $(BIN)/publish check $$d --editions out || exit 1; done

test: setup
	$(BIN)/pytest

# Daily work: everything but the tests marked slow (those that build real outputs).
test-fast: setup
	$(BIN)/pytest -m "not slow"

lint: setup
	@for d in $(ISSUES); do $(BIN)/publish lint $$d; done

# The bench's reference tools that come from PyPI (Typst): the `bench` extra, installed once.
bench: setup $(VENV)/.bench-installed
	$(BIN)/python bench/run.py

$(VENV)/.bench-installed: pyproject.toml
	$(BIN)/pip install -q -e '.[bench]'
	touch $@

fonts:
	bash fonts/regenerate.sh

clean:
	rm -rf out
