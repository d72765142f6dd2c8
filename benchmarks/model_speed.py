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

LOAD = """
import time, sys
started = time.perf_counter()
{body}
print(time.perf_counter() - started)
"""
CACHED = "from ailit.models.loaders import load_causal_lm\nload_causal_lm('smollm2')"
GGUF = """from ailit.models import quiet
from transformers import AutoModelForCausalLM, AutoTokenizer
from ailit.models.registry import spec, package_folder
s = spec('smollm2'); f = package_folder(s)
AutoTokenizer.from_pretrained(f, gguf_file=s.gguf_file); AutoModelForCausalLM.from_pretrained(f, gguf_file=s.gguf_file)"""


def timed_load(body: str) -> float:
    env = dict(os.environ, OMP_NUM_THREADS="1")
    out = subprocess.run(["taskset", "-c", "0", sys.executable, "-c", LOAD.format(body=body)], env=env, capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def tiny_tokens_per_second(tokens: int = 200, runs: int = 3) -> tuple[float, float]:
    import torch

    from ailit.lm import generate
    from ailit.models.loaders import load_causal_lm

    torch.set_num_threads(1)
    model, tokenizer = load_causal_lm("tiny")
    prompt = "The teacher asked the class to"
    generate(prompt, max_new_tokens=10)  # warm up
    started = time.perf_counter()
    for seed in range(runs):
        generate(prompt, max_new_tokens=tokens, temperature=1.0, seed=seed)
    helper = tokens * runs / (time.perf_counter() - started)
    ids = tokenizer(prompt, return_tensors="pt")["input_ids"]
    started = time.perf_counter()
    with torch.no_grad():
        for _ in range(runs):
            past, step = None, ids
            for _ in range(tokens):
                out = model(input_ids=step, past_key_values=past, use_cache=True)
                past, step = out.past_key_values, out.logits[:, -1:].argmax(-1)
    bare = tokens * runs / (time.perf_counter() - started)
    return helper, bare


def main() -> None:
    os.sched_setaffinity(0, {0})
    helper, bare = tiny_tokens_per_second()
    print(f"tiny GPT generate(): {helper:.0f} tokens/s on one core (target >= 200); bare forward loop {bare:.0f} tokens/s; ratio {helper / bare:.2f}")
    cached = min(timed_load(CACHED) for _ in range(3))
    gguf = timed_load(GGUF)
    print(f"SmolLM2 load from cache: {cached:.2f} s (target <= 3 s); from GGUF: {gguf:.1f} s; cache is {gguf / cached:.1f}x faster")
    ok = helper >= 200 and cached <= 3
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
