"""Where things live in a course folder, declared once."""
from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from ailit.errors import CourseError


@dataclass(frozen=True)
class CourseLayout:
    root: Path

    @property
    def modules(self) -> Path:
        return self.root / "modules"

    @property
    def solutions(self) -> Path:
        return self.root / "solutions"

    @property
    def assignments(self) -> Path:
        return self.root / "assignments"

    @property
    def frameworks(self) -> Path:
        return self.root / "frameworks"

    @property
    def simulation(self) -> Path:
        return self.root / "simulation"

    @property
    def nbgrader_config(self) -> Path:
        return self.root / "nbgrader_config.py"


def find_course(start: Path | None = None) -> CourseLayout:
    """The course folder: ``AILIT_COURSE_ROOT``, or the nearest folder upwards holding nbgrader_config.py."""
    if os.environ.get("AILIT_COURSE_ROOT"):
        return CourseLayout(Path(os.environ["AILIT_COURSE_ROOT"]).resolve())
    here = (start or Path.cwd()).resolve()
    for folder in (here, *here.parents):
        if (folder / "nbgrader_config.py").is_file() and (folder / "modules").is_dir():
            return CourseLayout(folder)
    raise CourseError(f"{here}: not inside a course folder (no nbgrader_config.py with a modules/ folder above it)")
