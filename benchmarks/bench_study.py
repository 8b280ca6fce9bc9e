"""How much of a study's wall time is training, in one process.

Plans and runs one seed of the default study exactly as `study.ipynb` and `peft_nb_study` do
(`study_plan.plan_study` then `run_seed`: B-FP on `concepts`, movie -> spam -> party -> genre, task-incremental),
into a fresh results folder, and splits its wall time into training (the stages' own wall time, as `train_task`
measures it) and everything else: checking the parameters and loading the tasks, loading the model, the baseline
and per-stage evaluations, the adapter snapshots, the rank analysis and writing the run folder. Prints both, the
evaluation rounds' share of the rest (the run's own `eval_s`) with the number of task evaluations, and the
non-training share (issue 14's goal: <= 20%). The interpreter start and the
imports, paid once per process (a matrix's worker pays them once for all its cells), are printed apart.

    python benchmarks/bench_study.py --max_train 400 --max_eval 200 --reps 3
"""
import time
t_start = time.perf_counter()
import argparse, statistics, tempfile

import torch

from peft_nb.study_plan import StudyParams, plan_study, run_seed
from peft_nb.results import read_continual_run
t_imports = time.perf_counter() - t_start

def one_study(a) -> float:
    "Plan and run one seed of the study `a` describes into a fresh folder; print its split and return its non-training share (%)."
    t0 = time.perf_counter()
    plan = plan_study(StudyParams(config=a.config, suite=a.suite, scenario=a.scenario, seeds=str(a.seed), max_train=a.max_train,
                                  max_eval=a.max_eval, epochs=a.epochs, out_dir=tempfile.mkdtemp()))
    folder, _ = run_seed(plan, a.seed, progress=False)
    wall = time.perf_counter() - t0
    run = read_continual_run(folder)
    train, evals = sum(s.wall_s for s in run.stages), sum(run.eval_s)
    scored = sum(e is not None for row in run.evals for e in row) + sum(len(row) for row in run.heldout_evals)
    print(f'study wall {wall:.1f} s = training {train:.1f} s + other {wall - train:.1f} s')
    print(f'  other = evaluation {evals:.1f} s ({scored} task evaluations, {evals / scored:.2f} s each) + the rest {wall - train - evals:.1f} s '
          f'(checks and tasks, model, snapshots, rank analysis, writing)')
    share = 100 * (wall - train) / wall
    print(f'  non-training share {share:.1f}% (goal <= 20%)')
    return share

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--config', default='B-FP'); p.add_argument('--suite', default='concepts'); p.add_argument('--scenario', default='task')
    p.add_argument('--max_train', type=int, default=400); p.add_argument('--max_eval', type=int, default=200)
    p.add_argument('--epochs', type=float, default=2.0); p.add_argument('--seed', type=int, default=0)
    p.add_argument('--reps', type=int, default=1, help='studies run one after the other (the share moves with the machine\'s load)')
    a = p.parse_args()
    print(f'torch threads {torch.get_num_threads()}; {a.config} on {a.suite} ({a.max_train} train / {a.max_eval} test rows per task, '
          f'{a.scenario} scenario); imports {t_imports:.1f} s, not counted below')
    shares = [one_study(a) for _ in range(a.reps)]
    if a.reps > 1:
        print(f'non-training share over {a.reps} studies: median {statistics.median(shares):.1f}%, range {min(shares):.1f}% - '
              f'{max(shares):.1f}% (goal <= 20%)')

if __name__ == '__main__': main()
