"""Helpers for tracker tests: small real nbgrader gradebooks with chosen scores."""
from __future__ import annotations

from pathlib import Path

from nbgrader.api import Gradebook

from ailit.course.competencies import GradedItem

PENDING = None  # a manual item the trainer has not graded yet


def item(assignment: str, grade_id: str, points: float, codes: tuple[str, ...], manual: bool = False) -> GradedItem:
    return GradedItem(assignment.split("-")[0], assignment, assignment, grade_id, points, manual, codes)


def make_gradebook(url_or_path, items: list[GradedItem], scores: dict[str, dict[tuple[str, str], float | None]]) -> str:
    """A gradebook written through nbgrader's own API; an assignment missing from a teacher's scores is not submitted."""
    url = url_or_path if "://" in str(url_or_path) else f"sqlite:///{Path(url_or_path).resolve()}"
    with Gradebook(url) as gradebook:
        for assignment in sorted({i.assignment for i in items}):
            gradebook.add_assignment(assignment)
            gradebook.add_notebook(assignment, assignment)
        for i in items:
            gradebook.add_grade_cell(i.grade_id, i.assignment, i.assignment, max_score=i.points, cell_type="markdown" if i.manual else "code")
            if i.manual:
                gradebook.add_solution_cell(i.grade_id, i.assignment, i.assignment)
        for student, given in scores.items():
            gradebook.add_student(student, first_name="First", last_name=student.title())
            for assignment in sorted({a for a, _ in given}):
                gradebook.add_submission(assignment, student)
            for (assignment, grade_id), score in given.items():
                grade = gradebook.find_grade(grade_id, assignment, assignment, student)
                manual = next(i.manual for i in items if i.assignment == assignment and i.grade_id == grade_id)
                grade.needs_manual_grade = score is PENDING
                if manual:
                    grade.manual_score = score
                else:
                    grade.auto_score = score
        gradebook.db.commit()
    return url
