"""Next-token probabilities, how unsure a model is (entropy), and why answers vary (sampling).

Entropy, in bits, sums up a whole next-token distribution in one number: 0 when one token
is certain, 1 for a fair coin toss, 3 for eight equally likely tokens. Temperature divides
the model's scores before they become probabilities, so plotting entropy against temperature
shows what the slider in a chatbot's settings really does. All numbers come from the real
models through ``ailit.lm``; nothing is stored, so a retrained model gives its own numbers.
"""
from __future__ import annotations

import textwrap
from functools import lru_cache
from html import escape
from typing import TYPE_CHECKING, Iterable, Sequence

import pandas as pd

from ailit.lm import MIN_TEMPERATURE, generate, next_word_probabilities, plot_next_words
from ailit.text import t

if TYPE_CHECKING:
    import ipywidgets as widgets
    import torch
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

MODELS = ("tiny", "smollm2")
TEMPERATURES = (0.1, 0.25, 0.5, 0.75, 1.0, 1.25, 1.5, 1.75, 2.0)
MODEL_COLOURS = {"tiny": "#3b7dd8", "smollm2": "#d9822b"}


def _as_continuation(prompt: str, word: str) -> str:
    """``word`` as it would follow ``prompt``: with a space in front when it starts with a letter or digit."""
    if word[:1].isalnum() and prompt and not prompt[-1].isspace():
        return " " + word
    return word


def word_probability(prompt: str, word: str, model: str = "tiny", temperature: float = 1.0) -> float:
    """The chance (0 to 1) that the model continues ``prompt`` with ``word``.

    A word cut into several tokens needs every piece in turn, so its chance is the product of
    the pieces' chances (each given the text before it): one forward pass reads them all.
    """
    import torch

    from ailit.activities.context import context_window
    from ailit.models.loaders import load_causal_lm

    lm, tokenizer = load_causal_lm(model)
    prompt_ids = tokenizer(prompt, return_tensors="pt")["input_ids"][0]
    word_ids = tokenizer(_as_continuation(prompt, word), add_special_tokens=False, return_tensors="pt")["input_ids"][0]
    if len(word_ids) == 0:
        raise ValueError(t("m03.probabilities.empty_word"))
    prompt_ids = prompt_ids[-max(1, context_window(model) - len(word_ids)):]  # trimmed from the left, as in ailit.lm
    ids = torch.cat([prompt_ids, word_ids[:-1]]).unsqueeze(0)
    with torch.no_grad():
        logits = lm(input_ids=ids.to(lm.device)).logits[0].float().cpu()
    scores = logits[len(prompt_ids) - 1:] / max(float(temperature), MIN_TEMPERATURE)
    log_probabilities = torch.log_softmax(scores, dim=-1)
    return float(torch.exp(log_probabilities[torch.arange(len(word_ids)), word_ids].sum()))


def word_probabilities(prompt: str, words: Iterable[str], models: Iterable[str] = MODELS) -> pd.DataFrame:
    """Per word: each model's chance in percent (one decimal) and how many tokens the word takes."""
    from ailit.lm import tokens

    words, models = list(words), list(models)
    columns: dict[str, list] = {}
    for model in models:
        columns[t("m03.probabilities.col_percent", model=model)] = [
            round(100 * word_probability(prompt, w, model=model), 1) for w in words
        ]
        columns[t("m03.probabilities.col_pieces", model=model)] = [
            len(tokens(_as_continuation(prompt, w), model=model)) for w in words
        ]
    return pd.DataFrame(columns, index=pd.Index(words, name=t("m03.probabilities.col_word")))


def compare_models(prompt: str, k: int = 8, models: Sequence[str] = MODELS, temperature: float = 1.0) -> "Figure":
    """Side-by-side next-word charts, one per model, for the same prompt."""
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(models), figsize=(6 * len(models), 0.35 * k + 1.8), squeeze=False)
    for ax, model in zip(axes[0], models):
        plot_next_words(prompt, k=k, model=model, temperature=temperature, ax=ax)
        ax.set_title(t(f"m03.probabilities.title_{model}") if model in MODELS else model, fontsize=10)
    fig.suptitle(t("m03.probabilities.compare_title", prompt=prompt), fontsize=11)
    fig.tight_layout()
    return fig


@lru_cache(maxsize=64)
def _base_distribution(prompt: str, model: str) -> "torch.Tensor":
    """The next-token probabilities at temperature 1, kept so a temperature sweep needs one model run."""
    return next_word_probabilities(prompt, model=model, temperature=1.0).double()


def distribution_at(prompt: str, model: str = "tiny", temperature: float = 1.0) -> "torch.Tensor":
    """Next-token probabilities at ``temperature`` (as ``next_word_probabilities``; 0 puts all on the top token)."""
    import torch

    base = _base_distribution(prompt, model)
    if float(temperature) <= 0:
        return torch.nn.functional.one_hot(torch.argmax(base), base.numel()).double()
    return torch.softmax(torch.log(base) / max(float(temperature), MIN_TEMPERATURE), dim=-1)


def entropy_bits(prompt: str, model: str = "tiny", temperature: float = 1.0) -> float:
    """How unsure the model is about the next token, in bits (0 = certain; n bits ~ 2**n equal choices)."""
    from scipy.stats import entropy

    return float(entropy(distribution_at(prompt, model, temperature).numpy(), base=2))


def entropy_table(
    prompt: str, temperatures: Iterable[float] = (0.5, 1.0, 1.5, 2.0), models: Iterable[str] = ("tiny",)
) -> pd.DataFrame:
    """Entropy in bits (two decimals) per temperature, one column per model."""
    temperatures, models = [float(x) for x in temperatures], list(models)
    return pd.DataFrame(
        {t("m03.probabilities.col_entropy", model=m): [round(entropy_bits(prompt, m, x), 2) for x in temperatures] for m in models},
        index=pd.Index(temperatures, name=t("m03.probabilities.col_temperature")),
    )


def prompt_entropies(prompts: Iterable[str], models: Iterable[str] = MODELS, temperature: float = 1.0) -> pd.DataFrame:
    """Entropy in bits per prompt and model, and what it feels like: 'like choosing among N equal words'."""
    prompts, models = list(prompts), list(models)
    columns: dict[str, list] = {}
    for model in models:
        bits = [entropy_bits(p, model, temperature) for p in prompts]
        columns[t("m03.probabilities.col_entropy", model=model)] = [round(b, 2) for b in bits]
        columns[t("m03.probabilities.col_choices", model=model)] = [round(2 ** b, 1) for b in bits]
    return pd.DataFrame(columns, index=pd.Index(prompts, name=t("m03.probabilities.col_prompt")))


def plot_entropy(
    prompt: str, temperatures: Iterable[float] = TEMPERATURES, models: Iterable[str] = MODELS, ax: "Axes | None" = None
) -> "Axes":
    """Entropy (bits) against temperature, one line per model: the higher the temperature, the less sure."""
    import matplotlib.pyplot as plt

    temperatures = [float(x) for x in temperatures]
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 3.8))
    highest = 0.0
    for number, model in enumerate(models):
        bits = [entropy_bits(prompt, model, x) for x in temperatures]
        highest = max([highest, *bits])
        ax.plot(temperatures, bits, marker="o", color=MODEL_COLOURS.get(model), label=model)
        offset = (0, 7) if number % 2 else (0, -13)  # labels above one line and below the other
        for x, b in zip(temperatures, bits):
            if x in (0.5, 1.0, 1.5, 2.0):
                ax.annotate(f"{b:.1f}", (x, b), textcoords="offset points", xytext=offset, ha="center", fontsize=8,
                            color=MODEL_COLOURS.get(model, "#333333"))
    ax.set_xlabel(t("m03.probabilities.temperature_xlabel"))
    ax.set_ylabel(t("m03.probabilities.entropy_ylabel"))
    ax.set_ylim(0, highest * 1.12 + 0.2)
    ax.grid(alpha=0.3)
    ax.set_title(textwrap.fill(t("m03.probabilities.entropy_title", prompt=prompt), width=70), fontsize=10)
    ax.legend(frameon=False, fontsize=9)
    return ax


def entropy_explorer(prompt: str, model: str = "tiny", k: int = 8) -> "widgets.VBox":
    """A temperature slider: the next-word bars on the left, the entropy curve with the current point on the right."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    import torch
    from IPython.display import display

    from ailit.models.loaders import load_causal_lm

    _, tokenizer = load_causal_lm(model)
    slider = widgets.FloatSlider(
        value=1.0, min=0.1, max=2.0, step=0.1, description=t("m03.probabilities.temperature_xlabel"),
        continuous_update=False, style={"description_width": "initial"},
    )
    output = widgets.Output()
    curve = [(x, entropy_bits(prompt, model, x)) for x in TEMPERATURES]

    def redraw(_change=None) -> None:
        temperature = float(slider.value)
        probabilities = distribution_at(prompt, model, temperature)
        top = torch.topk(probabilities, k)
        words = [tokenizer.decode([int(i)]).strip() or repr(tokenizer.decode([int(i)])) for i in top.indices]
        bits = entropy_bits(prompt, model, temperature)
        with output:
            output.clear_output(wait=True)
            fig, (left, right) = plt.subplots(1, 2, figsize=(11, 0.32 * k + 1.8))
            left.barh(words[::-1], top.values.numpy()[::-1], color=MODEL_COLOURS.get(model, "#3b7dd8"))
            left.set_xlim(0, 1)
            left.set_xlabel(t("lm.probability"))
            left.set_title(t("m03.probabilities.bars_title", temperature=f"{temperature:.1f}"), fontsize=10)
            right.plot([x for x, _ in curve], [b for _, b in curve], color="#999999", marker=".")
            right.plot([temperature], [bits], marker="o", markersize=10, color="#c0392b")
            left_side = temperature > 1.2  # keep the label inside the axes
            right.annotate(t("m03.probabilities.point_label", bits=f"{bits:.2f}", choices=f"{2 ** bits:.0f}"),
                           (temperature, bits), textcoords="offset points", xytext=(-10 if left_side else 10, 4),
                           ha="right" if left_side else "left", fontsize=9)
            right.set_ylim(0, max(b for _, b in curve) * 1.15 + 0.2)
            right.set_xlabel(t("m03.probabilities.temperature_xlabel"))
            right.set_ylabel(t("m03.probabilities.entropy_ylabel"))
            right.set_title(t("m03.probabilities.curve_title", model=model), fontsize=10)
            right.grid(alpha=0.3)
            fig.tight_layout()
            display(fig)
            plt.close(fig)

    slider.observe(redraw, names="value")
    redraw()
    label = widgets.HTML(f"<b>{escape(t('m03.probabilities.prompt_label'))}</b> {escape(prompt)}")
    return widgets.VBox([label, slider, output])


def runs_table(prompt: str, runs: Iterable[tuple[int, float]], max_new_tokens: int = 15, model: str = "tiny") -> pd.DataFrame:
    """One continuation per (seed, temperature) run, numbered from 1, so runs can be compared."""
    runs = [(int(seed), float(temperature)) for seed, temperature in runs]
    texts = [generate(prompt, max_new_tokens=max_new_tokens, temperature=x, seed=s, model=model).strip() for s, x in runs]
    table = pd.DataFrame(
        {
            t("m03.probabilities.col_seed"): [s for s, _ in runs],
            t("m03.probabilities.col_temperature"): [x for _, x in runs],
            t("m03.probabilities.col_text"): texts,
        },
        index=pd.RangeIndex(1, len(runs) + 1, name=t("m03.probabilities.col_run")),
    )
    return table
