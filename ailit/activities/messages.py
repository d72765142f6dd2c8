"""Rules versus learning: sort parent messages with a keyword rule and with a learned model.

The contrast that Module 1 teaches: a rule is written by a person and does exactly what it
says (no more); a model is *learned from labelled examples* and finds its own clues, so it
copes with wordings nobody wrote a rule for, but it also fails where its examples were thin,
and it always answers, even when it has nothing to go on.

The messages (``message,label,split`` with split ``train`` or ``new``) and the rule's
keywords are data files next to the lesson, so a translation is new data. The model is
scikit-learn's word-count Naive Bayes classifier: small, fast, deterministic, and its learned
"keywords" can be shown to a teacher.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Iterable

import pandas as pd
import yaml

from ailit.text import t

if TYPE_CHECKING:
    import ipywidgets as widgets
    from matplotlib.axes import Axes
    from matplotlib.figure import Figure
    from sklearn.pipeline import Pipeline

# Words, plus "?" as a token of its own: the question mark is a clue a person would use too.
TOKEN_PATTERN = r"(?u)\b\w+\b|\?"
RULE_COLOUR = "#d9822b"
MODEL_COLOUR = "#3b7dd8"


def _keyword_pattern(keyword: str) -> re.Pattern[str]:
    """Whole words for keywords made of letters ("ill" must not match "will"); anywhere otherwise."""
    escaped = re.escape(keyword.strip().lower())
    if re.fullmatch(r"[\w' -]+", keyword.strip()):
        return re.compile(rf"(?<!\w){escaped}(?!\w)")
    return re.compile(escaped)


@dataclass(frozen=True)
class KeywordRule:
    """Labels checked from first to last; the first label with a keyword in the message wins."""

    keywords: dict[str, tuple[str, ...]]

    @classmethod
    def from_yaml(cls, path: str | Path) -> "KeywordRule":
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        return cls({str(label): tuple(str(k) for k in words or ()) for label, words in data.items()})

    def match(self, message: str) -> tuple[str | None, str | None]:
        """The label and the keyword that fired, or (None, None) when no keyword appears."""
        text = str(message).lower()
        for label, words in self.keywords.items():
            for word in words:
                if word.strip() and _keyword_pattern(word).search(text):
                    return label, word
        return None, None

    def label(self, message: str) -> str:
        """The rule's label, or the "no keyword" text (which never equals a real label)."""
        found, _ = self.match(message)
        return found if found is not None else t("activities.messages.no_label")

    def with_keywords(self, label: str, words: Iterable[str]) -> "KeywordRule":
        changed = dict(self.keywords)
        changed[label] = tuple(w.strip() for w in words if w.strip())
        return replace(self, keywords=changed)


def train_model(messages: Iterable[str], labels: Iterable[str]) -> "Pipeline":
    """A word-count Naive Bayes classifier learned from labelled messages (same data, same model)."""
    from sklearn.feature_extraction.text import CountVectorizer
    from sklearn.naive_bayes import MultinomialNB
    from sklearn.pipeline import make_pipeline

    model = make_pipeline(CountVectorizer(token_pattern=TOKEN_PATTERN), MultinomialNB())
    model.fit(list(messages), list(labels))
    return model


def _mark(ok: bool) -> str:
    return t("activities.messages.right") if ok else t("activities.messages.wrong")


def _percent(series: pd.Series) -> float:
    return round(100 * float(series.mean()), 1) if len(series) else 0.0


@dataclass
class MessageSorting:
    """The whole activity: the examples, the new messages, the rule and the learned model."""

    examples: pd.DataFrame
    new: pd.DataFrame
    rule: KeywordRule
    model: "Pipeline"

    @classmethod
    def from_folder(
        cls, folder: str | Path = "data", messages: str = "parent_messages.csv", rule: str = "keyword_rule.yaml"
    ) -> "MessageSorting":
        """Read the messages and the rule, and learn the model from the ``train`` examples."""
        folder = Path(folder)
        table = pd.read_csv(folder / messages, dtype=str, keep_default_na=False)
        examples = table[table["split"] == "train"][["message", "label"]].reset_index(drop=True)
        new = table[table["split"] == "new"][["message", "label"]].reset_index(drop=True)
        examples.index += 1
        new.index += 1
        return cls(examples, new, KeywordRule.from_yaml(folder / rule), train_model(examples["message"], examples["label"]))

    @property
    def labels(self) -> list[str]:
        return [str(c) for c in self.model.classes_]

    def rule_label(self, message: str) -> str:
        """The keyword rule's label (graded notebooks compare it with the model's)."""
        return self.rule.label(message)

    def model_label(self, message: str) -> str:
        """The learned model's label: always one of the labels it was trained on."""
        return str(self.model.predict([str(message)])[0])

    def model_probabilities(self, message: str) -> pd.Series:
        """How sure the model is of each label for one message (sums to 1)."""
        return pd.Series(self.model.predict_proba([str(message)])[0], index=self.labels)

    def _set(self, which: str) -> pd.DataFrame:
        if which not in ("new", "examples"):
            raise ValueError(t("activities.messages.bad_set", which=which))
        return self.new if which == "new" else self.examples

    def compare(self, which: str = "new", rule: KeywordRule | None = None) -> pd.DataFrame:
        """One row per message: the correct label, what the rule said, what the model said."""
        rule = rule or self.rule
        data = self._set(which)
        rule_labels = [rule.label(m) for m in data["message"]]
        model_labels = [self.model_label(m) for m in data["message"]]
        return pd.DataFrame(
            {
                t("activities.messages.col_message"): data["message"],
                t("activities.messages.col_label"): data["label"],
                t("activities.messages.col_rule"): rule_labels,
                t("activities.messages.col_rule_ok"): [_mark(r == y) for r, y in zip(rule_labels, data["label"])],
                t("activities.messages.col_model"): model_labels,
                t("activities.messages.col_model_ok"): [_mark(m == y) for m, y in zip(model_labels, data["label"])],
            },
            index=data.index,
        )

    def accuracy(self, rule: KeywordRule | None = None) -> pd.DataFrame:
        """Percent labelled correctly, for the rule and the model, on the examples and on new messages."""
        rule = rule or self.rule

        def percent_right(label_of, which: str) -> float:
            data = self._set(which)
            return _percent(pd.Series([label_of(m) == y for m, y in zip(data["message"], data["label"])]))

        approaches = {t("activities.messages.rule"): rule.label, t("activities.messages.model"): self.model_label}
        table = pd.DataFrame(
            {
                t(f"activities.messages.set_{which}"): [percent_right(label_of, which) for label_of in approaches.values()]
                for which in ("examples", "new")
            },
            index=pd.Index(list(approaches), name=t("activities.messages.col_approach")),
        )
        return table

    def plot_accuracy(self, ax: "Axes | None" = None, rule: KeywordRule | None = None) -> "Axes":
        """Grouped bars: how often each approach was right, on the examples and on new messages."""
        import matplotlib.pyplot as plt
        import numpy as np

        table = self.accuracy(rule)
        if ax is None:
            _, ax = plt.subplots(figsize=(6.5, 3.6))
        x = np.arange(len(table.columns))
        width = 0.38
        for offset, (name, colour) in zip((-width / 2, width / 2), zip(table.index, (RULE_COLOUR, MODEL_COLOUR))):
            values = table.loc[name].to_numpy(dtype=float)
            bars = ax.bar(x + offset, values, width, label=name, color=colour)
            ax.bar_label(bars, labels=[f"{v:.0f}%" for v in values], fontsize=9)
        ax.set_xticks(x, list(table.columns))
        ax.set_ylim(0, 125)
        ax.set_yticks(range(0, 101, 20))
        ax.set_ylabel(t("activities.messages.percent_right"))
        ax.set_title(t("activities.messages.accuracy_title"), fontsize=11)
        ax.legend(loc="upper center", ncols=2, fontsize=9, frameon=False)
        return ax

    def _word_clues(self) -> pd.DataFrame:
        """Per vocabulary word: the model's label probabilities for a message made of that word alone."""
        vectorizer = self.model.named_steps["countvectorizer"]
        words = list(vectorizer.get_feature_names_out())
        clues = pd.DataFrame(self.model.predict_proba(words), columns=self.labels)
        clues["word"] = words
        clues["count"] = vectorizer.transform(self.examples["message"]).sum(axis=0).A1
        return clues

    def _top_clues(self, label: str, n: int) -> pd.DataFrame:
        """The n words that point most strongly to ``label`` (ties: the more frequent word first)."""
        return self._word_clues().sort_values([label, "count"], ascending=False).head(n)

    def learned_words(self, n: int = 6) -> pd.DataFrame:
        """For each label, the words that on their own push the model most strongly to that label."""
        columns = {}
        for label in self.labels:
            top = self._top_clues(label, n)
            columns[label] = [f"{w} ({p:.0%})" for w, p in zip(top["word"], top[label])]
        return pd.DataFrame(columns, index=pd.RangeIndex(1, n + 1))

    def plot_learned_words(self, n: int = 6) -> "Figure":
        """One small bar chart per label: the clues the model found by itself in the examples."""
        import matplotlib.pyplot as plt

        fig, axes = plt.subplots(1, len(self.labels), figsize=(3.2 * len(self.labels), 0.32 * n + 1.4), sharex=True)
        for ax, label in zip(axes, self.labels):
            top = self._top_clues(label, n)[::-1]
            ax.barh(top["word"], 100 * top[label], color=MODEL_COLOUR)
            ax.set_xlim(0, 100)
            ax.set_title(t("activities.messages.learned_title", label=label), fontsize=10)
            ax.set_xlabel(t("activities.messages.learned_xlabel"), fontsize=8)
        fig.suptitle(t("activities.messages.learned_suptitle"), fontsize=11)
        fig.tight_layout()
        return fig

    def try_message(self, message: str) -> pd.DataFrame:
        """What the rule and the model say about one message, and why (keyword / how sure)."""
        label, keyword = self.rule.match(message)
        probabilities = self.model_probabilities(message)
        model_label = self.model_label(message)
        rule_reason = (
            t("activities.messages.reason_keyword", keyword=keyword) if keyword is not None
            else t("activities.messages.reason_no_keyword")
        )
        model_reason = t("activities.messages.reason_sure", percent=f"{probabilities[model_label]:.0%}")
        return pd.DataFrame(
            {
                t("activities.messages.col_says"): [self.rule.label(message), model_label],
                t("activities.messages.col_why"): [rule_reason, model_reason],
            },
            index=pd.Index([t("activities.messages.rule"), t("activities.messages.model")],
                           name=t("activities.messages.col_approach")),
        )

    def explorer(self, message: str) -> "widgets.VBox":
        """Type a message, press the button: both labels, and the model's certainty as bars."""
        import ipywidgets as widgets
        import matplotlib.pyplot as plt
        from IPython.display import display

        box = widgets.Textarea(value=message, layout=widgets.Layout(width="95%", height="4em"))
        button = widgets.Button(description=t("activities.messages.label_it"), button_style="primary")
        output = widgets.Output()

        def show(_button=None) -> None:
            with output:
                output.clear_output(wait=True)
                display(self.try_message(box.value))
                probabilities = self.model_probabilities(box.value)
                fig, ax = plt.subplots(figsize=(5, 1.8))
                ax.barh(probabilities.index[::-1], 100 * probabilities.to_numpy()[::-1], color=MODEL_COLOUR)
                ax.set_xlim(0, 100)
                ax.set_xlabel(t("activities.messages.sure_xlabel"))
                ax.set_title(t("activities.messages.sure_title"), fontsize=10)
                fig.tight_layout()
                display(fig)
                plt.close(fig)

        button.on_click(show)
        show()
        return widgets.VBox([box, button, output])

    def rule_editor(self) -> "widgets.VBox":
        """Edit the rule's keywords, press the button: its accuracy and its mistakes on new messages."""
        import ipywidgets as widgets
        import matplotlib.pyplot as plt
        from IPython.display import display

        fields = {
            label: widgets.Text(value=", ".join(words), description=label, layout=widgets.Layout(width="95%"))
            for label, words in self.rule.keywords.items()
        }
        button = widgets.Button(description=t("activities.messages.test_rule"), button_style="primary")
        output = widgets.Output()

        def test(_button=None) -> None:
            rule = self.rule
            for label, field in fields.items():
                rule = rule.with_keywords(label, field.value.split(","))
            with output:
                output.clear_output(wait=True)
                fig, ax = plt.subplots(figsize=(6.5, 3.4))
                self.plot_accuracy(ax=ax, rule=rule)
                display(fig)
                plt.close(fig)
                table = self.compare("new", rule=rule)
                wrong = table[table[t("activities.messages.col_rule_ok")] == t("activities.messages.wrong")]
                print(t("activities.messages.rule_mistakes", count=len(wrong), total=len(table)))
                display(wrong.iloc[:, :4])

        button.on_click(test)
        test()
        return widgets.VBox([widgets.HTML(t("activities.messages.editor_help")), *fields.values(), button, output])
