"""Bad course input gives one clear line naming the file, and a non-zero exit."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from ailit.build.check import check_course
from ailit.course.manifest import load_manifest
from ailit.course.notebooks import read_notebook
from ailit.errors import CourseError
from conftest import MODULES


def run_cli(course_root, *args):
    return subprocess.run([sys.executable, "-m", "ailit.cli", "--course", str(course_root), *args], capture_output=True, text=True)


def first_manifest(layout):
    return layout.modules / MODULES[0].folder.name / "module.yaml"


def test_the_course_passes_its_own_checks(layout):
    summary = check_course(layout)
    assert summary.modules and summary.items


def test_every_graded_cell_has_a_valid_competency_code(layout):
    items = check_course(layout).items
    assert all(item.competencies for item in items)


def test_manifest_missing_a_field_names_file_and_field(course_copy):
    path = first_manifest(course_copy)
    path.write_text(path.read_text(encoding="utf-8").replace("assignment:", "assignmnt:"), encoding="utf-8")
    with pytest.raises(CourseError, match=r"module\.yaml: .*assignment"):
        load_manifest(path)


def test_manifest_that_is_not_yaml_names_the_file(course_copy):
    path = first_manifest(course_copy)
    path.write_text("id: m01\ntitle: [unclosed\n", encoding="utf-8")
    with pytest.raises(CourseError, match=r"module\.yaml: not valid YAML"):
        load_manifest(path)


def test_manifest_naming_a_missing_lesson_says_which(course_copy):
    path = first_manifest(course_copy)
    lesson = MODULES[0].lessons()[0].name
    path.write_text(path.read_text(encoding="utf-8").replace(lesson, "missing-lesson.ipynb"), encoding="utf-8")
    with pytest.raises(CourseError, match="missing-lesson.ipynb not found"):
        load_manifest(path)


def test_notebook_that_is_not_json_names_the_file_and_line(tmp_path):
    path = tmp_path / "broken.ipynb"
    path.write_text('{"cells": [\n  {"cell_type": "code",,}\n]}', encoding="utf-8")
    with pytest.raises(CourseError, match=r"broken\.ipynb: not valid JSON \(line 2"):
        read_notebook(path)


def test_nbformat_3_notebook_is_rejected_by_name(tmp_path):
    path = tmp_path / "old.ipynb"
    path.write_text(json.dumps({"nbformat": 3, "nbformat_minor": 0, "metadata": {}, "worksheets": []}), encoding="utf-8")
    with pytest.raises(CourseError, match=r"old\.ipynb: not an nbformat 4 notebook"):
        read_notebook(path)


def edit_first_graded_cell(course, edit) -> None:
    """Apply ``edit`` to the metadata of the first graded cell of the first module's instructor notebook."""
    module = MODULES[0]
    path = course.solutions / module.assignment / module.languages["en"].graded_notebook
    notebook = json.loads(path.read_text(encoding="utf-8"))
    edit(next(c for c in notebook["cells"] if c["metadata"].get("nbgrader", {}).get("grade"))["metadata"])
    path.write_text(json.dumps(notebook), encoding="utf-8")


def test_graded_cell_without_competency_code_fails_the_check(course_copy):
    edit_first_graded_cell(course_copy, lambda meta: meta.pop("ailit"))
    with pytest.raises(CourseError, match="has no competency codes"):
        check_course(course_copy)


def test_unknown_competency_code_fails_the_check(course_copy):
    edit_first_graded_cell(course_copy, lambda meta: meta["ailit"].update(competencies=["9.9"]))
    with pytest.raises(CourseError, match="unknown competency code.*9.9"):
        check_course(course_copy)


def test_committed_notebook_with_outputs_fails_the_check(course_copy):
    lesson = course_copy.modules / MODULES[0].folder.name / MODULES[0].lessons()[0].name
    notebook = json.loads(lesson.read_text(encoding="utf-8"))
    code = next(c for c in notebook["cells"] if c["cell_type"] == "code")
    code["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "hi\n"}]
    lesson.write_text(json.dumps(notebook), encoding="utf-8")
    with pytest.raises(CourseError, match="has outputs"):
        check_course(course_copy)


def test_cli_reports_a_broken_notebook_in_one_line_and_exits_2(course_copy):
    module = MODULES[0]
    (course_copy.solutions / module.assignment / module.languages["en"].graded_notebook).write_text("{not json", encoding="utf-8")
    result = run_cli(course_copy.root, "check")
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "not valid JSON" in result.stderr and module.assignment in result.stderr


def test_cli_check_passes_on_the_course(layout):
    result = run_cli(layout.root, "check")
    assert result.returncode == 0, result.stderr
    assert "Course OK" in result.stdout


def test_a_broken_crosswalk_fails_the_course_check(course_copy):
    path = course_copy.frameworks / "crosswalk.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace('"2.1"', '"2.1x"', 1), encoding="utf-8")
    with pytest.raises(CourseError, match=r"crosswalk\.yaml: 2\.1x"):
        check_course(course_copy)
