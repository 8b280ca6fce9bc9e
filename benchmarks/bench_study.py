"""How much of a study's wall time is training, in one process.

Plans and runs one seed of the default study exactly as `study.ipynb` and `peft_nb_study` do
(`study_plan.plan_study` then `run_seed`: B-FP on `concepts`, movie -> spam -> subjectivity -> genre, task-incremental),
into a fresh results folder, and splits its wall time into training (the stages' own wall time, as `train_task`
measures it) and everything else: checking the parameters and loading the tasks, loading the model, the baseline
and per-stage evaluations, the adapter snapshots, the rank analysis and writing the run folder. Prints both, the
evaluation rounds' share of the rest (the run's own `eval_s`) with the number of task evaluations, and the
non-training share (issue 14's goal: <= 20%). The interpreter start and the
imports, paid once per process (a matrix's worker pays them once for all its cells), are printed apart.
With `--paths fast,plain` each rep runs the study once on each train path (`train.TrainPath`; 'plain' is the plain
loop's settings, registered as the config '<config>@plain'), one after the other, and prints each path's study wall
time and training time against the first path's, per rep and as medians (issue 23).

    python benchmarks/bench_study.py --max_train 400 --max_eval 200 --reps 3
    python benchmarks/bench_study.py --paths fast,plain
"""
import time
t_start = time.perf_counter()
import argparse, statistics, tempfile

import torch

from peft_nb.core import get_config, register_config
from peft_nb.study_plan import StudyParams, plan_study, run_seed
from peft_nb.results import read_continual_run
t_imports = time.perf_counter() - t_start

def path_config(config:str, path:str) -> str:
    "The name of `config` on train path `path`: itself when that is its own path, else a registered copy '<config>@<path>'."
    cfg = get_config(config)
    if cfg.train_path == path: return config
    return register_config(get_config(cfg, name=f'{config}@{path}', train_path=path)).name

def one_study(a, config:str) -> tuple[float, float, float]:
    "Plan and run one seed of the study `a` describes with `config` into a fresh folder; print its split; (wall, training, non-training share %)."
    t0 = time.perf_counter()
    plan = plan_study(StudyParams(config=config, suite=a.suite, scenario=a.scenario, seeds=str(a.seed), max_train=a.max_train,
                                  max_eval=a.max_eval, epochs=a.epochs, out_dir=tempfile.mkdtemp()))
    folder, _ = run_seed(plan, a.seed, progress=False)
    wall = time.perf_counter() - t0
    run = read_continual_run(folder)
    train, evals = sum(s.wall_s for s in run.stages), sum(run.eval_s)
    scored = sum(e is not None for row in run.evals for e in row) + sum(len(row) for row in run.heldout_evals)
    print(f'{config}: study wall {wall:.1f} s = training {train:.1f} s + other {wall - train:.1f} s')
    print(f'  other = evaluation {evals:.1f} s ({scored} task evaluations, {evals / scored:.2f} s each) + the rest {wall - train - evals:.1f} s '
          f'(checks and tasks, model, snapshots, rank analysis, writing)')
    share = 100 * (wall - train) / wall
    print(f'  non-training share {share:.1f}% (goal <= 20%)', flush=True)
    return wall, train, share

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--config', default='B-FP'); p.add_argument('--suite', default='concepts'); p.add_argument('--scenario', default='task')
    p.add_argument('--max_train', type=int, default=400); p.add_argument('--max_eval', type=int, default=200)
    p.add_argument('--epochs', type=float, default=4.0); p.add_argument('--seed', type=int, default=0)
    p.add_argument('--reps', type=int, default=1, help='studies run one after the other (the share moves with the machine\'s load)')
    p.add_argument('--paths', default='', help="train paths to run the study on, comma-separated, e.g. fast,plain ('': the config's own)")
    a = p.parse_args()
    print(f'torch threads {torch.get_num_threads()}; {a.config} on {a.suite} ({a.max_train} train / {a.max_eval} test rows per task, '
          f'{a.scenario} scenario); imports {t_imports:.1f} s, not counted below')
    configs = [path_config(a.config, p) for p in a.paths.split(',')] if a.paths else [a.config]
    runs = [{c: one_study(a, c) for c in configs} for _ in range(a.reps)]
    shares = [r[configs[0]][2] for r in runs]
    for c in configs[1:]:
        walls, trains = ([r[c][i] / r[configs[0]][i] for r in runs] for i in (0, 1))
        print(f'{c} / {configs[0]}: study wall {statistics.median(walls):.2f}x, training {statistics.median(trains):.2f}x '
              f'(median over {a.reps} rep(s); per rep: wall {", ".join(f"{x:.2f}" for x in walls)}, training {", ".join(f"{x:.2f}" for x in trains)})')
    if a.reps > 1:
        print(f'non-training share over {a.reps} studies: median {statistics.median(shares):.1f}%, range {min(shares):.1f}% - '
              f'{max(shares):.1f}% (goal <= 20%)')

if __name__ == '__main__': main()
