"""Score a cohort's submissions with stock nbgrader, one teacher at a time, with a progress bar."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from nbgrader.api import Gradebook
from tqdm.auto import tqdm

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
    """Autograde the whole cohort in one nbgrader run (one start-up, not one per teacher).

    The progress bar follows nbgrader's log; a teacher whose notebook nbgrader could not grade
    is reported (nbgrader removes its partial output) and the rest are still graded.
    """
    with tqdm(total=len(teacher_ids), desc=f"autograding {assignment}", unit="teacher") as progress:
        log = nbgrader(course_dir, "autograde", assignment, "--force",
                       on_line=lambda line: progress.update(1) if "] Autograding " in line else None)
    outcomes = []
    for teacher in teacher_ids:
        graded = (course_dir / "autograded" / teacher / assignment).is_dir()
        reason = next((line.strip() for line in log.splitlines() if "[ERROR]" in line and f"/{teacher}/" in line), "not graded")
        outcomes.append(GradingOutcome(teacher, assignment, graded, "" if graded else reason))
    return outcomes
