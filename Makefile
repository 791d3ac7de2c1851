# The two commands a newcomer runs: `make demo` and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed-stamp
PORT   ?= 8501
# The demo keeps its own data beside the checkout, never in the user's data directory.
DEMO_DATA ?= $(CURDIR)/.demo-data
LINT_NPM  := tests/cypher_lint/node_modules/.package-lock.json

.PHONY: install demo test test-reliability test-neo4j neo4j lint bench eval clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip "setuptools>=77"
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

install: $(STAMP)

## Load the bundled (fictional) sample corpus into the embedded store and open the dashboard.
demo: $(STAMP)
	$(BIN)/reviewgraph --data-dir $(DEMO_DATA) load --sample
	$(BIN)/reviewgraph --data-dir $(DEMO_DATA) dashboard --port $(PORT)

## Neo4j's own Cypher linter (npm), which the suite runs over every statement we send.
$(LINT_NPM): tests/cypher_lint/package-lock.json
	@if command -v npm >/dev/null 2>&1; then \
		npm ci --prefix tests/cypher_lint --no-audit --no-fund --silent; \
	else echo "npm not found: the Neo4j Cypher lint tests will skip (install Node 20)"; fi

## The whole suite on the embedded store, but the slow fault reproductions (make
## test-reliability). pytest's exit code 5 means it collected no tests: say so loudly.
test: $(STAMP) $(LINT_NPM)
	@$(BIN)/python -m pytest -m "not reliability" $(PYTEST_ARGS); rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "pytest collected no tests"; exit 0; fi; exit $$rc

## The slow fault reproductions of issue 13 (kill -9, runaway queries, concurrent loads).
test-reliability: $(STAMP)
	$(BIN)/python -m pytest -m reliability tests/reliability

## The tests that use a store, on a real Neo4j 5 the suite starts (and always stops) itself:
## Neo4j's jars come from Maven Central once (needs java 17 and mvn).
test-neo4j: $(STAMP) $(LINT_NPM)
	$(BIN)/python tests/neo4j_suite.py $(PYTEST_ARGS)

## A local Neo4j 5 for your own use (no Docker): `reviewgraph neo4j stop` stops it.
neo4j: $(STAMP)
	$(BIN)/reviewgraph neo4j start

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/mypy -p reviewgraph

## Score extraction against the labelled documents (tests/eval/labels.yaml), built into a
## temp dir; EVAL_SPLIT=heldout scores the held-out documents.
EVAL_SPLIT ?= dev
eval: $(STAMP)
	@tmp=$$(mktemp -d); trap 'rm -rf "$$tmp"' EXIT; \
	$(BIN)/python -m reviewgraph.loaders.sample.build "$$tmp/sample" >/dev/null && \
	$(BIN)/python tests/eval/build.py "$$tmp/eval" >/dev/null && \
	$(BIN)/reviewgraph eval tests/eval/labels.yaml --split $(EVAL_SPLIT) \
		--root sample="$$tmp/sample" --root eval="$$tmp/eval"

bench: $(STAMP)
	$(BIN)/python -m bench.run_all

clean:
	rm -rf $(VENV) build dist *.egg-info .pytest_cache test-artifacts
