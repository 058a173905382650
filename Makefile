# Everyday commands for the OTA Transparency Portal. `make run` and `make test`
# are all a newcomer needs: both set up the virtualenv and compile the
# translations (.mo files are built, never committed) on a fresh clone.

VENV ?= .venv
PYTHON ?= python3
PYTEST_ARGS ?=
BIN := $(VENV)/bin
# Written after a successful install; pip runs again only when pyproject.toml changes.
STAMP := $(VENV)/.installed-from-pyproject
# Babel's own pybabel maintains the catalogues. --add-location=file keeps the
# file each string comes from without its line number, and --omit-header drops
# the template's POT-Creation-Date: so `make translations` run twice, or after
# code that only moved, rewrites nothing, and parallel branches do not conflict
# on line numbers or dates. _l and lazy_* are Flask-Babel's import-time forms.
PYBABEL := $(BIN)/pybabel -q
EXTRACT := $(PYBABEL) extract --mapping-file=babel.cfg --keyword=_l --keyword=lazy_gettext \
	--keyword=lazy_ngettext:1,2 --keyword=lazy_pgettext:1c,2 --add-comments=TRANSLATORS: \
	--strip-comments --add-location=file --omit-header

.DEFAULT_GOAL := help
.PHONY: help venv translations compile-translations lint-translations lint build run \
	test test-fast test-postgres bench clean clean-runtime reimport migrate migration

help: ## List the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  %-22s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e ".[test]"
	touch $@

venv: $(STAMP) compile-translations ## Create the virtualenv, install the project and its test tools

compile-translations: $(STAMP) ## Compile translations/*/LC_MESSAGES/messages.po into .mo
	$(PYBABEL) compile --directory=translations

# --ignore-pot-creation-date keeps the .po header as it is; fuzzy matching
# proposes a near string for a changed one, which lint-translations then flags.
translations: $(STAMP) ## Extract strings to messages.pot, merge into zh messages.po, compile
	$(EXTRACT) --output-file=translations/messages.pot .
	$(PYBABEL) update --input-file=translations/messages.pot --output-dir=translations --locale=zh \
		--init-missing --ignore-obsolete --ignore-pot-creation-date
	$(PYBABEL) compile --directory=translations

lint-translations: $(STAMP) ## Fail on a stale messages.pot or a missing, fuzzy or broken zh string
	@fresh="$$(mktemp -d)"; trap 'rm -rf "$$fresh"' EXIT; \
		$(EXTRACT) --output-file="$$fresh/messages.pot" . && \
		$(BIN)/python translations/check.py "$$fresh/messages.pot"

lint: $(STAMP) ## Check the Python code with ruff (errors, unused names, import order, bugbear, pyupgrade)
	$(BIN)/ruff check .

build: venv ## Validate content/ and build the database and search index into instance/
	$(BIN)/ota-portal build

run: build ## Build, then serve on http://127.0.0.1:5000
	$(BIN)/ota-portal serve --host 127.0.0.1 --port 5000

test: venv ## Run the tests (SQLite); pass options as PYTEST_ARGS='-k vin -x'
	$(BIN)/python -m pytest $(PYTEST_ARGS)

# tests/conftest.py marks `shipped` the tests that need the build of content/ (or the whole
# content/) and `slow` the long ones. The rest run on two processes (pytest-xdist), one per
# core; --dist loadfile keeps a file's tests, and its module fixtures, on one process.
FAST := not shipped and not slow and not browser

test-fast: venv ## Tests that need no build of content/, no browser and nothing slow, on 2 processes
	$(BIN)/python -m pytest -n 2 --dist loadfile -m "$(FAST)" $(PYTEST_ARGS)

test-postgres: venv ## Run the tests on PostgreSQL named by DATABASE_URL
	@test -n "$$DATABASE_URL" || { \
		echo "DATABASE_URL is not set, e.g. postgresql+psycopg://portal:portal@127.0.0.1:5432/portal" >&2; \
		exit 2; }
	$(BIN)/python -m pytest $(PYTEST_ARGS)

migrate: $(STAMP) ## Apply the runtime tables' migrations to the instance's database (also done by build and serve)
	$(BIN)/ota-portal migrate

migration: $(STAMP) ## Write a migration for changed runtime tables: make migration MESSAGE="add staff sessions"
	@test -n "$(MESSAGE)" || { echo 'usage: make migration MESSAGE="what changed"' >&2; exit 2; }
	@scratch="$$(mktemp -d)"; trap 'rm -rf "$$scratch"' EXIT; \
		$(BIN)/python -c 'import sys; from portal.db.migrate import new_revision; new_revision(sys.argv[1], sys.argv[2])' \
		"sqlite:///$$scratch/runtime.db" "$(MESSAGE)"

UPSTREAM := content/upstream
NHTSA_FILES := $(UPSTREAM)/nhtsa_flat_rcl_subset_megan-d-perry/FLAT_RCL_subset_2020-2022_8makes.tsv \
	$(UPSTREAM)/nhtsa_api_recalls_nidhi397/recalls_by_vehicle_ford_tesla_toyota_2015_2025.csv \
	$(UPSTREAM)/nhtsa_api_records_toddwseattle/out-recalls.csv \
	$(UPSTREAM)/nhtsa_api_recalls_porsche_softwealth/nhtsa_recalls_porsche.json
RELEASE_FILES := $(UPSTREAM)/tesla_release_notes_tesla-info/release_families.json \
	$(UPSTREAM)/rivian_ota_changelog/CHANGELOG.md $(UPSTREAM)/xiaomi_releases.yaml

reimport: $(STAMP) ## Regenerate the imported content/ files from content/upstream (idempotent)
	@set -e; for f in $(NHTSA_FILES); do $(BIN)/ota-portal import nhtsa "$$f"; done
	$(BIN)/ota-portal import samr $(UPSTREAM)/samr_ota_recalls/recalls.json
	@set -e; for f in $(RELEASE_FILES); do $(BIN)/ota-portal import releases "$$f"; done

bench: venv ## Run each bench/*.py; results go to bench/out/
	@set -e; found=0; for script in bench/*.py; do \
		[ -e "$$script" ] || continue; found=1; \
		echo "== $$script"; $(BIN)/python "$$script"; \
	done; [ $$found = 1 ] || echo "no benchmarks in bench/"

clean: ## Remove built files (builds, index, .mo, caches); keeps runtime data (see clean-runtime) and the virtualenv
	rm -rf instance/builds instance/current instance/index instance/portal.db instance/manifest.json \
		instance/.build.lock build bench/out .pytest_cache
	find translations -name '*.mo' -delete
	find . -path ./$(VENV) -prune -o -name __pycache__ -type d -prune -exec rm -rf {} +

clean-runtime: $(STAMP) ## Delete runtime data (staff, questions, feedback, secret_key): refused while a server runs; asks first (or CONFIRM=1)
	@CONFIRM="$(CONFIRM)" $(BIN)/python -m portal.clean_runtime
