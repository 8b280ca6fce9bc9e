"""`train_task` against a plain hand-written PEFT loop, in one process.

Both train the same model (the embedded MiniLM with LoRA r=8, config B-FP) on the same rows of the
embedded movie task, with the same batch, steps, AdamW, linear warmup/decay schedule, clipping and seed.
The plain loop has no accelerate, no progress bar, no per-step host sync and no measurements; it runs
on the same device and in the same precision as `train_task` (bf16 autocast on a CUDA GPU that has it).
`train_task` runs on the train path of `--paths` (default: the config's default, 'fast'; 'plain' is the plain
loop's settings; 'group', 'masks' are the fast path's levers one at a time, see `train.TrainPath`).
After one warm-up run of each (under torch's FLOP counter), runs alternate (plain, then each path, again and
again); each is timed from the call to its return (setup included) on a fresh copy of the wrapped model, in
wall time and in this process's CPU time (with one thread, CPU time is what the step costs, whatever else runs on
the machine). Prints the median steps/s of each, each path's ratio to the plain loop (goal: >= 2.0, issue 23)
with the 95% interval of the per-pair ratios (run k of a path against run k of the plain loop), the mean loss of
each (a path that changes the batches or the random stream gives other numbers, not other expected numbers), and
the FLOP/s each achieves against this machine's matmul rate on the model's own linear shapes.
With `--scores N`, N seeds of one stage of the default study (B-FP on movie, 400 train and 200 test rows, 2 epochs)
train on the plain path and on the first of `--paths`, and the paired differences of their test accuracy print with
their 95% interval: the same expected result shows as an interval around 0.
With `--profile`, one more `train_task` run under torch.profiler prints the ops that take most of its time
(self time on the CPU, or on the GPU when there is one): where a training step's time goes.

    python benchmarks/bench_train.py --steps 20 --reps 5 --threads 1
"""
import argparse, copy, math, statistics, time

import torch
from torch.utils.data import DataLoader
from torch.utils.flop_counter import FlopCounterMode
from transformers import get_linear_schedule_with_warmup

from peft_nb.adapters import wrap_model
from peft_nb.core import get_config, register_train_path, seed_everything
from peft_nb.effects import interval
from peft_nb.quant import load_model
from peft_nb.tasks import evaluate_task, load_task, make_collator, task_score
from peft_nb.train import TrainPath, train_task

LEVERS = {'group': TrainPath(group_window=4), 'masks': TrainPath(mask_dropout=True)}

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

def on_path(path:str):
    "`train_task` on train path `path`, as a loop of the bench."
    def loop(model, task, tokenizer, cfg, seed=0) -> list[float]:
        cfg = get_config(cfg, train_path=path)
        return [s['loss'] for s in train_task(model, task, tokenizer, cfg, seed=seed, progress=False).steps]
    return loop

def timed(loop, base, task, tokenizer, cfg) -> tuple[float, float, list[float]]:
    "Steps per second of wall time and of CPU time of `loop` on a fresh LoRA copy of `base`, and its losses."
    seed_everything(0)
    model = wrap_model(copy.deepcopy(base), cfg)
    t0, c0 = time.perf_counter(), time.process_time()
    losses = loop(model, task, tokenizer, cfg)
    return cfg.max_steps / (time.perf_counter() - t0), cfg.max_steps / (time.process_time() - c0), losses

def counted_flops(loop, base, task, tokenizer, cfg) -> int:
    "FLOPs of one run of `loop` (matrix products, forward and backward), by torch's FLOP counter."
    with FlopCounterMode(display=False) as fc: timed(loop, base, task, tokenizer, cfg)
    return fc.get_total_flops()

def matmul_rate(tokens:int, hidden:int, ffn:int, reps:int=5) -> tuple[float, float]:
    "Best FLOP/s (wall, CPU) of the model's linear products (tokens x hidden @ hidden x {hidden, ffn}, ffn -> hidden)."
    shapes = [(tokens, hidden, hidden), (tokens, hidden, ffn), (tokens, ffn, hidden)]
    mats = [(torch.randn(m, k), torch.randn(k, n)) for m, k, n in shapes]
    flops, best = sum(2 * m * k * n for m, k, n in shapes), (0.0, 0.0)
    for _ in range(reps):
        t0, c0 = time.perf_counter(), time.process_time()
        for a, b in mats: a @ b
        best = (max(best[0], flops / (time.perf_counter() - t0)), max(best[1], flops / max(time.process_time() - c0, 1e-9)))
    return best

def op_shares(base, task, tokenizer, cfg, top:int=8) -> list[tuple[str, float]]:
    "The `top` ops of one `train_task` run by their share of its self time (GPU time on a GPU, else CPU time)."
    from torch.profiler import ProfilerActivity, profile
    cuda = torch.cuda.is_available()
    model = wrap_model(copy.deepcopy(base), cfg)
    with profile(activities=[ProfilerActivity.CPU] + [ProfilerActivity.CUDA] * cuda) as prof: on_path(cfg.train_path)(model, task, tokenizer, cfg)
    ops = [(e.key, e.self_device_time_total if cuda else e.self_cpu_time_total) for e in prof.key_averages()]
    total = sum(t for _, t in ops)
    return [(k, t / total) for k, t in sorted(ops, key=lambda x: -x[1])[:top]]

def ratio_line(name, rates, cpu, ref='plain') -> str:
    "A path's ratio to the plain loop: of the medians, and the per-pair mean with its 95% interval; CPU time alike."
    med = lambda v: statistics.median(v)
    pair, cpair = (interval([x / y for x, y in zip(r[name], r[ref])]) for r in (rates, cpu))
    return (f"{name:>7} / plain: wall {med(rates[name]) / med(rates[ref]):.3f} of the medians, per pair {pair['mean']:.3f} "
            f"[{pair['low']:.3f}, {pair['high']:.3f}];  CPU {med(cpu[name]) / med(cpu[ref]):.3f}, per pair {cpair['mean']:.3f} "
            f"[{cpair['low']:.3f}, {cpair['high']:.3f}] (95%)")

def paired_scores(base, tokenizer, path:str, seeds:int, train:int=400, test:int=200, epochs:float=2.0) -> dict:
    "Test accuracy after one stage on movie, per seed, on the plain path and on `path`, with the paired differences."
    task = load_task('movie', max_train=train, max_eval=test)
    scores = {p: [] for p in ('plain', path)}
    for seed in range(seeds):
        for p in scores:
            cfg = get_config('B-FP', epochs=epochs, train_path=p)
            seed_everything(seed)
            model = wrap_model(copy.deepcopy(base), cfg)
            train_task(model, task, tokenizer, cfg, seed=seed, progress=False)
            scores[p].append(task_score(evaluate_task(model.eval(), task, tokenizer), task))
    return scores | {'difference': interval([x - y for x, y in zip(scores[path], scores['plain'])])}

def timing(a, base, task, tok, cfg):
    "Time the plain loop and each path of `a.paths` in alternation; print rates, ratios and FLOP/s."
    loops = {'plain': plain_loop} | {p: on_path(p) for p in a.paths.split(',')}
    flops = {k: counted_flops(loop, base, task, tok, cfg) for k, loop in loops.items()}  # also the warm-up run
    rates, cpu, losses = ({k: [] for k in loops} for _ in range(3))
    for _ in range(a.reps):
        for name, loop in loops.items():
            r, c, losses[name] = timed(loop, base, task, tok, cfg)
            rates[name].append(r); cpu[name].append(c)
    where = torch.cuda.get_device_name() if torch.cuda.is_available() else \
        f"CPU ({torch.backends.cpu.get_cpu_capability()}), {torch.get_num_threads()} thread(s)"
    print(f"torch {torch.__version__}, {where}; {a.reps} alternating runs each of "
          f"{a.steps} steps x batch {a.batch}, MiniLM + LoRA r=8, {a.rows} movie rows")
    for k in loops:
        print(f"{k:>7}: median {statistics.median(rates[k]):.3f} steps/s wall, {statistics.median(cpu[k]):.3f} steps/s CPU;  "
              f"wall runs: {', '.join(f'{x:.3f}' for x in rates[k])};  mean loss {statistics.mean(losses[k]):.4f}")
    for k in loops:
        if k != 'plain': print(ratio_line(k, rates, cpu) + '  (goal: >= 2.0, issue 23)')
    hidden, ffn = base.config.hidden_size, base.config.intermediate_size
    peak, peak_cpu = matmul_rate(a.batch * 64, hidden, ffn)
    print(f"matmul rate on the model's linear shapes ({a.batch * 64} tokens x {hidden} -> {hidden}/{ffn}): "
          f"{peak / 1e9:.1f} GFLOP/s wall, {peak_cpu / 1e9:.1f} GFLOP/s CPU")
    for k in loops:
        f = flops[k] / a.steps
        w, c = f * statistics.median(rates[k]), f * statistics.median(cpu[k])
        print(f"{k:>7}: {f / 1e9:.2f} GFLOP a step;  {w / 1e9:.2f} GFLOP/s wall ({100 * w / peak:.0f}% of the matmul rate), "
              f"{c / 1e9:.2f} GFLOP/s CPU ({100 * c / peak_cpu:.0f}%)")

def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument('--steps', type=int, default=20, help='optimizer steps per run')
    ap.add_argument('--reps', type=int, default=5, help='timed runs of each loop (after one warm-up each); 0: no timing')
    ap.add_argument('--batch', type=int, default=8, help='examples per step')
    ap.add_argument('--rows', type=int, default=64, help='training rows of the movie task')
    ap.add_argument('--threads', type=int, default=0, help='torch CPU threads (0: torch default; the study runs with 1)')
    ap.add_argument('--paths', default='fast', help="train paths of train_task to time against the plain loop, comma-separated "
                    f"(registered ones, e.g. fast, plain, or the levers {', '.join(LEVERS)})")
    ap.add_argument('--scores', type=int, default=0, help='seeds of the paired check of test accuracy (0: none)')
    ap.add_argument('--profile', action='store_true', help="also print where one train_task run's time goes, by op")
    a = ap.parse_args()
    if a.threads: torch.set_num_threads(a.threads)
    for name, path in LEVERS.items(): register_train_path(name, path)
    cfg = get_config('B-FP', batch_size=a.batch, max_steps=a.steps)
    base, tok = load_model('minilm')
    task = load_task('movie', max_train=a.rows)
    if a.reps: timing(a, base, task, tok, cfg)
    if a.scores:
        path = a.paths.split(',')[0]
        sc = paired_scores(base, tok, path, a.scores)
        d = sc['difference']
        print(f"test accuracy after one stage (B-FP, movie, 400 train / 200 test rows, 2 epochs), seeds 0-{a.scores - 1}: "
              f"plain {', '.join(f'{x:.3f}' for x in sc['plain'])};  {path} {', '.join(f'{x:.3f}' for x in sc[path])};  "
              f"{path} - plain: {d['mean']:+.4f} [{d['low']:+.4f}, {d['high']:+.4f}] (95%, paired by seed)")
    if a.profile:
        shares = op_shares(base, task, tok, cfg)
        print('share of one train_task run by op (torch.profiler self time; aten::bernoulli_ draws the dropout masks): '
              + ', '.join(f'{k} {100 * v:.1f}%' for k, v in shares))

if __name__ == '__main__': main()
