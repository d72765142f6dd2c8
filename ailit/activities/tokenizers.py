"""Tokens: how three real tokenizers cut the same message, in English and in Chinese.

A model never sees letters or characters, only tokens from a fixed list it learned before
training. Comparing the same message in two languages shows what that list was built from:
a byte-level tokenizer learned from English text has no pieces for most Chinese characters,
so it spends several tokens on each one, and tokens are what a service charges for and what
fills a model's context window. The sentences are a data file next to the lesson
(``english,chinese`` columns), so a teacher can add their own.
"""
from __future__ import annotations

from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import pandas as pd

from ailit.lm import tokens
from ailit.text import t

if TYPE_CHECKING:
    import ipywidgets as widgets
    from IPython.display import HTML
    from matplotlib.axes import Axes

MODELS = ("tiny", "smollm2", "embeddings")
LANGUAGES = ("english", "chinese")
COLOURS = {"english": "#3b7dd8", "chinese": "#d9822b"}
PIECE_COLOURS = ("#dbe9fb", "#fde6cf")
BYTE_PIECE = "\ufffd"  # what tokens() shows for a piece that is only part of a character
UNKNOWN_PIECES = ("[UNK]", "<unk>")


def count_tokens(text: str, model: str = "tiny") -> int:
    """How many tokens the model's tokenizer needs for ``text`` (what a service counts and charges)."""
    return len(tokens(text, model=model))


def load_sentences(path: str | Path) -> pd.DataFrame:
    """The same sentences in English and Chinese (columns ``english`` and ``chinese``), numbered from 1."""
    table = pd.read_csv(path, dtype=str, keep_default_na=False, encoding="utf-8")
    missing = [c for c in LANGUAGES if c not in table.columns]
    if missing:
        raise ValueError(t("m03.tokens.missing_columns", path=path, columns=", ".join(missing)))
    table = table[list(LANGUAGES)].reset_index(drop=True)
    table.index = pd.RangeIndex(1, len(table) + 1, name=t("m03.tokens.col_sentence"))
    return table


def byte_table(text: str) -> pd.DataFrame:
    """Each character of ``text`` with its UTF-8 bytes: the raw material of a byte-level tokenizer."""
    def shown(ch: str) -> str:
        return t("m03.tokens.space") if ch == " " else ch

    rows = [(shown(ch), " ".join(f"{b:02X}" for b in ch.encode("utf-8")), len(ch.encode("utf-8"))) for ch in text]
    return pd.DataFrame(
        rows, columns=[t("m03.tokens.col_character"), t("m03.tokens.col_bytes"), t("m03.tokens.col_byte_count")]
    ).set_index(t("m03.tokens.col_character"))


def token_counts(sentences: pd.DataFrame, models: Iterable[str] = MODELS) -> pd.DataFrame:
    """Per sentence and language: its characters and each model's token count."""
    models = list(models)
    rows = []
    for number, row in sentences.iterrows():
        for language in LANGUAGES:
            text = row[language]
            counts = {model: count_tokens(text, model) for model in models}
            rows.append({"sentence": number, "language": language, "characters": len(text), **counts})
    return pd.DataFrame(rows).set_index(["sentence", "language"])


def token_summary(counts: pd.DataFrame) -> pd.DataFrame:
    """Per model: all English tokens, all Chinese tokens, how many times more Chinese needs,
    and how many characters one token covers in each language."""
    totals = counts.groupby(level="language").sum()
    models = [c for c in counts.columns if c != "characters"]
    table = pd.DataFrame(
        {
            t("m03.tokens.col_english_tokens"): [int(totals.loc["english", m]) for m in models],
            t("m03.tokens.col_chinese_tokens"): [int(totals.loc["chinese", m]) for m in models],
            t("m03.tokens.col_ratio"): [round(totals.loc["chinese", m] / totals.loc["english", m], 2) for m in models],
            t("m03.tokens.col_english_chars_per_token"): [
                round(totals.loc["english", "characters"] / totals.loc["english", m], 2) for m in models
            ],
            t("m03.tokens.col_chinese_chars_per_token"): [
                round(totals.loc["chinese", "characters"] / totals.loc["chinese", m], 2) for m in models
            ],
        },
        index=pd.Index(models, name=t("m03.tokens.col_model")),
    )
    return table


def plot_token_counts(counts: pd.DataFrame, ax: "Axes | None" = None) -> "Axes":
    """Grouped bars: all the sentences' tokens per model, English next to Chinese (same meaning)."""
    import matplotlib.pyplot as plt
    import numpy as np

    totals = counts.groupby(level="language").sum()
    models = [c for c in counts.columns if c != "characters"]
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 3.8))
    x = np.arange(len(models))
    width = 0.38
    for offset, language in zip((-width / 2, width / 2), LANGUAGES):
        values = [int(totals.loc[language, m]) for m in models]
        bars = ax.bar(x + offset, values, width, color=COLOURS[language], label=t(f"m03.tokens.{language}"))
        ax.bar_label(bars, fontsize=9)
    characters = {language: int(totals.loc[language, "characters"]) for language in LANGUAGES}
    ax.set_xticks(x, models)
    ax.set_ylabel(t("m03.tokens.tokens_ylabel"))
    ax.set_ylim(0, ax.get_ylim()[1] * 1.12)
    ax.set_title(t("m03.tokens.counts_title", n=len(counts) // len(LANGUAGES), **characters), fontsize=10)
    ax.legend(frameon=False, fontsize=9)
    return ax


def _piece_html(piece: str, i: int) -> str:
    if piece in UNKNOWN_PIECES:
        style = "background:#f8d0d0;color:#9b1c1c;font-weight:bold"
    elif BYTE_PIECE in piece:
        style = "background:#eeeeee;color:#777777"
    else:
        style = f"background:{PIECE_COLOURS[i % 2]}"
    shown = escape(piece).replace(" ", "&nbsp;") or "&nbsp;"
    return f"<span style='{style};padding:1px 3px;margin:1px;border-radius:3px;font-family:monospace;white-space:pre'>{shown}</span>"


def tokens_html(text: str, models: Iterable[str] = MODELS) -> str:
    """HTML rows, one per model: the token count and the pieces in alternating colours."""
    rows = []
    for model in models:
        pieces = tokens(text, model=model)
        chips = "".join(_piece_html(p, i) for i, p in enumerate(pieces))
        label = escape(t("m03.tokens.row_label", model=model, count=len(pieces)))
        rows.append(f"<tr><td style='text-align:left;white-space:nowrap;vertical-align:top'><b>{label}</b></td>"
                    f"<td style='text-align:left;line-height:1.9'>{chips}</td></tr>")
    legend = escape(t("m03.tokens.legend"))
    return f"<table>{''.join(rows)}</table><p style='font-size:90%;color:#555'>{legend}</p>"


def show_tokens(text: str, models: Iterable[str] = MODELS) -> "HTML":
    """How each model cuts ``text`` into tokens (put the call last in a cell to see it)."""
    from IPython.display import HTML

    return HTML(tokens_html(text, models))


def token_explorer(text: str, models: Iterable[str] = MODELS) -> "widgets.VBox":
    """Type any text and press the button: every model's tokens and counts (put the call last in a cell)."""
    import ipywidgets as widgets

    models = tuple(models)
    box = widgets.Textarea(value=text, layout=widgets.Layout(width="95%", height="4em"))
    button = widgets.Button(description=t("m03.tokens.cut_button"), button_style="primary")
    result = widgets.HTML()

    def show(_button=None) -> None:
        result.value = tokens_html(box.value, models)

    button.on_click(show)
    show()
    return widgets.VBox([box, button, result])
