"""The README's main job: build, simulate a cohort, autograde with nbgrader, print the scores."""
from __future__ import annotations

import subprocess
import sys

import pytest

from ailit.grade.simulate import load_cohort
from ailit.errors import CourseError

pytestmark = pytest.mark.slow


def test_demo_grades_the_simulated_cohort_and_prints_a_score_table(layout, tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "ailit.cli", "--course", str(layout.root), "demo", "--out", str(tmp_path / "cohort")],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    _, teachers = load_cohort(layout.simulation / "cohort.yaml")
    assert all(t.id in result.stdout for t in teachers)
    assert "item(s) to grade by hand" in result.stdout
    assert (tmp_path / "cohort" / "gradebook.db").is_file()


def test_cohort_file_with_an_unknown_strategy_names_file_and_field(tmp_path):
    path = tmp_path / "cohort.yaml"
    path.write_text("cohort: x\nteachers:\n  - {id: t1, first_name: A, last_name: B, default: lucky, reflection: 0}\n")
    with pytest.raises(CourseError, match=r"cohort\.yaml: teachers\.0\.default: 'lucky' is not one of"):
        load_cohort(path)
