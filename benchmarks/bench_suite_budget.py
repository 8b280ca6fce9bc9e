"""Is every task of the default suite learned in its own stage, in every task order, at a given budget?

B-FP with `naive` on `concepts` (task-incremental), seed k in task order k mod 3 (`study_plan.seed_order`), scored on
the validation split (MCC). One invocation runs one (lr, epochs, warmup, seed) and prints one JSON line: each task's
score right after its own stage and at the end; `--summary LOG` reads such lines and prints, per setting, how many
(order, task) pairs reach the learned bar (MCC >= 0.2, `continual.MCC`) and the lowest own-stage score.
Runs are independent, so several can go at once (one thread each):

    OMP_NUM_THREADS=1 python benchmarks/bench_suite_budget.py --seed 1 --lr 5e-3 --epochs 2 --warmup 0.06 >> budget.log
    python benchmarks/bench_suite_budget.py --summary budget.log
"""
import argparse, json, time

def one_run(a) -> dict:
    "Run B-FP/naive on the default suite in seed `a.seed`'s order at the budget `a` names; the own-stage and final scores."
    import numpy as np
    from peft_nb.core import get_config
    from peft_nb.continual import run_continual
    from peft_nb.study_plan import StudyParams, plan_study, seed_order
    plan = plan_study(StudyParams(config='B-FP', suite=a.suite, scenario='task', max_train=a.max_train, max_eval=a.max_eval, out_dir='/tmp/bench_budget'))
    k, tasks = seed_order(plan, a.seed)
    cfg = get_config('B-FP', strategy='naive', lr=a.lr, epochs=a.epochs, warmup_ratio=a.warmup)
    t0 = time.time()
    run = run_continual(cfg, tasks, a.seed, 'minilm', 128, 'task', eval_split='validation', progress=False)
    return dict(lr=a.lr, epochs=a.epochs, warmup=a.warmup, seed=a.seed, order=k, tasks=[t.name for t in tasks],
                own=np.round(np.diag(run.R[1:]), 3).tolist(), final=np.round(run.R[-1], 3).tolist(), wall=round(time.time() - t0))

def summary(path:str, bar:float=0.2):
    "Per setting: (order, task) pairs learned in their own stage, the lowest own-stage score and the tasks below the bar."
    rows = [json.loads(l) for l in open(path) if l.startswith('{')]
    for key in dict.fromkeys((r['lr'], r['epochs'], r['warmup']) for r in rows):
        rs = [r for r in rows if (r['lr'], r['epochs'], r['warmup']) == key]
        pairs = [(r['order'], t, s) for r in rs for t, s in zip(r['tasks'], r['own'])]
        low = [f'{t} (order {o}: {s:.3f})' for o, t, s in pairs if s < bar]
        print(f'lr {key[0]:g}, epochs {key[1]:g}, warmup {key[2]:g}: {len(pairs) - len(low)} of {len(pairs)} learned (own-stage MCC >= {bar}), '
              f'lowest {min(s for *_, s in pairs):.3f}, orders {sorted(r["order"] for r in rs)}, {sum(r["wall"] for r in rs)} s'
              + (f'; not learned: {", ".join(low)}' if low else ''))

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--seed', type=int, default=0); p.add_argument('--lr', type=float, default=5e-3)
    p.add_argument('--epochs', type=float, default=2.0); p.add_argument('--warmup', type=float, default=0.06)
    p.add_argument('--suite', default='concepts'); p.add_argument('--max_train', type=int, default=400); p.add_argument('--max_eval', type=int, default=200)
    p.add_argument('--summary', default='', help='a log of JSON lines from earlier runs: print the summary and stop')
    a = p.parse_args()
    if a.summary: return summary(a.summary)
    print(json.dumps(one_run(a)), flush=True)

if __name__ == '__main__': main()
