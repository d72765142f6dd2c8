"""Checks a course must pass before it is built or graded: one line per problem, by file."""
from __future__ import annotations

from dataclasses import dataclass

from ailit.course.competencies import GradedItem, graded_items
from ailit.course.layout import CourseLayout
from ailit.course.manifest import Module, load_catalogue
from ailit.course.notebooks import cells_with_outputs, nbgrader_meta, read_notebook
from ailit.errors import CourseError
from ailit.track.frameworks import load_crosswalk, load_frameworks


@dataclass(frozen=True)
class CourseSummary:
    modules: list[Module]
    items: list[GradedItem]


def check_notebook_clean(path) -> None:
    """Committed notebooks carry no outputs: they would leak answers and bloat the repo."""
    dirty = cells_with_outputs(read_notebook(path))
    if dirty:
        raise CourseError(f"{path}: cell {dirty[0]} has outputs; clear all outputs before committing")


def check_unique_grade_ids(path) -> None:
    seen: set[str] = set()
    for cell in read_notebook(path).cells:
        grade_id = nbgrader_meta(cell).get("grade_id")
        if grade_id in seen:
            raise CourseError(f"{path}: grade id '{grade_id}' is used twice")
        if grade_id:
            seen.add(grade_id)


def check_course(layout: CourseLayout) -> CourseSummary:
    """Validate the frameworks, and the manifests, notebooks and competency codes of every module."""
    load_crosswalk(layout.frameworks / "crosswalk.yaml", load_frameworks(layout.frameworks))
    modules = load_catalogue(layout)
    items: list[GradedItem] = []
    for module in modules:
        reference = graded_items(layout, module, "en")
        for language in module.languages:
            for lesson in module.lessons(language):
                check_notebook_clean(lesson)
            graded = module.graded_notebook(layout, language)
            check_notebook_clean(graded)
            check_unique_grade_ids(graded)
            if language != "en" and _signature(graded_items(layout, module, language)) != _signature(reference):
                raise CourseError(f"{graded}: grade ids, points or competency codes differ from the English version")
        items.extend(reference)
    return CourseSummary(modules, items)


def _signature(items: list[GradedItem]) -> list[tuple]:
    """What language variants must share so the tracker sees one module."""
    return [(i.grade_id, i.points, i.manual, i.competencies) for i in items]
