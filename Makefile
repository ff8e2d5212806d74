# The two commands of the README: `make demo` and `make test`. Everything else here serves them.
PYTHON ?= python3
VENV ?= .venv
BIN := $(VENV)/bin

.PHONY: demo test lint install translations

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

TRANSLATIONS := platform/entrega/web/translations
CATALOGS := $(wildcard $(TRANSLATIONS)/*/LC_MESSAGES/messages.po)
COMPILED := $(CATALOGS:.po=.mo)

$(VENV)/.installed: pyproject.toml examples/entrega-example-model/pyproject.toml | $(BIN)/python
	$(BIN)/python -m pip install --quiet --upgrade pip setuptools
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	# A third-party delivery model, installed with pip alone, as any government's own plugin would be.
	$(BIN)/python -m pip install --quiet -e examples/entrega-example-model
	touch $@

%.mo: %.po $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -i $< -o $@

install: $(VENV)/.installed $(COMPILED)

# After changing user-facing text: refresh the template and the catalogs, then translate what is new.
translations: install
	$(BIN)/pybabel extract -F babel.cfg --no-location --sort-output -k _l -k lazy_pgettext:1c,2 -o $(TRANSLATIONS)/messages.pot .
	$(BIN)/pybabel update --no-fuzzy-matching --ignore-obsolete -i $(TRANSLATIONS)/messages.pot -d $(TRANSLATIONS)

demo: install
	$(BIN)/entrega demo

test: install
	$(BIN)/ruff check .
	$(BIN)/mypy
	$(BIN)/bandit -c pyproject.toml -r platform plugins wsgi.py -q
	.ci/audit-dependencies $(BIN)
	# Two workers, a test module each at a time (module fixtures stay whole); each has its own database and
	# Redis database (tests/conftest.py).
	$(BIN)/pytest -n 2 --dist loadfile

lint: install
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy
