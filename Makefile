# The kit's commands. `make help` lists them; every target sets up .venv first.
.DEFAULT_GOAL := help
SHELL := /bin/bash
VENV := .venv
BIN := $(VENV)/bin
LAB ?=
STUDENT ?=

.PHONY: help setup sandbox-tools lock lab check submit mlflow-ui grade release check-solutions test test-fast lint bench clean

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-zA-Z_-]+:.*## / {printf "  \033[1m%-16s\033[0m %s\n", $$1, $$2}' $(MAKEFILE_LIST)

setup: ## create .venv from the lock with uv (idempotent, fast when nothing changed)
	@environment/setup.sh

sandbox-tools: ## (instructor, CI; as root) install bubblewrap, which isolates student code
	@if command -v bwrap >/dev/null; then :; \
	elif [ "$$(id -u)" = 0 ]; then \
	  echo "sandbox-tools: installing bubblewrap"; \
	  (apt-get install -y -qq bubblewrap >/dev/null 2>&1 || \
	   (apt-get update -qq >/dev/null && apt-get install -y -qq bubblewrap >/dev/null)); \
	else echo "sandbox-tools: bubblewrap is missing and only root can install it; student code will run without isolation" >&2; fi

lock: ## recompile environment/requirements.lock from requirements.in
	@environment/setup.sh
	.tools/bin/uv pip compile environment/requirements.in --python-version 3.11 \
	  --python-platform x86_64-manylinux_2_28 --no-header --annotation-style line \
	  -o environment/requirements.lock

lab: setup ## (student) open JupyterLab on labs/
	MPLBACKEND=module://matplotlib_inline.backend_inline $(BIN)/jupyter lab --ip=127.0.0.1 --ServerApp.root_dir=labs $(if $(filter 0,$(shell id -u)),--allow-root)

check: setup ## (student) self-check one lab with the visible tests: make check LAB=01
	@test -n "$(LAB)" || { echo "usage: make check LAB=01"; exit 1; }
	$(BIN)/autograder check labs/$$(ls labs | grep "^lab$(LAB)-" | head -1)

submit: setup ## (student) zip one lab for upload: make submit LAB=01
	@test -n "$(LAB)" || { echo "usage: make submit LAB=01"; exit 1; }
	$(BIN)/autograder submit labs/$$(ls labs | grep "^lab$(LAB)-" | head -1)

mlflow-ui: setup ## (student) the MLflow UI on lab 02's tracking store, on a free loopback port
	@dir=$$(ls -d labs/lab02-* | head -1); port=$$($(BIN)/python -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'); \
	  echo "MLflow UI for $$dir: http://127.0.0.1:$$port"; \
	  cd $$dir && MLFLOW_DISABLE_TELEMETRY=true ../../$(BIN)/mlflow ui --backend-store-uri sqlite:///mlflow.db --host 127.0.0.1 --port $$port

grade: setup sandbox-tools ## (instructor) grade submissions/ (the demo class): results, feedback, gradebook
	$(BIN)/autograder grade $(if $(LAB),--lab $(LAB)) $(if $(STUDENT),--student $(STUDENT))

release: setup ## (instructor) regenerate labs/ from solutions/
	$(BIN)/autograder release

check-solutions: setup ## (maintainer) references score full marks, blank releases score zero
	$(BIN)/autograder check-solutions

lint: setup ## ruff and mypy
	$(BIN)/ruff check autograder coursedata tests benchmarks
	$(BIN)/mypy

test: lint sandbox-tools ## the kit's own test suite (what CI runs): ruff, mypy, pytest
	$(BIN)/python -m pytest

test-fast: setup ## the tests that need no notebook execution
	$(BIN)/python -m pytest -m "not slow and not container"

bench: setup ## (maintainer) grading benchmarks against plain nbgrader
	$(BIN)/python -m benchmarks

clean: ## remove graded/, feedback/ and caches (never submissions/)
	rm -rf graded feedback submit .pytest_cache .mypy_cache .ruff_cache
