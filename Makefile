PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: install serve test lint unit e2e bench bench-web bench-scan bench-uploads screenshots format clean

$(STAMP): pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	touch $(STAMP)

install: $(STAMP)

serve: install
	$(BIN)/stilton serve --host 127.0.0.1 --port 8080 --data ./var

lint: install
	$(BIN)/ruff format --check src tests bench scripts
	$(BIN)/ruff check src tests bench scripts
	$(BIN)/mypy

format: install
	$(BIN)/ruff format src tests bench scripts
	$(BIN)/ruff check --fix src tests bench scripts

test: install lint
	$(BIN)/pytest -n auto --dist loadfile tests

bench: install
	$(BIN)/python bench/index_bench.py

bench-web: install
	$(BIN)/python bench/web_bench.py

bench-scan: install
	$(BIN)/python bench/scan_bench.py

bench-uploads: install
	$(BIN)/python bench/upload_realworld.py

screenshots: install
	$(BIN)/python scripts/screenshots.py

clean:
	rm -rf $(VENV) build *.egg-info
