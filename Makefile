# The two commands of the README: `make run` (the chatbot on the default article) and `make test`.
PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed

.PHONY: install run chat test test-fast bench eval-dev clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# the CPU build of torch first: otherwise pip resolves sentence-transformers to a multi-GB CUDA torch
	$(BIN)/pip install --quiet torch==2.13.0
	# llama-cpp-python compiles from source the first time (~10 min on 2 cores); pip caches the wheel
	$(BIN)/pip install --quiet -e '.[dev,web]'
	touch $(STAMP)

install: $(STAMP)

run: install
	$(BIN)/python app.py

chat: install
	$(BIN)/askbot chat

test: install
	$(BIN)/python -m pytest

test-fast: install
	$(BIN)/python -m pytest -m "not models"

bench: install
	$(BIN)/python benchmarks/latency.py

eval-dev: install
	$(BIN)/askbot eval ../shared/eval/dev/newsqa.jsonl ../shared/eval/dev/squad2_sample.jsonl --out eval-results/dev.jsonl

clean:
	rm -rf $(VENV)
