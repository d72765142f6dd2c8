"""Measure what a language model learned about occupations and "she" / "he", and set it beside its data.

The tiny GPT's training text pairs each of 14 occupations with "she" or "he" at a known,
deliberate rate (``ailit/models/corpus/skew.yaml``; see CORPUS.md). After a frame such as
"The nurse said that", the model gives a probability to " she" and to " he"; the *she share*
P(she) / (P(she) + P(he)), averaged over the corpus's frames, can be set beside the share in the
training text. Because we know exactly what the model read, a lesson can show that it mirrors
its data. Every string the code shows is in ``ailit/locale/<lang>/m06.yaml``.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Iterable

import pandas as pd

from ailit.lm import next_word_probabilities
from ailit.models.corpus import load_skew
from ailit.models.loaders import load_causal_lm
from ailit.text import t

if TYPE_CHECKING:
    import ipywidgets as widgets
    from matplotlib.axes import Axes

PRONOUNS = ("she", "he")
SHE_COLOUR = "#d9822b"
HE_COLOUR = "#3b7dd8"
DATA_COLOUR = "#555555"


def frames() -> list[str]:
    """The measurement prompts' patterns, e.g. "The {occupation} said that" (each frame cut before its pronoun)."""
    return [frame[: -len(" {pronoun}")] for frame in load_skew()["frames"]]


def prompt_for(occupation: str, frame: str | None = None) -> str:
    """The prompt that asks for the pronoun after ``occupation``: "The nurse said that"."""
    return (frame or frames()[0]).replace("{occupation}", occupation.strip())


def training_shares() -> pd.Series:
    """The share of "she" in the training text's sentences about each occupation (from skew.yaml)."""
    occupations = load_skew()["occupations"]
    return pd.Series({job: float(shares["she"]) for job, shares in occupations.items()}, name="she")


def _pronoun_ids(model: str) -> dict[str, int]:
    """Token ids of " she" and " he"; both must be single tokens so one probability covers the word."""
    _, tokenizer = load_causal_lm(model)
    ids = {}
    for pronoun in PRONOUNS:
        pieces = tokenizer(f" {pronoun}", add_special_tokens=False)["input_ids"]
        if len(pieces) != 1:
            raise ValueError(t("m06.pronouns.errors.not_one_token", pronoun=pronoun, model=model))
        ids[pronoun] = int(pieces[0])
    return ids


def pronoun_probabilities(prompt: str, model: str = "tiny", ids: dict[str, int] | None = None) -> dict[str, float]:
    """P(" she") and P(" he") as the next word after ``prompt``, and the she share between the two."""
    ids = ids or _pronoun_ids(model)
    probabilities = next_word_probabilities(prompt, model=model)
    she, he = (float(probabilities[ids[p]]) for p in PRONOUNS)
    return {"she": she, "he": he, "share_she": she / (she + he) if she + he > 0 else float("nan")}


def pronoun_table(occupations: Iterable[str] | None = None, model: str = "tiny") -> pd.DataFrame:
    """Per occupation: the model's she / he shares (mean over all frames) beside the training text's share.

    Percentages, rounded to one decimal. The model's two shares add up to 100: they compare
    "she" with "he" only, whatever else the model might say next.
    """
    data = training_shares()
    jobs = list(data.index) if occupations is None else [str(o).strip() for o in occupations]
    patterns, ids = frames(), _pronoun_ids(model)
    rows = {}
    for job in jobs:
        shares = [pronoun_probabilities(prompt_for(job, frame), model, ids)["share_she"] for frame in patterns]
        share = sum(shares) / len(shares)
        rows[job] = {
            t("m06.pronouns.col_model_she"): round(100 * share, 1),
            t("m06.pronouns.col_model_he"): round(100 * (1 - share), 1),
            t("m06.pronouns.col_data_she"): round(100 * data[job], 1) if job in data else float("nan"),
        }
    table = pd.DataFrame.from_dict(rows, orient="index")
    table.index.name = t("m06.pronouns.col_occupation")
    return table


def most_she(table: pd.DataFrame | None = None) -> str:
    """The occupation with the highest model she share in ``table`` (measured now if not given)."""
    table = pronoun_table() if table is None else table
    return str(table[t("m06.pronouns.col_model_she")].astype(float).idxmax())


def plot_mirror(table: pd.DataFrame | None = None, ax: "Axes | None" = None) -> "Axes":
    """Each occupation as a point: share of "she" in the training text (x) against the model's (y)."""
    import matplotlib.pyplot as plt

    table = pronoun_table() if table is None else table
    table = table.dropna()
    if ax is None:
        _, ax = plt.subplots(figsize=(6.5, 6))
    x = table[t("m06.pronouns.col_data_she")].astype(float)
    y = table[t("m06.pronouns.col_model_she")].astype(float)
    ax.plot([0, 100], [0, 100], color=DATA_COLOUR, linestyle=":", linewidth=1, label=t("m06.pronouns.mirror_line"))
    ax.scatter(x, y, color=SHE_COLOUR, zorder=3)
    placed: list[tuple[float, float]] = []
    for job, xi, yi in zip(table.index, x, y):
        crowded = any(abs(xi - px) < 4 and abs(yi - py) < 4 for px, py in placed)  # label to the left instead
        ax.annotate(job, (xi, yi), xytext=(-5 if crowded else 5, -3), textcoords="offset points", fontsize=8,
                    ha="right" if crowded else "left")
        placed.append((xi, yi))
    ax.set_xlim(0, 100)
    ax.set_ylim(0, 100)
    ax.set_aspect("equal")
    ax.set_xlabel(t("m06.pronouns.mirror_xlabel"))
    ax.set_ylabel(t("m06.pronouns.mirror_ylabel"))
    ax.set_title(t("m06.pronouns.mirror_title"), fontsize=10)
    ax.grid(alpha=0.3)
    ax.legend(loc="upper left", fontsize=8, frameon=False)
    return ax


def plot_pronoun_bars(table: pd.DataFrame | None = None, ax: "Axes | None" = None) -> "Axes":
    """Per occupation, the model's she share as a bar and the training text's share as a black tick."""
    import matplotlib.pyplot as plt

    table = pronoun_table() if table is None else table
    if ax is None:
        _, ax = plt.subplots(figsize=(7, 0.33 * len(table) + 1.4))
    jobs = list(table.index)[::-1]
    model = table[t("m06.pronouns.col_model_she")].astype(float)[::-1]
    data = table[t("m06.pronouns.col_data_she")].astype(float)[::-1]
    ax.barh(jobs, model, color=SHE_COLOUR, label=t("m06.pronouns.col_model_she"))
    ax.barh(jobs, 100 - model, left=model, color=HE_COLOUR, label=t("m06.pronouns.col_model_he"))
    known = data.notna()
    if known.any():  # occupations outside skew.yaml have no training share to mark
        ax.scatter(data[known], [j for j, k in zip(jobs, known) if k], marker="|", s=250, color="black", zorder=3,
                   label=t("m06.pronouns.col_data_she"))
    ax.set_xlim(0, 100)
    ax.set_xlabel(t("m06.pronouns.percent"))
    ax.set_title(t("m06.pronouns.bars_title"), fontsize=10)
    ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.06), ncols=3, fontsize=8, frameon=False)
    return ax


def pronoun_explorer(occupation: str = "footballer", model: str = "tiny") -> "widgets.VBox":
    """Type any occupation and pick a frame: the model's P(she) and P(he), beside the training share if known."""
    import ipywidgets as widgets
    import matplotlib.pyplot as plt
    from IPython.display import display

    job = widgets.Text(value=occupation, description=t("m06.pronouns.col_occupation"),
                       style={"description_width": "8em"})
    frame = widgets.Dropdown(options=frames(), description=t("m06.pronouns.frame"),
                             style={"description_width": "8em"}, layout=widgets.Layout(width="34em"))
    button = widgets.Button(description=t("m06.pronouns.measure"), button_style="primary")
    output = widgets.Output()
    data = training_shares()

    def show(_event=None) -> None:
        name = job.value.strip().lower()
        with output:
            output.clear_output(wait=True)
            if not name:
                print(t("m06.pronouns.errors.empty"))
                return
            prompt = prompt_for(name, frame.value)
            result = pronoun_probabilities(prompt, model)
            fig, ax = plt.subplots(figsize=(6, 1.9))
            values = [result["she"], result["he"]]
            ax.barh(["he", "she"], values[::-1], color=[HE_COLOUR, SHE_COLOUR])
            for y, v in enumerate(values[::-1]):
                ax.text(min(v + 0.01, 0.88), y, f"{v:.0%}", va="center", fontsize=9)
            ax.set_xlim(0, 1)
            ax.set_xlabel(t("m06.pronouns.probability"))
            ax.set_title(t("m06.pronouns.explorer_title", prompt=prompt), fontsize=10)
            fig.tight_layout()
            display(fig)
            plt.close(fig)
            print(t("m06.pronouns.explorer_share", share=f"{result['share_she']:.0%}"))
            if name in data:
                print(t("m06.pronouns.explorer_data", share=f"{data[name]:.0%}"))
            else:
                print(t("m06.pronouns.explorer_unseen", occupation=name))

    button.on_click(show)
    show()
    return widgets.VBox([job, frame, button, output])
