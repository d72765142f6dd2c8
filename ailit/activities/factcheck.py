"""Check AI-written claims against a small table of sourced facts.

An AI tool writes fluent sentences such as "Light from the Sun reaches us in 8 seconds".
Checking one means finding the trusted fact on the same topic and comparing. Finding is done
here by the course's sentence-embedding model (all-MiniLM-L6-v2): it scores how close two
sentences are in *meaning*, so "the Moon is 38,440 km away" lands next to the fact about the
Moon's distance even though the wording differs. Closeness of topic is not agreement: a claim
that contradicts a fact is still very similar to it. The comparison, and the verdict, stay
with the teacher; the table only puts the right fact and its source next to the claim, and
lists the numbers in the claim that the fact does not contain.

The facts and the claims are YAML files next to the notebook (course content); every string
the code shows comes from ``ailit/locale/<lang>/m05.yaml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Mapping

import pandas as pd
import yaml

from ailit.text import t

if TYPE_CHECKING:
    import ipywidgets as widgets
    from matplotlib.axes import Axes

# 8,848.86 / 299 792 458 / −273.15 / 1948: digits with thousands separators and a decimal part.
_NUMBER = re.compile(r"(?<![\w.])[-−]?(?:\d{1,3}(?:[,\u202f]\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?!\w)")


def numbers_in(text: str) -> list[float]:
    """The numbers written in a sentence ("8,848.86 m" -> 8848.86; "−273.15" -> -273.15)."""
    found = []
    for match in _NUMBER.finditer(str(text)):
        raw = match.group(0).replace("−", "-")
        raw = re.sub(r"[,\u202f]", "", raw)
        try:
            found.append(float(raw))
        except ValueError:
            continue
    return found


def _shown(value: float) -> str:
    return f"{value:,.0f}" if value == int(value) else f"{value:,}"


def load_claims(path: str | Path) -> dict[str, str]:
    """AI-written claims from YAML: ``claims: {A: "...", B: "..."}``."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return {str(k): str(v).strip() for k, v in (data.get("claims") or {}).items()}


def show_claims(claims: Mapping[str, str]) -> pd.DataFrame:
    """The claims as a teacher reads them, one per letter."""
    return pd.DataFrame(
        {t("m05.facts.col_claim"): list(claims.values())},
        index=pd.Index(list(claims), name=t("m05.facts.col_letter")),
    )


@dataclass(frozen=True)
class FactTable:
    """Facts a teacher trusts, each with its source."""

    facts: pd.DataFrame  # columns: id, topic, fact, source

    @classmethod
    def from_yaml(cls, path: str | Path = "data/facts.yaml") -> "FactTable":
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        rows = [{k: str(v).strip() for k, v in entry.items()} for entry in data.get("facts") or []]
        return cls(pd.DataFrame(rows, columns=["id", "topic", "fact", "source"]))

    def table(self) -> pd.DataFrame:
        """The facts and their sources, one row per fact."""
        return self.facts.set_index("id")[["topic", "fact", "source"]]

    def _similarities(self, sentences: list[str]):
        """Cosine similarity of each sentence with each fact (rows: sentences)."""
        from ailit.lm import embed

        vectors = embed(list(sentences) + list(self.facts["fact"]))
        return (vectors[: len(sentences)] @ vectors[len(sentences):].T).numpy()

    def closest(self, claim: str, n: int = 3) -> pd.DataFrame:
        """The ``n`` facts closest in meaning to one claim, with their sources."""
        scores = self._similarities([claim])[0]
        order = scores.argsort()[::-1][: int(n)]
        return pd.DataFrame(
            {
                t("m05.facts.col_closest"): self.facts["fact"].iloc[order].to_list(),
                t("m05.facts.col_source"): self.facts["source"].iloc[order].to_list(),
                t("m05.facts.col_similarity"): [round(100 * float(scores[i]), 1) for i in order],
            },
            index=pd.RangeIndex(1, len(order) + 1, name=t("m05.facts.col_rank")),
        )

    def check(self, claims: Mapping[str, str]) -> pd.DataFrame:
        """One row per claim: the closest fact, its source, similarity, and numbers the fact lacks."""
        texts = list(claims.values())
        scores = self._similarities(texts)
        best = scores.argmax(axis=1)
        rows = []
        for claim, i, row in zip(texts, best, scores):
            fact = self.facts["fact"].iloc[int(i)]
            fact_numbers = numbers_in(fact)
            extra = [n for n in numbers_in(claim) if all(abs(n - f) > 1e-9 for f in fact_numbers)]
            rows.append({
                t("m05.facts.col_claim"): claim,
                t("m05.facts.col_closest"): fact,
                t("m05.facts.col_source"): self.facts["source"].iloc[int(i)],
                t("m05.facts.col_similarity"): round(100 * float(row[int(i)]), 1),
                t("m05.facts.col_numbers"): ", ".join(_shown(n) for n in extra) or t("m05.facts.none"),
            })
        return pd.DataFrame(rows, index=pd.Index(list(claims), name=t("m05.facts.col_letter")))

    def plot_similarity(self, claims: Mapping[str, str], ax: "Axes | None" = None) -> "Axes":
        """Bars: how similar each claim is to its closest fact. High bars include false claims."""
        import matplotlib.pyplot as plt

        scores = self._similarities(list(claims.values())).max(axis=1) * 100
        letters = list(claims)[::-1]
        values = list(scores)[::-1]
        if ax is None:
            _, ax = plt.subplots(figsize=(6.5, 0.42 * len(letters) + 1.4))
        bars = ax.barh(letters, values, color="#3b7dd8")
        ax.bar_label(bars, labels=[f"{v:.0f}%" for v in values], fontsize=8, padding=2)
        ax.set_xlim(0, 110)
        ax.set_xlabel(t("m05.facts.similarity_xlabel"))
        ax.set_ylabel(t("m05.facts.col_letter"))
        ax.set_title(t("m05.facts.similarity_title"), fontsize=10)
        return ax

    def explorer(self, claim: str = "") -> "widgets.VBox":
        """Type any claim, press the button: the three closest facts and their sources."""
        import ipywidgets as widgets
        from IPython.display import display

        box = widgets.Textarea(value=claim, layout=widgets.Layout(width="95%", height="3.5em"))
        button = widgets.Button(description=t("m05.facts.check_button"), button_style="primary")
        output = widgets.Output()

        def show(_button=None) -> None:
            with output:
                output.clear_output(wait=True)
                if not box.value.strip():
                    print(t("m05.facts.need_claim"))
                    return
                display(self.closest(box.value, n=3))

        button.on_click(show)
        show()
        return widgets.VBox([widgets.HTML(t("m05.facts.explorer_help")), box, button, output])


def load_facts(folder: str | Path = "data") -> FactTable:
    """The fact table shipped with the module (``facts.yaml`` in ``folder``)."""
    return FactTable.from_yaml(Path(folder) / "facts.yaml")
