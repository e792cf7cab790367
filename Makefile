# The README's commands. torch is pinned to the CPU build (any other spec pulls a multi-GB CUDA build).
PYTHON ?= python3
PIP := $(PYTHON) -m pip
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install install-test run test bench

install:
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e .

install-test:
	$(PIP) install -q torch==2.13.0
	$(PIP) install -q -e '.[test]'
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	# The real-server suites: PostgreSQL 15 and Redis from Debian (tests start throw-away servers).
	test -x /usr/lib/postgresql/15/bin/pg_ctl && command -v redis-server >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql-15 redis-server)
	# deploy/compose.yaml is checked with `docker compose config`; Debian ships Compose as docker-compose.
	docker compose version >/dev/null 2>&1 || command -v docker-compose >/dev/null || \
		(apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends docker-compose)
	cd extension && npm ci --no-audit --no-fund

run: install
	sourcemark serve

# -m "": every suite, the PostgreSQL, Redis and multi-replica ones too (plain pytest skips those).
test: install-test
	$(PYTHON) -m pytest -m ""
	cd extension && npm test && npm run e2e

bench: install-test
	$(PYTHON) -m bench
