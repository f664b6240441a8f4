# The two commands of the README: `make run` and `make test`.
# Everything they need is installed here, so both work on a fresh Debian machine.

VENV    ?= .venv
PY      := $(VENV)/bin/python
PYTHON  ?= python3
SUDO    := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
DEBIAN_PACKAGES := python3-venv libmagic1 fonts-wqy-zenhei chromium poppler-utils p7zip-full zip tesseract-ocr tesseract-ocr-chi-sim
DEMO_DIR := var/demo-sips
HOST    ?= 127.0.0.1:8000
TASK_BACKEND := django_tasks_db.DatabaseBackend

.PHONY: run test lint pytest install system-deps demo clean

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py archive_setup
	$(PY) manage.py make_demo_cases --register-agencies
	$(PY) manage.py disclosure_pages_setup
	$(PY) manage.py checklist_pages_setup
	@if [ ! -d $(DEMO_DIR) ]; then $(PY) manage.py make_demo_cases $(DEMO_DIR) 12 --seed 2025; fi
	$(PY) manage.py ingest $(DEMO_DIR)/* --user admin
	$(PY) manage.py dossier_assemble --all
	$(PY) manage.py text_extract
	$(PY) manage.py update_index
	$(PY) manage.py archive_setup --demo-users
	@# The server queues background tasks (API ingests, disc exports) in the
	@# database; a task worker runs them beside it and stops with it.
	ARCHIVE_TASK_BACKEND=$(TASK_BACKEND) $(PY) manage.py db_worker --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	ARCHIVE_TASK_BACKEND=$(TASK_BACKEND) $(PY) manage.py runserver $(HOST)

test: install lint pytest

lint:
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .
	DJANGO_SETTINGS_MODULE=settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=settings.test $(PY) manage.py makemigrations --check --dry-run

pytest:
	$(VENV)/bin/pytest $(PYTEST_ARGS)

install: system-deps $(VENV)/.installed

system-deps:
	@missing=""; for p in $(DEBIAN_PACKAGES); do \
	  dpkg -s $$p >/dev/null 2>&1 || missing="$$missing $$p"; done; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  $(SUDO) apt-get update -q && \
	  DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -q --no-install-recommends $$missing; \
	fi

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e ".[dev]"
	touch $@

demo: install
	$(PY) manage.py make_demo_cases $(DEMO_DIR) 12 --seed 2025

clean:
	rm -rf var
