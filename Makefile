# Two commands for a new user: `make run` and `make test`. Everything else is for developers.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
PORT   ?= 5000
export FLASK_APP := market

.PHONY: run test lint format migrate messages clean bench-search bench-cases bench-ledger bench-relevance

# The virtualenv is rebuilt only when the requirement files change, so a second run is quick.
$(BIN)/.runtime: requirements.txt
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -r requirements.txt
	touch $@

$(BIN)/.dev: $(BIN)/.runtime requirements-dev.txt
	$(BIN)/python -m pip install --quiet -r requirements-dev.txt
	touch $@

# The Chinese interface: the catalogue (.po) is in git, its compiled form (.mo) is built here.
CATALOGUE := market/translations/zh/LC_MESSAGES/messages
$(CATALOGUE).mo: $(CATALOGUE).po $(BIN)/.runtime
	$(BIN)/pybabel compile --statistics -i $(CATALOGUE).po -o $@

## run: install, migrate, load the demo data when missing, index it, serve on http://127.0.0.1:$(PORT)
run: $(BIN)/.runtime $(CATALOGUE).mo
	$(BIN)/flask db upgrade
	$(BIN)/flask seed-demo
	$(BIN)/flask search sync
	@echo "Serving on http://127.0.0.1:$(PORT)  (Ctrl-C stops)"
	$(BIN)/gunicorn --bind 127.0.0.1:$(PORT) --workers 1 --threads 8 --access-logfile - wsgi:app

## test: the whole suite (SQLite; PostgreSQL too when TEST_DATABASE_URL is set), browser tests included
test: $(BIN)/.dev $(CATALOGUE).mo
	$(BIN)/python -m pytest $(PYTEST_ARGS)

## bench-search: index N synthetic listings (default 100000) and time the engine and the HTTP API
N ?= 100000
bench-search: $(BIN)/.runtime
	$(BIN)/python -m benchmarks.search --count $(N)

## bench-cases: raise 100, then 10000 cases through the verbs; time the case pages at both sizes
bench-cases: $(BIN)/.runtime
	$(BIN)/python -m benchmarks.cases --sizes 100,10000

## bench-ledger: 10000 signed appends beside bare inserts; verify a 100000-entry log beside its bare crypto
bench-ledger: $(BIN)/.runtime
	$(BIN)/python -m benchmarks.ledger --appends 10000 --entries 100000

## bench-relevance: the judged set (tests/search/relevance) through /api/v1/search, beside a substring scan
bench-relevance: $(BIN)/.runtime
	$(BIN)/python -m benchmarks.relevance $(BENCH_ARGS)

lint: $(BIN)/.dev
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(BIN)/.dev
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

migrate: $(BIN)/.runtime
	$(BIN)/flask db upgrade

## messages: extract every UI string (Flask-Babel) into the catalogue template for translators
messages: $(BIN)/.runtime
	$(BIN)/pybabel extract -F market/translations/babel.cfg -k _l -o market/translations/messages.pot .
	$(BIN)/pybabel update -i market/translations/messages.pot -o $(CATALOGUE).po -l zh

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
