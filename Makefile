# Toolpath: `make run` serves the app with the sample courses; `make test` runs the whole suite.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
HOST   ?= 127.0.0.1
PORT   ?= 5000

.PHONY: install run test bench browser clean

# One install step shared by every target: the venv, the project (editable) and its test extras.
$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --config-settings editable_mode=compat -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/toolpath db upgrade
	$(BIN)/toolpath load-samples
	@echo ""
	@echo "Toolpath is at http://$(HOST):$(PORT)/"
	@echo "Demo administrator: admin@demo.toolpath.test / $$($(BIN)/python -c 'from authoring.interchange.samples import demo_password; print(demo_password())')"
	@echo "(also author@, reviewer@, teacher@ and learner@demo.toolpath.test with the same password)"
	@echo ""
	$(BIN)/toolpath run --host $(HOST) --port $(PORT)

# Browser tests drive Debian's Chromium (Playwright cannot download browsers here).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium package (sudo apt-get install chromium) for the browser tests"; fi; }

test: install browser
	$(BIN)/pytest

bench: install
	$(BIN)/pytest tests/bench --benchmark-columns=min,median,mean,max,rounds

clean:
	rm -rf $(VENV) .pytest_cache .benchmarks
