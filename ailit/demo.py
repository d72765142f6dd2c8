"""The main job: build the course, let a fictional cohort answer it, grade it, track it.

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
from ailit.report.exports import export_all
from ailit.report.scores import score_table
from ailit.report.views import trainer_view
from ailit.track.course_mapping import sync_course
from ailit.track.ingest import ingest, source_for
from ailit.track.pseudonyms import load_key
from ailit.track.store import connect, default_path


@dataclass(frozen=True)
class DemoResult:
    course_dir: Path
    db_url: str
    outcomes: list[GradingOutcome]
    tables: dict[str, pd.DataFrame]
    trainer: dict[str, pd.DataFrame]
    exports: Path


def run_demo(layout: CourseLayout, out_dir: Path, cohort_file: Path | None = None) -> DemoResult:
    """Grade a simulated cohort on every module from scratch in ``out_dir`` (replaced if present)."""
    summary = check_course(layout)
    cohort, teachers = load_cohort(cohort_file or layout.simulation / "cohort.yaml")
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
    view, exports = track_cohort(layout, course_dir, cohort)
    return DemoResult(course_dir, gradebook_url(course_dir), outcomes, tables, view, exports)


def track_cohort(layout: CourseLayout, course_dir: Path, cohort: str) -> tuple[dict[str, pd.DataFrame], Path]:
    """Feed the graded cohort to the competency tracker; return the trainer view and the export folder."""
    connection = connect(default_path(course_dir))
    try:
        rules = sync_course(connection, layout)
        ingest(connection, [source_for(course_dir / "gradebook.db", cohort)], load_key(), with_names=True)
        return trainer_view(connection, rules, cohort), export_all(connection, rules, course_dir / "report")
    finally:
        connection.close()
