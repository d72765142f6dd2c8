"""Fill in released notebooks as a fictional cohort would, to demo and test grading end to end.

Answers come from data: the instructor's solution, or the wrong / half-right answers and
sample reflections in ``simulation/<assignment>.yaml``; who answers how is ``simulation/cohort.yaml``.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import jsonschema
import yaml

from ailit.course.layout import CourseLayout
from ailit.course.notebooks import is_answer, nbgrader_meta, read_notebook, write_notebook
from ailit.errors import CourseError

STRATEGIES = ("solution", "wrong", "half_right", "blank")
SOLUTION_MARKERS = re.compile(r"^\s*### (BEGIN|END) SOLUTION\s*$", re.MULTILINE)

COHORT_SCHEMA = {
    "type": "object",
    "required": ["cohort", "teachers"],
    "properties": {
        "cohort": {"type": "string"},
        "teachers": {"type": "array", "minItems": 1, "items": {
            "type": "object",
            "required": ["id", "first_name", "last_name", "default", "reflection"],
            "additionalProperties": False,
            "properties": {
                "id": {"type": "string", "pattern": r"^[A-Za-z0-9_.-]+$"},
                "first_name": {"type": "string"}, "last_name": {"type": "string"},
                "default": {"enum": list(STRATEGIES)},
                "reflection": {"anyOf": [{"type": "integer", "minimum": 0}, {"const": "blank"}]},
                "items": {"type": "object", "additionalProperties": {
                    "type": "object", "additionalProperties": {"enum": list(STRATEGIES)}}},
            },
        }},
    },
}


@dataclass(frozen=True)
class Teacher:
    id: str
    first_name: str
    last_name: str
    default: str
    reflection: int | str
    items: dict[str, dict[str, str]] = field(default_factory=dict)

    def strategy(self, assignment: str, grade_id: str) -> str:
        return self.items.get(assignment, {}).get(grade_id, self.default)


def _load_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CourseError(f"{path}: file not found") from None
    except yaml.YAMLError:
        raise CourseError(f"{path}: not valid YAML") from None


def load_cohort(path: Path) -> tuple[str, list[Teacher]]:
    data = _load_yaml(path)
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(COHORT_SCHEMA).iter_errors(data))
    if error is not None:
        field_path = ".".join(str(p) for p in error.absolute_path) or "(top level)"
        raise CourseError(f"{path}: {field_path}: {error.message}")
    return data["cohort"], [Teacher(**entry) for entry in data["teachers"]]


def solution_source(source: str) -> str:
    """The instructor's answer with nbgrader's solution markers removed."""
    return SOLUTION_MARKERS.sub("", source).strip("\n") + "\n"


def _answer(teacher: Teacher, assignment: str, grade_id: str, cell, solution_cell, answers: dict, answers_path: Path) -> str | None:
    """The new cell source for one answer cell, or None to leave it as released."""
    if cell.cell_type == "markdown":
        samples = answers.get("reflections", {}).get(grade_id, [])
        if teacher.reflection == "blank":
            return None
        if teacher.reflection >= len(samples):
            raise CourseError(f"{answers_path}: reflections.{grade_id} has no sample {teacher.reflection}")
        return samples[teacher.reflection]
    strategy = teacher.strategy(assignment, grade_id)
    if strategy == "blank":
        return None
    if strategy == "solution":
        return solution_source(solution_cell.source)
    wrong = answers.get("wrong", {})
    chosen = answers.get("half_right", {}).get(grade_id) if strategy == "half_right" else None
    chosen = chosen or wrong.get(grade_id)
    if chosen is None:
        raise CourseError(f"{answers_path}: wrong.{grade_id} is missing")
    return chosen


def simulate_submissions(layout: CourseLayout, course_dir: Path, assignment: str, notebook: str, teachers: list[Teacher]) -> list[Path]:
    """Write ``submitted/<teacher>/<assignment>/<notebook>`` for every teacher; returns the paths."""
    answers_path = layout.simulation / f"{assignment}.yaml"
    answers = _load_yaml(answers_path) or {}
    solutions = {nbgrader_meta(c).get("grade_id"): c for c in read_notebook(layout.solutions / assignment / notebook).cells}
    written = []
    for teacher in teachers:
        submission = read_notebook(course_dir / "assignments" / assignment / notebook)
        for cell in submission.cells:
            if not is_answer(cell):
                continue
            grade_id = nbgrader_meta(cell)["grade_id"]
            source = _answer(teacher, assignment, grade_id, cell, solutions[grade_id], answers, answers_path)
            if source is not None:
                cell.source = source
        target = course_dir / "submitted" / teacher.id / assignment / notebook
        write_notebook(submission, target)
        (target.parent / "timestamp.txt").write_text("2026-11-20 09:00:00.000000 UTC\n", encoding="utf-8")
        written.append(target)
    return written
