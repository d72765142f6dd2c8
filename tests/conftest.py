"""Shared fixtures: the repo's course, and each module graded once by real nbgrader."""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pytest
from nbgrader.api import Gradebook

from ailit.build.release import generate, prepare_course_dir
from ailit.course.layout import CourseLayout
from ailit.course.manifest import Module, load_catalogue
from ailit.course.notebooks import is_answer, nbgrader_meta, read_notebook
from ailit.grade.autograde import autograde_cohort, gradebook_url, register_teachers
from ailit.grade.simulate import Teacher, simulate_submissions

ROOT = Path(__file__).resolve().parents[1]
LAYOUT = CourseLayout(ROOT)
MODULES = load_catalogue(LAYOUT)


def module_ids(modules: list[Module]) -> list[str]:
    return [m.id for m in modules]


@pytest.fixture(scope="session")
def layout() -> CourseLayout:
    return LAYOUT


@dataclass
class GradedModule:
    """Per-cell scores of synthetic submissions: scores[teacher][grade_id] = (score, max, needs_manual)."""

    module: Module
    course_dir: Path
    answer_ids: list[str]
    scores: dict[str, dict[str, tuple[float, float, bool]]]

    def autograded(self, teacher: str) -> dict[str, tuple[float, float]]:
        return {gid: (s, m) for gid, (s, m, manual) in self.scores[teacher].items() if not manual}


def answer_cell_ids(module: Module) -> list[str]:
    notebook = read_notebook(module.graded_notebook(LAYOUT))
    return [nbgrader_meta(c)["grade_id"] for c in notebook.cells if is_answer(c) and c.cell_type == "code"]


def _teachers(module: Module, answer_ids: list[str]) -> list[Teacher]:
    def one(tid: str, default: str, reflection, items=None) -> Teacher:
        return Teacher(tid, tid, "Test", default, reflection, {module.assignment: items or {}})

    cohort = [
        one("solution", "solution", 0),
        one("blank", "blank", "blank"),
        one("wrong", "wrong", 2),
        one("half", "half_right", 1),
    ]
    cohort += [one(f"wrong-{gid}", "solution", 0, {gid: "wrong"}) for gid in answer_ids]
    return cohort


def _read_scores(db_url: str, assignment: str) -> dict:
    out: dict = {}
    with Gradebook(db_url) as gradebook:
        for student in gradebook.students:
            submission = gradebook.find_submission(assignment, student.id)
            out[student.id] = {
                grade.name: (float(grade.score), float(grade.max_score), bool(grade.needs_manual_grade))
                for notebook in submission.notebooks for grade in notebook.grades
            }
    return out


@pytest.fixture(scope="session")
def graded(tmp_path_factory):
    """Grade a module's synthetic cohort once per test session, on first use."""
    done: dict[str, GradedModule] = {}

    def grade(module: Module) -> GradedModule:
        if module.id not in done:
            course_dir = prepare_course_dir(LAYOUT, [module.assignment], tmp_path_factory.mktemp(module.id))
            generate(course_dir, module.assignment)
            answer_ids = answer_cell_ids(module)
            teachers = _teachers(module, answer_ids)
            register_teachers(course_dir, teachers)
            simulate_submissions(LAYOUT, course_dir, module.assignment, module.languages["en"].graded_notebook, teachers)
            outcomes = autograde_cohort(course_dir, module.assignment, [t.id for t in teachers])
            assert all(o.ok for o in outcomes), [o.message for o in outcomes if not o.ok]
            done[module.id] = GradedModule(module, course_dir, answer_ids, _read_scores(gradebook_url(course_dir), module.assignment))
        return done[module.id]

    return grade


@pytest.fixture
def course_copy(tmp_path) -> CourseLayout:
    """A writable copy of the course for tests that break things on purpose."""
    target = tmp_path / "course"
    shutil.copytree(ROOT, target, ignore=shutil.ignore_patterns(".venv", ".git", "out", ".cache", "__pycache__", "gradebook.db"))
    return CourseLayout(target)
