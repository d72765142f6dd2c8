"""Rebuild the project's tiny GPT from the project's own corpus, reproducibly, in minutes on CPU.

The result (about 15 MB) is committed in ``ailit/models/tiny_gpt`` so that teachers never
train anything; this command exists so anyone can check how it was made and remake it.
"""
from __future__ import annotations

import json
import math
import time
from dataclasses import asdict, dataclass
from pathlib import Path

from ailit.models import quiet
from ailit.models.corpus import build_corpus
from ailit.models.registry import tiny_gpt_folder
from ailit.staging import staged_folder

END_OF_TEXT = "<|endoftext|>"


@dataclass(frozen=True)
class TrainingSettings:
    seed: int = 0
    corpus_bytes: int = 1_000_000
    vocab_size: int = 2048
    layers: int = 4
    width: int = 256
    heads: int = 4
    context: int = 256
    window: int = 64
    batch: int = 32
    steps: int = 800
    learning_rate: float = 2e-3
    warmup: int = 60
    threads: int = 1  # one thread: the same weights on any machine, and no slowdown on a busy one


def train_tokenizer(text: str, vocab_size: int):
    """Byte-level BPE like GPT-2's, so any English (or Chinese) text can be tokenized."""
    from tokenizers import ByteLevelBPETokenizer
    from transformers import GPT2TokenizerFast

    bpe = ByteLevelBPETokenizer()
    paragraphs = text.split("\n\n")
    bpe.train_from_iterator(paragraphs, vocab_size=vocab_size, min_frequency=2, special_tokens=[END_OF_TEXT], show_progress=False)
    return GPT2TokenizerFast(
        tokenizer_object=bpe._tokenizer, bos_token=END_OF_TEXT, eos_token=END_OF_TEXT, unk_token=END_OF_TEXT
    )


def _token_stream(tokenizer, text: str):
    import torch

    ids: list[int] = []
    for paragraph in text.split("\n\n"):
        ids.extend(tokenizer(paragraph.strip())["input_ids"])
        ids.append(tokenizer.eos_token_id)
    return torch.tensor(ids, dtype=torch.long)


def _learning_rate(step: int, settings: TrainingSettings) -> float:
    if step < settings.warmup:
        return settings.learning_rate * (step + 1) / settings.warmup
    progress = (step - settings.warmup) / max(1, settings.steps - settings.warmup)
    return settings.learning_rate * (0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * progress)))


def train(output: Path | None = None, settings: TrainingSettings = TrainingSettings()) -> dict:
    """Train and save; returns a summary (final loss, tokens, seconds) also written as training.json."""
    import torch
    from tqdm.auto import tqdm
    from transformers import GPT2Config, GPT2LMHeadModel

    quiet.silence_transformers()
    output = Path(output) if output else tiny_gpt_folder()
    torch.manual_seed(settings.seed)
    torch.set_num_threads(settings.threads)
    torch.use_deterministic_algorithms(True)
    started = time.perf_counter()

    text = build_corpus(seed=settings.seed, target_bytes=settings.corpus_bytes)
    tokenizer = train_tokenizer(text, settings.vocab_size)
    stream = _token_stream(tokenizer, text)
    config = GPT2Config(
        vocab_size=len(tokenizer), n_positions=settings.context, n_embd=settings.width,
        n_layer=settings.layers, n_head=settings.heads,
        bos_token_id=tokenizer.bos_token_id, eos_token_id=tokenizer.eos_token_id,
    )
    model = GPT2LMHeadModel(config)
    optimizer = torch.optim.AdamW(model.parameters(), lr=settings.learning_rate, weight_decay=0.01)
    generator = torch.Generator().manual_seed(settings.seed)
    offsets = torch.arange(settings.window + 1)
    model.train()
    smoothed = None
    progress = tqdm(range(settings.steps), desc="training tiny GPT", unit="step")
    for step in progress:
        starts = torch.randint(0, len(stream) - settings.window - 1, (settings.batch,), generator=generator)
        batch = stream[starts[:, None] + offsets]
        for group in optimizer.param_groups:
            group["lr"] = _learning_rate(step, settings)
        logits = model(input_ids=batch[:, :-1]).logits
        loss = torch.nn.functional.cross_entropy(logits.reshape(-1, logits.size(-1)), batch[:, 1:].reshape(-1))
        optimizer.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        optimizer.step()
        smoothed = loss.item() if smoothed is None else 0.95 * smoothed + 0.05 * loss.item()
        progress.set_postfix(loss=f"{smoothed:.3f}")

    model.eval()
    summary = {
        "settings": asdict(settings),
        "corpus_bytes": len(text.encode("utf-8")),
        "corpus_tokens": int(len(stream)),
        "parameters": sum(p.numel() for p in model.parameters()),
        "final_loss": round(float(smoothed), 4),
        "seconds": round(time.perf_counter() - started, 1),
    }
    with staged_folder(output) as staging:
        model.save_pretrained(staging)
        tokenizer.save_pretrained(staging)
        (staging / "training.json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    return summary
