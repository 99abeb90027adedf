# The two commands of the README: `make run` and `make test`. Everything they need is installed
# here, into .venv and node_modules, from the lock files.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
PY := $(BIN)/python
HOST ?= 127.0.0.1
PORT ?= 8000
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: run dev test install lint check messages makemessages migrate demo worker bench bench-import bench-compliance lock clean

install: $(VENV)/.installed node_modules/.installed

$(VENV)/.installed: requirements.lock
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 11))' || { echo "Python 3.11+ is required"; exit 1; }
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements.lock
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund
	touch $@

messages: install
	$(BIN)/pybabel compile --domain=django --directory=locale --statistics
	$(BIN)/pybabel compile --domain="django djangojs" --directory=locale/wagtail --statistics

# Developers only: extracting messages needs GNU gettext (xgettext), compiling does not.
makemessages: install
	$(PY) manage.py makemessages --locale=vi --no-obsolete --no-location \
		--ignore=.venv --ignore=node_modules --ignore=var --ignore=tests --ignore=bench

migrate: install messages
	DJANGO_SETTINGS_MODULE=config.settings.demo $(PY) manage.py migrate --noinput

demo: migrate
	DJANGO_SETTINGS_MODULE=config.settings.demo $(PY) manage.py seed_demo
	DJANGO_SETTINGS_MODULE=config.settings.demo $(PY) manage.py collectstatic --noinput --verbosity 0

run: demo
	@echo ""
	@echo "  HọcSố is running at http://$(HOST):$(PORT)/"
	@echo "  Demo accounts (password HocSo@2026): hocvien (learner), nhansu.skhcn and"
	@echo "  nhansu.tinh (HR), giangvien (trainer, /admin/), admin (administrator)."
	@echo ""
	DJANGO_SETTINGS_MODULE=config.settings.demo $(BIN)/gunicorn config.wsgi \
		--bind $(HOST):$(PORT) --workers 2 --access-logfile -

dev: demo
	DJANGO_SETTINGS_MODULE=config.settings.dev $(PY) manage.py runserver $(HOST):$(PORT)

# Needs CELERY_BROKER_URL; --beat also runs the periodic certificates_reconcile sweep (demo only:
# production runs exactly one separate `celery -A config beat`).
worker: install
	DJANGO_SETTINGS_MODULE=config.settings.demo $(BIN)/celery -A config worker --beat --loglevel=INFO \
		--schedule=var/celerybeat-schedule

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/djhtml --check $$(git ls-files '*.html')

check: install messages
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py check
	DJANGO_SETTINGS_MODULE=config.settings.test $(PY) manage.py makemigrations --check --dry-run

test: lint check
	$(BIN)/pytest

bench: install messages
	$(PY) bench/lesson_page.py

# The staff import of a 20,000-row workbook against openpyxl reading it (needs Redis for Celery).
bench-import: install messages
	$(PY) bench/import_staff.py

# Compliance at province scale: report and drill-down against bare SQL, a 100,000-row XLSX
# export against bare xlsxwriter, assignment maintenance in rows per second.
bench-compliance: install messages
	$(PY) bench/compliance.py

# Regenerate requirements.lock from the ranges in pyproject.toml, in a throwaway venv.
lock:
	rm -rf .venv-lock && $(PYTHON) -m venv .venv-lock
	$(PYTHON) -c 'import tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
		print("\n".join(p["dependencies"] + p["optional-dependencies"]["dev"]))' > .venv-lock/requirements.in
	.venv-lock/bin/pip install --quiet -r .venv-lock/requirements.in
	{ echo "# Exact versions installed by make; regenerate with: make lock"; \
		.venv-lock/bin/pip freeze --all --exclude pip --exclude setuptools --exclude wheel; } > requirements.lock
	rm -rf .venv-lock

clean:
	rm -rf $(VENV) node_modules var
