# The README's commands. torch comes from PyTorch's CPU index: PyPI's Linux wheel is the CUDA
# build (gigabytes). A torch 2.13.0 already installed (any build) is kept.
PYTHON ?= python3
PIP := $(PYTHON) -m pip
TORCH_VERSION := 2.13.0
TORCH_INDEX ?= https://download.pytorch.org/whl/cpu
export HF_HUB_OFFLINE := 1
export TOKENIZERS_PARALLELISM := false

.PHONY: install install-train install-test install-torch run test bench

# A wheel pip can reach without an index (find-links, as on this project's machines) is
# tried first, so no index is contacted when the CPU build is already on disk; then
# PyTorch's CPU index. The last line installs torch's own dependencies from PyPI.
install-torch:
	@$(PYTHON) -c "import torch, sys; sys.exit(torch.__version__.split('+')[0] != '$(TORCH_VERSION)')" 2>/dev/null \
		|| $(PIP) install -q --no-deps --no-index torch==$(TORCH_VERSION) 2>/dev/null \
		|| $(PIP) install -q --no-deps torch==$(TORCH_VERSION) --index-url $(TORCH_INDEX)
	$(PIP) install -q torch==$(TORCH_VERSION)

install: install-torch
	$(PIP) install -q -e .

install-train: install-torch
	$(PIP) install -q -e '.[train]'

install-test: install-torch
	$(PIP) install -q -e '.[train,test]'
	command -v chromium >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium)
	command -v firefox-esr >/dev/null || (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends firefox-esr)
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
	cd extension && npm test && npm run lint && npm run e2e && npm run pages && npm run e2e:firefox

bench: install-test
	$(PYTHON) -m bench
