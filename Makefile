# CFLI Grants. `make run` starts everything on embedded defaults; `make test` runs every check.
# `make help` lists the targets.

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py

# Django 6 needs Python 3.12 or newer; the machine's default python3 may be older.
PYTHON ?= $(shell \
	for candidate in $$(ls -d $$HOME/.pyenv/versions/3.13* $$HOME/.pyenv/versions/3.12* 2>/dev/null | sort -rV); do \
		if [ -x "$$candidate/bin/python3" ]; then echo "$$candidate/bin/python3"; exit 0; fi; \
	done; \
	for name in python3.13 python3.12 python3; do \
		if command -v $$name >/dev/null 2>&1 && $$name -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
			command -v $$name; exit 0; \
		fi; \
	done)

DEMO_ACCOUNTS := admin@cfli.example officer.mexico@cfli.example reviewer.mexico@cfli.example \
	approver.mexico@cfli.example officer.colombia@cfli.example reviewer.colombia@cfli.example \
	partner.oaxaca@cfli.example partner.bogota@cfli.example

# The test suite's services; override either on the command line or in the environment.
TEST_DATABASE_URL ?= $(or $(DATABASE_URL),postgres://postgres@127.0.0.1:5432/cfli)
TEST_REDIS_URL ?= $(or $(REDIS_URL),redis://127.0.0.1:6379/0)

# Debian packages: what the application needs (WeasyPrint's libraries and fonts, gettext), then
# what only the tests need (the browser; pdftotext to read generated PDFs).
RUNTIME_APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext
APT_PACKAGES := $(RUNTIME_APT_PACKAGES) chromium poppler-utils
# The two-node drill's load balancer (make bench-nodes only).
BENCH_NODES_APT_PACKAGES := haproxy

.PHONY: help
help: ## List the targets
	@grep -E '^[a-z-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-12s %s\n", $$1, $$2}'

.PHONY: python-check
python-check:
	@if [ -z "$(PYTHON)" ]; then \
		echo "CFLI Grants needs Python 3.12 or newer (Django 6 does)." >&2; \
		echo "Install one (for example 'pyenv install 3.13'), or run: make PYTHON=/path/to/python3.13 ..." >&2; \
		exit 1; \
	fi

$(VENV)/.runtime-installed: requirements.txt | python-check
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements.txt
	@touch $@

$(VENV)/.dev-installed: requirements.txt requirements-dev.txt | python-check
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-dev.txt
	@touch $@ $(VENV)/.runtime-installed

.PHONY: install
install: $(VENV)/.runtime-installed ## Create .venv and install the runtime pins

.PHONY: install-dev
install-dev: $(VENV)/.dev-installed ## Create .venv and install the test and tooling pins

.PHONY: prepare
prepare: install runtime-packages ## Migrate, compile messages, collect static files, seed the demo data
	$(MANAGE) migrate --no-input
	$(MANAGE) createcachetable
	$(MANAGE) compilemessages --ignore=.venv --verbosity 0
	$(MANAGE) collectstatic --no-input --verbosity 0
	$(MANAGE) seed_demo

.PHONY: run
run: prepare ## Start web, worker and scheduler on embedded defaults (Ctrl-C stops them all)
	@echo
	@echo "  CFLI Grants: http://127.0.0.1:8000/"
	@echo "  Demo accounts (password: cfli-demo-2026):"
	@for account in $(DEMO_ACCOUNTS); do echo "    $$account"; done
	@echo "  E-mails are printed below by the web process. Ctrl-C stops everything."
	@echo
	exec $(VENV)/bin/honcho start

.PHONY: runtime-packages
runtime-packages: ## Install the Debian packages the application needs, if missing
	@$(MAKE) --no-print-directory system-packages APT_PACKAGES="$(RUNTIME_APT_PACKAGES)"

.PHONY: system-packages
system-packages: ## Install the Debian packages the tests need, if missing
	@missing=""; for package in $(APT_PACKAGES); do \
		dpkg-query -W -f='$${Status}' $$package 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$package"; \
	done; \
	if [ -n "$$missing" ]; then \
		echo "Installing Debian packages:$$missing"; \
		if [ "$$(id -u)" = 0 ]; then SUDO=""; else SUDO="sudo -n"; fi; \
		$$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing >/dev/null \
			|| { $$SUDO apt-get update -q >/dev/null && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing >/dev/null; }; \
	fi

.PHONY: lint
lint: install-dev ## ruff lint and format check
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

.PHONY: typecheck
typecheck: install-dev ## Type-check services, selectors, permissions and workflow with mypy
	$(VENV)/bin/mypy

.PHONY: format
format: install-dev ## Format and fix what ruff can
	$(VENV)/bin/ruff format .
	$(VENV)/bin/ruff check --fix .

.PHONY: check
check: install-dev ## Migrations and catalogues are up to date
	DATABASE_URL=sqlite://:memory: $(MANAGE) makemigrations --check --dry-run
	$(MANAGE) translations_check

.PHONY: messages
messages: install-dev ## Update the French and Spanish catalogues from the code
	$(MANAGE) makemessages -l fr -l es --ignore=.venv --ignore=var --no-obsolete
	$(MANAGE) compilemessages --ignore=.venv

.PHONY: services-check
services-check: install-dev
	@DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(PY) -m tests.preflight

.PHONY: test
test: install-dev system-packages lint typecheck check services-check ## Everything: lint, types, checks, the whole suite with browser tests
	$(MANAGE) compilemessages --ignore=.venv --verbosity 0
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(VENV)/bin/pytest $(PYTEST_ARGS)
	@echo "Search, the staff list, the dashboards, prepared reads and sessions on SQLite, the embedded default: the same as on PostgreSQL."
	DATABASE_URL=sqlite://:memory: REDIS_URL=$(TEST_REDIS_URL) $(VENV)/bin/pytest -q -p no:cacheprovider tests/proposals/test_search.py tests/reporting/test_search_page.py tests/proposals/test_staff_list.py tests/reporting/test_dashboards.py tests/core/test_figures.py tests/core/test_prepared.py tests/accounts/test_sessions.py

.PHONY: test-e2e
test-e2e: install-dev system-packages services-check ## Only the browser journeys
	$(MANAGE) compilemessages --ignore=.venv --verbosity 0
	DATABASE_URL=$(TEST_DATABASE_URL) REDIS_URL=$(TEST_REDIS_URL) $(VENV)/bin/pytest -m e2e $(PYTEST_ARGS)

.PHONY: bench-pages
bench-pages: install-dev ## Time staff pages and dashboards on 10,000 seeded proposals (bench/README.md)
	@$(MAKE) --no-print-directory system-packages APT_PACKAGES="hey"
	$(PY) -m bench.pages $(BENCH_ARGS)

$(VENV)/.bench-installed: requirements-bench.txt $(VENV)/.dev-installed
	$(PY) -m pip install --quiet --disable-pip-version-check -r requirements-bench.txt
	@touch $@

.PHONY: bench
bench: install-dev $(VENV)/.bench-installed ## Deadline day under load on this machine, with a reconciliation (bench/README.md)
	$(PY) -m bench.deadline_day.run $(BENCH_ARGS)

.PHONY: bench-faults
bench-faults: install-dev $(VENV)/.bench-installed ## The same, with Redis, the worker and PostgreSQL killed mid-load (bench/deadline_day/README.md)
	$(PY) -m bench.deadline_day.run --faults $(BENCH_ARGS)

.PHONY: bench-nodes
bench-nodes: install-dev $(VENV)/.bench-installed ## The same on two web nodes behind HAProxy, attachments in S3 (bench/deadline_day/README.md)
	@$(MAKE) --no-print-directory system-packages APT_PACKAGES="$(BENCH_NODES_APT_PACKAGES)"
	$(PY) -m bench.deadline_day.run --nodes 2 $(BENCH_ARGS)

.PHONY: clean
clean: ## Remove the virtualenv and local data (var/)
	rm -rf $(VENV) var
