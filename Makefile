# One line each for a fresh machine: `make study` runs the main job, `make test` runs the tests.
CONFIG ?= B-FP
PY ?= python3

.PHONY: install study test test-all fetch export bench readme

install:
	$(PY) -m pip install torch==2.13.0
	$(PY) -m pip install -e ".[dev]"

fetch: install
	peft_nb_fetch all

study: fetch
	papermill nbs/study.ipynb out.ipynb -p config $(CONFIG)

test: fetch
	OMP_NUM_THREADS=1 nbdev_test --n_workers 2 --timing --do_print

test-all: fetch
	OMP_NUM_THREADS=1 nbdev_test --n_workers 2 --timing --do_print --flags slow

export:
	nbdev_export && nbdev_clean

bench: install
	for f in benchmarks/*.py; do $(PY) $$f || exit 1; done

# README.md is made from nbs/index.ipynb (nbdev_readme needs quarto, which no registry here ships)
readme:
	jupyter nbconvert --to markdown --execute nbs/index.ipynb --output-dir . --output README
