"""Do more rounds of a stage's budget, decided on validation, make every task learned where one round was not (issue 22, ask 2)?

At the default study budget (`study_plan.StudyParams`, concepts suite, task scenario), seed 2 runs task order 2
(movie trained fourth), where replay, LwF, Unified and the plain-path check never learned movie. Each cell runs (or
reuses, from `--out_dir`) once with one round per stage (the study's runs) and once with `stage_rounds` rounds at most:
after each round the stage's task is scored on its validation split, and another round trains while its MCC is below 0.2.
Prints, per cell: each task's MCC on test after its own stage for both runs, the rounds each stage used and their
validation MCCs, ACC and forgetting; and whether a run whose stages all stopped after one round has the very R of
its one-round twin (it must: round 0 is the same call with the same seed), and otherwise whether its rows up to
the first stage that took a second round are.

    OMP_NUM_THREADS=1 python benchmarks/bench_stage_rounds.py --workers 2
"""
import argparse, dataclasses

import numpy as np, pandas as pd

from peft_nb.results import read_run
from peft_nb.study_plan import StudyParams, parse_cells, plan_cells, run_cells, run_folder

CELLS = 'B-FP/replay,B-FP/lwf,Unified/naive,B-FP[path=plain]/naive,B-FP/naive'

def plans(cells:str, params:StudyParams) -> dict:
    planned, refused = plan_cells(parse_cells(cells), params)
    if refused: raise SystemExit(f"refused: {refused}")
    return planned

def rounds_used(run:dict) -> dict:
    "stage -> list of (round, validation MCC) checks of a run with stage_rounds > 1."
    out = {}
    for c in run['extra']['log'].get('rounds', []):
        out.setdefault(c['stage'], []).append(' '.join(f"{v['score']:+.2f}" for v in c['validation'].values()))
    return out

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--cells', default=CELLS); ap.add_argument('--seed', type=int, default=2)
    ap.add_argument('--rounds', type=int, default=3); ap.add_argument('--workers', type=int, default=1)
    ap.add_argument('--out_dir', default='reports/results'); ap.add_argument('--study', default='concepts')
    a = ap.parse_args()
    base = StudyParams(suite='concepts', scenario='task', seeds=str(a.seed), out_dir=a.out_dir, study=a.study)
    one, more = plans(a.cells, base), plans(a.cells, dataclasses.replace(base, stage_rounds=a.rounds))
    todo = [(p.params, a.seed) for p in [*one.values(), *more.values()]]
    failed = [r for r in run_cells(todo, workers=a.workers, progress=False) if r.get('error')]
    if failed: raise SystemExit(f"{len(failed)} runs failed: {failed}")
    print(f"default study budget ({base.max_train} train rows, {base.epochs:g} epochs, batch {base.batch_size}), seed {a.seed}; "
          f"learned: test MCC after its own stage >= 0.2; rounds: at most {a.rounds}, another while validation MCC < 0.2")
    for cell in one:
        r1, rn = read_run(run_folder(one[cell], a.seed)), read_run(run_folder(more[cell], a.seed))
        names, used = rn['task_names'], rounds_used(rn)
        rows = pd.DataFrame({'1 round': np.diag(r1['R'][1:]), f'<= {a.rounds} rounds': np.diag(rn['R'][1:]),
                             'validation MCC per round': [used.get(k + 1, ['(not checked)']) for k in range(len(names))]}, index=names)
        single = all(len(v) == 1 for v in used.values())
        same = np.array_equal(r1['R'], rn['R'], equal_nan=True)
        print(f"\n{cell}  order {names}  ({sum(map(len, used.values()))} rounds for {len(names)} stages)")
        print(rows.round(3).to_string())
        for label, r in (('1 round', r1), (f'<= {a.rounds} rounds', rn)):
            m = r['metrics']
            print(f"  {label:12s} ACC {m['acc']:.3f}  forgetting {m['forgetting_chaudhry']:.3f}  unlearned tasks {m['tasks_unlearned']}")
        print(f"  R identical to the one-round run: {same}" + (" (every stage stopped after one round: it must be)" if single else ''))
        if single and not same: raise SystemExit(f"{cell}: every stage used one round, yet R differs from the one-round run")
        if not single:  # the rows up to the stage that took a second round are the one-round run's
            k = min(s for s, v in used.items() if len(v) > 1)
            print(f"  R rows before stage {k} (its first with a second round) identical to the one-round run: {np.array_equal(r1['R'][:k], rn['R'][:k], equal_nan=True)}")

if __name__ == '__main__': main()
