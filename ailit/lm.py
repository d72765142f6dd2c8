"""One-line helpers a teacher calls in a notebook: next-word probabilities, generation, similarity.

Every function takes a model role ("tiny" or "smollm2"), never a checkpoint name, so a hub can
swap models through ``registry.yaml``'s environment variables without touching notebooks.
"""
from __future__ import annotations

import textwrap
from contextlib import contextmanager
from typing import TYPE_CHECKING, Iterator

from ailit.models import quiet  # noqa: F401  (silences library warnings before they load)
from ailit.models.loaders import load_causal_lm, load_embedder
from ailit.text import t

if TYPE_CHECKING:
    import pandas as pd
    from matplotlib.axes import Axes

MIN_TEMPERATURE = 0.05


def _prompt_ids(tokenizer, prompt: str, room: int, context: int):
    """Token ids of the prompt, trimmed from the left so ``room`` new tokens still fit."""
    ids = tokenizer(prompt, return_tensors="pt")["input_ids"]
    return ids[:, -max(1, context - room):]


def _context_length(model) -> int:
    return int(getattr(model.config, "n_positions", None) or getattr(model.config, "max_position_embeddings", 2048))


def context_length(model: str = "tiny") -> int:
    """How many tokens the model reads at once (its text and what it writes, together)."""
    return _context_length(load_causal_lm(model)[0])


def next_word_probabilities(prompt: str, model: str = "tiny", temperature: float = 1.0):
    """The full next-token distribution (a torch vector) after ``prompt``."""
    import torch

    lm, tokenizer = load_causal_lm(model)
    ids = _prompt_ids(tokenizer, prompt, room=1, context=_context_length(lm))
    with torch.no_grad():
        logits = lm(input_ids=ids.to(lm.device)).logits[0, -1].float().cpu()
    return torch.softmax(logits / max(float(temperature), MIN_TEMPERATURE), dim=-1)


def _shown(tokenizer, token_id: int) -> str:
    text = tokenizer.decode([token_id])
    return text.strip() or repr(text)


def next_words(prompt: str, k: int = 10, model: str = "tiny", temperature: float = 1.0) -> "pd.DataFrame":
    """The k most likely next words and their probabilities, most likely first (rank 1..k)."""
    import pandas as pd
    import torch

    _, tokenizer = load_causal_lm(model)
    probabilities = next_word_probabilities(prompt, model=model, temperature=temperature)
    top = torch.topk(probabilities, k=min(int(k), probabilities.numel()))
    table = pd.DataFrame(
        {
            "word": [_shown(tokenizer, int(i)) for i in top.indices],
            "probability": [round(float(p), 4) for p in top.values],
        },
        index=pd.RangeIndex(1, len(top.indices) + 1, name="rank"),
    )
    return table


def plot_next_words(
    prompt: str, k: int = 10, model: str = "tiny", temperature: float = 1.0, ax: "Axes | None" = None
) -> "Axes":
    """A bar chart of ``next_words``: the most likely word at the top."""
    import matplotlib.pyplot as plt

    table = next_words(prompt, k=k, model=model, temperature=temperature)
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 0.35 * len(table) + 1.2))
    ax.barh(table["word"][::-1], table["probability"][::-1], color="#3b7dd8")
    ax.set_xlim(0, 1)
    ax.set_xlabel(t("lm.probability"))
    title = t("lm.next_words_title", prompt=prompt, model=model, temperature=temperature)
    ax.set_title(textwrap.fill(title, width=48), fontsize=10)
    for y, value in enumerate(table["probability"][::-1]):
        ax.text(min(value + 0.01, 0.9), y, f"{value:.0%}", va="center", fontsize=8)
    return ax


@contextmanager
def _seeded(seed: int) -> Iterator[None]:
    """Seed sampling without disturbing the notebook's own random state."""
    import torch

    with torch.random.fork_rng(devices=[]):
        torch.manual_seed(int(seed))
        yield


def _continue(model: str, ids, max_new_tokens: int, temperature: float, seed: int) -> str:
    import torch

    lm, tokenizer = load_causal_lm(model)
    room = min(int(max_new_tokens), _context_length(lm) - 1)
    ids = ids[:, -(_context_length(lm) - room):]
    sampling = float(temperature) > 0
    options = {"do_sample": True, "temperature": max(float(temperature), MIN_TEMPERATURE), "top_k": 0, "top_p": 1.0} if sampling else {"do_sample": False}
    with _seeded(seed), torch.no_grad():
        out = lm.generate(
            input_ids=ids.to(lm.device), attention_mask=torch.ones_like(ids).to(lm.device),
            max_new_tokens=room, pad_token_id=tokenizer.eos_token_id, **options,
        )
    return tokenizer.decode(out[0, ids.shape[1]:], skip_special_tokens=True)


def generate(prompt: str, max_new_tokens: int = 30, temperature: float = 0.8, seed: int = 0, model: str = "tiny") -> str:
    """The model's continuation of ``prompt`` (temperature 0 = always the most likely word)."""
    _, tokenizer = load_causal_lm(model)
    ids = tokenizer(prompt, return_tensors="pt")["input_ids"]
    return _continue(model, ids, max_new_tokens, temperature, seed)


def chat(message: str, max_new_tokens: int = 80, temperature: float = 0.0, seed: int = 0, model: str = "smollm2") -> str:
    """An instruction-tuned model's answer to one message (its chat template applied)."""
    _, tokenizer = load_causal_lm(model)
    ids = tokenizer.apply_chat_template(
        [{"role": "user", "content": message}], add_generation_prompt=True, return_tensors="pt", return_dict=True
    )["input_ids"]
    return _continue(model, ids, max_new_tokens, temperature, seed).strip()


def tokens(text: str, model: str = "tiny") -> list[str]:
    """How a model's tokenizer cuts ``text`` into pieces ("embeddings" names the sentence encoder's).

    A piece that is only part of a character (common for Chinese in byte-level tokenizers) shows as "�".
    """
    _, tokenizer = load_embedder() if model == "embeddings" else load_causal_lm(model)
    ids = tokenizer(text, add_special_tokens=False)["input_ids"]
    return [tokenizer.decode([i]) for i in ids]


def embed(sentences: list[str]):
    """Unit-length sentence vectors (mean pooling), so a dot product is the cosine similarity."""
    import torch

    encoder, tokenizer = load_embedder()
    batch = tokenizer(list(sentences), padding=True, truncation=True, return_tensors="pt")
    with torch.no_grad():
        hidden = encoder(**batch).last_hidden_state
    mask = batch["attention_mask"].unsqueeze(-1).to(hidden.dtype)
    pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
    return torch.nn.functional.normalize(pooled, dim=-1)


def similarity(a: str, b: str) -> float:
    """How close two sentences are in meaning, from -1 to 1 (1 = same meaning)."""
    vectors = embed([a, b])
    return round(float(vectors[0] @ vectors[1]), 4)
