# Two commands matter: `make run` and `make test`. Both create .venv when missing and are
# safe to repeat.

PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test lint format bench sample system-deps clean

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

# Private by default: the app listens on loopback only, so nobody else on the network reaches
# it. To let others in, `make run ADDRESS=0.0.0.0 PORT=8502` (command-line only: a stray
# ADDRESS or PORT in the environment does not open it up); it then refuses to start, with one
# sentence, unless sign-in is configured in .streamlit/secrets.toml (README: "Team use").
ADDRESS = 127.0.0.1
PORT = 8501

run: $(STAMP)
	@$(BIN)/python -m reporting.access $(ADDRESS) .streamlit/secrets.toml
	$(BIN)/streamlit run app.py --server.address $(ADDRESS) --server.port $(PORT)

# The browser tests drive Debian's chromium, the history tests a real PostgreSQL server,
# and the deck tests render the pack through LibreOffice and read it back with poppler's
# pdftotext (in Liberation fonts, Arial's metrics); install them when missing and we may
# (CI runs as root on a clean machine).
system-deps:
	@missing=""; \
	command -v chromium >/dev/null 2>&1 || missing="$$missing chromium"; \
	command -v libreoffice >/dev/null 2>&1 || missing="$$missing libreoffice-impress-nogui"; \
	command -v pdftotext >/dev/null 2>&1 || missing="$$missing poppler-utils"; \
	fc-list 2>/dev/null | grep -q LiberationSans || missing="$$missing fonts-liberation"; \
	ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1 || missing="$$missing postgresql"; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ]; then \
	    echo "installing$$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing$$missing and not root: those tests will be skipped"; fi; \
	fi

test: $(STAMP) system-deps
	$(BIN)/ruff check .
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

format: $(STAMP)
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

bench: $(STAMP)
	$(BIN)/python bench/ingest_bench.py
	$(BIN)/python bench/large_csv_bench.py
	-$(BIN)/python bench/mapping_bench.py
	$(BIN)/python bench/isolation_bench.py
	$(BIN)/python bench/translate_bench.py
	$(BIN)/python bench/trials_bench.py
	$(BIN)/python bench/deck_bench.py
	$(BIN)/python bench/budget_bench.py
	$(BIN)/python bench/app_bench.py
	$(BIN)/python bench/browser_bench.py

sample: $(STAMP)
	$(BIN)/python tools/generate_sample_data.py

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache
