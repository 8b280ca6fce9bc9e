"""Rank analysis of every LoRA adapter of the embedded causal LM (SmolLM2-135M): thin-factor SVD
(`peft_nb.analysis.rank_report`) vs the dense baseline (form dW with peft's `get_delta_weight`, then
`torch.linalg.svdvals`), in one process, and the analysis time as a fraction of measured training time.

The adapters are trained for a few real AdamW steps on the embedded Wikipedia articles so that B != 0.
Run: python benchmarks/bench_analysis.py [--targets all-linear|q_proj,v_proj] [--steps 3]
"""
import argparse, os, statistics, time

import numpy as np
import torch
from peft import LoraConfig, get_peft_model

from peft_nb.analysis import adapted_modules, rank_report
from peft_nb.assets import lm_rows
from peft_nb.core import seed_everything
from peft_nb.quant import load_model


def timed(fn, repeats):
    "Median wall time of `repeats` calls of `fn` and its last result."
    times = []
    for _ in range(repeats):
        t0 = time.perf_counter(); out = fn(); times.append(time.perf_counter() - t0)
    return statistics.median(times), out


def train(model, tok, rows, steps, batch_size, max_length):
    "Plain AdamW causal-LM steps on consecutive batches of real text; returns seconds per step."
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=1e-3)
    model.train()
    t0 = time.perf_counter()
    for step in range(steps):
        texts = [r['text'] for r in rows[step * batch_size:(step + 1) * batch_size]]
        enc = tok(texts, padding=True, truncation=True, max_length=max_length, return_tensors='pt')
        labels = enc['input_ids'].masked_fill(enc['attention_mask'] == 0, -100)
        model(**enc, labels=labels).loss.backward()
        opt.step(); opt.zero_grad()
    return (time.perf_counter() - t0) / steps


@torch.no_grad()
def dense_svdvals(model):
    "The baseline: every module's dense dW from peft, then its singular values."
    return [torch.linalg.svdvals(m.get_delta_weight(model.active_adapter)) for m in adapted_modules(model).values()]


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--targets', default='all-linear', help="'all-linear' or a comma list of module names")
    p.add_argument('--r', type=int, default=8)
    p.add_argument('--steps', type=int, default=3, help='training steps (timed) before the analysis')
    p.add_argument('--batch-size', type=int, default=4)
    p.add_argument('--max-length', type=int, default=128)
    p.add_argument('--repeats', type=int, default=3)
    a = p.parse_args()

    seed_everything(0)
    model, tok = load_model('smollm2', head='causal_lm')
    targets = a.targets if a.targets == 'all-linear' else a.targets.split(',')
    model = get_peft_model(model, LoraConfig(r=a.r, lora_alpha=2 * a.r, target_modules=targets, task_type='CAUSAL_LM'))
    step_s = train(model, tok, lm_rows('wiki'), a.steps, a.batch_size, a.max_length)
    model.eval()

    thin_s, report = timed(lambda: rank_report(model), a.repeats)
    dense_s, dense = timed(lambda: dense_svdvals(model), a.repeats)
    err = max(float(np.abs(row.sv - d.double().numpy()[:len(row.sv)]).max() / d[0]) for row, d in zip(report.itertuples(), dense))

    print(f"SmolLM2-135M, LoRA r={a.r} on {a.targets}: {len(report)} adapted modules, torch threads {torch.get_num_threads()}, "
          f"{os.cpu_count()} cpus, load average {os.getloadavg()[0]:.1f} (wall times below scale with machine contention)")
    print(f"training: {a.steps} AdamW steps, batch {a.batch_size} x {a.max_length} tokens of wiki text: {step_s:.2f} s/step")
    print(f"thin-factor rank_report (QR + r x r SVD + all metrics): {thin_s * 1e3:.1f} ms (median of {a.repeats})")
    print(f"dense baseline (get_delta_weight + svdvals): {dense_s * 1e3:.1f} ms (median of {a.repeats})")
    print(f"speed-up dense / thin: {dense_s / thin_s:.1f}x; max |sv_thin - sv_dense| / sv_max = {err:.1e}")
    print(f"rank_report / one training step: {thin_s / step_s:.2%}; / the {a.steps} measured steps: {thin_s / (a.steps * step_s):.2%}")
    print(f"rank analysis stays under 1% of training once a run trains >= {thin_s / (0.01 * step_s):.0f} such steps")
    print(report.groupby('module')[['effective_rank', 'stable_rank', 'utilisation']].mean().round(2).to_string())


if __name__ == '__main__':
    main()
