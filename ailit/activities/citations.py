"""Check references that an AI tool wrote against a trusted catalogue, offline.

Chatbots produce references that look right and often do not exist (Walters and Wilder, 2023,
found that many of ChatGPT's citations were fabricated). A teacher checks a reference the way a
librarian does: look the title up in a catalogue, compare author and year, and test the
identifier. This module gives the evidence for each of those steps; the verdict stays with
the teacher.

- ISBN-13: the last digit is a check digit computed from the other twelve (weights 1 and 3),
  so a typo or an invented number is usually caught offline. A *valid* check digit only
  shows that the number is well formed, not that the book exists.
- DOI: ``10.<registrant>/<suffix>``; the syntax can be checked offline, existence cannot
  (that needs doi.org or a database; here, the module's catalogue stands in for it).
- Titles are compared with RapidFuzz (a maintained fuzzy string-matching library), so small
  differences in case, punctuation or word order do not hide a real match.

The catalogue and the AI-written lists are YAML files next to the notebook (course content);
every string the code shows comes from ``ailit/locale/<lang>/m05.yaml``.
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

# Crossref's recommended pattern for modern DOIs: prefix 10.NNNN (4-9 digits), a slash, a suffix.
DOI_PATTERN = re.compile(r"^10\.\d{4,9}/[-._;()/:a-z0-9]+$", re.IGNORECASE)
DOI_IN_TEXT = re.compile(r"\b10\.\d{1,9}/[^\s\"'<>]+", re.IGNORECASE)
ISBN_IN_TEXT = re.compile(r"\b97[89][-\s]?(?:\d[-\s]?){9}\d\b")
STRONG_MATCH = 90.0  # title match (%) above which two titles are taken as the same work
GOOD, BAD, NEUTRAL = "#1a7f37", "#c0392b", "#d9822b"


def _mark(ok: bool | None) -> str:
    if ok is None:
        return t("m05.refs.none")
    return t("m05.refs.mark_yes") if ok else t("m05.refs.mark_no")


# ---------------------------------------------------------------- identifiers

def isbn_digits(isbn: str) -> str:
    """The ISBN with hyphens and spaces removed (ISBNs are printed with either)."""
    return re.sub(r"[-\s]", "", str(isbn))


def isbn13_check_digit(first_twelve: str) -> int:
    """The check digit that the first 12 digits of an ISBN-13 require (weights 1, 3, 1, 3, ...)."""
    digits = isbn_digits(first_twelve)[:12]
    if len(digits) != 12 or not digits.isdigit():
        raise ValueError(t("m05.isbn.need_twelve", isbn=first_twelve))
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits))
    return (10 - total % 10) % 10


def is_valid_isbn13(isbn: str) -> bool:
    """True when the ISBN has 13 digits, starts with 978 or 979 and its check digit fits."""
    digits = isbn_digits(isbn)
    return (
        len(digits) == 13 and digits.isdigit() and digits[:3] in ("978", "979")
        and int(digits[-1]) == isbn13_check_digit(digits[:12])
    )


def isbn_steps(isbn: str) -> pd.DataFrame:
    """The check-digit arithmetic, one row per digit: what a teacher could do with a pencil."""
    digits = isbn_digits(isbn)[:12]
    if len(digits) != 12 or not digits.isdigit():
        raise ValueError(t("m05.isbn.need_twelve", isbn=isbn))
    weights = [3 if i % 2 else 1 for i in range(12)]
    return pd.DataFrame(
        {
            t("m05.isbn.col_digit"): [int(d) for d in digits],
            t("m05.isbn.col_weight"): weights,
            t("m05.isbn.col_product"): [int(d) * w for d, w in zip(digits, weights)],
        },
        index=pd.RangeIndex(1, 13, name=t("m05.isbn.col_position")),
    )


def check_isbn(isbn: str) -> pd.Series:
    """Everything an offline check can say about one ISBN-13, in plain words."""
    digits = isbn_digits(isbn)
    well_formed = len(digits) == 13 and digits.isdigit()
    expected = isbn13_check_digit(digits[:12]) if well_formed else None
    total = sum(int(d) * (3 if i % 2 else 1) for i, d in enumerate(digits[:12])) if well_formed else None
    return pd.Series(
        {
            t("m05.isbn.row_isbn"): str(isbn),
            t("m05.isbn.row_thirteen"): _mark(well_formed),
            t("m05.isbn.row_sum"): total if total is not None else t("m05.refs.none"),
            t("m05.isbn.row_expected"): expected if expected is not None else t("m05.refs.none"),
            t("m05.isbn.row_printed"): int(digits[-1]) if well_formed else t("m05.refs.none"),
            t("m05.isbn.row_valid"): _mark(is_valid_isbn13(isbn)),
        },
        name=t("m05.isbn.check_name"),
    )


def bare_doi(doi: str) -> str:
    """A DOI without its link or "doi:" prefix, as written."""
    text = str(doi).strip()
    text = re.sub(r"^(https?://)?(dx\.)?doi\.org/", "", text, flags=re.IGNORECASE)
    return re.sub(r"^doi:\s*", "", text, flags=re.IGNORECASE)


def normalise_doi(doi: str) -> str:
    """A DOI without its link or "doi:" prefix, in lower case (DOIs ignore case)."""
    return bare_doi(doi).lower()


def is_valid_doi(doi: str) -> bool:
    """True when the DOI has the form 10.<4-9 digits>/<suffix>; says nothing about existence."""
    return bool(DOI_PATTERN.match(normalise_doi(doi)))


# ---------------------------------------------------------------- references

def _text(value) -> str:
    return "" if value is None else str(value).strip()


@dataclass(frozen=True)
class Reference:
    """One reference as an AI tool or a catalogue gives it. Authors are "Surname, I.; Surname, I."."""

    authors: str
    year: int | None
    title: str
    source: str = ""
    isbn: str = ""
    doi: str = ""

    @classmethod
    def from_dict(cls, data: Mapping) -> "Reference":
        year = data.get("year")
        return cls(
            authors=_text(data.get("authors")), year=int(year) if year not in (None, "") else None,
            title=_text(data.get("title")), source=_text(data.get("source")),
            isbn=_text(data.get("isbn")), doi=_text(data.get("doi")),
        )

    @property
    def surnames(self) -> list[str]:
        """Surnames (or an organisation's name), lower case, in the order given."""
        return [part.split(",")[0].strip().casefold() for part in self.authors.split(";") if part.strip()]

    def formatted(self) -> str:
        """A one-line citation in a common author-year style."""
        names = [part.strip() for part in self.authors.split(";") if part.strip()]
        et_al = bool(names) and names[-1].casefold() == "et al."
        if et_al:
            authors = ", ".join(names[:-1]) + ", et al."
        elif len(names) > 1:
            authors = ", ".join(names[:-1]) + " & " + names[-1]
        else:
            authors = names[0] if names else ""
        year = f" ({self.year})." if self.year else "."
        end = "" if self.title.endswith(("?", "!", ".")) else "."
        parts = [f"{authors}{year} {self.title}{end}"]
        if self.source:
            parts.append(f"{self.source}.")
        if self.isbn:
            parts.append(f"ISBN {self.isbn}.")
        if self.doi:
            parts.append(f"https://doi.org/{bare_doi(self.doi)}" if is_valid_doi(self.doi) else f"doi:{bare_doi(self.doi)}")
        return " ".join(parts)


def load_references(path: str | Path) -> dict[str, Reference]:
    """An AI-written reference list from YAML: ``references: {A: {...}, B: {...}}``."""
    data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    return {str(key): Reference.from_dict(entry) for key, entry in (data.get("references") or {}).items()}


def show_references(references: Mapping[str, Reference]) -> pd.DataFrame:
    """The list as a teacher would read it: one formatted citation per letter."""
    return pd.DataFrame(
        {t("m05.refs.col_reference"): [r.formatted() for r in references.values()]},
        index=pd.Index(list(references), name=t("m05.refs.col_letter")),
    )


def title_similarity(a: str, b: str) -> float:
    """How alike two titles are, 0-100, ignoring case, punctuation and word order.

    The score is the better of the whole titles and the main titles (before a colon), so a
    citation that leaves out the subtitle still matches its book.
    """
    from rapidfuzz import fuzz, utils

    def main(title: str) -> str:
        return title.split(":")[0]

    return round(max(
        fuzz.token_sort_ratio(a, b, processor=utils.default_process),
        fuzz.token_sort_ratio(main(a), main(b), processor=utils.default_process),
    ), 1)


@dataclass(frozen=True)
class Bibliography:
    """The trusted catalogue: real, correctly cited works (the module's stand-in for a library)."""

    entries: tuple[Reference, ...]
    keys: tuple[str, ...]

    @classmethod
    def from_yaml(cls, path: str | Path = "data/bibliography.yaml") -> "Bibliography":
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
        works = data.get("works") or []
        return cls(tuple(Reference.from_dict(w) for w in works), tuple(str(w.get("key", i)) for i, w in enumerate(works)))

    def table(self) -> pd.DataFrame:
        """The catalogue, one row per work."""
        return pd.DataFrame(
            {
                t("m05.refs.col_authors"): [e.authors for e in self.entries],
                t("m05.refs.col_year"): [e.year for e in self.entries],
                t("m05.refs.col_title"): [e.title for e in self.entries],
                t("m05.refs.col_source"): [e.source for e in self.entries],
                t("m05.refs.col_isbn"): [e.isbn for e in self.entries],
                t("m05.refs.col_doi"): [e.doi for e in self.entries],
            },
            index=pd.Index(list(self.keys), name=t("m05.refs.col_key")),
        )

    def closest(self, title: str) -> tuple[Reference, float]:
        """The catalogue work whose title is most like ``title``, and how alike (0-100)."""
        scores = [title_similarity(title, e.title) for e in self.entries]
        best = max(range(len(scores)), key=scores.__getitem__)
        return self.entries[best], scores[best]

    def search(self, text: str, n: int = 3) -> pd.DataFrame:
        """The ``n`` catalogue titles most like ``text`` (a title, or a chatbot's whole reply)."""
        from rapidfuzz import fuzz, utils

        scores = [round(fuzz.partial_token_sort_ratio(e.title, text, processor=utils.default_process), 1) for e in self.entries]
        order = sorted(range(len(scores)), key=lambda i: -scores[i])[: int(n)]
        return pd.DataFrame(
            {
                t("m05.refs.col_title"): [self.entries[i].title for i in order],
                t("m05.refs.col_authors"): [self.entries[i].authors for i in order],
                t("m05.refs.col_year"): [self.entries[i].year for i in order],
                t("m05.refs.col_match"): [scores[i] for i in order],
            },
            index=pd.RangeIndex(1, len(order) + 1, name=t("m05.refs.col_rank")),
        )

    def by_identifier(self, reference: Reference) -> Reference | None:
        """The catalogue work that carries the reference's ISBN or DOI, if any."""
        for entry in self.entries:
            if reference.isbn and entry.isbn and isbn_digits(reference.isbn) == isbn_digits(entry.isbn):
                return entry
            if reference.doi and entry.doi and normalise_doi(reference.doi) == normalise_doi(entry.doi):
                return entry
        return None

    def evidence(self, reference: Reference) -> dict[str, object]:
        """What the catalogue says about one reference, as facts to weigh (no verdict)."""
        best, score = self.closest(reference.title)
        first = reference.surnames[0] if reference.surnames else ""
        identifier = reference.isbn or reference.doi
        if reference.isbn:
            well_formed: bool | None = is_valid_isbn13(reference.isbn)
        elif reference.doi:
            well_formed = is_valid_doi(reference.doi)
        else:
            well_formed = None
        owner = self.by_identifier(reference) if identifier else None
        if not identifier:
            points_to = t("m05.refs.none")
        elif owner is None:
            points_to = t("m05.refs.not_in_catalogue")
        else:
            points_to = owner.title
        return {
            t("m05.refs.col_closest"): best.title,
            t("m05.refs.col_match"): score,
            t("m05.refs.col_author_ok"): _mark(bool(first) and first in best.surnames),
            t("m05.refs.col_year_ok"): _mark(reference.year == best.year),
            t("m05.refs.col_identifier"): identifier or t("m05.refs.none"),
            t("m05.refs.col_well_formed"): _mark(well_formed),
            t("m05.refs.col_points_to"): points_to,
        }

    def check(self, references: Mapping[str, Reference] | Reference) -> pd.DataFrame:
        """One row of evidence per reference: closest catalogue title, match %, author, year, identifier."""
        if isinstance(references, Reference):
            references = {"?": references}
        rows = [self.evidence(r) for r in references.values()]
        return pd.DataFrame(rows, index=pd.Index(list(references), name=t("m05.refs.col_letter")))

    def _identifier_state(self, reference: Reference) -> str:
        """"same" (identifier belongs to the closest title), "none" (no identifier) or "conflict"."""
        if not (reference.isbn or reference.doi):
            return "none"
        if reference.isbn and not is_valid_isbn13(reference.isbn):
            return "conflict"
        if reference.doi and not is_valid_doi(reference.doi):
            return "conflict"
        owner = self.by_identifier(reference)
        best, _ = self.closest(reference.title)
        return "same" if owner is not None and owner == best else "conflict"

    def plot_title_match(self, references: Mapping[str, Reference], ax: "Axes | None" = None) -> "Axes":
        """Bars of title match per reference, coloured by what its identifier says."""
        import matplotlib.pyplot as plt
        from matplotlib.patches import Patch

        letters = list(references)[::-1]
        scores = [self.closest(references[k].title)[1] for k in letters]
        colours = {"same": GOOD, "none": NEUTRAL, "conflict": BAD}
        states = [self._identifier_state(references[k]) for k in letters]
        if ax is None:
            _, ax = plt.subplots(figsize=(7, 0.42 * len(letters) + 1.6))
        bars = ax.barh(letters, scores, color=[colours[s] for s in states])
        ax.bar_label(bars, labels=[f"{s:.0f}%" for s in scores], fontsize=8, padding=2)
        line = ax.axvline(STRONG_MATCH, color="#555555", linestyle="--", linewidth=1)
        ax.set_xlim(0, 112)
        ax.set_xlabel(t("m05.refs.match_xlabel"))
        ax.set_ylabel(t("m05.refs.col_letter"))
        ax.set_title(t("m05.refs.match_title"), fontsize=10, pad=34)
        handles = [Patch(color=colours[s], label=t(f"m05.refs.state_{s}")) for s in ("same", "none", "conflict")]
        line.set_label(t("m05.refs.strong_line", value=f"{STRONG_MATCH:.0f}"))
        ax.legend(handles=[*handles, line], loc="lower left", bbox_to_anchor=(0, 1.0), ncol=2, fontsize=8, frameon=False)
        return ax

    def checker(self, title: str = "", authors: str = "", year: int | None = None, identifier: str = "") -> "widgets.VBox":
        """Type a reference (title, authors, year, ISBN or DOI), press the button, read the evidence."""
        import ipywidgets as widgets
        from IPython.display import display

        layout = widgets.Layout(width="95%")
        style = {"description_width": "9em"}
        fields = {
            "title": widgets.Text(value=title, description=t("m05.refs.col_title"), layout=layout, style=style),
            "authors": widgets.Text(value=authors, description=t("m05.refs.col_authors"), layout=layout, style=style),
            "year": widgets.Text(value="" if year is None else str(year), description=t("m05.refs.col_year"), style=style),
            "identifier": widgets.Text(value=identifier, description=t("m05.refs.col_identifier"), layout=layout, style=style),
        }
        button = widgets.Button(description=t("m05.refs.check_button"), button_style="primary")
        output = widgets.Output()

        def show(_button=None) -> None:
            raw_id = fields["identifier"].value.strip()
            looks_like_doi = "10." in raw_id and "/" in raw_id
            year_text = fields["year"].value.strip()
            reference = Reference(
                authors=fields["authors"].value, year=int(year_text) if year_text.isdigit() else None,
                title=fields["title"].value, isbn="" if looks_like_doi else raw_id, doi=raw_id if looks_like_doi else "",
            )
            with output:
                output.clear_output(wait=True)
                if not reference.title.strip():
                    print(t("m05.refs.need_title"))
                    return
                display(self.check(reference).T)

        button.on_click(show)
        show()
        return widgets.VBox([widgets.HTML(t("m05.refs.checker_help")), *fields.values(), button, output])


def find_identifiers(text: str) -> pd.DataFrame:
    """ISBN-like and DOI-like strings in a free text (e.g. a chatbot's reply), each checked offline."""
    rows = []
    for match in ISBN_IN_TEXT.finditer(text):
        rows.append({t("m05.refs.col_kind"): "ISBN", t("m05.refs.col_identifier"): match.group(0),
                     t("m05.refs.col_well_formed"): _mark(is_valid_isbn13(match.group(0)))})
    for match in DOI_IN_TEXT.finditer(text):
        doi = match.group(0).rstrip(".,;)")
        rows.append({t("m05.refs.col_kind"): "DOI", t("m05.refs.col_identifier"): doi,
                     t("m05.refs.col_well_formed"): _mark(is_valid_doi(doi))})
    columns = [t("m05.refs.col_kind"), t("m05.refs.col_identifier"), t("m05.refs.col_well_formed")]
    return pd.DataFrame(rows, columns=columns)


def isbn_explorer(isbn: str = "978-0-262-03561-3") -> "widgets.VBox":
    """Type an ISBN-13 and see the check-digit arithmetic step by step."""
    import ipywidgets as widgets
    from IPython.display import display

    box = widgets.Text(value=isbn, description="ISBN", layout=widgets.Layout(width="22em"))
    button = widgets.Button(description=t("m05.isbn.check_button"), button_style="primary")
    output = widgets.Output()

    def show(_button=None) -> None:
        with output:
            output.clear_output(wait=True)
            digits = isbn_digits(box.value)
            if len(digits) != 13 or not digits.isdigit():
                print(t("m05.isbn.need_thirteen", count=len(digits)))
                return
            steps = isbn_steps(digits)
            display(steps.T)
            total = int(steps[t("m05.isbn.col_product")].sum())
            expected = isbn13_check_digit(digits)
            print(t("m05.isbn.explain", total=total, remainder=total % 10, expected=expected, printed=digits[-1]))
            print(t("m05.isbn.valid") if is_valid_isbn13(digits) else t("m05.isbn.invalid"))

    button.on_click(show)
    show()
    return widgets.VBox([widgets.HBox([box, button]), output])


def load_bibliography(folder: str | Path = "data") -> Bibliography:
    """The catalogue shipped with the module (``bibliography.yaml`` in ``folder``)."""
    return Bibliography.from_yaml(Path(folder) / "bibliography.yaml")

