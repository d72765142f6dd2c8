"""Which competencies each graded cell evidences: read from the instructor notebooks.

The codes live in one place, each graded cell's ``metadata["ailit"]["competencies"]`` in
``solutions/``; nbgrader keeps that namespace when it generates the student version, and the
tracker reads this mapping instead of a second copy that could drift.
"""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ailit.course.layout import CourseLayout
from ailit.course.manifest import Module
from ailit.course.notebooks import is_answer, nbgrader_meta, read_notebook, is_graded
from ailit.errors import CourseError

PRIMARY_FRAMEWORK = "unesco-ai-cft-2024.yaml"


@dataclass(frozen=True)
class GradedItem:
    module: str
    assignment: str
    notebook: str
    grade_id: str
    points: float
    manual: bool
    competencies: tuple[str, ...]


def framework_codes(layout: CourseLayout) -> set[str]:
    """The UNESCO AI CFT block codes ("1.1" .. "5.3") a graded cell may name."""
    path = layout.frameworks / PRIMARY_FRAMEWORK
    try:
        blocks = yaml.safe_load(path.read_text(encoding="utf-8"))["blocks"]
    except (FileNotFoundError, KeyError, TypeError, yaml.YAMLError):
        raise CourseError(f"{path}: missing or without a 'blocks' table") from None
    return {str(code) for code in blocks}


def graded_items(layout: CourseLayout, module: Module, language: str = "en") -> list[GradedItem]:
    """The graded cells of one module's instructor notebook, each with valid competency codes."""
    path = module.graded_notebook(layout, language)
    valid = framework_codes(layout)
    items = []
    for cell in read_notebook(path).cells:
        if not is_graded(cell):
            continue
        meta = nbgrader_meta(cell)
        grade_id = meta.get("grade_id", "?")
        codes = tuple(str(c) for c in cell.metadata.get("ailit", {}).get("competencies", []))
        if not codes:
            raise CourseError(f"{path}: graded cell '{grade_id}' has no competency codes (metadata.ailit.competencies)")
        unknown = sorted(set(codes) - valid)
        if unknown:
            raise CourseError(f"{path}: graded cell '{grade_id}' names unknown competency code(s) {', '.join(unknown)}")
        items.append(GradedItem(
            module=module.id, assignment=module.assignment, notebook=Path(path).stem, grade_id=grade_id,
            points=float(meta.get("points", 0)), manual=is_answer(cell), competencies=codes,
        ))
    return items
