"""`train_task` against a plain hand-written PEFT loop, in one process.

Both train the same model (the embedded MiniLM with LoRA r=8, config B-FP) on the same rows of the
embedded movie task, with the same batch, steps, AdamW, linear warmup/decay schedule, clipping and seed.
The plain loop has no accelerate, no progress bar, no per-step host sync and no measurements; it runs
on the same device and in the same precision as `train_task` (bf16 autocast on a CUDA GPU that has it).
After one warm-up run of each, runs alternate (A B A B ...); each is timed from the call to its return
(setup included) on a fresh copy of the wrapped model. Prints the median steps/s of each and the ratio
(goal: >= 1.0, issue 14) with the 95% interval of the per-pair ratios (run k of one loop against run k of the
other, taken one after the other), and how far apart the two loops' losses are (same work, same numbers).
With `--profile`, one more `train_task` run under torch.profiler prints the ops that take most of its time
(self time on the CPU, or on the GPU when there is one): where a training step's time goes.

    python benchmarks/bench_train.py --steps 20 --reps 5
"""
import argparse, copy, math, statistics, time

import torch
from torch.utils.data import DataLoader
from transformers import get_linear_schedule_with_warmup

from peft_nb.adapters import wrap_model
from peft_nb.core import get_config, seed_everything
from peft_nb.effects import interval
from peft_nb.quant import load_model
from peft_nb.tasks import load_task, make_collator
from peft_nb.train import train_task

def plain_loop(model, task, tokenizer, cfg, seed=0, max_length=128) -> list[float]:
    "The loop one writes by hand, on the device and in the precision `train_task` uses; returns the loss of each step."
    seed_everything(seed)
    device = next(model.parameters()).device  # `load_model` puts the model on the GPU when there is one
    bf16 = device.type == 'cuda' and torch.cuda.is_bf16_supported()  # the rule of train.make_accelerator
    loader = DataLoader(task.splits['train'], batch_size=cfg.batch_size, shuffle=True,
                        collate_fn=make_collator(task, tokenizer, max_length), generator=torch.Generator().manual_seed(seed))
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=cfg.lr, weight_decay=cfg.weight_decay)
    sched = get_linear_schedule_with_warmup(opt, math.ceil(cfg.warmup_ratio * cfg.max_steps), cfg.max_steps)
    model.train()
    losses = []
    while len(losses) < cfg.max_steps:
        for batch in loader:
            batch = {k: v.to(device) for k, v in batch.items()}
            with torch.autocast(device.type, dtype=torch.bfloat16, enabled=bf16): loss = model(**batch).loss
            loss.backward()
            torch.nn.utils.clip_grad_norm_(params, cfg.max_grad_norm)
            opt.step(); sched.step(); opt.zero_grad(set_to_none=True)
            losses.append(loss.detach())
            if len(losses) == cfg.max_steps: break
    return [l.item() for l in losses]

def ours(model, task, tokenizer, cfg, seed=0) -> list[float]:
    return [s['loss'] for s in train_task(model, task, tokenizer, cfg, seed=seed, progress=False).steps]

def timed(loop, base, task, tokenizer, cfg) -> tuple[float, list[float]]:
    "steps/s of `loop` on a fresh LoRA copy of `base`, and its losses."
    seed_everything(0)
    model = wrap_model(copy.deepcopy(base), cfg)
    t0 = time.perf_counter()
    losses = loop(model, task, tokenizer, cfg)
    return cfg.max_steps / (time.perf_counter() - t0), losses

def op_shares(base, task, tokenizer, cfg, top:int=8) -> list[tuple[str, float]]:
    "The `top` ops of one `train_task` run by their share of its self time (GPU time on a GPU, else CPU time)."
    from torch.profiler import ProfilerActivity, profile
    cuda = torch.cuda.is_available()
    model = wrap_model(copy.deepcopy(base), cfg)
    with profile(activities=[ProfilerActivity.CPU] + [ProfilerActivity.CUDA] * cuda) as prof: ours(model, task, tokenizer, cfg)
    ops = [(e.key, e.self_device_time_total if cuda else e.self_cpu_time_total) for e in prof.key_averages()]
    total = sum(t for _, t in ops)
    return [(k, t / total) for k, t in sorted(ops, key=lambda x: -x[1])[:top]]

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--steps', type=int, default=20, help='optimizer steps per run')
    ap.add_argument('--reps', type=int, default=5, help='timed runs of each loop (after one warm-up each)')
    ap.add_argument('--batch', type=int, default=8, help='examples per step')
    ap.add_argument('--rows', type=int, default=64, help='training rows of the movie task')
    ap.add_argument('--threads', type=int, default=0, help='torch CPU threads (0: torch default)')
    ap.add_argument('--profile', action='store_true', help="also print where one train_task run's time goes, by op")
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    cfg = get_config('B-FP', batch_size=a.batch, max_steps=a.steps)
    base, tok = load_model('minilm')
    task = load_task('movie', max_train=a.rows)
    loops = {'train_task': ours, 'plain': plain_loop}
    for loop in loops.values(): timed(loop, base, task, tok, cfg)  # warm-up
    rates, losses = {k: [] for k in loops}, {}
    for _ in range(a.reps):
        for name, loop in loops.items():
            r, losses[name] = timed(loop, base, task, tok, cfg)
            rates[name].append(r)
    med = {k: statistics.median(v) for k, v in rates.items()}
    where = torch.cuda.get_device_name() if torch.cuda.is_available() else f"CPU, {torch.get_num_threads()} thread(s)"
    print(f"torch {torch.__version__}, {where}; {a.reps} alternating runs each of "
          f"{a.steps} steps x batch {a.batch}, MiniLM + LoRA r=8, {a.rows} movie rows")
    for k, v in rates.items(): print(f"{k:>10}: median {med[k]:.3f} steps/s   runs: {', '.join(f'{x:.3f}' for x in v)}")
    pair = interval([x / y for x, y in zip(rates['train_task'], rates['plain'])])
    print(f"ratio train_task / plain: {med['train_task'] / med['plain']:.3f} of the medians; per pair {pair['mean']:.3f} "
          f"[{pair['low']:.3f}, {pair['high']:.3f}] (95%)  (goal: >= 1.0, issue 14)")
    print(f"max |loss difference| between the loops over {a.steps} steps: "
          f"{max(abs(x - y) for x, y in zip(losses['train_task'], losses['plain'])):.2e}")
    if a.profile:
        shares = op_shares(base, task, tok, cfg)
        print('share of one train_task run by op (torch.profiler self time; aten::bernoulli_ draws the dropout masks): '
              + ', '.join(f'{k} {100 * v:.1f}%' for k, v in shares))

if __name__ == '__main__': main()
