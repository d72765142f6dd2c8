"""Check a quiz question that a language model wrote as JSON, in the order a careful teacher would.

1. Is it complete JSON? Small models often stop in the middle (they run out of tokens) or
   answer in ordinary text although JSON was asked for.
2. Does it fit the quiz schema? The schema (``quiz_question_schema.json``, a JSON Schema file
   next to the lesson) says which fields a question needs and what kind of value each holds.
   The checking is done by the well-kept ``jsonschema`` library; this module only turns its
   messages into plain language.
3. Is the marked answer one of the options? JSON Schema cannot compare two fields, so this
   is checked here.
4. Is it correct and right for the class? No program can check that: the teacher reads it.

Recorded model outputs and edited drafts (``quiz_drafts.yaml``) are course data, so the graded
notebook does not depend on slow generation, and the lesson can still run the model live.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass
from html import escape
from pathlib import Path
from typing import TYPE_CHECKING, Any, Mapping

import yaml

from ailit.text import t

if TYPE_CHECKING:
    import ipywidgets as widgets
    import pandas as pd
    from matplotlib.axes import Axes

PASS, FAIL, SKIPPED, HUMAN = "pass", "fail", "skipped", "human"
COLOURS = {PASS: "#3b7dd8", FAIL: "#d1495b", SKIPPED: "#e4e4e4", HUMAN: "#f2b134"}
_FENCE = re.compile(r"```[a-zA-Z]*")
_JSON_TYPES = {dict: "object", list: "array", str: "string", bool: "boolean", int: "integer", float: "number",
               type(None): "null"}


def _mark(state: str) -> str:
    """✔ / ✘ / – / ? for a step's state (the states are also the message keys)."""
    return t(f"m04.quiz.{state}")


@dataclass(frozen=True)
class JsonReading:
    """What step 1 found: the value (if any), whether it is usable, and the message for the teacher."""

    value: Any
    ok: bool
    message: str


def read_json(reply: str) -> JsonReading:
    """The first JSON value in a model's reply, ignoring code fences and text around it."""
    text = _FENCE.sub("", str(reply))
    starts = [i for i in (text.find("{"), text.find("[")) if i >= 0]
    if not starts:
        return JsonReading(None, False, t("m04.quiz.json_none"))
    start = min(starts)
    try:
        value, end = json.JSONDecoder().raw_decode(text, start)
    except json.JSONDecodeError as exc:
        rest = text[exc.pos:].strip()
        cut = not rest or (exc.msg.startswith("Unterminated string") and '"' not in rest[1:])
        if cut:
            return JsonReading(None, False, t("m04.quiz.json_cut", line=exc.lineno))
        return JsonReading(None, False, t("m04.quiz.json_broken", line=exc.lineno, column=exc.colno, message=exc.msg))
    around = [t("m04.quiz.json_before")] if text[:start].strip() else []
    around += [t("m04.quiz.json_after")] if text[end:].strip() else []
    if around:
        return JsonReading(value, True, t("m04.quiz.json_ok_extra", where=", ".join(around)))
    return JsonReading(value, True, t("m04.quiz.json_ok"))


def _where(path) -> str:
    if not path:
        return t("m04.quiz.where_top")
    parts = [t("m04.quiz.where_item", n=p + 1) if isinstance(p, int) else f"“{p}”" for p in path]
    return " → ".join(parts)


def _type_name(kind: Any) -> str:
    kinds = kind if isinstance(kind, list) else [kind]
    return " / ".join(t(f"m04.quiz.type_{k}") for k in kinds)


def _friendly(error) -> list[str]:
    """A jsonschema error in plain words (one error can name several missing fields)."""
    where, instance, limit = _where(error.absolute_path), error.instance, error.validator_value
    if error.validator == "required" and isinstance(instance, dict):
        return [t("m04.quiz.err_required", where=where, name=name) for name in limit if name not in instance]
    if error.validator == "type":
        actual = _JSON_TYPES.get(type(instance), "null")
        return [t("m04.quiz.err_type", where=where, expected=_type_name(limit), actual=_type_name(actual))]
    if error.validator in ("minItems", "maxItems"):
        key = "err_min_items" if error.validator == "minItems" else "err_max_items"
        return [t(f"m04.quiz.{key}", where=where, limit=limit, count=len(instance))]
    if error.validator == "uniqueItems":
        return [t("m04.quiz.err_unique", where=where)]
    if error.validator == "additionalProperties" and isinstance(instance, dict):
        extra = [k for k in instance if k not in error.schema.get("properties", {})]
        return [t("m04.quiz.err_extra", where=where, names=", ".join(f"“{k}”" for k in extra))]
    if error.validator == "minLength":
        return [t("m04.quiz.err_min_length", where=where, limit=limit)]
    return [t("m04.quiz.err_other", where=where, message=error.message)]


@dataclass(frozen=True, repr=False)
class QuizCheck:
    """The four steps for one reply. Shows itself as a table when it is the last thing in a cell."""

    reply: str
    value: Any
    steps: tuple[tuple[str, str, str], ...]  # (step label, state, details)

    def _state(self, index: int) -> str:
        return self.steps[index][1]

    @property
    def is_json(self) -> bool:
        return self._state(0) == PASS

    @property
    def fits_schema(self) -> bool:
        return self._state(1) == PASS

    @property
    def answer_in_options(self) -> bool:
        return self._state(2) == PASS

    @property
    def passes(self) -> bool:
        """All three automatic checks pass (step 4, the teacher's, is never automatic)."""
        return self.is_json and self.fits_schema and self.answer_in_options

    @property
    def states(self) -> list[str]:
        return [state for _, state, _ in self.steps]

    def summary(self) -> str:
        return t("m04.quiz.summary_all") if self.passes else t("m04.quiz.summary_fail")

    def table(self) -> "pd.DataFrame":
        import pandas as pd

        return pd.DataFrame(
            {t("m04.quiz.col_result"): [_mark(s) for _, s, _ in self.steps],
             t("m04.quiz.col_details"): [d for _, _, d in self.steps]},
            index=pd.Index([label for label, _, _ in self.steps], name=t("m04.quiz.col_step")),
        )

    def _repr_html_(self) -> str:
        colours = {PASS: "#1a7f37", FAIL: "#c0392b", SKIPPED: "#777777", HUMAN: "#b35900"}
        rows = "".join(
            f"<tr><td style='text-align:left'>{escape(label)}</td>"
            f"<td style='color:{colours[state]};font-weight:bold;text-align:center'>{escape(_mark(state))}</td>"
            f"<td style='text-align:left'>{escape(details).replace(chr(10), '<br>')}</td></tr>"
            for label, state, details in self.steps
        )
        header = "".join(f"<th style='text-align:left'>{escape(t(k))}</th>"
                         for k in ("m04.quiz.col_step", "m04.quiz.col_result", "m04.quiz.col_details"))
        return f"<p><b>{escape(self.summary())}</b></p><table><tr>{header}</tr>{rows}</table>"

    def __str__(self) -> str:
        return "\n".join([self.summary()] + [f"{_mark(s)} {label}  {d}" for label, s, d in self.steps])

    __repr__ = __str__


@dataclass(frozen=True, repr=False)
class Draft:
    """One quiz question draft: where it comes from (a recorded model output or an edit) and its text."""

    name: str
    source: str
    text: str
    prompt: str = ""
    title: str = ""

    def _repr_html_(self) -> str:
        heading = self.title or t("m04.quiz.draft_heading", name=self.name)
        prompt = (f"<p>{escape(t('m04.quiz.prompt_was'))}</p><pre style='white-space:pre-wrap;padding:6px;"
                  f"border-left:3px solid #3b7dd8'>{escape(self.prompt)}</pre>") if self.prompt else ""
        return (f"<p><b>{escape(heading)}</b> · {escape(self.source)}</p>{prompt}"
                f"<pre style='white-space:pre-wrap;background:#f6f8fa;padding:6px'>{escape(self.text)}</pre>")

    def __repr__(self) -> str:
        heading = self.title or t("m04.quiz.draft_heading", name=self.name)
        return f"{heading} · {self.source}\n{self.text}"


class Drafts(dict):
    """Drafts by name; shows them all, one after the other, when it is the last thing in a cell."""

    def _repr_html_(self) -> str:
        return "".join(d._repr_html_() for d in self.values())

    def __repr__(self) -> str:
        return "\n\n".join(repr(d) for d in self.values())

    def pick(self, *names: str) -> "Drafts":
        """Only some drafts, e.g. ``drafts.pick("A", "B")``."""
        missing = [n for n in names if n not in self]
        if missing:
            raise KeyError(t("m04.quiz.bad_draft", name=missing[0], names=", ".join(self)))
        return Drafts((n, self[n]) for n in names)


def load_drafts(folder: str | Path = "data", name: str = "quiz_drafts.yaml") -> Drafts:
    """The drafts in ``quiz_drafts.yaml`` (or another file of the same shape), in file order."""
    data = yaml.safe_load((Path(folder) / name).read_text(encoding="utf-8")) or {}
    return Drafts(
        (str(key), Draft(str(key), str(entry.get("source", "")).strip(), str(entry["text"]).rstrip("\n"),
                         str(entry.get("prompt", "")).strip(), str(entry.get("title", "")).strip()))
        for key, entry in (data.get("drafts") or {}).items()
    )


@dataclass(frozen=True)
class QuizChecker:
    """The quiz schema and the four checks."""

    schema: dict

    @classmethod
    def from_folder(cls, folder: str | Path = "data", name: str = "quiz_question_schema.json") -> "QuizChecker":
        from jsonschema import Draft202012Validator
        from jsonschema.exceptions import SchemaError

        path = Path(folder) / name
        schema = json.loads(path.read_text(encoding="utf-8"))
        try:
            Draft202012Validator.check_schema(schema)
        except SchemaError as exc:
            raise ValueError(t("m04.quiz.bad_schema", path=path, message=exc.message)) from None
        return cls(schema)

    def schema_problems(self, value: Any) -> list[str]:
        """Every way ``value`` does not fit the schema, in plain words ([] if it fits)."""
        from jsonschema import Draft202012Validator

        errors = sorted(Draft202012Validator(self.schema).iter_errors(value),
                        key=lambda e: (len(e.absolute_path), [str(p) for p in e.absolute_path]))
        problems: list[str] = []
        for error in errors:
            problems += [p for p in _friendly(error) if p not in problems]
        return problems

    def fits_schema(self, value: Any) -> bool:
        from jsonschema import Draft202012Validator

        return Draft202012Validator(self.schema).is_valid(value)

    def check(self, reply: "str | Draft | Mapping") -> QuizCheck:
        """The four steps for a model's reply (text), a draft, or an already-read question (dict)."""
        if isinstance(reply, Draft):
            reply = reply.text
        if isinstance(reply, Mapping):
            reading = JsonReading(dict(reply), True, t("m04.quiz.json_ok"))
            reply = json.dumps(reading.value, ensure_ascii=False)
        else:
            reading = read_json(str(reply))
        steps = [(t("m04.quiz.step_json"), PASS if reading.ok else FAIL, reading.message)]
        if not reading.ok:
            steps += [(t("m04.quiz.step_schema"), SKIPPED, t("m04.quiz.schema_skipped")),
                      (t("m04.quiz.step_answer"), SKIPPED, t("m04.quiz.answer_skipped"))]
        else:
            problems = self.schema_problems(reading.value)
            steps.append((t("m04.quiz.step_schema"), FAIL if problems else PASS,
                          "\n".join(problems) if problems else t("m04.quiz.schema_ok")))
            if problems:
                steps.append((t("m04.quiz.step_answer"), SKIPPED, t("m04.quiz.answer_skipped")))
            else:
                answer, options = reading.value["answer"], reading.value["options"]
                found = answer.strip().casefold() in {o.strip().casefold() for o in options}
                key = "answer_ok" if found else "answer_bad"
                shown = ", ".join(f"“{o}”" for o in options)
                details = t(f"m04.quiz.{key}", answer=answer, options=shown)
                steps.append((t("m04.quiz.step_answer"), PASS if found else FAIL, details))
        steps.append((t("m04.quiz.step_teacher"), HUMAN, t("m04.quiz.teacher")))
        return QuizCheck(str(reply), reading.value, tuple(steps))

    def editor(self, text: str = "") -> "widgets.VBox":
        """A text box with a quiz question in JSON; the four steps re-check while you edit."""
        from ailit.widgets import live_check

        return live_check(self.check, text, height="11em")

    def plot_checks(self, drafts: "Mapping[str, str | Draft]", ax: "Axes | None" = None) -> "Axes":
        """A grid: one row per draft, one column per step, coloured pass / fail / not checked / yours."""
        import matplotlib.pyplot as plt
        import numpy as np
        from matplotlib.colors import ListedColormap
        from matplotlib.patches import Patch

        order = [PASS, FAIL, SKIPPED, HUMAN]
        states = [self.check(d).states for d in drafts.values()]
        grid = np.array([[order.index(s) for s in row] for row in states])
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 0.55 * len(drafts) + 1.9))
        ax.imshow(grid, cmap=ListedColormap([COLOURS[s] for s in order]), vmin=0, vmax=3, aspect="auto")
        for y, row in enumerate(states):
            for x, state in enumerate(row):
                ax.text(x, y, _mark(state), ha="center", va="center", fontsize=12,
                        color="white" if state in (PASS, FAIL) else "#333333")
        columns = [t(f"m04.quiz.grid_col_{k}") for k in ("json", "schema", "answer", "teacher")]
        ax.set_xticks(range(len(columns)), columns, fontsize=9)
        ax.set_yticks(range(len(drafts)), [f"{t('m04.quiz.col_draft')} {name}" for name in drafts])
        ax.xaxis.tick_top()
        ax.set_xticks(np.arange(-0.5, len(columns)), minor=True)
        ax.set_yticks(np.arange(-0.5, len(drafts)), minor=True)
        ax.grid(which="minor", color="white", linewidth=2)
        ax.tick_params(which="both", length=0)
        ax.set_title(t("m04.quiz.grid_title"), fontsize=10, pad=34)
        handles = [Patch(color=COLOURS[s], label=t(f"m04.quiz.legend_{s}")) for s in order]
        ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.02), ncols=4, frameon=False, fontsize=8)
        return ax
