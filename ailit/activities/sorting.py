"""Sort items into categories (e.g. everyday tools into "AI" / "not AI") and see why.

The items, the categories and the explanations are course content, so they live in a YAML
file next to the lesson::

    options: {ai: "AI", not_ai: "Not AI"}
    items:
      - text: "A calculator app"
        answer: not_ai
        why: "It follows fixed steps that people wrote."

A teacher picks a category per item, presses the button, and sees per item whether it matches
the lesson's answer and the reason. Nothing is recorded: the graded notebook does the scoring.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

import yaml

from ailit.text import t

if TYPE_CHECKING:
    import ipywidgets as widgets


@dataclass(frozen=True)
class SortingItem:
    text: str
    answer: str
    why: str


@dataclass(frozen=True)
class SortingTask:
    options: dict[str, str]
    items: tuple[SortingItem, ...]

    @classmethod
    def from_yaml(cls, path: str | Path) -> "SortingTask":
        """Read a sorting task; every item's answer must be one of the options."""
        path = Path(path)
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        options = {str(k): str(v) for k, v in data["options"].items()}
        items = tuple(SortingItem(str(i["text"]), str(i["answer"]), str(i["why"]).strip()) for i in data["items"])
        for item in items:
            if item.answer not in options:
                raise ValueError(t("activities.sorting.bad_answer", path=path, text=item.text, answer=item.answer))
        return cls(options, items)

    def score(self, chosen: dict[int, str | None]) -> int:
        """How many items (by position) were put in the lesson's category."""
        return sum(1 for i, item in enumerate(self.items) if chosen.get(i) == item.answer)


def _feedback_html(task: SortingTask, chosen: dict[int, str | None]) -> str:
    from html import escape

    rows = []
    for i, item in enumerate(task.items):
        ok = chosen.get(i) == item.answer
        mark = t("activities.sorting.match") if ok else t("activities.sorting.no_match")
        colour = "#1a7f37" if ok else "#b35900"
        rows.append(
            f"<tr><td style='color:{colour};font-weight:bold'>{escape(mark)}</td>"
            f"<td>{escape(item.text)}</td><td><b>{escape(task.options[item.answer])}</b></td>"
            f"<td>{escape(item.why)}</td></tr>"
        )
    header = "".join(
        f"<th style='text-align:left'>{escape(t(key))}</th>"
        for key in ("activities.sorting.col_match", "activities.sorting.col_item",
                    "activities.sorting.col_answer", "activities.sorting.col_why")
    )
    summary = escape(t("activities.sorting.score", right=task.score(chosen), total=len(task.items)))
    return f"<p><b>{summary}</b></p><table><tr>{header}</tr>{''.join(rows)}</table>"


def sorting_quiz(path: str | Path) -> "widgets.VBox":
    """A dropdown per item and a check button that shows the lesson's answer and reason per item.

    Returns the widget: put the call last in a cell so the notebook shows it.
    """
    from html import escape

    import ipywidgets as widgets

    task = SortingTask.from_yaml(path)
    choices = [(t("activities.sorting.choose"), None)] + [(label, key) for key, label in task.options.items()]
    dropdowns = [
        widgets.Dropdown(options=choices, value=None, layout=widgets.Layout(width="11em"))
        for _ in task.items
    ]
    rows = [
        widgets.HBox([dropdown, widgets.HTML(f"{i + 1}. {escape(item.text)}")])
        for i, (dropdown, item) in enumerate(zip(dropdowns, task.items))
    ]
    button = widgets.Button(description=t("activities.sorting.check"), button_style="primary")
    result = widgets.HTML()

    def check(_button=None) -> None:
        chosen = {i: d.value for i, d in enumerate(dropdowns)}
        missing = sum(1 for value in chosen.values() if value is None)
        if missing:
            result.value = f"<p>{t('activities.sorting.unanswered', missing=missing)}</p>"
            return
        result.value = _feedback_html(task, chosen)

    button.on_click(check)
    return widgets.VBox([*rows, button, result])
