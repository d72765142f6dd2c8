"""Check a teaching prompt for its six parts: role, audience, task, constraints, format, rubric.

A prompt that names who the AI should act as, who the material is for, what to make, the
limits, the shape of the output and how good output is judged is easier to review and to
reuse, and it tells a capable model what a vague request leaves it to guess. The parts, the
labels a teacher may use for them ("Role:", "Grade:", ...) and the advice shown when one is
missing are course content, so they live in a YAML file next to the lesson (``prompt_parts.yaml``)::

    parts:
      - key: audience
        name: Audience
        labels: [Audience, Grade, Students]
        min_words: 3
        hint: "Say who it is for, e.g. Audience: Grade 4 students, age 9-10."
        needs:
          - pattern: '\\d|grade|year|age'
            advice: "Name the grade or the students' age."

A prompt is written either as labelled lines (``Role: You are ...``) or as a small dict
(``{"Role": "You are ...", ...}``). The checker only looks at structure: whether each part is
there and says enough. Whether the prompt asks for the right thing stays the teacher's call.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Mapping, Union

import yaml

from ailit.text import t

if TYPE_CHECKING:
    import ipywidgets as widgets
    import pandas as pd
    from matplotlib.axes import Axes

Prompt = Union[str, Mapping[str, object]]

OK, SHORT, NEEDS, MISSING = "ok", "short", "needs", "missing"
COLOURS = {OK: "#3b7dd8", SHORT: "#f2b134", NEEDS: "#f2b134", MISSING: "#e4e4e4"}
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class Requirement:
    """Something a part must mention (e.g. a grade or an age), and the advice when it does not."""

    pattern: re.Pattern[str]
    advice: str


@dataclass(frozen=True)
class PromptPart:
    key: str
    name: str
    labels: tuple[str, ...]
    asks: str
    hint: str
    min_words: int = 3
    needs: tuple[Requirement, ...] = ()


@dataclass(frozen=True)
class PartResult:
    """One line of the checklist: the part, what the teacher wrote for it, and its state."""

    part: PromptPart
    text: str
    state: str
    advice: str

    @property
    def ok(self) -> bool:
        return self.state == OK


def _mark(state: str) -> str:
    return t("m04.prompt.ok") if state == OK else t("m04.prompt.missing") if state == MISSING else t("m04.prompt.short")


def _shorten(text: str, width: int = 70) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1].rstrip() + "…"


@dataclass(frozen=True, repr=False)
class PromptCheck:
    """The checklist for one prompt. Shows itself as a table when it is the last thing in a cell."""

    results: tuple[PartResult, ...]
    unlabelled: str = ""
    unknown: tuple[str, ...] = ()

    @property
    def present(self) -> int:
        """How many of the parts are there and say enough."""
        return sum(r.ok for r in self.results)

    @property
    def complete(self) -> bool:
        return self.present == len(self.results)

    @property
    def missing(self) -> list[str]:
        """Names of the parts that are missing, too short or lack something they need."""
        return [r.part.name for r in self.results if not r.ok]

    def state(self, key: str) -> str:
        """``ok``, ``short``, ``needs`` or ``missing`` for one part, by its key (``"role"``) or name."""
        return self._result(key).state

    def text(self, key: str) -> str:
        """What the prompt says for one part ("" if nothing)."""
        return self._result(key).text

    def _result(self, key: str) -> PartResult:
        wanted = key.strip().lower()
        for result in self.results:
            if wanted in (result.part.key.lower(), result.part.name.lower()):
                return result
        raise KeyError(key)

    def summary(self) -> str:
        if self.complete:
            return t("m04.prompt.summary_complete", total=len(self.results))
        return t("m04.prompt.summary_partial", present=self.present, total=len(self.results),
                 missing=", ".join(self.missing))

    def notes(self) -> list[str]:
        """Things the checker ignored: text before the first label, keys that are not parts."""
        notes = []
        if self.unlabelled:
            notes.append(t("m04.prompt.unlabelled", text=_shorten(self.unlabelled, 60)))
        if self.unknown:
            notes.append(t("m04.prompt.unknown_keys", keys=", ".join(self.unknown)))
        return notes

    def table(self) -> "pd.DataFrame":
        """One row per part: ✔ / … / ✘, what the prompt says for it, and what to do."""
        import pandas as pd

        return pd.DataFrame(
            {
                t("m04.prompt.col_status"): [_mark(r.state) for r in self.results],
                t("m04.prompt.col_part"): [r.part.name for r in self.results],
                t("m04.prompt.col_text"): [_shorten(r.text) for r in self.results],
                t("m04.prompt.col_advice"): [r.advice for r in self.results],
            },
            index=pd.RangeIndex(1, len(self.results) + 1),
        )

    def _repr_html_(self) -> str:
        rows = []
        for r in self.results:
            colour = "#1a7f37" if r.ok else "#b35900"
            rows.append(
                f"<tr><td style='color:{colour};font-weight:bold;text-align:center'>{escape(_mark(r.state))}</td>"
                f"<td style='text-align:left'><b>{escape(r.part.name)}</b></td>"
                f"<td style='text-align:left'>{escape(_shorten(r.text))}</td>"
                f"<td style='text-align:left'>{escape(r.advice)}</td></tr>"
            )
        header = "".join(
            f"<th style='text-align:left'>{escape(t(k))}</th>"
            for k in ("m04.prompt.col_status", "m04.prompt.col_part", "m04.prompt.col_text", "m04.prompt.col_advice")
        )
        notes = "".join(f"<p><i>{escape(n)}</i></p>" for n in self.notes())
        return f"<p><b>{escape(self.summary())}</b></p><table><tr>{header}</tr>{''.join(rows)}</table>{notes}"

    def __str__(self) -> str:
        lines = [self.summary()]
        lines += [f"{_mark(r.state)} {r.part.name}: {r.advice or _shorten(r.text)}" for r in self.results]
        return "\n".join(lines + self.notes())

    __repr__ = __str__


@dataclass(frozen=True)
class PromptChecker:
    """Reads prompts as labelled lines or dicts and checks them part by part."""

    parts: tuple[PromptPart, ...]

    @classmethod
    def from_yaml(cls, path: str | Path) -> "PromptChecker":
        path = Path(path)
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
        parts = []
        for entry in data.get("parts", []):
            if not entry.get("name") or not entry.get("labels"):
                raise ValueError(t("m04.prompt.bad_spec", path=path, key=entry.get("key", "?")))
            needs = tuple(
                Requirement(re.compile(str(n["pattern"]), re.IGNORECASE), str(n["advice"]))
                for n in entry.get("needs") or ()
            )
            parts.append(PromptPart(
                key=str(entry.get("key", entry["name"])).lower(), name=str(entry["name"]),
                labels=tuple(str(label) for label in entry["labels"]), asks=str(entry.get("asks", "")),
                hint=str(entry.get("hint", "")).strip(), min_words=int(entry.get("min_words", 3)), needs=needs,
            ))
        return cls(tuple(parts))

    @classmethod
    def from_folder(cls, folder: str | Path = "data", name: str = "prompt_parts.yaml") -> "PromptChecker":
        return cls.from_yaml(Path(folder) / name)

    def _part_of_label(self, label: str) -> PromptPart | None:
        wanted = " ".join(label.replace("_", " ").split()).lower()
        for part in self.parts:
            if wanted == part.key or wanted in (lab.lower() for lab in part.labels):
                return part
        return None

    def _line_pattern(self) -> re.Pattern[str]:
        labels = sorted({lab for part in self.parts for lab in part.labels}, key=len, reverse=True)
        alternatives = "|".join(re.escape(lab).replace(r"\ ", r"\s+") for lab in labels)
        # "Role: ...", "- Role: ...", "**Role:** ...", with an ASCII or a full-width colon.
        return re.compile(rf"^\s*(?:[-*•#]+\s*)?\**\s*(?P<label>{alternatives})\s*\**\s*[:：]\**\s*(?P<rest>.*)$",
                          re.IGNORECASE)

    def parse(self, prompt: Prompt) -> tuple[dict[str, str], str, tuple[str, ...]]:
        """The text of each part (by key), the text before any label, and keys that are no part."""
        found = {part.key: [] for part in self.parts}
        if isinstance(prompt, Mapping):
            unknown = []
            for key, value in prompt.items():
                part = self._part_of_label(str(key))
                if part is None:
                    unknown.append(str(key))
                    continue
                if isinstance(value, (list, tuple)):
                    value = "; ".join(str(v) for v in value)
                found[part.key].append("" if value is None else str(value).strip())
            return {k: " ".join(v for v in texts if v) for k, texts in found.items()}, "", tuple(unknown)
        if not isinstance(prompt, str):
            raise TypeError(t("m04.prompt.bad_prompt", kind=type(prompt).__name__))
        pattern, current, before = self._line_pattern(), None, []
        for line in prompt.splitlines():
            match = pattern.match(line)
            if match:
                current = self._part_of_label(match.group("label"))
                found[current.key].append(match.group("rest").strip())
            elif current is not None:
                found[current.key].append(line.strip())
            elif line.strip():
                before.append(line.strip())
        return {k: " ".join(v for v in texts if v) for k, texts in found.items()}, " ".join(before), ()

    def _judge(self, part: PromptPart, text: str) -> PartResult:
        words = len(_WORD.findall(text))
        if words == 0:
            return PartResult(part, text, MISSING, part.hint)
        if words < part.min_words:
            return PartResult(part, text, SHORT, t("m04.prompt.advice_short", words=part.min_words))
        for need in part.needs:
            if not need.pattern.search(text):
                return PartResult(part, text, NEEDS, need.advice)
        return PartResult(part, text, OK, t("m04.prompt.advice_ok"))

    def check(self, prompt: Prompt) -> PromptCheck:
        """The checklist for a prompt given as labelled lines or as a dict."""
        texts, before, unknown = self.parse(prompt)
        return PromptCheck(tuple(self._judge(p, texts[p.key]) for p in self.parts), before, unknown)

    def as_text(self, prompt: Prompt) -> str:
        """The prompt as labelled lines in the usual order (what you would paste into a chatbot)."""
        texts, _, _ = self.parse(prompt)
        return "\n".join(f"{p.name}: {texts[p.key]}" for p in self.parts if texts[p.key])

    def checklist(self, text: str = "") -> "widgets.VBox":
        """A text box and a checklist that updates while you type. Put the call last in a cell."""
        from ailit.widgets import live_check

        return live_check(self.check, text, height="13em", placeholder=t("m04.prompt.textarea_placeholder"))

    def plot_parts(self, prompts: Mapping[str, Prompt], ax: "Axes | None" = None) -> "Axes":
        """A grid: one row per prompt, one column per part, coloured by present / too short / missing."""
        import matplotlib.pyplot as plt
        import numpy as np
        from matplotlib.colors import ListedColormap
        from matplotlib.patches import Patch

        states = [[r.state for r in self.check(p).results] for p in prompts.values()]
        codes = {MISSING: 0, SHORT: 1, NEEDS: 1, OK: 2}
        grid = np.array([[codes[s] for s in row] for row in states])
        if ax is None:
            _, ax = plt.subplots(figsize=(1.05 * len(self.parts) + 3.2, 0.55 * len(prompts) + 1.6))
        ax.imshow(grid, cmap=ListedColormap([COLOURS[MISSING], COLOURS[SHORT], COLOURS[OK]]), vmin=0, vmax=2,
                  aspect="auto")
        for y, row in enumerate(states):
            for x, state in enumerate(row):
                ax.text(x, y, _mark(state), ha="center", va="center", fontsize=11,
                        color="white" if state == OK else "#333333")
        ax.set_xticks(range(len(self.parts)), [p.name for p in self.parts])
        ax.set_yticks(range(len(prompts)), list(prompts))
        ax.xaxis.tick_top()
        ax.set_xticks(np.arange(-0.5, len(self.parts)), minor=True)
        ax.set_yticks(np.arange(-0.5, len(prompts)), minor=True)
        ax.grid(which="minor", color="white", linewidth=2)
        ax.tick_params(which="both", length=0)
        ax.set_title(t("m04.prompt.heatmap_title"), fontsize=11, pad=28)
        handles = [Patch(color=COLOURS[s], label=t(f"m04.prompt.heatmap_legend_{k}"))
                   for s, k in ((OK, "ok"), (SHORT, "short"), (MISSING, "missing"))]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncols=3, frameon=False, fontsize=9)
        return ax
