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
	cd extension && npm ci --no-audit --no-fund

run: install
	sourcemark serve

test: install-test
	$(PYTHON) -m pytest
	cd extension && npm test && npm run e2e && npm run pages

bench: install-test
	$(PYTHON) -m bench
