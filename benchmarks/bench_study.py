"""How much of a continual run's wall time is training, in one process.

Runs `continual.run_continual` on the default suite (`concepts`: movie -> spam -> party -> genre, task-incremental)
with B-FP and splits its wall time into training (the stages' own wall time, as `train_task` measures it) and
everything else: loading the model, the baseline and per-stage evaluations of every task, the adapter snapshots
and the rank analysis. Prints both, and the non-training share of the run (issue 14's goal: <= 20%).

    python benchmarks/bench_study.py --max_train 400 --max_eval 200
"""
import argparse, time

import torch

from peft_nb.core import get_config
from peft_nb.tasks import load_task, resolve_suite
from peft_nb.continual import run_continual

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--suite', default='concepts'); p.add_argument('--scenario', default='task')
    p.add_argument('--max_train', type=int, default=400); p.add_argument('--max_eval', type=int, default=200)
    p.add_argument('--epochs', type=float, default=2.0); p.add_argument('--seed', type=int, default=0)
    a = p.parse_args()
    tasks = [load_task(n, max_train=a.max_train, max_eval=a.max_eval) for n in resolve_suite(a.suite)]
    t0 = time.perf_counter()
    run = run_continual(get_config('B-FP', epochs=a.epochs), tasks, seed=a.seed, scenario=a.scenario, progress=False)
    wall = time.perf_counter() - t0
    train = sum(s.wall_s for s in run.stages)
    print(f'torch threads {torch.get_num_threads()}; suite {a.suite} ({a.max_train} train / {a.max_eval} test rows per task)')
    print(f'run wall {wall:.1f} s = training {train:.1f} s + other {wall - train:.1f} s')
    print(f'non-training share {100 * (wall - train) / wall:.1f}% (goal <= 20%)')

if __name__ == '__main__': main()
