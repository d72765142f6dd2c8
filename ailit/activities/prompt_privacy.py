"""Spot student personal data in a prompt before it is pasted into an AI tool.

A prompt about one student rarely needs to say who the student is: "a Grade 5 student who
reads slowly and tires after 20 minutes" gets the same help as the name, the student number
and the diagnosis, and gives nothing away. This module finds the usual giveaways (names from
the class list, student and ID numbers, health details, contact details) with word lists and
patterns kept in a data file next to the lesson (``personal_data.yaml``)::

    categories:
      name:
        words: [Li Wei, Chen]          # whole words, any case
        patterns: ['\\b[A-Z]\\.\\s?[A-Z]\\.']  # regular expressions, e.g. initials
      health:
        words: [asthma, dyslexi*]      # a trailing * matches any ending

Word lists always miss something (a nickname, a rare condition, a detail that identifies a
child in a small school), so the result is a safety net, not a verdict: the teacher still
reads the prompt.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from ailit.text import t

if TYPE_CHECKING:
    import ipywidgets as widgets
    import pandas as pd
    from matplotlib.axes import Axes

HIGHLIGHT = "#ffd6a5"
BEFORE_COLOUR, AFTER_COLOUR = "#d1495b", "#3b7dd8"


def _word_pattern(word: str) -> str:
    """A whole word or phrase, any spacing; a trailing * allows any ending ("dyslexi*")."""
    word = word.strip()
    stem = word.endswith("*")
    body = r"\s+".join(re.escape(w) for w in word.rstrip("*").split())
    ending = r"[\w-]*" if stem else ""
    return rf"(?<![\w-]){body}{ending}(?![\w-])"


def category_label(category: str) -> str:
    """The category's display name ("student_id" -> "student or ID number")."""
    try:
        return t(f"m04.privacy.category_{category}")
    except KeyError:  # a category added in the data file without a label: show its key
        return category


@dataclass(frozen=True)
class Finding:
    category: str
    text: str
    start: int
    end: int


@dataclass(frozen=True, repr=False)
class PrivacyCheck:
    """What the lists found in one prompt; shows the prompt with the findings highlighted."""

    text: str
    findings: tuple[Finding, ...]

    @property
    def categories(self) -> list[str]:
        """The kinds of personal data found, each once, in the order they first appear."""
        return list(dict.fromkeys(f.category for f in self.findings))

    @property
    def clean(self) -> bool:
        return not self.findings

    def summary(self) -> str:
        if self.clean:
            return t("m04.privacy.none_found")
        labels = ", ".join(category_label(c) for c in self.categories)
        return t("m04.privacy.some_found", count=len(self.findings), categories=labels)

    def table(self) -> "pd.DataFrame":
        """One row per kind of data found, with what was found."""
        import pandas as pd

        return pd.DataFrame(
            {t("m04.privacy.col_category"): [category_label(c) for c in self.categories],
             t("m04.privacy.col_found"): [", ".join(dict.fromkeys(f.text for f in self.findings if f.category == c))
                                          for c in self.categories]},
            index=pd.RangeIndex(1, len(self.categories) + 1),
        )

    def _repr_html_(self) -> str:
        pieces, at = [], 0
        for f in self.findings:
            pieces.append(escape(self.text[at:f.start]))
            pieces.append(f"<mark style='background:{HIGHLIGHT}' title='{escape(category_label(f.category))}'>"
                          f"{escape(self.text[f.start:f.end])}</mark>"
                          f"<sup style='color:#b35900'>{escape(category_label(f.category))}</sup>")
            at = f.end
        pieces.append(escape(self.text[at:]))
        colour = "#1a7f37" if self.clean else "#b35900"
        return (f"<p style='color:{colour}'><b>{escape(self.summary())}</b></p>"
                "<div style='white-space:pre-wrap;border:1px solid #ddd;padding:6px;line-height:1.8'>"
                f"{''.join(pieces)}</div>")

    def __str__(self) -> str:
        found = [f"- {category_label(f.category)}: {f.text}" for f in self.findings]
        return "\n".join([self.summary(), *found])

    __repr__ = __str__


@dataclass(frozen=True)
class PersonalDataFinder:
    """Word lists and patterns per kind of personal data."""

    patterns: dict[str, tuple[re.Pattern[str], ...]]

    @classmethod
    def from_yaml(cls, path: str | Path) -> "PersonalDataFinder":
        path = Path(path)
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        patterns: dict[str, tuple[re.Pattern[str], ...]] = {}
        for category, spec in (data.get("categories") or {}).items():
            spec = spec or {}
            words, regexes = spec.get("words") or [], spec.get("patterns") or []
            if not isinstance(words, list) or not isinstance(regexes, list) or not (words or regexes):
                raise ValueError(t("m04.privacy.bad_category", path=path, category=category))
            compiled = [re.compile(_word_pattern(str(w)), re.IGNORECASE) for w in words]
            compiled += [re.compile(str(p)) for p in regexes]
            patterns[str(category)] = tuple(compiled)
        return cls(patterns)

    @classmethod
    def from_folder(cls, folder: str | Path = "data", name: str = "personal_data.yaml") -> "PersonalDataFinder":
        return cls.from_yaml(Path(folder) / name)

    def find(self, text: str) -> list[Finding]:
        """Every piece of personal data found, left to right; overlapping matches keep the longest."""
        text = str(text)
        candidates = [
            Finding(category, m.group(0), m.start(), m.end())
            for category, patterns in self.patterns.items() for p in patterns for m in p.finditer(text)
            if m.group(0).strip()
        ]
        candidates.sort(key=lambda f: (f.start, -(f.end - f.start)))
        kept: list[Finding] = []
        for finding in candidates:
            if kept and finding.start < kept[-1].end:
                continue
            kept.append(finding)
        return kept

    def check(self, text: str) -> PrivacyCheck:
        """The findings for one prompt; shows the prompt with each finding highlighted."""
        return PrivacyCheck(str(text), tuple(self.find(text)))

    def categories_in(self, text: str) -> set[str]:
        """The kinds of personal data in ``text`` (graded notebooks compare these)."""
        return {f.category for f in self.find(text)}

    def checker(self, text: str = "") -> "widgets.VBox":
        """A text box; the personal data in it is highlighted while you type. Put the call last in a cell."""
        from ailit.widgets import live_check

        return live_check(self.check, text, height="9em")

    def plot_before_after(self, before: str, after: str, ax: "Axes | None" = None) -> "Axes":
        """Pairs of bars per kind of data: how many pieces the prompt held before and after rewriting."""
        import matplotlib.pyplot as plt
        import numpy as np

        categories = list(self.patterns)
        counts = [[sum(f.category == c for f in self.find(text)) for c in categories] for text in (before, after)]
        if ax is None:
            _, ax = plt.subplots(figsize=(6.5, 3.4))
        x = np.arange(len(categories))
        width = 0.38
        for offset, values, key, colour in ((-width / 2, counts[0], "plot_before", BEFORE_COLOUR),
                                            (width / 2, counts[1], "plot_after", AFTER_COLOUR)):
            bars = ax.bar(x + offset, values, width, label=t(f"m04.privacy.{key}"), color=colour)
            ax.bar_label(bars, fontsize=9)
        ax.set_xticks(x, [category_label(c) for c in categories], fontsize=9)
        ax.set_ylabel(t("m04.privacy.plot_ylabel"))
        ax.set_ylim(0, max(1, *counts[0], *counts[1]) * 1.3)
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_title(t("m04.privacy.plot_title"), fontsize=10)
        ax.legend(frameon=False, fontsize=9)
        return ax
