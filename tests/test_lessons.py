"""Every lesson runs top to bottom in a real kernel, as a teacher's "Run all" would."""
from __future__ import annotations

import nbformat
import pytest
from nbclient import NotebookClient

from conftest import MODULES

pytestmark = pytest.mark.slow
LESSONS = [(m, lesson) for m in MODULES for lang in m.languages for lesson in m.lessons(lang)]


@pytest.mark.parametrize("module,lesson", LESSONS, ids=[f"{m.id}/{p.name}" for m, p in LESSONS])
def test_lesson_runs_top_to_bottom_without_error(module, lesson):
    notebook = nbformat.read(str(lesson), as_version=4)
    NotebookClient(notebook, timeout=120, kernel_name="python3", resources={"metadata": {"path": str(lesson.parent)}}).execute()
    errors = [o for c in notebook.cells if c.cell_type == "code" for o in c.outputs if o.output_type == "error"]
    assert errors == []


@pytest.mark.parametrize("module", MODULES, ids=[m.id for m in MODULES])
def test_lesson_has_a_widget_a_plot_and_sources(module):
    text = "\n".join(cell.source for lesson in module.lessons() for cell in nbformat.read(str(lesson), as_version=4).cells)
    assert "widgets" in text or "_explorer(" in text, "at least one ipywidgets interaction"
    assert "plot" in text, "at least one matplotlib plot"
    assert "Sources" in text, "a Sources cell"
