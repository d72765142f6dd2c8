"""A model that suggests which students a year team should discuss: test it, find leaks, see overfitting.

Module 2's running example. A (fictional) school has last year's records of 400 students and
the year team's decision at its week-6 support meeting (``needs_support``). A decision tree
learns from 300 of them and is tested on the other 100, which it never saw. The helpers
answer the questions a teacher should ask of any such model:

- How often is it right, and *which* mistakes does it make? (accuracy, confusion matrix)
- Does a column give the answer away because it was recorded after the decision? (leakage)
- Does a bigger model just memorise the students it learned from? (overfitting)
- How many students in need does it miss, and what does a lower bar cost? (threshold)

The table and its data dictionary (what each column means, in which week it is recorded)
are data files next to the lesson; every string the code shows is in ``ailit/locale/<lang>/m02.yaml``.
The model is scikit-learn's decision tree: small, deterministic, and its questions can be
drawn for a teacher to read. A "score" for a student is the share of training students who
ended at the same place in the tree and needed support; the model flags a student when that
share reaches the threshold (0.5 unless a lesson changes it).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Sequence

import numpy as np
import pandas as pd
import yaml
from pandas.api.types import is_numeric_dtype

from ailit.text import t

if TYPE_CHECKING:
    import ipywidgets as widgets
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure

YES, NO = "yes", "no"
TEST_SIZE = 100
SPLIT_SEED = 6  # the lessons' split; Lesson 1 plots 20 others, so the choice is visible
DEPTH = 3
THRESHOLD = 0.5
TRAIN_COLOUR = "#8c8c8c"
TEST_COLOUR = "#3b7dd8"
AFTER_COLOUR = "#d9822b"
MISSED_COLOUR = "#c0392b"
LABEL_COLOUR = "#1a7f37"


@dataclass(frozen=True)
class DataDictionary:
    """What each column means and when it is recorded, relative to the decision the model predicts."""

    id: str
    label: str
    decision_week: int
    decision_what: str
    columns: dict[str, dict[str, Any]]

    @classmethod
    def from_yaml(cls, path: str | Path) -> "DataDictionary":
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        return cls(
            id=str(data["id"]),
            label=str(data["label"]),
            decision_week=int(data["decision"]["week"]),
            decision_what=str(data["decision"]["what"]),
            columns={str(name): dict(info) for name, info in data["columns"].items()},
        )

    def weeks(self, column: str) -> tuple[int, int]:
        first, last = self.columns[column]["weeks"]
        return int(first), int(last)

    def after_decision(self, column: str) -> bool:
        """True when a column is only filled in after the decision, so it cannot be known beforehand."""
        return self.weeks(column)[1] > self.decision_week

    def table(self) -> pd.DataFrame:
        """One row per column: its meaning, when it is recorded, and before or after the decision."""
        rows = {
            name: {
                t("m02.dictionary.meaning"): info["meaning"],
                t("m02.dictionary.recorded"): info["recorded"],
                t("m02.dictionary.when"): (
                    t("m02.dictionary.is_label") if name == self.label
                    else t("m02.dictionary.after") if self.after_decision(name)
                    else t("m02.dictionary.before")
                ),
            }
            for name, info in self.columns.items()
        }
        table = pd.DataFrame.from_dict(rows, orient="index")
        table.index.name = t("m02.dictionary.column")
        return table


@dataclass(frozen=True)
class SupportStudy:
    """The students, the data dictionary, and one fixed split into training and test students."""

    students: pd.DataFrame
    dictionary: DataDictionary
    train: pd.DataFrame
    test: pd.DataFrame
    seed: int
    _models: dict = field(default_factory=dict, repr=False, compare=False)

    @classmethod
    def from_folder(
        cls,
        folder: str | Path = "data",
        table: str = "students.csv",
        dictionary: str = "students_columns.yaml",
        test_size: int = TEST_SIZE,
        seed: int = SPLIT_SEED,
    ) -> "SupportStudy":
        """Read the table and its dictionary, and hold back ``test_size`` students for testing."""
        folder = Path(folder)
        students = pd.read_csv(folder / table)
        return cls._split(students, DataDictionary.from_yaml(folder / dictionary), test_size, seed)

    @classmethod
    def _split(cls, students: pd.DataFrame, dictionary: DataDictionary, test_size: int, seed: int) -> "SupportStudy":
        from sklearn.model_selection import train_test_split

        # Stratified: the test students have the same share of "yes" as the whole table.
        train, test = train_test_split(
            students, test_size=test_size, random_state=seed, stratify=students[dictionary.label]
        )
        return cls(students, dictionary, train.sort_index(), test.sort_index(), seed)

    def with_split(self, seed: int) -> "SupportStudy":
        """The same table split differently: other students are held back for the test."""
        return self._split(self.students, self.dictionary, len(self.test), int(seed))

    # -- data ------------------------------------------------------------------------------------
    @property
    def columns(self) -> list[str]:
        """Every column a model could learn from (all but the student code and the label)."""
        return [c for c in self.students.columns if c not in (self.dictionary.id, self.dictionary.label)]

    def _checked(self, columns: Iterable[str]) -> list[str]:
        """The chosen columns in the table's order (so the order they were typed in does not matter)."""
        chosen = [str(c) for c in columns]
        for name in chosen:
            if name == self.dictionary.label:
                raise ValueError(t("m02.errors.label_as_column", label=name))
            if name not in self.columns:
                raise ValueError(t("m02.errors.unknown_column", name=name, columns=", ".join(self.columns)))
        return [c for c in self.columns if c in chosen]

    @staticmethod
    def _numbers(frame: pd.DataFrame, columns: list[str]) -> pd.DataFrame:
        """The columns as numbers: yes/no becomes 1/0; no column at all becomes one constant column."""
        if not columns:
            return pd.DataFrame({"none": np.zeros(len(frame))}, index=frame.index)
        numbers = {
            name: frame[name].astype(float) if is_numeric_dtype(frame[name]) else (frame[name] == YES).astype(float)
            for name in columns
        }
        return pd.DataFrame(numbers, index=frame.index)

    def _answers(self, frame: pd.DataFrame) -> np.ndarray:
        return (frame[self.dictionary.label] == YES).to_numpy(dtype=int)

    def student(self, student_id: str) -> pd.Series:
        """One student's row, looked up by code (for example "S004")."""
        rows = self.students[self.students[self.dictionary.id] == student_id]
        if rows.empty:
            raise ValueError(t("m02.errors.unknown_student", student=student_id))
        return rows.iloc[0]

    def counts(self) -> pd.DataFrame:
        """How many students are in each part of the split, and how many of them needed support."""
        parts = {t("m02.split.train"): self.train, t("m02.split.test"): self.test}
        return pd.DataFrame(
            {
                t("m02.split.students"): [len(p) for p in parts.values()],
                t("m02.split.needed"): [int(self._answers(p).sum()) for p in parts.values()],
            },
            index=pd.Index(list(parts), name=t("m02.split.part")),
        )

    # -- the model -------------------------------------------------------------------------------
    def model(self, columns: Sequence[str], depth: int = DEPTH):
        """A decision tree asking at most ``depth`` questions, learned from the training students only.

        With no columns at all the "model" can only give everyone the training students' share
        of "yes" (scikit-learn's DummyClassifier): the baseline every real model must beat.
        """
        from sklearn.dummy import DummyClassifier
        from sklearn.tree import DecisionTreeClassifier

        chosen = self._checked(columns)
        key = (tuple(chosen), int(depth))
        if key not in self._models:
            learner = (
                DecisionTreeClassifier(max_depth=int(depth), random_state=0) if chosen
                else DummyClassifier(strategy="prior")
            )
            self._models[key] = learner.fit(self._numbers(self.train, chosen), self._answers(self.train))
        return self._models[key]

    def shares(
        self, columns: Sequence[str], depth: int = DEPTH, which: str = "test", set_in_test: dict | None = None
    ) -> np.ndarray:
        """Per student: the share of similar training students (same end point) who needed support."""
        chosen = self._checked(columns)
        frame = self._frame(which).copy()
        for column, value in (set_in_test or {}).items():
            frame[self._checked([column])[0]] = value
        return self.model(chosen, depth).predict_proba(self._numbers(frame, chosen))[:, 1]

    def _frame(self, which: str) -> pd.DataFrame:
        if which not in ("train", "test"):
            raise ValueError(t("m02.errors.bad_part", which=which))
        return self.train if which == "train" else self.test

    def counts_of_outcomes(
        self, columns: Sequence[str], depth: int = DEPTH, threshold: float = THRESHOLD,
        which: str = "test", set_in_test: dict | None = None,
    ) -> dict[str, int]:
        """The four cells of the confusion matrix: found, missed, false alarm, rightly not flagged."""
        from sklearn.metrics import confusion_matrix

        flagged = (self.shares(columns, depth, which, set_in_test) >= float(threshold)).astype(int)
        (found, missed), (false_alarm, rightly_not) = confusion_matrix(
            self._answers(self._frame(which)), flagged, labels=[1, 0]
        )
        return {"found": int(found), "missed": int(missed), "false_alarm": int(false_alarm),
                "rightly_not_flagged": int(rightly_not)}

    def metrics(
        self, columns: Sequence[str], depth: int = DEPTH, threshold: float = THRESHOLD,
        which: str = "test", set_in_test: dict | None = None,
    ) -> dict[str, float]:
        """Accuracy, recall ("found"), precision and list size, as plain numbers (0 to 1, or counts)."""
        c = self.counts_of_outcomes(columns, depth, threshold, which, set_in_test)
        total = sum(c.values())
        needed = c["found"] + c["missed"]
        flagged = c["found"] + c["false_alarm"]
        return {
            "accuracy": (c["found"] + c["rightly_not_flagged"]) / total,
            "recall": c["found"] / needed if needed else 0.0,
            "precision": c["found"] / flagged if flagged else 0.0,
            "flagged": float(flagged),
            "flagged_share": flagged / total,
            "missed": float(c["missed"]),
            "students": float(total),
        }

    # -- tables for teachers ---------------------------------------------------------------------
    def confusion(
        self, columns: Sequence[str], depth: int = DEPTH, threshold: float = THRESHOLD,
        set_in_test: dict | None = None,
    ) -> pd.DataFrame:
        """The confusion matrix on the test students, with plain-language row and column names."""
        c = self.counts_of_outcomes(columns, depth, threshold, "test", set_in_test)
        return pd.DataFrame(
            [[c["found"], c["missed"]], [c["false_alarm"], c["rightly_not_flagged"]]],
            index=pd.Index([t("m02.confusion.needed_yes"), t("m02.confusion.needed_no")], name=""),
            columns=[t("m02.confusion.flagged_yes"), t("m02.confusion.flagged_no")],
        )

    def scores(
        self, columns: Sequence[str], depth: int = DEPTH, threshold: float = THRESHOLD,
        set_in_test: dict | None = None,
    ) -> pd.DataFrame:
        """One row of scores on the test students: accuracy, found, right when flagged, list size, missed."""
        m = self.metrics(columns, depth, threshold, "test", set_in_test)
        return pd.DataFrame(
            {
                t("m02.scores.accuracy"): [round(100 * m["accuracy"], 1)],
                t("m02.scores.found"): [round(100 * m["recall"], 1)],
                t("m02.scores.precision"): [round(100 * m["precision"], 1)],
                t("m02.scores.flagged"): [int(m["flagged"])],
                t("m02.scores.missed"): [int(m["missed"])],
            },
            index=pd.Index([t("m02.scores.row", n=int(m["students"]))]),
        )

    # -- plots -----------------------------------------------------------------------------------
    def plot_confusion(
        self, columns: Sequence[str], depth: int = DEPTH, threshold: float = THRESHOLD,
        set_in_test: dict | None = None, ax: "Axes | None" = None,
    ) -> "Axes":
        """The confusion matrix as a picture: each cell's count and what it means for a student."""
        import matplotlib.pyplot as plt
        from matplotlib.patches import Rectangle
        from sklearn.metrics import ConfusionMatrixDisplay

        table = self.confusion(columns, depth, threshold, set_in_test)
        if ax is None:
            _, ax = plt.subplots(figsize=(5.2, 4.2))
        display = ConfusionMatrixDisplay(table.to_numpy(), display_labels=[YES, NO])
        display.plot(ax=ax, colorbar=False, cmap="Blues", values_format="d")
        names = [["found", "missed"], ["false_alarm", "rightly_not_flagged"]]
        for i in range(2):
            for j in range(2):
                display.text_[i, j].set_text(f"{table.iat[i, j]}\n{t('m02.confusion.cell_' + names[i][j])}")
                display.text_[i, j].set_fontsize(10)
        ax.add_patch(Rectangle((0.5, -0.5), 1, 1, fill=False, edgecolor=MISSED_COLOUR, linewidth=3))
        ax.set_xlabel(t("m02.confusion.xlabel"))
        ax.set_ylabel(t("m02.confusion.ylabel"))
        m = self.metrics(columns, depth, threshold, "test", set_in_test)
        ax.set_title(
            t("m02.confusion.title", accuracy=f"{100 * m['accuracy']:.0f}", found=table.iat[0, 0],
              needed=int(table.iloc[0].sum())),
            fontsize=10,
        )
        return ax

    def plot_tree(self, columns: Sequence[str], depth: int = DEPTH) -> "Figure":
        """The questions the tree learned, drawn from the top: each box says how many training students reach it."""
        import matplotlib.pyplot as plt
        from sklearn.tree import plot_tree

        chosen = self._checked(columns)
        model = self.model(chosen, depth)
        leaves = model.get_n_leaves() if chosen else 1
        fig, ax = plt.subplots(figsize=(min(18.0, max(7.0, 1.7 * leaves)), min(10.0, 1.6 * (int(depth) + 1))))
        if chosen:
            plot_tree(model, feature_names=chosen, class_names=[NO, YES], filled=True, impurity=False,
                      rounded=True, fontsize=8 if leaves <= 12 else 6, ax=ax)
        ax.set_title(t("m02.tree.title", depth=depth, leaves=leaves) + "\n" + t("m02.tree.how_to_read"), fontsize=10)
        return fig

    def plot_split_spread(
        self, columns: Sequence[str], depth: int = DEPTH, seeds: Iterable[int] = range(20), ax: "Axes | None" = None
    ) -> "Axes":
        """Test accuracy for many different splits: one number from 100 students is not exact."""
        import matplotlib.pyplot as plt

        seeds = [int(s) for s in seeds]
        results = [(s, round(100 * self.with_split(s).metrics(columns, depth)["accuracy"])) for s in seeds]
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 2.8))
        height: Counter = Counter()
        for seed, accuracy in sorted(results, key=lambda r: r[0] != self.seed):
            height[accuracy] += 1
            ours = seed == self.seed
            ax.scatter(accuracy, height[accuracy], s=90, color=AFTER_COLOUR if ours else TEST_COLOUR,
                       zorder=3, label=t("m02.spread.ours") if ours else None)
        ax.set_xlabel(t("m02.spread.xlabel"))
        ax.set_ylabel(t("m02.spread.ylabel"))
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylim(0, max(height.values()) + 1)
        low, high = min(a for _, a in results), max(a for _, a in results)
        ax.set_xlim(low - 3, high + 3)
        ax.set_title(t("m02.spread.title", n=len(seeds), low=low, high=high), fontsize=10)
        ax.legend(loc="upper left", fontsize=8, frameon=False)
        return ax

    def column_check(self, depth: int = DEPTH) -> pd.DataFrame:
        """Test accuracy of a tree that may look at ONE column only, for every column: a leak stands out."""
        rows = {name: round(100 * self.metrics([name], depth)["accuracy"], 1) for name in self.columns}
        table = pd.DataFrame({t("m02.check.accuracy"): pd.Series(rows)}).sort_values(
            t("m02.check.accuracy"), ascending=False
        )
        table.index.name = t("m02.dictionary.column")
        return table

    def plot_column_check(self, depth: int = DEPTH, ax: "Axes | None" = None) -> "Axes":
        """Bars of ``column_check``, with the "flag nobody" baseline as a dashed line."""
        import matplotlib.pyplot as plt

        table = self.column_check(depth)[::-1]
        values = table.iloc[:, 0].to_numpy(dtype=float)
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 0.33 * len(table) + 1.4))
        bars = ax.barh(table.index, values, color=TEST_COLOUR)
        ax.bar_label(bars, labels=[f"{v:.0f}%" for v in values], fontsize=8, padding=2)
        baseline = 100 * self.metrics([], depth)["accuracy"]
        ax.axvline(baseline, color="black", linestyle="--", linewidth=1,
                   label=t("m02.check.baseline", accuracy=f"{baseline:.0f}"))
        ax.legend(loc="lower right", fontsize=8, frameon=True)
        ax.set_xlim(50, 105)
        ax.set_xlabel(t("m02.check.xlabel"))
        ax.set_title(t("m02.check.title"), fontsize=10)
        return ax

    def plot_timeline(self, ax: "Axes | None" = None) -> "Axes":
        """When each column is recorded in the term, and the week of the decision the model predicts."""
        import matplotlib.pyplot as plt
        from matplotlib.patches import Patch

        d = self.dictionary
        names = [n for n in self.students.columns if n in d.columns][::-1]
        if ax is None:
            _, ax = plt.subplots(figsize=(8, 0.34 * len(names) + 1.6))
        for row, name in enumerate(names):
            first, last = d.weeks(name)
            colour = LABEL_COLOUR if name == d.label else AFTER_COLOUR if d.after_decision(name) else TEST_COLOUR
            ax.barh(row, last - first + 0.8, left=first - 0.4, color=colour, height=0.6)
        ax.set_yticks(range(len(names)), names)
        ax.axvline(d.decision_week, color="black", linestyle="--", linewidth=1)
        ax.text(d.decision_week + 0.15, len(names) - 0.4, t("m02.timeline.decision", what=d.decision_what),
                fontsize=8, va="bottom")
        ax.set_xticks(range(0, 15), [t("m02.timeline.before_term")] + [str(w) for w in range(1, 15)], fontsize=8)
        ax.set_xlim(-0.7, 14.7)
        ax.set_ylim(-0.7, len(names) + 0.6)
        ax.set_xlabel(t("m02.timeline.xlabel"))
        ax.legend(
            handles=[Patch(color=TEST_COLOUR, label=t("m02.timeline.before")),
                     Patch(color=LABEL_COLOUR, label=t("m02.timeline.label")),
                     Patch(color=AFTER_COLOUR, label=t("m02.timeline.after"))],
            loc="center right", fontsize=8, frameon=True,
        )
        ax.set_title(t("m02.timeline.title"), fontsize=10)
        return ax

    def depth_table(self, columns: Sequence[str], depths: Iterable[int] = range(1, 13)) -> pd.DataFrame:
        """Per tree depth: % right on the training students, % right on the test students, the gap."""
        rows = []
        for depth in depths:
            train = 100 * self.metrics(columns, depth, which="train")["accuracy"]
            test = 100 * self.metrics(columns, depth)["accuracy"]
            model = self.model(columns, depth)
            leaves = model.get_n_leaves() if hasattr(model, "get_n_leaves") else 1
            rows.append((int(depth), round(train, 1), round(test, 1), round(train - test, 1), int(leaves)))
        table = pd.DataFrame(
            [r[1:] for r in rows],
            columns=[t("m02.depth.train"), t("m02.depth.test"), t("m02.depth.gap"), t("m02.depth.leaves")],
            index=pd.Index([r[0] for r in rows], name=t("m02.depth.depth")),
        )
        return table

    def plot_depths(
        self, columns: Sequence[str], depths: Iterable[int] = range(1, 13), mark: int | None = None,
        ax: "Axes | None" = None,
    ) -> "Axes":
        """Training versus test accuracy as the tree may ask more questions; the shaded gap is overfitting."""
        import matplotlib.pyplot as plt

        table = self.depth_table(columns, depths)
        x = table.index.to_numpy()
        train = table.iloc[:, 0].to_numpy(dtype=float)
        test = table.iloc[:, 1].to_numpy(dtype=float)
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 3.8))
        ax.fill_between(x, test, train, color=AFTER_COLOUR, alpha=0.15, label=t("m02.depth.gap_label"))
        ax.plot(x, train, marker="o", color=TRAIN_COLOUR, label=t("m02.depth.train_label"))
        ax.plot(x, test, marker="o", color=TEST_COLOUR, linewidth=2.2, label=t("m02.depth.test_label"))
        if mark is not None:
            ax.axvline(int(mark), color="black", linestyle=":", linewidth=1)
        ax.set_xticks(x)
        ax.set_ylim(min(70.0, float(test.min()) - 3), 101)
        ax.set_xlabel(t("m02.depth.xlabel"))
        ax.set_ylabel(t("m02.depth.ylabel"))
        ax.grid(axis="y", alpha=0.3)
        ax.set_title(t("m02.depth.title"), fontsize=10)
        ax.legend(loc="lower left", fontsize=8, frameon=True)
        return ax

    def plot_thresholds(self, columns: Sequence[str], depth: int = DEPTH, ax: "Axes | None" = None) -> "Axes":
        """As the bar for flagging drops, the list finds more students in need and grows longer."""
        import matplotlib.pyplot as plt

        thresholds = np.round(np.arange(0.05, 0.951, 0.01), 2)
        found = [100 * self.metrics(columns, depth, th)["recall"] for th in thresholds]
        listed = [100 * self.metrics(columns, depth, th)["flagged_share"] for th in thresholds]
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 3.6))
        for values, colour, key in ((found, TEST_COLOUR, "found_label"), (listed, AFTER_COLOUR, "listed_label")):
            ax.step(thresholds, values, where="post", color=colour, linewidth=2.2, label=t(f"m02.threshold.{key}"))
        ax.set_xlabel(t("m02.threshold.xlabel"))
        ax.set_ylabel(t("m02.threshold.ylabel"))
        ax.set_ylim(0, 105)
        ax.grid(alpha=0.3)
        ax.set_title(t("m02.threshold.title"), fontsize=10)
        ax.legend(loc="lower left", fontsize=8, frameon=True)
        return ax

    # -- one student -----------------------------------------------------------------------------
    def explain(self, values: dict[str, Any], columns: Sequence[str], depth: int = DEPTH,
                threshold: float = THRESHOLD) -> list[str]:
        """The tree's questions for one student, in words, and what it suggests (a list of lines)."""
        chosen = self._checked(columns)
        row = pd.DataFrame([{c: values.get(c, self.train[c].mode().iloc[0]) for c in chosen}])
        x = self._numbers(row, chosen)
        model = self.model(chosen, depth)
        share = float(model.predict_proba(x)[0, 1])
        lines = []
        if chosen:
            tree = model.tree_
            for node in model.decision_path(x).indices:
                if tree.children_left[node] == tree.children_right[node]:  # a leaf: no question
                    n = int(tree.n_node_samples[node])
                    lines.append(t("m02.explain.leaf", n=n, needed=round(share * n), share=f"{share:.0%}"))
                    continue
                name = chosen[tree.feature[node]]
                value = float(x.iloc[0][name])
                answer = t("m02.explain.answer_yes") if value <= tree.threshold[node] else t("m02.explain.answer_no")
                if is_numeric_dtype(self.students[name]):
                    lines.append(t("m02.explain.step", column=name, limit=f"{tree.threshold[node]:g}",
                                   value=f"{value:g}", answer=answer))
                else:  # a yes/no column: 0 is "no", so "at most 0.5" means "no"
                    lines.append(t("m02.explain.step_yes_no", column=name, value=row.iloc[0][name], answer=answer))
        else:
            lines.append(t("m02.explain.no_columns", share=f"{share:.0%}"))
        flagged = share >= float(threshold)
        lines.append(t("m02.explain.flag" if flagged else "m02.explain.no_flag", threshold=f"{float(threshold):.0%}"))
        return lines

    # -- widgets ---------------------------------------------------------------------------------
    def student_explorer(self, columns: Sequence[str], depth: int = DEPTH) -> "widgets.VBox":
        """Sliders for the columns the tree actually uses: see its questions and its suggestion change."""
        import ipywidgets as widgets
        from html import escape

        chosen = self._checked(columns)
        model = self.model(chosen, depth)
        used = [chosen[i] for i in sorted(set(model.tree_.feature[model.tree_.feature >= 0]))] if chosen else []
        controls: dict[str, widgets.Widget] = {}
        for name in used:
            values = self.students[name]
            if not is_numeric_dtype(values):
                controls[name] = widgets.Dropdown(options=[NO, YES], value=NO, description=name)
            else:
                whole = bool((values % 1 == 0).all())
                slider = widgets.IntSlider if whole else widgets.FloatSlider
                controls[name] = slider(
                    value=values.median() if not whole else int(values.median()),
                    min=values.min(), max=values.max(), description=name, continuous_update=False,
                    style={"description_width": "9em"}, layout=widgets.Layout(width="32em"),
                )
        note = widgets.HTML(t("m02.explorer.uses", used=len(used), total=len(chosen)))
        result = widgets.HTML()

        def show(_change=None) -> None:
            lines = self.explain({n: c.value for n, c in controls.items()}, chosen, depth)
            items = "".join(f"<li>{escape(line)}</li>" for line in lines[:-1])
            result.value = f"<ol>{items}</ol><p><b>{escape(lines[-1])}</b></p>"

        for control in controls.values():
            control.observe(show, names="value")
        show()
        return widgets.VBox([note, *controls.values(), result])

    def column_explorer(self, columns: Sequence[str], depth: int = DEPTH) -> "widgets.VBox":
        """Tick the columns the model may use, press the button: its scores and confusion matrix."""
        import ipywidgets as widgets
        import matplotlib.pyplot as plt
        from IPython.display import display

        start = set(self._checked(columns))
        boxes = {name: widgets.Checkbox(value=name in start, description=name, indent=False,
                                        layout=widgets.Layout(width="22em")) for name in self.columns}
        button = widgets.Button(description=t("m02.explorer.train_test"), button_style="primary")
        output = widgets.Output()

        def run(_button=None) -> None:
            chosen = [name for name, box in boxes.items() if box.value]
            with output:
                output.clear_output(wait=True)
                if not chosen:
                    print(t("m02.explorer.no_columns"))
                display(self.scores(chosen, depth))
                fig, ax = plt.subplots(figsize=(5.2, 4.2))
                self.plot_confusion(chosen, depth, ax=ax)
                display(fig)
                plt.close(fig)

        button.on_click(run)
        run()
        grid = widgets.GridBox(list(boxes.values()), layout=widgets.Layout(grid_template_columns="repeat(2, 23em)"))
        return widgets.VBox([widgets.HTML(t("m02.explorer.columns_help")), grid, button, output])

    def depth_explorer(self, columns: Sequence[str], depths: Iterable[int] = range(1, 13)) -> "widgets.VBox":
        """A depth slider: the train/test plot with the chosen depth marked, and its numbers in words."""
        import ipywidgets as widgets
        import matplotlib.pyplot as plt
        from IPython.display import display

        depths = [int(d) for d in depths]
        table = self.depth_table(columns, depths)
        slider = widgets.IntSlider(value=min(DEPTH, max(depths)), min=min(depths), max=max(depths),
                                   description=t("m02.depth.depth"), continuous_update=False)
        output = widgets.Output()

        def redraw(_change=None) -> None:
            row = table.loc[slider.value]
            with output:
                output.clear_output(wait=True)
                fig, ax = plt.subplots(figsize=(7, 3.8))
                self.plot_depths(columns, depths, mark=slider.value, ax=ax)
                display(fig)
                plt.close(fig)
                print(t("m02.depth.summary", depth=slider.value, leaves=int(row.iloc[3]),
                        train=f"{row.iloc[0]:.0f}", test=f"{row.iloc[1]:.0f}", gap=f"{row.iloc[2]:.1f}"))

        slider.observe(redraw, names="value")
        redraw()
        return widgets.VBox([slider, output])

    def threshold_explorer(self, columns: Sequence[str], depth: int = DEPTH) -> "widgets.VBox":
        """A threshold slider: who gets on the list, who is missed, how long the list is."""
        import ipywidgets as widgets
        import matplotlib.pyplot as plt
        from IPython.display import display

        slider = widgets.FloatSlider(value=THRESHOLD, min=0.05, max=0.95, step=0.05, readout_format=".2f",
                                     description=t("m02.threshold.slider"), continuous_update=False,
                                     style={"description_width": "9em"}, layout=widgets.Layout(width="32em"))
        output = widgets.Output()

        def redraw(_change=None) -> None:
            with output:
                output.clear_output(wait=True)
                fig, ax = plt.subplots(figsize=(5.2, 4.2))
                self.plot_confusion(columns, depth, threshold=slider.value, ax=ax)
                display(fig)
                plt.close(fig)
                display(self.scores(columns, depth, threshold=slider.value))

        slider.observe(redraw, names="value")
        redraw()
        return widgets.VBox([widgets.HTML(t("m02.threshold.help")), slider, output])
