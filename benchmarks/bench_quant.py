"""Footprint, training speed and peak memory of the embedded causal LM (SmolLM2-135M) per storage mode.

In one process, one mode after the other: fp32, bf16, nf4, int8 and a mixed 8/4-bit plan (measured on
Wikipedia text with `--budget` of the layers at 8 bits). Each mode is loaded with `load_for_config`,
wrapped with LoRA r=8 on q_proj/v_proj (config B-Q4's adapter), and trained for `--steps` AdamW steps on
real Wikipedia text (the embedded `lm_rows('wiki')`) after `--warmup` untimed steps.
Peak memory, separately while loading and while training: on CUDA `torch.cuda.max_memory_allocated`; on CPU
the peak resident set size sampled every 5 ms, minus the RSS before loading the mode (the process holds the
other modes' leftovers, so the increment is what the mode itself needs). Uses CUDA when available.

    python benchmarks/bench_quant.py --steps 5 --batch-size 2 --seq-len 128
"""
import argparse, ctypes, gc, os, threading, time

import pandas as pd
import psutil
import torch

from peft_nb.adapters import wrap_model
from peft_nb.assets import lm_rows
from peft_nb.core import get_config, seed_everything
from peft_nb.quant import footprint, load_for_config, quantized_weight_stats

class PeakRSS:
    "Context manager sampling this process's RSS; `.peak` bytes, `.base` bytes at entry."
    def __init__(self, every=0.005): self.every, self.proc = every, psutil.Process()
    def _run(self):
        while not self.done.is_set():
            self.peak = max(self.peak, self.proc.memory_info().rss)
            self.done.wait(self.every)
    def __enter__(self):
        self.base = self.peak = self.proc.memory_info().rss
        self.done = threading.Event(); self.thread = threading.Thread(target=self._run, daemon=True); self.thread.start()
        return self
    def __exit__(self, *a): self.done.set(); self.thread.join()

def release_memory():
    "Free what the previous mode held, and give it back to the OS (glibc keeps freed heap otherwise)."
    gc.collect()
    if torch.cuda.is_available(): torch.cuda.empty_cache(); torch.cuda.reset_peak_memory_stats()
    try: ctypes.CDLL('libc.so.6').malloc_trim(0)
    except OSError: pass

def text_batches(tok, batch_size, seq_len, n):
    "`n` batches of `seq_len`-token windows cut from the embedded Wikipedia articles."
    ids = tok('\n\n'.join(r['text'] for r in lm_rows('wiki')), return_tensors='pt').input_ids[0]
    windows = ids[: len(ids) // seq_len * seq_len].view(-1, seq_len)
    return [windows[i * batch_size:(i + 1) * batch_size] for i in range(n)]

def bench_mode(mode, args, device):
    "One row of the table for storage `mode`."
    release_memory()
    seed_everything(0)
    cfg = get_config('B-Q4', quant=mode, mixed_budget=args.budget)
    with PeakRSS() as load_rss:
        t0 = time.perf_counter()
        model, tok, plan = load_for_config(cfg, 'smollm2', head='causal_lm',
                                           calibration_rows=lm_rows('wiki')[:16] if mode == 'mixed' else None)
        load_s = time.perf_counter() - t0
        if mode in ('fp32', 'bf16'): model.to(device)
    if device.type == 'cuda': load_peak = torch.cuda.max_memory_allocated(); torch.cuda.reset_peak_memory_stats()
    fp, qs = footprint(model), quantized_weight_stats(model)
    model = wrap_model(model, cfg, head='causal_lm').train()
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=cfg.lr)
    batches = text_batches(tok, args.batch_size, args.seq_len, args.warmup + args.steps)
    with PeakRSS() as rss:
        for i, ids in enumerate(batches):
            if i == args.warmup:
                if device.type == 'cuda': torch.cuda.synchronize()
                t1 = time.perf_counter()
            ids = ids.to(device)
            loss = model(input_ids=ids, labels=ids).loss
            loss.backward(); opt.step(); opt.zero_grad(set_to_none=True)
        if device.type == 'cuda': torch.cuda.synchronize()
        steps_s = args.steps / (time.perf_counter() - t1)
    if device.type == 'cuda': peak = torch.cuda.max_memory_allocated()
    else: load_peak, peak = load_rss.peak - load_rss.base, rss.peak - load_rss.base
    row = dict(mode=mode, footprint_mb=fp / 2**20, qlinear_bits=qs['avg_bits'], load_s=load_s, steps_per_s=steps_s,
               load_peak_mb=load_peak / 2**20, peak_mb=peak / 2**20, last_loss=loss.item(),
               n8=sum(b == 8 for b in plan.bits.values()) if plan else None)
    print(mode, 'done', flush=True)
    del model, opt
    return row

def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--modes', nargs='+', default=['fp32', 'bf16', 'nf4', 'int8', 'mixed'])
    p.add_argument('--steps', type=int, default=5, help='timed optimizer steps per mode')
    p.add_argument('--warmup', type=int, default=1, help='untimed steps first')
    p.add_argument('--batch-size', type=int, default=2)
    p.add_argument('--seq-len', type=int, default=128)
    p.add_argument('--budget', type=float, default=0.5, help='mixed: fraction of layers at 8 bits')
    args = p.parse_args()
    device = torch.device('cuda') if torch.cuda.is_available() else torch.device('cpu')
    print(f"device {device} ({torch.cuda.get_device_name() if device.type == 'cuda' else f'{torch.get_num_threads()} threads'}), "
          f"torch {torch.__version__}, batch {args.batch_size} x {args.seq_len} tokens, {args.steps} timed steps")
    df = pd.DataFrame([bench_mode(m, args, device) for m in args.modes]).set_index('mode')
    if 'fp32' in df.index:
        for c in ['footprint_mb', 'steps_per_s', 'peak_mb']: df[c.removesuffix('_mb') + '_x'] = df[c] / df.loc['fp32', c]
    print('peak memory:', 'torch.cuda.max_memory_allocated' if device.type == 'cuda' else
          'peak RSS above the RSS before loading the mode (load_peak: while loading; peak: while training)')
    print(df.to_string(float_format=lambda v: f'{v:.3g}'))

if __name__ == '__main__': main()
