"""Reading notebooks safely: a broken file is reported by name, never as a traceback."""
from __future__ import annotations

import json
from pathlib import Path

import nbformat
from nbformat import NotebookNode

from ailit.errors import CourseError


def read_notebook(path: Path) -> NotebookNode:
    """A validated nbformat-4 notebook, or a CourseError that names the file and the fault."""
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
        raw = json.loads(text)
    except FileNotFoundError:
        raise CourseError(f"{path}: file not found") from None
    except UnicodeDecodeError:
        raise CourseError(f"{path}: not UTF-8 text") from None
    except json.JSONDecodeError as exc:
        raise CourseError(f"{path}: not valid JSON (line {exc.lineno}, column {exc.colno}: {exc.msg})") from None
    if not isinstance(raw, dict) or raw.get("nbformat") != 4:
        version = raw.get("nbformat") if isinstance(raw, dict) else None
        raise CourseError(f"{path}: not an nbformat 4 notebook (nbformat={version!r})")
    try:
        notebook = nbformat.reads(text, as_version=4)
        nbformat.validate(notebook)
    except nbformat.ValidationError as exc:
        raise CourseError(f"{path}: not a valid notebook ({str(exc).splitlines()[0]})") from None
    return notebook


def write_notebook(notebook: NotebookNode, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    nbformat.write(notebook, str(path))


def nbgrader_meta(cell: NotebookNode) -> dict:
    return cell.get("metadata", {}).get("nbgrader", {})


def is_graded(cell: NotebookNode) -> bool:
    return bool(nbgrader_meta(cell).get("grade"))


def is_answer(cell: NotebookNode) -> bool:
    return bool(nbgrader_meta(cell).get("solution"))


def cells_with_outputs(notebook: NotebookNode) -> list[int]:
    """Indexes of code cells that carry outputs or execution counts (committed notebooks must not)."""
    return [
        index for index, cell in enumerate(notebook.cells)
        if cell.cell_type == "code" and (cell.get("outputs") or cell.get("execution_count") is not None)
    ]
