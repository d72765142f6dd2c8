"""Library warnings on stderr must not zero a correct answer (nbgrader scores stderr as an error)."""
from __future__ import annotations

import nbformat
import pytest
from nbformat.v4 import new_code_cell, new_notebook

from ailit.build.release import generate, prepare_course_dir
from ailit.course.layout import CourseLayout
from ailit.grade.autograde import autograde_cohort, gradebook_url
from ailit.grade.simulate import Teacher, simulate_submissions
from ailit.report.scores import score_table
from conftest import LAYOUT

pytestmark = pytest.mark.slow

NOISES = {
    "torch_userwarning": 'import warnings\nwarnings.warn("TypedStorage is deprecated", UserWarning)',
    "transformers_logger": 'import sys\nprint("[transformers] Setting `pad_token_id` to `eos_token_id`:2 for open-end generation.", file=sys.stderr)',
    "future_warning": 'import warnings\nwarnings.warn("`resume_download` is deprecated", FutureWarning)',
}


def _noisy_notebook():
    cells = [new_code_cell("answer = 42", metadata={"nbgrader": {
        "grade": False, "solution": True, "locked": False, "grade_id": "q1_answer", "schema_version": 3}})]
    for name, noise in NOISES.items():
        cells.append(new_code_cell(f"{noise}\nassert answer == 42", metadata={"nbgrader": {
            "grade": True, "solution": False, "locked": True, "points": 1, "grade_id": f"q1_{name}", "schema_version": 3}}))
    notebook = new_notebook(cells=cells)
    notebook.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3", "language": "python"}
    return notebook


def test_library_warnings_on_stderr_do_not_zero_a_correct_answer(tmp_path):
    course = CourseLayout(tmp_path / "course")
    (course.solutions / "noise").mkdir(parents=True)
    nbformat.write(_noisy_notebook(), str(course.solutions / "noise" / "noise.ipynb"))
    course.simulation.mkdir()
    (course.simulation / "noise.yaml").write_text("wrong: {q1_answer: 'answer = 0'}\n")
    prepare_course_dir(LAYOUT, [], course.root)
    generate(course.root, "noise")
    simulate_submissions(course, course.root, "noise", "noise.ipynb", [Teacher("t1", "A", "B", "solution", "blank")])
    assert all(o.ok for o in autograde_cohort(course.root, "noise", ["t1"]))
    row = score_table(gradebook_url(course.root), "noise").iloc[0]
    assert [row[f"q1_{name}"] for name in NOISES] == [1.0] * len(NOISES)
