"""Module manifests (modules/<slug>/module.yaml): the catalogue a hub, a trainer and the tracker read."""
from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import jsonschema
import yaml

from ailit.course.layout import CourseLayout
from ailit.errors import CourseError

SCHEMA = {
    "type": "object",
    "required": ["id", "title", "summary", "minutes", "objectives", "competencies", "assignment", "languages"],
    "additionalProperties": False,
    "properties": {
        "id": {"type": "string", "pattern": r"^m\d{2}$"},
        "title": {"type": "string", "minLength": 1},
        "summary": {"type": "string", "minLength": 1},
        "minutes": {"type": "integer", "minimum": 1},
        "objectives": {"type": "array", "minItems": 1, "items": {"type": "string", "minLength": 1}},
        "competencies": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": r"^\d\.\d$"}},
        "assignment": {"type": "string", "pattern": r"^m\d{2}-[a-z0-9-]+$"},
        "languages": {
            "type": "object",
            "required": ["en"],
            "additionalProperties": {
                "type": "object",
                "required": ["title", "lessons", "graded_notebook"],
                "additionalProperties": False,
                "properties": {
                    "title": {"type": "string", "minLength": 1},
                    "lessons": {"type": "array", "minItems": 1, "items": {"type": "string", "pattern": r"\.ipynb$"}},
                    "graded_notebook": {"type": "string", "pattern": r"\.ipynb$"},
                },
            },
        },
    },
}


@dataclass(frozen=True)
class LanguageVariant:
    language: str
    title: str
    lessons: tuple[Path, ...]
    graded_notebook: str


@dataclass(frozen=True)
class Module:
    id: str
    title: str
    summary: str
    minutes: int
    objectives: tuple[str, ...]
    competencies: tuple[str, ...]
    assignment: str
    folder: Path
    languages: dict[str, LanguageVariant]

    def lessons(self, language: str = "en") -> tuple[Path, ...]:
        return self.languages[language].lessons

    def graded_notebook(self, layout: CourseLayout, language: str = "en") -> Path:
        return layout.solutions / self.assignment / self.languages[language].graded_notebook


def load_manifest(path: Path) -> Module:
    """One module's manifest, checked against the schema; errors name the file and the field."""
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise CourseError(f"{path}: file not found") from None
    except yaml.YAMLError as exc:
        where = getattr(exc, "problem_mark", None)
        line = f" (line {where.line + 1})" if where else ""
        raise CourseError(f"{path}: not valid YAML{line}") from None
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data))
    if error is not None:
        field = ".".join(str(p) for p in error.absolute_path) or "(top level)"
        raise CourseError(f"{path}: {field}: {error.message}")
    folder = path.parent
    variants = {}
    for language, variant in data["languages"].items():
        lessons = tuple(folder / name for name in variant["lessons"])
        for lesson in lessons:
            if not lesson.is_file():
                raise CourseError(f"{path}: languages.{language}.lessons: {lesson.name} not found in {folder}")
        variants[language] = LanguageVariant(language, variant["title"], lessons, variant["graded_notebook"])
    return Module(
        id=data["id"], title=data["title"], summary=data["summary"], minutes=data["minutes"],
        objectives=tuple(data["objectives"]), competencies=tuple(data["competencies"]),
        assignment=data["assignment"], folder=folder, languages=variants,
    )


def load_catalogue(layout: CourseLayout) -> list[Module]:
    """Every module in the course, in id order; ids and assignments must be unique."""
    modules = [load_manifest(p) for p in sorted(layout.modules.glob("*/module.yaml"))]
    seen: dict[str, Path] = {}
    for module in modules:
        manifest = module.folder / "module.yaml"
        for key in (module.id, module.assignment):
            if key in seen:
                raise CourseError(f"{manifest}: '{key}' is already used by {seen[key]}")
            seen[key] = manifest
        for variant in module.languages.values():
            graded = layout.solutions / module.assignment / variant.graded_notebook
            if not graded.is_file():
                raise CourseError(f"{manifest}: graded notebook {graded.relative_to(layout.root)} not found")
    return modules
