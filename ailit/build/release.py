"""Generate student notebooks with real nbgrader, and prove the committed ones match.

Generation runs in a scratch course folder so building never touches a cohort's gradebook,
and the new release replaces the old one only once it is complete.
"""
from __future__ import annotations

import filecmp
import json
import shutil
import tempfile
from pathlib import Path

from ailit.course.layout import CourseLayout
from ailit.course.manifest import Module
from ailit.nbgrader_cli import nbgrader
from ailit.staging import staged_folder


def prepare_course_dir(layout: CourseLayout, assignments: list[str], target: Path) -> Path:
    """A course folder at ``target`` with this course's nbgrader config and the named instructor notebooks."""
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy2(layout.nbgrader_config, target / "nbgrader_config.py")
    for assignment in assignments:
        shutil.copytree(layout.solutions / assignment, target / "solutions" / assignment, dirs_exist_ok=True)
    return target


def generate(course_dir: Path, assignment: str) -> Path:
    """Run ``nbgrader generate_assignment`` and return the student folder it wrote."""
    nbgrader(course_dir, "generate_assignment", assignment, "--force")
    return course_dir / "assignments" / assignment


def build_release(layout: CourseLayout, module: Module) -> Path:
    """Regenerate ``assignments/<assignment>`` from ``solutions/`` and swap it in whole."""
    final = layout.assignments / module.assignment
    with tempfile.TemporaryDirectory(prefix="ailit-build-") as scratch, staged_folder(final) as staged:
        fresh = generate(prepare_course_dir(layout, [module.assignment], Path(scratch)), module.assignment)
        shutil.copytree(fresh, staged, dirs_exist_ok=True)
    return final


def _same(generated: Path, committed: Path) -> bool:
    if generated.suffix == ".ipynb":
        return json.loads(generated.read_text(encoding="utf-8")) == json.loads(committed.read_text(encoding="utf-8"))
    return filecmp.cmp(generated, committed, shallow=False)


def release_drift(layout: CourseLayout, module: Module) -> list[str]:
    """Files where ``assignments/`` differs from what nbgrader generates now (empty = in sync)."""
    committed = layout.assignments / module.assignment
    with tempfile.TemporaryDirectory(prefix="ailit-check-") as scratch:
        fresh = generate(prepare_course_dir(layout, [module.assignment], Path(scratch)), module.assignment)
        names = {p.relative_to(fresh) for p in fresh.rglob("*") if p.is_file()}
        names |= {p.relative_to(committed) for p in committed.rglob("*") if p.is_file()} if committed.is_dir() else set()
        drift = []
        for name in sorted(names):
            a, b = fresh / name, committed / name
            if not (a.is_file() and b.is_file() and _same(a, b)):
                drift.append(f"{module.assignment}/{name}")
        return drift
