# Every entry point of the course. `make help` lists them.
SHELL := bash
.SHELLFLAGS := -eu -o pipefail -c
.DEFAULT_GOAL := help
MAKEFLAGS += --no-print-directory

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY_STAMP := $(VENV)/.installed
SITE_STAMP := $(VENV)/.site-installed
NPM_STAMP := node_modules/.installed
MERMAID := docs/assets/vendor/mermaid.min.js
PYTEST := $(BIN)/python -m pytest
# Inline Python in the pages, fences in tabs and admonitions included (tests/doctools).
MARKDOWN_DOCS := $(PYTEST) -p tests.doctools.markdown_plugin --markdown-docs \
	--markdown-docs-syntax=superfences
EVENT ?= code/events/create_session.json
MODULE ?=
TARGET ?= sandbox

.PHONY: help setup site-setup serve site test test-static test-suites test-unit test-integration \
	test-docs test-e2e test-browser lint checkov checkov-setup format zip sandbox sandbox-down \
	invoke api logs verify bench clean translations

help: ## list the targets
	@grep -hE '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-16s %s\n", $$1, $$2}'

# Set-up is incremental: each stamp is rebuilt only when its manifest changes. Reading the
# site needs only the `site` extra; everything else (tests, sandbox, lint, bench) needs `dev`.
$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

$(SITE_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[site]'
	touch $@

$(PY_STAMP): pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	touch $@ $(SITE_STAMP)

# The function's own Python (terraform/lambda.tf's runtime, found on PATH or in pyenv) with what
# Lambda's runtime provides: AWS's runtime client and boto3, pinned as in pyproject.toml.
LAMBDA_VENV := .venv-lambda
LAMBDA_STAMP := $(LAMBDA_VENV)/.installed
INTERPRETER := $(PYTHON) -m modules.runtime.interpreter

$(LAMBDA_STAMP): pyproject.toml terraform/lambda.tf
	rm -rf $(LAMBDA_VENV)
	python="$$($(INTERPRETER) find)" && "$$python" -m venv $(LAMBDA_VENV)
	$(LAMBDA_VENV)/bin/python -m pip install --quiet --disable-pip-version-check \
		$$($(INTERPRETER) requirements)
	touch $@

$(NPM_STAMP): package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

# Mermaid is served from the site itself, never from a CDN.
$(MERMAID): $(NPM_STAMP)
	mkdir -p $(dir $@)
	cp node_modules/mermaid/dist/mermaid.min.js $@

setup: $(PY_STAMP) $(LAMBDA_STAMP) $(MERMAID) ## create .venv, .venv-lambda and the npm dependencies

site-setup: $(SITE_STAMP) $(MERMAID) ## install only what building the site needs

serve: site-setup ## serve the site on http://127.0.0.1:8000 with live reload
	$(BIN)/mkdocs serve --dev-addr 127.0.0.1:8000 --livereload

site: site-setup ## build the site strictly into site/, with each language's print edition
	$(BIN)/mkdocs build --strict
	@echo "print editions: site/print_page/ (es), site/en/print_page/ (en)"

test: setup ## run every test suite (what CI runs)
	$(MAKE) --no-print-directory -j2 test-static test-suites
	$(MARKDOWN_DOCS) -p no:cacheprovider docs

# Lint, checkov and the unit tests take one core for about a minute: they run beside the suites,
# which spend much of their time waiting, and print in one piece when they end.
test-static: setup
	@out=$$({ $(MAKE) lint && $(MAKE) checkov && $(MAKE) test-unit; } 2>&1); status=$$?; \
		printf '%s\n' "$$out"; exit $$status

# Three workers on two cores: much of a test's time is waiting on Terraform, moto or a browser.
test-suites: setup
	$(PYTEST) tests --ignore=tests/unit -p no:cacheprovider --durations=10 -n 3

test-unit: setup ## unit tests with 100% line and branch coverage of code/auth_sessions
	$(PYTEST) tests/unit --cov --cov-report=term-missing

test-integration: setup ## DynamoDB, runtime and Terraform against the moto server
	$(PYTEST) tests/integration

test-docs: setup ## strict build, doc tests, translation parity, links
	$(PYTEST) tests/docs
	$(MARKDOWN_DOCS) docs

test-e2e: setup ## each module's runnable steps against a fresh sandbox
	$(PYTEST) tests/e2e

test-browser: setup ## the built site in headless Chromium
	$(PYTEST) tests/browser

translations: setup ## record that every English page is in line with its Spanish source
	$(BIN)/python -m tests.doctools.staleness --refresh

lint: setup ## ruff, the import contracts, the type checker, actionlint, and the API's OpenAPI file
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	$(BIN)/mypy
	$(BIN)/actionlint -shellcheck $(BIN)/shellcheck
	$(BIN)/openapi-spec-validator code/openapi.yaml

# checkov lives in a venv of its own: its pins clash with the project's.
CHECKOV_VENV := .venv-checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed

$(CHECKOV_STAMP):
	$(PYTHON) -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/python -m pip install --quiet --disable-pip-version-check 'checkov==3.3.30'
	touch $@

checkov-setup: $(CHECKOV_STAMP) ## install checkov in a venv of its own

checkov: $(CHECKOV_STAMP) ## scan terraform/ with checkov (offline; every skip states its reason)
	$(CHECKOV_VENV)/bin/checkov -d terraform --framework terraform --quiet --compact --skip-download

format: setup ## format the Python code
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

zip: setup ## build build/lambda.zip deterministically and print its size and sha256
	$(BIN)/course zip

sandbox: setup ## start the local AWS and deploy the course's Terraform into it
	$(BIN)/course sandbox up

sandbox-down: setup ## destroy everything in the sandbox and stop it
	$(BIN)/course sandbox down

# `course` says what is missing (an event file, a module) in the run's language.
invoke: setup ## invoke the function with EVENT=code/events/… (TARGET=sandbox|aws)
	$(BIN)/course invoke --target $(TARGET) --event $(EVENT)

api: setup ## serve the sandbox's REST API on http://127.0.0.1:3000
	$(BIN)/course api

logs: setup ## print the function's log group (TARGET=sandbox|aws)
	$(BIN)/course logs --target $(TARGET)

verify: setup ## check a module's work: make verify MODULE=2 (TARGET=sandbox|aws)
	$(BIN)/course verify $(MODULE) --target $(TARGET)

bench: setup ## run the benchmarks and write bench/results.json and bench/results.png
	$(BIN)/python -m bench

clean: ## remove build output (keeps .venv and node_modules)
	rm -rf site build .pytest_cache .ruff_cache .coverage htmlcov $(MERMAID)
