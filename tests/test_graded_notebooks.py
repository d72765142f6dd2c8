"""Every module's graded notebook, scored by real nbgrader on synthetic submissions."""
from __future__ import annotations

import re

import pytest
import yaml

from ailit.build.release import release_drift
from ailit.course.notebooks import is_answer, nbgrader_meta, read_notebook
from conftest import LAYOUT, MODULES, module_ids

pytestmark = pytest.mark.slow
by_module = pytest.mark.parametrize("module", MODULES, ids=module_ids(MODULES))


def item_of(grade_id: str) -> str:
    """Answer and test cells of one item share the part before the first underscore (q3_answer, q3_tests)."""
    return grade_id.split("_")[0]


def simulation(module) -> dict:
    return yaml.safe_load((LAYOUT.simulation / f"{module.assignment}.yaml").read_text(encoding="utf-8"))


@by_module
def test_instructor_answers_score_full_marks_on_every_autograded_cell(graded, module):
    scores = graded(module).autograded("solution")
    assert scores, "the graded notebook has no autograded cells"
    assert {gid: s for gid, (s, m) in scores.items() if s != m} == {}


@by_module
def test_blank_release_scores_zero_on_every_autograded_cell(graded, module):
    scores = graded(module).autograded("blank")
    assert {gid: s for gid, (s, _) in scores.items() if s != 0} == {}


@by_module
def test_a_wrong_answer_loses_the_points_of_that_item_only(graded, module):
    result = graded(module)
    for answer_id in result.answer_ids:
        scores = result.autograded(f"wrong-{answer_id}")
        lost = {gid for gid, (s, m) in scores.items() if s < m}
        assert lost, f"wrong answer to {answer_id} lost no points"
        assert {item_of(gid) for gid in lost} == {item_of(answer_id)}, f"wrong {answer_id} cost points on {lost}"


@by_module
def test_half_right_answers_get_partial_credit(graded, module):
    half = simulation(module).get("half_right", {})
    assert half, "designed partial credit: at least one item has a half-right answer"
    scores = graded(module).autograded("half")
    for answer_id in half:
        item = {gid: sm for gid, sm in scores.items() if item_of(gid) == item_of(answer_id)}
        assert any(0 < s < m for s, m in item.values()), f"{answer_id}: half-right answer scored {item}"


@by_module
def test_all_wrong_answers_score_zero(graded, module):
    scores = graded(module).autograded("wrong")
    assert sum(s for s, _ in scores.values()) == 0


@by_module
def test_free_text_reflections_wait_for_the_trainer(graded, module):
    result = graded(module).scores["solution"]
    manual = [gid for gid, (_, _, needs_manual) in result.items() if needs_manual]
    assert manual, "every graded notebook has at least one reflection graded by hand"


def _protected_lines(module) -> list[str]:
    """Solution and hidden-test lines of the instructor notebook that must not reach teachers."""
    lines, inside = [], False
    for cell in read_notebook(module.graded_notebook(LAYOUT)).cells:
        if cell.cell_type == "markdown" and is_answer(cell):  # a model answer to a reflection
            lines += [line.strip() for line in cell.source.splitlines() if len(line.strip()) > 12]
            continue
        for line in cell.source.splitlines():
            if re.match(r"\s*### (BEGIN|END) (SOLUTION|HIDDEN TESTS)", line):
                inside = "BEGIN" in line
                continue
            if inside and len(line.strip()) > 12 and not line.strip().startswith("#"):
                lines.append(line.strip())
    return lines


@by_module
def test_release_contains_no_solution_code_and_no_hidden_tests(module):
    released = read_notebook(LAYOUT.assignments / module.assignment / module.languages["en"].graded_notebook)
    text = "\n".join(cell.source for cell in released.cells)
    assert "BEGIN SOLUTION" not in text and "HIDDEN TESTS" not in text
    leaked = [line for line in _protected_lines(module) if line in text]
    assert leaked == []


@by_module
def test_release_keeps_competency_codes_on_graded_cells(module):
    released = read_notebook(LAYOUT.assignments / module.assignment / module.languages["en"].graded_notebook)
    graded = [c for c in released.cells if nbgrader_meta(c).get("grade")]
    assert graded and all(c.metadata["ailit"]["competencies"] for c in graded)


@by_module
def test_answer_cells_are_editable_and_nbgrader_cells_otherwise_locked(module):
    """Instructions, questions and tests are checksummed against tampering; scratch cells may stay free."""
    cells = [c for c in read_notebook(module.graded_notebook(LAYOUT)).cells if nbgrader_meta(c)]
    assert all(nbgrader_meta(c).get("locked") is (not is_answer(c)) for c in cells)


@by_module
def test_assignments_folder_is_exactly_what_nbgrader_generates(module):
    assert release_drift(LAYOUT, module) == []


@by_module
def test_data_files_shared_with_the_lesson_are_identical(module):
    shared = [p for p in (LAYOUT.solutions / module.assignment).iterdir() if (module.folder / "data" / p.name).is_file()]
    assert all(p.read_bytes() == (module.folder / "data" / p.name).read_bytes() for p in shared)
