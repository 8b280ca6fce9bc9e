"""Which one-round runs would `stage_rounds` change? Fill the benchmark's cells under stage_rounds 3 from their one-round runs (issue 22, ask 2).

For every seed of every cell of `nbs/benchmark_report.ipynb` (B-FP strategies on the concepts suite, task scenario;
naive, O-LoRA and IncLoRA on sentiment, domain scenario), `study_plan.carry_rounds` rebuilds each stage of the
complete one-round run from its saved weights (each rebuilt stage must reproduce the run's recorded test scores) and
scores the stage's task on validation. Prints one line per run: 'carried' (every stage's check passes: the run
under rounds is this run, written under its key), 'needs rounds' (with the stages whose check fails: train it with
stage_rounds 3), 'complete' (already trained or carried under rounds), 'no one-round run', or why it is refused
(seqft, whose lr is chosen on validation by runs that may themselves take more rounds). EWC's lambda is the fixed
default of its options (chosen on validation last session under one round; not re-chosen here).

    OMP_NUM_THREADS=1 python benchmarks/carry_rounds.py --rounds 3
"""
import argparse, dataclasses, time

from peft_nb.core import ConfigError
from peft_nb.results import read_run
from peft_nb.study_plan import StudyParams, carry_rounds, parse_cells, plan_cells

TASK_CELLS = 'B-FP/naive,B-FP/per_task,B-FP/olora,B-FP/olora[olora_lambda=0],B-FP/lwf,B-FP/replay,B-FP/ewc,B-FP/joint,B-FP/seqft,B-FP[path=plain]/naive'
DOMAIN_CELLS = 'B-FP/naive,B-FP/olora,B-FP/olora[olora_lambda=0]'

def complete_status(folder:str) -> str:
    "How a complete run under rounds came: carried (from which folder) or trained (and which stages took more than one round)."
    x = read_run(folder)['extra']
    if 'carried_from' in x: return f"complete, carried from {x['carried_from']['folder']}"
    more = sorted({c['stage'] for c in x['log'].get('rounds', []) if c['round'] > 0})
    return f"complete, trained under rounds ({'stages ' + ', '.join(map(str, more)) + ' took more than one round' if more else 'every stage one round'})"

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--rounds', type=int, default=3); ap.add_argument('--out_dir', default='reports/results'); ap.add_argument('--study', default='concepts')
    ap.add_argument('--task_cells', default=TASK_CELLS); ap.add_argument('--domain_cells', default=DOMAIN_CELLS)
    a = ap.parse_args()
    task = StudyParams(suite='concepts', scenario='task', seeds='0,1,2,3,4', out_dir=a.out_dir, study=a.study, stage_rounds=a.rounds)
    domain = dataclasses.replace(task, suite='sentiment', scenario='domain', seeds='0,1,2')
    counts = {}
    for cells, params in ((a.task_cells, task), (a.domain_cells, domain)):
        plans, refused = plan_cells(parse_cells(cells), params)
        for cell, why in refused.items(): print(f"{params.suite:10s} {cell:28s} refused: {why}", flush=True)
        for cell, plan in plans.items():
            for seed in plan.seeds:
                t0 = time.perf_counter()
                try: r = carry_rounds(plan, seed)
                except ConfigError as e: r = dict(status=f'refused: {e}', checks=[])
                if r['status'] == 'complete': r = dict(r, status=complete_status(r['folder']))
                fails = [f"stage {c['stage']} {t} validation MCC {v['score']:.3f}" for c in r['checks'] for t, v in c['validation'].items() if not v['learned']]
                counts[r['status'].split(':')[0].split(',')[0]] = counts.get(r['status'].split(':')[0].split(',')[0], 0) + 1
                print(f"{params.suite:10s} {cell:28s} seed {seed}: {r['status']}{' (' + '; '.join(fails) + ')' if fails else ''} [{time.perf_counter() - t0:.0f}s]", flush=True)
    print(counts)

if __name__ == '__main__': main()
