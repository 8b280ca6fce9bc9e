"""Is each candidate task learned alone at the default study budget (issue 22, ask 2)?

For each task and seed: a fresh B-FP adapter (LoRA r=8, the config's own lr) on the embedded MiniLM is trained
on that task alone (what `per_task` gives every task in its own stage; naive's first stage is the same), with the
default study budget (`study_plan.StudyParams`: max_train 400, max_eval 200, its epochs, batch 16, max_length 128); prints MCC and
balanced accuracy on the task's test split and the mean loss of the last 10 steps.
The threshold of the ask: MCC >= 0.2 on every seed (binary: balanced accuracy >= 0.6 goes with it).

    OMP_NUM_THREADS=2 python benchmarks/bench_task_learnable.py --tasks party,subjectivity --seeds 0,1,2
"""
import argparse, dataclasses, time

import numpy as np, torch
from sklearn.metrics import balanced_accuracy_score, matthews_corrcoef

from peft_nb.adapters import wrap_model
from peft_nb.core import get_config, seed_everything
from peft_nb.quant import load_model
from peft_nb.tasks import load_task, make_collator, model_inputs
from peft_nb.train import train_task
from peft_nb.study_plan import StudyParams

def test_predictions(model, task, tokenizer, max_length:int) -> tuple[list, list]:
    "Predicted and true class ids on the test split."
    collate, rows, preds, labels = make_collator(task, tokenizer, max_length), task.splits['test'], [], []
    model.eval()
    with torch.inference_mode():
        for i in range(0, len(rows), 32):
            b = collate(rows[i:i + 32])
            preds += model(**model_inputs(b, 'cpu')).logits.argmax(-1).tolist()
            labels += b['labels'].tolist()
    return preds, labels

def learn(name:str, seed:int, a) -> dict:
    task = load_task(name, seed, a.max_train, a.max_eval)
    cfg = dataclasses.replace(get_config('B-FP'), epochs=a.epochs, batch_size=a.batch_size)
    seed_everything(seed)
    base, tok = load_model('minilm', num_labels=len(task.label_names))
    model = wrap_model(base, cfg)
    stats = train_task(model, task, tok, cfg, seed=seed, max_length=a.max_length, progress=False)
    preds, labels = test_predictions(model, task, tok, a.max_length)
    return dict(mcc=matthews_corrcoef(labels, preds), bacc=balanced_accuracy_score(labels, preds),
                last_loss=float(np.mean([s['loss'] for s in stats.steps[-10:]])), n_train=len(task.splits['train']), n_test=len(labels))

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--tasks', default='party,subjectivity', help='comma-separated task names')
    ap.add_argument('--seeds', default='0,1,2')
    ap.add_argument('--max_train', type=int, default=400); ap.add_argument('--max_eval', type=int, default=200)
    ap.add_argument('--epochs', type=float, default=StudyParams.epochs); ap.add_argument('--batch_size', type=int, default=16)
    ap.add_argument('--max_length', type=int, default=128)
    a = ap.parse_args()
    print(f"B-FP, minilm, max_train {a.max_train}, max_eval {a.max_eval}, epochs {a.epochs}, batch {a.batch_size}, max_length {a.max_length}")
    for name in a.tasks.split(','):
        mccs = []
        for seed in map(int, a.seeds.split(',')):
            t0 = time.perf_counter(); r = learn(name, seed, a); mccs.append(r['mcc'])
            print(f"{name:14s} seed {seed}: MCC {r['mcc']:.3f}  balanced acc {r['bacc']:.3f}  last-10-step loss {r['last_loss']:.3f}  "
                  f"(train {r['n_train']}, test {r['n_test']}, {time.perf_counter() - t0:.0f}s)", flush=True)
        print(f"{name:14s} min MCC {min(mccs):.3f} -> {'learned on every seed' if min(mccs) >= 0.2 else 'NOT learned on every seed'} (MCC >= 0.2)", flush=True)

if __name__ == '__main__': main()
