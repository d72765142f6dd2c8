"""Synthetic nbgrader gradebooks at district scale, for the tracker's tests and benchmark.

The schema comes from nbgrader itself (an empty gradebook it creates once); rows are bulk
inserted with the same ids and columns nbgrader writes, so the tracker reads them exactly as
it reads a real cohort. Scores are drawn per teacher from a fixed seed.
"""
from __future__ import annotations

import random
import shutil
import sqlite3
from dataclasses import dataclass
from pathlib import Path

from ailit.course.competencies import GradedItem

BLOCKS = [f"{d}.{l}" for d in range(1, 6) for l in range(1, 4)]


@dataclass(frozen=True)
class SyntheticCourse:
    items: list[GradedItem]

    @property
    def assignments(self) -> list[str]:
        return sorted({i.assignment for i in self.items})


def synthetic_course(modules: int = 12, cells: int = 10) -> SyntheticCourse:
    """``modules`` x ``cells`` graded items; the last cell of each module is a manual reflection."""
    items = []
    for m in range(1, modules + 1):
        for c in range(1, cells + 1):
            codes = (BLOCKS[(m + c) % len(BLOCKS)],) if c % 3 else (BLOCKS[(m + c) % len(BLOCKS)], BLOCKS[m % len(BLOCKS)])
            items.append(GradedItem(f"m{m:02d}", f"m{m:02d}-synthetic", f"m{m:02d}-synthetic", f"q{c}_tests" if c < cells else "reflection_1",
                                    float(1 + c % 3), c == cells, codes))
    return SyntheticCourse(items)


def empty_gradebook(path: Path) -> Path:
    """An empty gradebook with nbgrader's own schema (made once, then copied)."""
    from nbgrader.api import Gradebook

    if not path.is_file():
        with Gradebook(f"sqlite:///{path}"):
            pass
    return path


def write_gradebook(path: Path, template: Path, course: SyntheticCourse, teachers: list[str], seed: int,
                    submit_rate: float = 0.95, pending_rate: float = 0.1) -> int:
    """One cohort's gradebook; returns the number of grade rows written."""
    rng = random.Random(seed)
    shutil.copyfile(template, path)
    db = sqlite3.connect(path)
    hexid = iter(f"{seed:08x}{n:024x}" for n in range(10**9))
    db.execute("INSERT INTO course VALUES ('ai-literacy')")
    notebooks, cells = {}, {}
    for assignment in course.assignments:
        aid, nid = next(hexid), next(hexid)
        db.execute("INSERT INTO assignment VALUES (?, ?, NULL, 'ai-literacy')", (aid, assignment))
        db.execute("INSERT INTO notebook VALUES (?, ?, ?, NULL)", (nid, assignment, aid))
        notebooks[assignment] = (aid, nid)
    for item in course.items:
        cid = next(hexid)
        kind = "markdown" if item.manual else "code"
        db.execute("INSERT INTO base_cell VALUES (?, ?, ?, 'grade_cells')", (cid, item.grade_id, notebooks[item.assignment][1]))
        db.execute("INSERT INTO grade_cells VALUES (?, ?, ?)", (cid, item.points, kind))
        cells[(item.assignment, item.grade_id)] = cid
    db.executemany("INSERT INTO student (id, first_name, last_name) VALUES (?, ?, ?)", [(t, "Teacher", t) for t in teachers])
    submissions, submitted_notebooks, grades = [], [], []
    for teacher in teachers:
        skill = rng.betavariate(5, 2)
        for assignment in course.assignments:
            if rng.random() > submit_rate:
                continue
            said, snid = next(hexid), next(hexid)
            submissions.append((said, notebooks[assignment][0], teacher, "2026-11-20 09:00:00.000000", None))
            submitted_notebooks.append((snid, said, notebooks[assignment][1], False, None))
            for item in (i for i in course.items if i.assignment == assignment):
                pending = item.manual and rng.random() < pending_rate
                score = None if pending else round(item.points * min(1.0, max(0.0, rng.gauss(skill, 0.2))), 2)
                grades.append((next(hexid), snid, cells[(assignment, item.grade_id)], None if item.manual else score,
                               score if item.manual else None, None, pending))
    db.executemany("INSERT INTO submitted_assignment VALUES (?, ?, ?, ?, ?)", submissions)
    db.executemany("INSERT INTO submitted_notebook VALUES (?, ?, ?, ?, ?)", submitted_notebooks)
    db.executemany("INSERT INTO grade VALUES (?, ?, ?, ?, ?, ?, ?)", grades)
    db.commit()
    db.close()
    return len(grades)
