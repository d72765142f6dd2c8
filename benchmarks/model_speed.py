"""Model speed on one core: tiny GPT tokens per second, SmolLM2 load time from the cache.

Targets (issue 2): tiny GPT >= 200 tokens/s on one core; SmolLM2 from the cache <= 3 s.
Baselines in the same run: a bare forward-pass loop without generate() for the tiny GPT,
and the GGUF load the cache replaces for SmolLM2. Each load is timed in a fresh process.

Usage: python benchmarks/model_speed.py
"""
from __future__ import annotations

import os
import subprocess
import sys
import time

# Imports are timed apart: a notebook that already uses the models has paid for them.
LOAD = """
import time
from ailit.models import quiet
import transformers
from ailit.models.loaders import load_causal_lm
from ailit.models.registry import spec, package_folder
started = time.perf_counter()
{body}
print(time.perf_counter() - started)
"""
CACHED = "load_causal_lm('smollm2')"
GGUF = """s = spec('smollm2'); f = package_folder(s)
transformers.AutoTokenizer.from_pretrained(f, gguf_file=s.gguf_file)
transformers.AutoModelForCausalLM.from_pretrained(f, gguf_file=s.gguf_file)"""
IMPORTS = "pass"


def timed_load(body: str, whole_process: bool = False) -> float:
    """Seconds for ``body`` in a fresh process on one core (or the whole process's run time)."""
    env = dict(os.environ, OMP_NUM_THREADS="1")
    started = time.perf_counter()
    out = subprocess.run(["taskset", "-c", "0", sys.executable, "-c", LOAD.format(body=body)], env=env, capture_output=True, text=True, check=True)
    return time.perf_counter() - started if whole_process else float(out.stdout.strip().splitlines()[-1])


def tiny_tokens_per_second(tokens: int = 200, runs: int = 3) -> tuple[float, float]:
    """Sampled tokens per second through transformers' generate() (what ailit.lm.generate uses),
    forced to the full length, against a bare greedy forward loop with the same KV cache."""
    import torch

    from ailit.models.loaders import load_causal_lm

    torch.set_num_threads(1)
    model, tokenizer = load_causal_lm("tiny")
    ids = tokenizer("The teacher asked the class to", return_tensors="pt")["input_ids"]
    options = dict(do_sample=True, top_k=0, min_new_tokens=tokens, max_new_tokens=tokens, pad_token_id=tokenizer.eos_token_id)
    with torch.no_grad():
        model.generate(input_ids=ids, **{**options, "min_new_tokens": 5, "max_new_tokens": 5})  # warm up
        started = time.perf_counter()
        produced = sum(model.generate(input_ids=ids, **options).shape[1] - ids.shape[1] for _ in range(runs))
        sampled = produced / (time.perf_counter() - started)
        started = time.perf_counter()
        for _ in range(runs):
            past, step = None, ids
            for _ in range(tokens):
                out = model(input_ids=step, past_key_values=past, use_cache=True)
                past, step = out.past_key_values, out.logits[:, -1:].argmax(-1)
        bare = tokens * runs / (time.perf_counter() - started)
    return sampled, bare


def main() -> None:
    os.sched_setaffinity(0, {0})
    helper, bare = tiny_tokens_per_second()
    print(f"tiny GPT sampling with generate(): {helper:.0f} tokens/s on one core (target >= 200); bare greedy forward loop {bare:.0f} tokens/s; ratio {helper / bare:.2f}")
    cached = min(timed_load(CACHED) for _ in range(3))
    gguf = timed_load(GGUF)
    imports = min(timed_load(IMPORTS, whole_process=True) for _ in range(2))
    print(f"SmolLM2 load from cache: {cached:.2f} s (target <= 3 s); from GGUF: {gguf:.1f} s; cache is {gguf / cached:.1f}x faster")
    print(f"(importing torch + transformers first, once per kernel: {imports:.1f} s)")
    ok = helper >= 200 and cached <= 3
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
