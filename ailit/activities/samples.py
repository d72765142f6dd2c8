"""Ask a language model the same thing several times: different seeds, different "facts".

A language model picks each word at random in proportion to its probabilities, so one prompt
can give many answers. Seeing them side by side shows that a fluent answer is one draw, not
a looked-up fact: if two draws disagree, at least one of them is made up.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Iterable

import pandas as pd

from ailit.lm import generate
from ailit.text import t

if TYPE_CHECKING:
    from matplotlib.axes import Axes

_WORD = re.compile(r"\w[\w'-]*")


def sample_answers(
    prompt: str, seeds: Iterable[int] = range(6), temperature: float = 1.0, max_new_tokens: int = 12, model: str = "tiny"
) -> pd.DataFrame:
    """One continuation of ``prompt`` per seed, in a table (same seed, same text)."""
    seeds = [int(s) for s in seeds]
    texts = [
        generate(prompt, max_new_tokens=max_new_tokens, temperature=temperature, seed=s, model=model).strip()
        for s in seeds
    ]
    return pd.DataFrame(
        {t("activities.samples.col_seed"): seeds, t("activities.samples.col_text"): texts}
    ).set_index(t("activities.samples.col_seed"))


def first_word(text: str) -> str:
    """The first word of a continuation, lower case, without punctuation ("" if none)."""
    found = _WORD.search(text)
    return found.group(0).lower() if found else ""


def plot_first_words(
    prompt: str, n: int = 20, temperature: float = 1.0, model: str = "tiny", ax: "Axes | None" = None
) -> "Axes":
    """Draw ``n`` continuations and count their first words: how many different "answers" came out."""
    import matplotlib.pyplot as plt

    words = [
        first_word(generate(prompt, max_new_tokens=4, temperature=temperature, seed=s, model=model)) or "…"
        for s in range(int(n))
    ]
    counts = Counter(words).most_common()
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 0.35 * len(counts) + 1.4))
    labels = [w for w, _ in counts][::-1]
    values = [c for _, c in counts][::-1]
    ax.barh(labels, values, color="#3b7dd8")
    ax.set_xlabel(t("activities.samples.count_xlabel", n=n))
    ax.set_title(t("activities.samples.count_title", prompt=prompt, n=n, distinct=len(counts)), fontsize=10)
    ax.xaxis.get_major_locator().set_params(integer=True)
    return ax
