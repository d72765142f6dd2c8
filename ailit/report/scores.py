"""The trainer's score table for one assignment, straight from the nbgrader gradebook."""
from __future__ import annotations

import pandas as pd
from nbgrader.api import Gradebook, MissingEntry

from ailit.text import t


def score_table(db_url: str, assignment: str) -> pd.DataFrame:
    """One row per teacher, one column per graded item, then totals; manual items not yet graded show as pending."""
    rows = []
    with Gradebook(db_url) as gradebook:
        for student in gradebook.students:
            row: dict = {t("report.teacher"): student.id, t("report.name"): f"{student.first_name} {student.last_name}".strip()}
            try:
                submission = gradebook.find_submission(assignment, student.id)
            except MissingEntry:
                row[t("report.status")] = t("report.not_submitted")
                rows.append(row)
                continue
            pending = 0
            for notebook in submission.notebooks:
                for grade in sorted(notebook.grades, key=lambda g: g.name):
                    if grade.needs_manual_grade:
                        pending += 1
                        row[grade.name] = t("report.pending")
                    else:
                        row[grade.name] = grade.score
            row[t("report.score")] = f"{submission.score:g} / {submission.max_score:g}"
            row[t("report.status")] = t("report.pending_manual", count=pending) if pending else t("report.graded")
            rows.append(row)
    return pd.DataFrame(rows)
