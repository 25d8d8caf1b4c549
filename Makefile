# Two commands on a fresh machine: `make run` and `make test`. Both start with the idempotent `make setup`.
SHELL := /bin/bash
.DEFAULT_GOAL := run
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
STAMPS := .stamps
# chromium: browser tests; gettext: message catalogues; poppler-utils: pdftotext/pdftoppm;
# zbar-tools: QR checks; fonts-dejavu-core: Kazakh glyphs for PDFs; hunspell-kk: Kazakh stems;
# postgresql: the records tests that need a real server; redis-server: the shared-limits tests.
DEBIAN_PACKAGES := chromium gettext poppler-utils zbar-tools fonts-dejavu-core hunspell-kk postgresql redis-server softhsm2 libnss3-tools
HOST ?= 127.0.0.1
PORT ?= 8000

.PHONY: setup debian venv messages run serve test lint bench demo clean

setup: debian venv messages

debian:
	@missing=$$(for p in $(DEBIAN_PACKAGES); do dpkg -s $$p >/dev/null 2>&1 || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:" $$missing; \
	  SUDO=$$([ "$$(id -u)" -eq 0 ] || echo sudo); \
	  $$SUDO apt-get update -q && \
	  $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends $$missing; \
	fi

venv: $(STAMPS)/venv

$(STAMPS)/venv: pyproject.toml
	@mkdir -p $(STAMPS)
	test -x $(PY) || python3.11 -m venv $(VENV) || python3 -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

messages: venv
	@$(MANAGE) compilemessages --ignore='.venv/*' -v 0

demo: setup
	$(MANAGE) migrate --noinput -v 0
	$(MANAGE) createcachetable
	$(MANAGE) import_act portal/fixtures/acts/000_04a4b0dd9774c7c6.txt
	$(MANAGE) import_act portal/fixtures/acts/003_b299304cea067258.txt
	$(MANAGE) make_demo_pki
	$(MANAGE) seed_demo

run: demo
	$(MANAGE) collectstatic --noinput -v 0
	@$(MANAGE) portal_urls --host $(HOST) --port $(PORT)
	@# The notification worker runs beside the server (mail into var/mail/, SMS into var/sms/), stopped with it.
	@$(MANAGE) notify_worker & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	$(MANAGE) runserver $(HOST):$(PORT)

test: setup
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache
	DJANGO_SETTINGS_MODULE=portal.settings.test $(MANAGE) makemigrations --check --dry-run
	$(VENV)/bin/pytest -q
	tests/run_postgres.sh -q tests/records tests/recorders tests/search/test_contract.py tests/search/test_outbox.py tests/certificates/test_registry.py

lint: venv
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

bench: setup
	@for script in bench/bench_*.py; do echo "== $$script"; $(PY) $$script || exit 1; done

clean:
	rm -rf $(STAMPS) db.sqlite3 static_collected test-artifacts
