# Kinerja: `make run` serves the demo portal, `make test` runs the whole suite (SQLite, then
# PostgreSQL, browser tests included). Both set up everything they need first.
VENV   ?= .venv
PY     := $(VENV)/bin/python
FLASK  := $(VENV)/bin/flask --app app
HOST   ?= 127.0.0.1
PORT   ?= 5000
# The address printed for people to open: PORTAL_BASE_URL when set (the portal's public address,
# also used for QR codes and e-mail), else the address gunicorn is bound to.
URL    := $(or $(PORTAL_BASE_URL),http://$(HOST):$(PORT))

.PHONY: run test setup test-setup translations translations-update migrate demo clean

# The interpreter the virtualenv is made from: Debian's python3 where there is one, built with
# profile-guided and link-time optimisation and libpython linked in, rather than the first python3
# on PATH (on this kind of machine pyenv's build, without either and with a shared libpython):
# 11 % fewer instructions for the same page and 20-40 % more requests a second (bench/README.md).
PYTHON ?= $(firstword $(wildcard /usr/bin/python3) python3)

$(VENV)/.installed: pyproject.toml
	@$(PYTHON) -c "import ensurepip" 2>/dev/null || { apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null; }
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[test]'
	touch $@

setup: $(VENV)/.installed translations

translations: $(VENV)/.installed
	$(VENV)/bin/pybabel compile -d translations

# The indicator library's first templates go in with the schema (an admin's library is kept).
migrate: setup
	$(FLASK) db upgrade
	$(FLASK) seed-library

demo: migrate
	$(FLASK) seed-demo --base-url $(URL)

# The web server and, beside it, the job queue's worker (scripts/run.sh); Ctrl+C stops both.
run: demo
	@echo "Kinerja is serving on $(URL), its worker beside it (Ctrl+C stops both)"
	scripts/run.sh $(VENV) $(HOST):$(PORT)

# Debian's Chromium for the browser tests, PostgreSQL for the second run of the suite and Redis
# for the tests of what several app servers share.
test-setup: setup
	@if [ ! -x /usr/bin/chromium ] || [ ! -x /usr/lib/postgresql/15/bin/initdb ] || ! command -v pdftotext >/dev/null \
			|| ! command -v redis-server >/dev/null; then \
		apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
			chromium poppler-utils postgresql redis-server >/dev/null; \
	fi

test: test-setup
	scripts/test.sh

clean:
	rm -rf $(VENV) .pytest_cache

# Refresh the catalogue after changing user-facing text, then translate the new entries.
# --ignore-dirs ".*" replaces Babel's default, which also skips folders starting with "_"
# (templates/_macros holds translated text).
translations-update: $(VENV)/.installed
	$(VENV)/bin/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o translations/messages.pot \
		--ignore-dirs ".*" \
		--no-location --sort-output --project Kinerja .
	$(VENV)/bin/pybabel update -i translations/messages.pot -d translations --no-fuzzy-matching
