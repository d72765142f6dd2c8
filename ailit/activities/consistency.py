"""Ask again: disagreement between a model's answers as a warning sign.

A language model draws each word at random from its probabilities, so the same question can
get different answers. When several draws disagree, the model has no single strong pattern
to follow, and at least some of the answers are made up: a cheap warning sign that needs no
outside source (the idea behind SelfCheckGPT, Manakul et al., 2023). Agreement is weaker
evidence: a model can repeat the same wrong answer every time.

``agreement_table`` draws the tiny GPT ``n`` times per prompt (seeds 0..n-1, so the result
can be repeated exactly) and compares the first word of each continuation; ``ask_several``
asks the chat model one question with several seeds. Every string the code shows comes from
``ailit/locale/<lang>/m05.yaml``.
"""
from __future__ import annotations

import re
from collections import Counter
from typing import TYPE_CHECKING, Iterable, Mapping

import pandas as pd

from ailit.activities.samples import first_word
from ailit.lm import chat, generate
from ailit.text import t

if TYPE_CHECKING:
    from matplotlib.axes import Axes

FIRST_WORD_TOKENS = 4  # enough new tokens for one whole word, few enough to stay fast


def first_words(prompt: str, n: int = 10, temperature: float = 1.0, model: str = "tiny") -> list[str]:
    """The first word of ``n`` continuations of ``prompt``, one per seed 0..n-1."""
    return [
        first_word(generate(prompt, max_new_tokens=FIRST_WORD_TOKENS, temperature=temperature, seed=seed, model=model))
        or t("m05.consistency.empty")
        for seed in range(int(n))
    ]


def agreement(answers: Iterable[str]) -> tuple[str, int, float, int]:
    """Most common answer, how often it came up, its share in percent, and how many different answers."""
    answers = list(answers)
    counts = Counter(answers)
    top, times = counts.most_common(1)[0]
    return top, times, round(100 * times / len(answers), 1), len(counts)


def agreement_table(
    prompts: Mapping[str, str] | Iterable[str], n: int = 10, temperature: float = 1.0, model: str = "tiny"
) -> pd.DataFrame:
    """One row per prompt: the most common first word in ``n`` draws and how often it came up."""
    if not isinstance(prompts, Mapping):
        prompts = {str(i + 1): p for i, p in enumerate(prompts)}
    rows = []
    for prompt in prompts.values():
        top, times, percent, distinct = agreement(first_words(prompt, n=n, temperature=temperature, model=model))
        rows.append({
            t("m05.consistency.col_prompt"): prompt,
            t("m05.consistency.col_answer"): top,
            t("m05.consistency.col_times", n=n): times,
            t("m05.consistency.col_agreement"): percent,
            t("m05.consistency.col_distinct"): distinct,
        })
    table = pd.DataFrame(rows, index=pd.Index(list(prompts), name=t("m05.consistency.col_prompt")))
    table.attrs["draws"] = int(n)
    return table


def plot_agreement(table: pd.DataFrame, ax: "Axes | None" = None) -> "Axes":
    """Bars of agreement per prompt (from ``agreement_table``), labelled with the most common answer."""
    import matplotlib.pyplot as plt

    keys = [str(k) for k in table.index][::-1]
    values = table[t("m05.consistency.col_agreement")].to_list()[::-1]
    answers = table[t("m05.consistency.col_answer")].to_list()[::-1]
    n = table.attrs.get("draws", "?")
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.5 * len(keys) + 1.5))
    bars = ax.barh(keys, values, color="#3b7dd8")
    ax.bar_label(bars, labels=[f"{v:.0f}%  “{a}”" for v, a in zip(values, answers)], fontsize=8, padding=3)
    ax.set_xlim(0, 135)
    ax.set_xticks(range(0, 101, 20))
    ax.set_xlabel(t("m05.consistency.agreement_xlabel"))
    ax.set_title(t("m05.consistency.agreement_title", n=n), fontsize=10)
    return ax


def tidy(answer: str) -> str:
    """An answer in lower case without punctuation or extra spaces, so "Canberra." equals "canberra"."""
    return re.sub(r"\s+", " ", re.sub(r"[^\w\s]", " ", str(answer).lower())).strip()


def ask_several(
    question: str, seeds: Iterable[int] = range(5), temperature: float = 0.8, max_new_tokens: int = 10,
    model: str = "smollm2",
) -> pd.DataFrame:
    """The chat model's reply to one question, once per seed, and each reply tidied for comparison."""
    seeds = [int(s) for s in seeds]
    replies = [chat(question, max_new_tokens=max_new_tokens, temperature=temperature, seed=s, model=model) for s in seeds]
    return pd.DataFrame(
        {t("m05.consistency.col_reply"): replies, t("m05.consistency.col_normalised"): [tidy(r) for r in replies]},
        index=pd.Index(seeds, name=t("m05.consistency.col_seed")),
    )


def summarise(replies: pd.DataFrame) -> str:
    """One sentence: how many different answers, and how often the most common came up."""
    top, times, percent, distinct = agreement(replies[t("m05.consistency.col_normalised")])
    return t("m05.consistency.several_summary", distinct=distinct, n=len(replies), times=times, percent=f"{percent:.0f}")
