"""A model that learns from unfair past decisions: measure the gap between groups, then try to close it.

Module 6's running example. A (fictional) school trains a model on its teachers' past
recommendations for the advanced maths class, then checks it on this year's students against an
independent placement test. The helpers answer the questions a teacher should ask of any
model that sorts students:

- Does it recommend one group less often? (selection rate per group)
- Of the students who were ready, does it miss one group more often? (missed = false negative rate)
- Does removing the group column fix it? Does rebalancing the past decisions? A different
  threshold per group? (before / after, and a threshold curve)

The records and their data card (column meanings and roles) are data files next to the lesson;
every string the code shows is in ``ailit/locale/<lang>/m06.yaml``. The model is scikit-learn's
logistic regression: small, deterministic, and its score is a probability between 0 and 1;
it recommends a student when the score reaches the threshold (0.5 unless a lesson changes it).

The "rebalance" fix is *massaging* (Kamiran and Calders, 2012): the past decisions closest to
the line are swapped, a not-recommended student of the under-recommended group with the
highest score against a recommended student of the other group with the lowest, until both
groups were recommended equally often in the training data.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterable, Mapping

import numpy as np
import pandas as pd
import yaml

from ailit.text import t

if TYPE_CHECKING:
    import ipywidgets as widgets
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from sklearn.pipeline import Pipeline

THRESHOLD = 0.5
FIXES = ("none", "drop_group", "rebalance")
THRESHOLD_STEPS = tuple(round(x, 2) for x in np.arange(0.05, 0.501, 0.05))
GROUP_COLOURS = ("#d9822b", "#3b7dd8", "#6a9f3a", "#8e5ea2")
Thresholds = float | Mapping[str, float]


@dataclass(frozen=True)
class DataCard:
    """What each column means and which role it plays (group, features, label, outcome)."""

    title: str
    columns: dict[str, str]
    records: str
    cohort: str
    past: str
    new: str
    group: str
    groups: tuple[str, ...]
    features: tuple[str, ...]
    label: str
    outcome: str
    yes: str

    @classmethod
    def from_yaml(cls, path: str | Path) -> "DataCard":
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
        return cls(
            title=str(data["title"]), columns={str(k): str(v) for k, v in data["columns"].items()},
            records=str(data["records"]), cohort=str(data["cohort"]), past=str(data["past"]), new=str(data["new"]),
            group=str(data["group"]), groups=tuple(str(g) for g in data["groups"]),
            features=tuple(str(f) for f in data["features"]), label=str(data["label"]),
            outcome=str(data["outcome"]), yes=str(data["yes"]),
        )


def _pipeline(numeric: list[str], categorical: list[str]) -> "Pipeline":
    """Scale the numbers, one-hot the categories, then a logistic regression (deterministic)."""
    from sklearn.compose import ColumnTransformer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import make_pipeline
    from sklearn.preprocessing import OneHotEncoder, StandardScaler

    columns = ColumnTransformer(
        [("numbers", StandardScaler(), numeric), ("categories", OneHotEncoder(drop="if_binary"), categorical)]
    )
    return make_pipeline(columns, LogisticRegression())


def _percent(part: float, whole: float) -> float:
    return round(100 * part / whole, 1) if whole else float("nan")


@dataclass
class RecommendationCase:
    """The records, their data card, and the models trained on the past (one per fix)."""

    records: pd.DataFrame
    card: DataCard
    _models: dict[str, "Pipeline"] = field(default_factory=dict, repr=False)

    @classmethod
    def from_folder(cls, folder: str | Path = "data", card: str = "advanced_maths.yaml") -> "RecommendationCase":
        """Read the data card and the records it names from ``folder``."""
        folder = Path(folder)
        data_card = DataCard.from_yaml(folder / card)
        records = pd.read_csv(folder / data_card.records, dtype={data_card.outcome: str}, keep_default_na=False)
        return cls(records.set_index(records.columns[0]), data_card)

    # --- the data -------------------------------------------------------------------------
    @property
    def past(self) -> pd.DataFrame:
        """Earlier students: the model learns the teachers' decisions from them."""
        return self.records[self.records[self.card.cohort] == self.card.past].drop(columns=[self.card.outcome])

    @property
    def new(self) -> pd.DataFrame:
        """This year's students: the check, with the independent placement test."""
        return self.records[self.records[self.card.cohort] == self.card.new]

    def _yes(self, column: pd.Series) -> pd.Series:
        return column == self.card.yes

    def _check_group(self, group: str) -> str:
        if group not in self.card.groups:
            raise ValueError(t("m06.gaps.errors.unknown_group", group=group, groups=", ".join(self.card.groups)))
        return group

    def _check_fix(self, fix: str) -> str:
        if fix not in FIXES:
            raise ValueError(t("m06.gaps.errors.unknown_fix", fix=fix, fixes=", ".join(FIXES)))
        return fix

    def _threshold_of(self, thresholds: Thresholds) -> dict[str, float]:
        """One threshold per group: a number for all, or a mapping (missing groups keep 0.5)."""
        if isinstance(thresholds, Mapping):
            for group in thresholds:
                self._check_group(str(group))
            return {g: float(thresholds.get(g, THRESHOLD)) for g in self.card.groups}
        return {g: float(thresholds) for g in self.card.groups}

    # --- the models -----------------------------------------------------------------------
    def _columns(self, fix: str) -> list[str]:
        features = list(self.card.features)
        return features if fix == "drop_group" else features + [self.card.group]

    def _fit(self, columns: list[str], labels: pd.Series) -> "Pipeline":
        data = self.past[columns]
        numeric = [c for c in columns if pd.api.types.is_numeric_dtype(data[c])]
        model = _pipeline(numeric, [c for c in columns if c not in numeric])
        model.fit(data, self._yes(labels))
        return model

    def rebalanced_labels(self) -> pd.Series:
        """The past decisions after massaging: borderline decisions swapped until the groups' rates are equal.

        The group recommended less often gets its highest-scoring not-recommended students
        recommended; the other group loses its lowest-scoring recommended students, one pair
        at a time. Scores come from the model trained on the original decisions.
        """
        past = self.past
        labels = past[self.card.label].copy()
        rates = self._yes(labels).groupby(past[self.card.group]).mean()
        low, high = rates.idxmin(), rates.idxmax()
        scores = pd.Series(self.model("none").predict_proba(past[self._columns("none")])[:, 1], index=past.index)
        in_low, in_high = past[self.card.group] == low, past[self.card.group] == high
        promote = scores[in_low & ~self._yes(labels)].sort_values(ascending=False).index
        demote = scores[in_high & self._yes(labels)].sort_values().index
        no = past.loc[~self._yes(labels), self.card.label].iloc[0]
        for up, down in zip(promote, demote):
            if self._yes(labels)[in_low].mean() >= self._yes(labels)[in_high].mean():
                break
            labels[up], labels[down] = self.card.yes, no
        return labels

    def model(self, fix: str = "none") -> "Pipeline":
        """The model trained on the past: as is, without the group column, or on rebalanced decisions."""
        fix = self._check_fix(fix)
        if fix not in self._models:
            labels = self.rebalanced_labels() if fix == "rebalance" else self.past[self.card.label]
            self._models[fix] = self._fit(self._columns(fix), labels)
        return self._models[fix]

    def scores(self, fix: str = "none", students: pd.DataFrame | None = None) -> pd.Series:
        """Each new student's score between 0 and 1 (the model's probability of "recommend")."""
        students = self.new if students is None else students
        probabilities = self.model(fix).predict_proba(students[self._columns(fix)])[:, 1]
        return pd.Series(probabilities, index=students.index, name=t("m06.gaps.col_score"))

    def recommended(self, who: str = "model", fix: str = "none", thresholds: Thresholds = THRESHOLD) -> pd.Series:
        """True for each new student who is recommended, by the model (with a fix) or by the teachers."""
        if who == "teachers":
            return self._yes(self.new[self.card.label])
        if who != "model":
            raise ValueError(t("m06.gaps.errors.unknown_who", who=who))
        bars = self._threshold_of(thresholds)
        scores = self.scores(fix)
        return scores >= self.new[self.card.group].map(bars)

    # --- measuring the gap ----------------------------------------------------------------
    def group_table(self, who: str = "model", fix: str = "none", thresholds: Thresholds = THRESHOLD) -> pd.DataFrame:
        """Per group, on this year's students: how many are recommended, and how many ready students are missed."""
        recommended = self.recommended(who, fix, thresholds)
        passed = self._yes(self.new[self.card.outcome])
        rows = {}
        for group in self.card.groups:
            mine = self.new[self.card.group] == group
            ready = mine & passed
            missed = ready & ~recommended
            false_alarm = mine & ~passed & recommended
            rows[group] = {
                t("m06.gaps.col_students"): int(mine.sum()),
                t("m06.gaps.col_recommended"): int((mine & recommended).sum()),
                t("m06.gaps.col_selection"): _percent((mine & recommended).sum(), mine.sum()),
                t("m06.gaps.col_passed"): int(ready.sum()),
                t("m06.gaps.col_missed_n"): int(missed.sum()),
                t("m06.gaps.col_missed"): _percent(missed.sum(), ready.sum()),
                t("m06.gaps.col_false_alarm"): _percent(false_alarm.sum(), (mine & ~passed).sum()),
            }
        table = pd.DataFrame.from_dict(rows, orient="index")
        table.index.name = self.card.group
        return table

    def missed_rates(self, who: str = "model", fix: str = "none", thresholds: Thresholds = THRESHOLD) -> pd.Series:
        """Per group: the percent of students who passed the test but were not recommended."""
        return self.group_table(who, fix, thresholds)[t("m06.gaps.col_missed")].astype(float)

    def selection_rates(self, who: str = "model", fix: str = "none", thresholds: Thresholds = THRESHOLD) -> pd.Series:
        """Per group: the percent of all students who were recommended."""
        return self.group_table(who, fix, thresholds)[t("m06.gaps.col_selection")].astype(float)

    def missed_gap(self, who: str = "model", fix: str = "none", thresholds: Thresholds = THRESHOLD) -> float:
        """First group's missed rate minus the second's, in percentage points (positive: the first is missed more)."""
        rates = self.missed_rates(who, fix, thresholds)
        return round(float(rates.iloc[0] - rates.iloc[1]), 1)

    def accuracy(self, who: str = "model", fix: str = "none", thresholds: Thresholds = THRESHOLD) -> float:
        """Percent of this year's students for whom "recommended" matches "passed the test"."""
        agree = self.recommended(who, fix, thresholds) == self._yes(self.new[self.card.outcome])
        return round(100 * float(agree.mean()), 1)

    def compare_fixes(self, fixes: Iterable[str] = FIXES, thresholds: Thresholds | None = None) -> pd.DataFrame:
        """One row per fix: each group's missed rate, the gap, and overall accuracy (before / after)."""
        rows = {}
        settings = [(fix, THRESHOLD) for fix in fixes] + ([("none", thresholds)] if thresholds is not None else [])
        for fix, bars in settings:
            rates = self.missed_rates("model", fix, bars)
            row: dict[str, Any] = {t("m06.gaps.col_missed_of", group=g): rates[g] for g in self.card.groups}
            row[t("m06.gaps.col_gap")] = self.missed_gap("model", fix, bars)
            row[t("m06.gaps.col_accuracy")] = self.accuracy("model", fix, bars)
            rows[self._fix_name(fix, bars)] = row
        table = pd.DataFrame.from_dict(rows, orient="index")
        table.index.name = t("m06.gaps.col_fix")
        return table

    def _fix_name(self, fix: str, thresholds: Thresholds) -> str:
        if fix == "none" and isinstance(thresholds, Mapping):
            parts = ", ".join(f"{g} {v:.2f}" for g, v in self._threshold_of(thresholds).items())
            return t("m06.gaps.fix_threshold", thresholds=parts)
        return t(f"m06.gaps.fix_{fix}", group=self.card.group)

    def threshold_curve(self, group: str, fix: str = "none", steps: Iterable[float] = THRESHOLD_STEPS) -> pd.DataFrame:
        """Missed rates when only ``group``'s threshold moves (the others stay at 0.5), and the gap."""
        group = self._check_group(group)
        rows = {}
        for step in steps:
            rates = self.missed_rates("model", fix, {group: float(step)})
            row: dict[str, Any] = {t("m06.gaps.col_missed_of", group=g): rates[g] for g in self.card.groups}
            row[t("m06.gaps.col_gap_size")] = round(abs(float(rates.iloc[0] - rates.iloc[1])), 1)
            rows[round(float(step), 2)] = row
        table = pd.DataFrame.from_dict(rows, orient="index")
        table.index.name = t("m06.gaps.col_threshold_of", group=group)
        return table

    # --- plots ----------------------------------------------------------------------------
    def _bars(self, ax: "Axes", table: pd.DataFrame, ylabel: str, title: str) -> None:
        """Grouped bars: one colour per group, one cluster per row of ``table`` (values in percent)."""
        x = np.arange(len(table.index))
        width = 0.8 / len(self.card.groups)
        for i, group in enumerate(self.card.groups):
            values = table[group].to_numpy(dtype=float)
            bars = ax.bar(x + (i - (len(self.card.groups) - 1) / 2) * width, values, width,
                          label=group, color=GROUP_COLOURS[i % len(GROUP_COLOURS)])
            ax.bar_label(bars, labels=[f"{v:.0f}%" for v in values], fontsize=8)
        ax.set_xticks(x, [str(i) for i in table.index], fontsize=9)
        ax.set_ylim(0, 100)
        ax.set_ylabel(ylabel)
        ax.set_title(title, fontsize=10)
        ax.legend(title=self.card.group, fontsize=8, frameon=False)

    def plot_group_rates(self, fix: str = "none", thresholds: Thresholds = THRESHOLD) -> "Figure":
        """Teachers this year and the model side by side: recommended (%) and missed (%) per group."""
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(1, 2, figsize=(11, 3.8), sharey=True)
        for ax, who in zip(axes, ("teachers", "model")):
            table = self.group_table(who, fix, thresholds)
            shown = table[[t("m06.gaps.col_selection"), t("m06.gaps.col_missed")]].T.astype(float)
            shown.index = [t("m06.gaps.short_selection"), t("m06.gaps.short_missed")]
            self._bars(ax, shown, t("m06.gaps.percent"), t(f"m06.gaps.who_{who}_title"))
        fig.suptitle(t("m06.gaps.rates_suptitle"), fontsize=11)
        fig.tight_layout()
        return fig

    def plot_past(self, ax: "Axes | None" = None, band: int = 10) -> "Axes":
        """The history the model learns from: share recommended per test-score band, for each group."""
        import matplotlib.pyplot as plt

        past = self.past
        score = self.card.features[0]
        bands = (past[score] // band * band).clip(lower=30, upper=90)
        share = self._yes(past[self.card.label]).groupby([bands, past[self.card.group]]).mean().unstack() * 100
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 3.8))
        for i, group in enumerate(self.card.groups):
            ax.plot(share.index, share[group], marker="o", label=group, color=GROUP_COLOURS[i % len(GROUP_COLOURS)])
        ax.set_xticks(share.index, [f"{b}–{b + band - 1}" if b < 90 else f"{b}+" for b in share.index], fontsize=8)
        ax.set_xlabel(t("m06.gaps.past_xlabel", column=score))
        ax.set_ylabel(t("m06.gaps.past_ylabel"))
        ax.set_ylim(0, 100)
        ax.set_title(t("m06.gaps.past_title"), fontsize=10)
        ax.legend(title=self.card.group, fontsize=8, frameon=False)
        ax.grid(alpha=0.3)
        return ax

    def plot_fixes(self, fixes: Iterable[str] = FIXES, thresholds: Thresholds | None = None, ax: "Axes | None" = None) -> "Axes":
        """Before / after: each group's missed rate for every fix, with the gap written above."""
        import matplotlib.pyplot as plt

        table = self.compare_fixes(fixes, thresholds)
        shown = table[[t("m06.gaps.col_missed_of", group=g) for g in self.card.groups]].astype(float)
        shown.columns = list(self.card.groups)
        if ax is None:
            _, ax = plt.subplots(figsize=(2.4 * len(shown) + 1.5, 4), layout="constrained")
        self._bars(ax, shown, t("m06.gaps.col_missed"), t("m06.gaps.fixes_title"))
        top = max(50.0, float(shown.to_numpy().max()) + 20)
        for x, gap in enumerate(table[t("m06.gaps.col_gap")]):
            ax.text(x, top - 8, t("m06.gaps.gap_label", gap=f"{gap:+.1f}"), ha="center", fontsize=9, fontweight="bold")
        ax.set_ylim(0, top)
        ax.set_xticks(range(len(shown)), [_wrap(str(i), 22) for i in shown.index], fontsize=8)
        return ax

    def plot_threshold_curve(self, group: str, fix: str = "none", ax: "Axes | None" = None) -> "Axes":
        """How ``group``'s missed rate falls as its threshold is lowered; the others stay at 0.5."""
        import matplotlib.pyplot as plt

        curve = self.threshold_curve(group, fix)
        if ax is None:
            _, ax = plt.subplots(figsize=(7.5, 4))
        for i, g in enumerate(self.card.groups):
            values = curve[t("m06.gaps.col_missed_of", group=g)]
            style = {"marker": "o"} if g == group else {"linestyle": "--"}
            label = t("m06.gaps.curve_moving", group=g) if g == group else t("m06.gaps.curve_fixed", group=g)
            ax.plot(curve.index, values, label=label, color=GROUP_COLOURS[i % len(GROUP_COLOURS)], **style)
        ax.set_xticks(curve.index, [f"{x:.2f}" for x in curve.index], fontsize=8)
        ax.set_xlabel(t("m06.gaps.col_threshold_of", group=group))
        ax.set_ylabel(t("m06.gaps.col_missed"))
        ax.set_ylim(0, 100)
        ax.grid(alpha=0.3)
        ax.set_title(t("m06.gaps.curve_title", group=group, model=self._fix_name(fix, THRESHOLD)), fontsize=10)
        ax.legend(fontsize=8, frameon=False)
        return ax

    # --- interactions ---------------------------------------------------------------------
    def same_record(self, **record: Any) -> pd.DataFrame:
        """The model's score for one student record, once for each group (everything else equal)."""
        rows = pd.DataFrame([{**record, self.card.group: group} for group in self.card.groups], index=list(self.card.groups))
        missing = [c for c in self.card.features if c not in rows]
        if missing:
            raise ValueError(t("m06.gaps.errors.missing_columns", columns=", ".join(missing)))
        scores = self.model("none").predict_proba(rows[self._columns("none")])[:, 1]
        table = pd.DataFrame({t("m06.gaps.col_score"): scores.round(2)}, index=rows.index)
        table[t("m06.gaps.col_decision")] = [
            t("m06.gaps.decision_yes") if s >= THRESHOLD else t("m06.gaps.decision_no") for s in scores
        ]
        table.index.name = self.card.group
        return table

    def student_explorer(self, test_score: int = 70, homework: int = 80, maths_club: str = "no") -> "widgets.VBox":
        """Sliders for one student's record: the model's score if that student is a girl, and if a boy."""
        import ipywidgets as widgets
        import matplotlib.pyplot as plt
        from IPython.display import display

        score, homework_col, club = self.card.features
        clubs = sorted(self.past[club].unique())
        test = widgets.IntSlider(value=test_score, min=30, max=100, description=score, continuous_update=False,
                                 style={"description_width": "8em"})
        work = widgets.IntSlider(value=homework, min=30, max=100, description=homework_col, continuous_update=False,
                                 style={"description_width": "8em"})
        member = widgets.ToggleButtons(options=clubs, value=maths_club if maths_club in clubs else clubs[0],
                                       description=club, style={"description_width": "8em"})
        output = widgets.Output()

        def show(_change=None) -> None:
            table = self.same_record(**{score: test.value, homework_col: work.value, club: member.value})
            with output:
                output.clear_output(wait=True)
                fig, ax = plt.subplots(figsize=(6, 1.9))
                values = table[t("m06.gaps.col_score")].to_numpy(dtype=float)
                colours = [GROUP_COLOURS[i % len(GROUP_COLOURS)] for i in range(len(values))]
                ax.barh(list(table.index)[::-1], values[::-1], color=colours[::-1])
                ax.axvline(THRESHOLD, color="black", linestyle=":", linewidth=1)
                for y, v in enumerate(values[::-1]):
                    ax.text(min(v + 0.01, 0.9), y, f"{v:.2f}", va="center", fontsize=9)
                ax.set_xlim(0, 1)
                ax.set_xlabel(t("m06.gaps.col_score"))
                ax.set_title(t("m06.gaps.same_record_title"), fontsize=10)
                fig.tight_layout()
                display(fig)
                plt.close(fig)
                display(table)

        for control in (test, work, member):
            control.observe(show, names="value")
        show()
        return widgets.VBox([test, work, member, output])

    def threshold_explorer(self, fix: str = "none") -> "widgets.VBox":
        """One threshold slider per group: the table and the missed / recommended bars update."""
        import ipywidgets as widgets
        import matplotlib.pyplot as plt
        from IPython.display import display

        sliders = {
            g: widgets.FloatSlider(value=THRESHOLD, min=0.05, max=0.95, step=0.05, readout_format=".2f",
                                   description=t("m06.gaps.slider", group=g), continuous_update=False,
                                   style={"description_width": "10em"})
            for g in self.card.groups
        }
        output = widgets.Output()

        def show(_change=None) -> None:
            bars = {g: s.value for g, s in sliders.items()}
            table = self.group_table("model", fix, bars)
            with output:
                output.clear_output(wait=True)
                fig, ax = plt.subplots(figsize=(7, 3.4))
                shown = table[[t("m06.gaps.col_selection"), t("m06.gaps.col_missed"), t("m06.gaps.col_false_alarm")]].T.astype(float)
                shown.index = [t("m06.gaps.short_selection"), t("m06.gaps.short_missed"), t("m06.gaps.short_false_alarm")]
                self._bars(ax, shown, t("m06.gaps.percent"), t("m06.gaps.explorer_title",
                                                               gap=f"{self.missed_gap('model', fix, bars):+.1f}"))
                fig.tight_layout()
                display(fig)
                plt.close(fig)
                display(table)

        for slider in sliders.values():
            slider.observe(show, names="value")
        show()
        return widgets.VBox([*sliders.values(), output])


def _wrap(text: str, width: int) -> str:
    import textwrap

    return "\n".join(textwrap.wrap(text, width)) or text
