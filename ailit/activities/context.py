"""Context length: the part of a long text that a model can still see.

A model reads a fixed number of tokens at once: its context window (256 for the tiny GPT,
8,192 for SmolLM2), shared by the text it is given and the tokens it writes. The course
helpers keep the END of a longer text and cut the beginning (as ``ailit.lm`` does), so the
first lines of a long letter or chat are simply not there. These helpers show which part
that is, and let a teacher shrink a window with a slider to watch a fact drop out.
"""
from __future__ import annotations

from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import pandas as pd
import yaml

from ailit.text import t

if TYPE_CHECKING:
    import ipywidgets as widgets
    from IPython.display import HTML
    from matplotlib.figure import Figure

MODELS = ("tiny", "smollm2")
SEEN_COLOUR = "#3b7dd8"
CUT_COLOUR = "#bbbbbb"


def load_text(path: str | Path) -> str:
    """The ``text`` of a YAML reading file (a fictional letter or newsletter), without trailing spaces."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    if "text" not in data:
        raise ValueError(t("m03.context.no_text", path=path))
    return str(data["text"]).strip()


def _tokenizer_and_window(model: str) -> tuple:
    from ailit.lm import context_length
    from ailit.models.loaders import load_causal_lm

    return load_causal_lm(model)[1], context_length(model)


def context_window(model: str = "tiny") -> int:
    """How many tokens the model reads at once (its text and what it writes, together)."""
    from ailit.lm import context_length

    return context_length(model)


@dataclass(frozen=True)
class Visible:
    """A text split where the model's window begins: ``cut`` is dropped, ``seen`` is what the model reads."""

    model: str
    window: int
    kept: int
    total: int
    cut: str
    seen: str

    @property
    def cut_tokens(self) -> int:
        return self.total - min(self.kept, self.total)


def visible_part(text: str, model: str = "tiny", new_tokens: int = 1, window: int | None = None) -> Visible:
    """Which part of ``text`` the model sees while writing ``new_tokens`` tokens (1 = predicting the next word).

    Like ``ailit.lm``, the helpers keep the last ``window - new_tokens`` tokens and cut the rest from
    the left. ``window`` pretends the model has a smaller window (for the slider demo).
    """
    tokenizer, model_window = _tokenizer_and_window(model)
    window = model_window if window is None else min(int(window), model_window)
    ids = tokenizer(text)["input_ids"]
    keep = max(1, window - int(new_tokens))
    start = max(0, len(ids) - keep)
    return Visible(model, window, keep, len(ids), tokenizer.decode(ids[:start]), tokenizer.decode(ids[start:]))


def visible_html(part: Visible) -> str:
    header = (
        t("m03.context.all_seen", model=part.model, total=part.total, window=part.window)
        if part.cut_tokens == 0
        else t("m03.context.some_cut", model=part.model, total=part.total, window=part.window,
               kept=part.kept, cut=part.cut_tokens)
    )
    body = (
        f"<span style='color:#999999;text-decoration:line-through'>{escape(part.cut)}</span>"
        f"<span style='background:#eaf2fd'>{escape(part.seen)}</span>"
    )
    return (f"<p><b>{escape(header)}</b></p>"
            f"<div style='white-space:pre-wrap;border:1px solid #ddd;padding:6px;max-height:22em;overflow:auto'>{body}</div>")


def show_visible(text: str, model: str = "tiny", new_tokens: int = 1) -> "HTML":
    """The text with the part the model cannot see struck through in grey (put the call last in a cell)."""
    from IPython.display import HTML

    return HTML(visible_html(visible_part(text, model, new_tokens)))


def context_table(text: str, models: Iterable[str] = MODELS) -> pd.DataFrame:
    """Per model: its window, the text's length in its tokens, and how many tokens are cut off."""
    rows = []
    for model in models:
        part = visible_part(text, model)
        rows.append((model, part.window, part.total, part.cut_tokens))
    return pd.DataFrame(
        rows,
        columns=[t("m03.context.col_model"), t("m03.context.col_window"), t("m03.context.col_text_tokens"),
                 t("m03.context.col_cut_tokens")],
    ).set_index(t("m03.context.col_model"))


def plot_context(text: str, models: Iterable[str] = MODELS) -> "Figure":
    """One bar per model: the text in tokens, the part it sees (blue) and the part cut off (grey), and its window."""
    import matplotlib.pyplot as plt
    from matplotlib.patches import Rectangle

    parts = [visible_part(text, model) for model in models]
    fig, axes = plt.subplots(len(parts), 1, figsize=(8, 1.5 * len(parts) + 0.6), squeeze=False)
    for ax, part in zip(axes[:, 0], parts):
        seen = part.total - part.cut_tokens
        ax.barh([0], [part.cut_tokens], color=CUT_COLOUR, label=t("m03.context.cut_label"))
        ax.barh([0], [seen], left=[part.cut_tokens], color=SEEN_COLOUR, label=t("m03.context.seen_label"))
        # The window slides to the end of the text: it starts where the cut ends.
        ax.add_patch(Rectangle((part.cut_tokens, -0.42), part.window, 0.84, fill=False,
                               edgecolor="#c0392b", linestyle="--", linewidth=1.5))
        ax.text(part.cut_tokens + part.window, 0.47, t("m03.context.window_label", window=part.window),
                color="#c0392b", ha="right", va="bottom", fontsize=8)
        ax.set_xlim(0, max(part.cut_tokens + part.window, part.total) * 1.04)
        ax.set_ylim(-0.6, 0.9)
        ax.set_yticks([])
        ax.set_title(t("m03.context.bar_title", model=part.model, total=part.total, cut=part.cut_tokens), fontsize=10, loc="left")
    axes[-1, 0].set_xlabel(t("m03.context.tokens_xlabel"))
    axes[0, 0].legend(loc="upper right", fontsize=8, frameon=False, ncols=2, bbox_to_anchor=(1, 1.6))
    fig.tight_layout()
    return fig


def window_capacity(sentences: pd.DataFrame, models: Iterable[str] = MODELS) -> pd.DataFrame:
    """About how many characters of English and of Chinese text fill each model's window,
    from the characters per token measured on the lesson's sentences."""
    from ailit.lm import tokens

    rows = []
    for model in models:
        window = context_window(model)
        row = [model, window]
        for language in ("english", "chinese"):
            characters = sum(len(s) for s in sentences[language])
            pieces = sum(len(tokens(s, model=model)) for s in sentences[language])
            row.append(int(round(window * characters / pieces, -1)))
        rows.append(row)
    return pd.DataFrame(
        rows,
        columns=[t("m03.context.col_model"), t("m03.context.col_window"), t("m03.context.col_english_fit"),
                 t("m03.context.col_chinese_fit")],
    ).set_index(t("m03.context.col_model"))


def compare_texts(texts: dict[str, str], model: str = "tiny", k: int = 3) -> pd.DataFrame:
    """The k most likely next words after each version of a text, side by side (one column pair per version)."""
    from ailit.lm import next_words

    return pd.concat({name: next_words(text, k=k, model=model) for name, text in texts.items()}, axis=1)


def next_words_in_window(text: str, window: int, model: str = "smollm2", k: int = 5) -> pd.DataFrame:
    """The k most likely next words when the model may read only the last ``window - 1`` tokens of ``text``."""
    import torch

    from ailit.models.loaders import load_causal_lm

    lm, tokenizer = load_causal_lm(model)
    part = visible_part(text, model, new_tokens=1, window=window)
    ids = tokenizer(text, return_tensors="pt")["input_ids"][:, -part.kept:]
    with torch.no_grad():
        probabilities = torch.softmax(lm(input_ids=ids.to(lm.device)).logits[0, -1].float().cpu(), dim=-1)
    top = torch.topk(probabilities, k)
    return pd.DataFrame(
        {
            "word": [tokenizer.decode([int(i)]).strip() or repr(tokenizer.decode([int(i)])) for i in top.indices],
            "probability": [round(float(p), 4) for p in top.values],
        },
        index=pd.RangeIndex(1, k + 1, name="rank"),
    )


def context_explorer(text: str, model: str = "smollm2", start: int = 64, k: int = 5) -> "widgets.VBox":
    """A slider that shrinks the model's window: the part it still sees, and its next-word guesses."""
    import ipywidgets as widgets
    from IPython.display import display

    total = visible_part(text, model).total
    top = min(context_window(model), total + 1)
    slider = widgets.IntSlider(
        value=min(start, top), min=8, max=top, step=8, description=t("m03.context.slider"),
        continuous_update=False, style={"description_width": "initial"}, layout=widgets.Layout(width="70%"),
    )
    shown = widgets.HTML()
    output = widgets.Output()

    def redraw(_change=None) -> None:
        window = int(slider.value)
        shown.value = visible_html(visible_part(text, model, new_tokens=1, window=window))
        with output:
            output.clear_output(wait=True)
            print(t("m03.context.guesses", model=model, window=window))
            display(next_words_in_window(text, window, model=model, k=k))

    slider.observe(redraw, names="value")
    redraw()
    return widgets.VBox([slider, output, shown])
