"""A matrix's runs in long-lived worker processes (`study_plan.run_cells`) against one `peft_nb_study` process per run.

Both run the same small cells (six configs x the given seeds, a two-task suite at a tiny budget, so that what
differs, the per-run start-up, is not hidden by training) into fresh results folders, `--workers` at a time
with one thread each, in this order: one process per run (what the matrix did before), then `run_cells`.
Prints each one's wall time, the ratio, the start-up saved per run, and checks that both wrote the same R
for every run (same work, same numbers).

    python benchmarks/bench_matrix.py --workers 2 --seeds 0,1
"""
import argparse, os, subprocess, tempfile, time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import numpy as np

from peft_nb.study_plan import StudyParams, parse_seeds, plan_study, run_cells, run_folder, study_command
from peft_nb.results import read_run

CONFIGS = ('B-FP', 'B-Q4', 'B-Ada', 'Joint-1', 'Joint-2', 'Joint-3')

def one_process_per_run(cells, workers:int) -> list:
    "Each cell as its own `peft_nb_study` command, `workers` at a time; the commands' return codes."
    env = {**os.environ, 'OMP_NUM_THREADS': '1'}
    with ThreadPoolExecutor(workers) as pool:
        return [r.returncode for r in pool.map(lambda c: subprocess.run(study_command(*c), env=env, capture_output=True), cells)]

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--workers', type=int, default=2); ap.add_argument('--seeds', default='0,1')
    ap.add_argument('--suite', default='movie,spam'); ap.add_argument('--max_train', type=int, default=32)
    ap.add_argument('--max_eval', type=int, default=16)
    a = ap.parse_args()
    root = Path(tempfile.mkdtemp())
    def cells(folder):
        return [(StudyParams(config=c, suite=a.suite, max_train=a.max_train, max_eval=a.max_eval, epochs=1.0, out_dir=str(root/folder),
                             study='bench'), s) for c in CONFIGS for s in parse_seeds(a.seeds)]
    t0 = time.perf_counter(); codes = one_process_per_run(cells('processes'), a.workers); per_run = time.perf_counter() - t0
    t0 = time.perf_counter(); records = run_cells(cells('workers'), a.workers, progress=False); pooled = time.perf_counter() - t0
    failed = [r['error'] for r in records if r['status'] == 'failed'] + [f'a peft_nb_study command exited {c}' for c in codes if c]
    if failed: raise SystemExit('a run failed:\n' + '\n'.join(failed))
    same = all(np.array_equal(read_run(run_folder(plan_study(p), s))['R'], read_run(r['folder'])['R'], equal_nan=True)
               for (p, s), r in zip(cells('processes'), records))
    n = len(records)
    print(f'{n} runs ({len(CONFIGS)} configs x seeds {a.seeds}; {a.suite}, {a.max_train} train / {a.max_eval} test rows, 1 epoch), '
          f'{a.workers} at a time, one thread each')
    print(f'one process per run: {per_run:.1f} s wall;  run_cells: {pooled:.1f} s wall;  ratio {per_run / pooled:.2f}x')
    print(f'start-up saved per run: {(per_run - pooled) * a.workers / n:.1f} s of a worker\'s time; same R in every run: {same}')

if __name__ == '__main__': main()
