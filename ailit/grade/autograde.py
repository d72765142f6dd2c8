"""Score a cohort's submissions with stock nbgrader, one teacher at a time, with a progress bar."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook
from tqdm.auto import tqdm

from ailit.errors import CourseError
from ailit.grade.simulate import Teacher
from ailit.nbgrader_cli import nbgrader


@dataclass(frozen=True)
class GradingOutcome:
    teacher: str
    assignment: str
    ok: bool
    message: str = ""


def gradebook_url(course_dir: Path) -> str:
    return f"sqlite:///{Path(course_dir).resolve() / 'gradebook.db'}"


def register_teachers(course_dir: Path, teachers: list[Teacher]) -> None:
    with Gradebook(gradebook_url(course_dir)) as gradebook:
        for teacher in teachers:
            gradebook.update_or_create_student(teacher.id, first_name=teacher.first_name, last_name=teacher.last_name)


def autograde_cohort(course_dir: Path, assignment: str, teacher_ids: list[str]) -> list[GradingOutcome]:
    """Autograde each submission; one failing submission is reported and the rest still graded."""
    outcomes = []
    for teacher in tqdm(teacher_ids, desc=f"autograding {assignment}", unit="teacher"):
        try:
            nbgrader(course_dir, "autograde", assignment, "--student", teacher, "--force")
            outcomes.append(GradingOutcome(teacher, assignment, True))
        except CourseError as exc:
            outcomes.append(GradingOutcome(teacher, assignment, False, str(exc)))
    return outcomes
