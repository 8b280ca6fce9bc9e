# One line each for a fresh machine (inside a virtual environment, see README.md):
# `make study` runs the main job, `make test` runs the tests, `make reports` rebuilds the committed evidence.
CONFIG ?= B-FP
PY ?= python3
# study.ipynb, matrix.ipynb and the *_report.ipynb notebooks are papermill entry points, run by `make study` / `make reports`, not as tests
SKIP_NB = '^([_.]|study\.ipynb|matrix\.ipynb|.*_report\.ipynb)'

.PHONY: install study study-lm test test-all fetch export bench readme reports slurm-up slurm-down docs examples

install:
	$(PY) -m pip install torch==2.13.0
	$(PY) -m pip install -e ".[dev]"

fetch: install
	peft_nb_fetch all

study: fetch
	papermill nbs/study.ipynb out.ipynb -p config $(CONFIG)

# the causal-LM suite (python -> javascript -> news on SmolLM2, general ability on held-out wiki) at its CPU budget:
# 64 training / 32 test passages of 64 tokens per task, batch 8, 2 epochs (16 optimizer steps per stage)
LM_SHIFT = -p suite lm-shift -p scenario domain -p model smollm2 -p max_train 64 -p max_eval 32 -p max_length 64 -p batch_size 8
study-lm: fetch
	papermill nbs/study.ipynb out_lm.ipynb -p config $(CONFIG) $(LM_SHIFT)

test: fetch
	OMP_NUM_THREADS=1 nbdev_test --n_workers 2 --timing --do_print --skip_file_re $(SKIP_NB)

test-all: fetch
	OMP_NUM_THREADS=1 nbdev_test --n_workers 2 --timing --do_print --skip_file_re $(SKIP_NB) --flags slow

# a one-node SLURM cluster on this machine (Debian/Ubuntu; installs slurm-wlm and munge when absent) for `-p executor slurm`
# and its tests: `eval "$$(make -s slurm-up)"` exports SLURM_CONF; `make slurm-down` stops it
SLURM_DIR ?= /tmp/peft_nb_slurm
slurm-up:
	bash .ci/slurm/up.sh $(SLURM_DIR)

slurm-down:
	bash .ci/slurm/down.sh $(SLURM_DIR)

export:
	nbdev_export && nbdev_clean

bench: install
	for f in benchmarks/*.py; do $(PY) $$f || exit 1; done

# the executed studies under reports/ (notebook + standalone HTML), on CPU; finished runs in reports/results are reused;
# the matrix's HTML leaves its code out (--no-input): the analysis is in peft_nb.matrix_report, tested in nbs/10d_matrix_analysis.ipynb (not named *_report: make test skips those as papermill entry points)
REPORT_RUNS = -p out_dir reports/results -p study concepts
# the matrix: the named matrix 'components' (verdicts.MATRICES: B-FP with every strategy, the IncLoRA control and the bounds;
# every component under naive and replay; the 2x2 factorials), 5 paired seeds (seed k: task order k mod 3) to start with;
# verdicts.pairs_needed on their paired SDs says how many more seeds a 0.05 half-width needs
MATRIX_CELLS = components
MATRIX_SEEDS = 0,1,2,3,4
reports: fetch
	mkdir -p reports
	papermill nbs/matrix.ipynb reports/matrix.ipynb $(REPORT_RUNS) -p pairs $(MATRIX_CELLS) -p seeds $(MATRIX_SEEDS) -p workers 2
	cp reports/results/concepts/matrix_summary.csv reports/results/concepts/matrix_effects.csv reports/results/concepts/matrix_learning.csv reports/results/concepts/matrix_verdicts.csv reports/
	papermill nbs/study.ipynb reports/study_default.ipynb $(REPORT_RUNS) -p seeds 0,1,2,3,4
	papermill nbs/benchmark_report.ipynb reports/benchmark.ipynb -p out_dir reports/results -p study concepts -p run_missing True -p workers 2
	cp reports/results/concepts/benchmark_own_stage.csv reports/results/concepts/benchmark_summary.csv reports/results/concepts/benchmark_choices.csv reports/
	papermill nbs/study.ipynb reports/lm_shift.ipynb $(LM_SHIFT) -p out_dir reports/results -p study lm-shift -p seeds 0,1,2
	cp reports/results/lm-shift/seed_aggregate.csv reports/lm_shift_summary.csv
	papermill nbs/shock_report.ipynb reports/shock.ipynb
	papermill nbs/hybrid_report.ipynb reports/hybrid.ipynb
	papermill nbs/controller_report.ipynb reports/controller.ipynb $(REPORT_RUNS)
	jupyter nbconvert --to html --no-input reports/matrix.ipynb reports/benchmark.ipynb
	jupyter nbconvert --to html reports/study_default.ipynb reports/lm_shift.ipynb reports/shock.ipynb reports/controller.ipynb reports/hybrid.ipynb

# README.md is made from nbs/index.ipynb (nbdev_readme needs quarto, which no registry here ships)
readme:
	jupyter nbconvert --to markdown --execute nbs/index.ipynb --output-dir . --output README --TagRemovePreprocessor.remove_cell_tags hide --TagRemovePreprocessor.remove_input_tags hide_input

# the documentation site in _site/ from README.md, nbs/, reports/ and the package (nbs/14_docs.ipynb): mkdocs build --strict,
# offline (plotly.js and MathJax come from pip packages); published by .github/workflows/docs.yaml
docs:
	$(PY) -c "from peft_nb.docs import build_site; print(build_site())"

# rerun one notebook and commit the outputs of its cells tagged `example` only: make examples NB=nbs/07_train.ipynb
examples:
	OMP_NUM_THREADS=1 $(PY) -c "import sys; from peft_nb.docs import refresh_examples; print(refresh_examples(sys.argv[1]))" $(NB)
	nbdev_clean --fname $(NB)
