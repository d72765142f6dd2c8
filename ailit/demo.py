"""The main job: build the course, let a fictional cohort answer it, grade it, show the scores.

Everything runs on embedded defaults: a scratch nbgrader course folder with a SQLite gradebook.
"""
from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ailit.build.check import check_course
from ailit.build.release import generate, prepare_course_dir
from ailit.course.layout import CourseLayout
from ailit.grade.autograde import GradingOutcome, autograde_cohort, gradebook_url, register_teachers
from ailit.grade.simulate import load_cohort, simulate_submissions
from ailit.report.scores import score_table


@dataclass(frozen=True)
class DemoResult:
    course_dir: Path
    db_url: str
    outcomes: list[GradingOutcome]
    tables: dict[str, pd.DataFrame]


def run_demo(layout: CourseLayout, out_dir: Path, cohort_file: Path | None = None) -> DemoResult:
    """Grade a simulated cohort on every module from scratch in ``out_dir`` (replaced if present)."""
    summary = check_course(layout)
    _, teachers = load_cohort(cohort_file or layout.simulation / "cohort.yaml")
    out_dir = Path(out_dir)
    if out_dir.exists():
        shutil.rmtree(out_dir)
    course_dir = prepare_course_dir(layout, [m.assignment for m in summary.modules], out_dir)
    register_teachers(course_dir, teachers)
    outcomes: list[GradingOutcome] = []
    tables = {}
    for module in summary.modules:
        generate(course_dir, module.assignment)
        notebook = module.languages["en"].graded_notebook
        simulate_submissions(layout, course_dir, module.assignment, notebook, teachers)
        outcomes += autograde_cohort(course_dir, module.assignment, [t.id for t in teachers])
        tables[module.assignment] = score_table(gradebook_url(course_dir), module.assignment)
    return DemoResult(course_dir, gradebook_url(course_dir), outcomes, tables)
