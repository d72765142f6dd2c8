"""Running real nbgrader commands in a course folder, with their failure reported in one line."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from ailit.errors import CourseError


def nbgrader(course_dir: Path, *args: str, timeout: float | None = None) -> str:
    """Run ``nbgrader <args>`` in ``course_dir`` and return its log; raise CourseError if it fails."""
    # nbgrader calls its helpers (alembic) by name: find them beside this interpreter even when
    # the virtualenv is not activated.
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    result = subprocess.run(
        [sys.executable, "-m", "nbgrader", *args], cwd=course_dir, capture_output=True, text=True, timeout=timeout,
        env={**os.environ, "PATH": path},
    )
    log = result.stdout + result.stderr
    if result.returncode != 0:
        errors = [line for line in log.splitlines() if "[ERROR]" in line or "Error" in line]
        last = (errors or log.strip().splitlines() or ["no output"])[-1].strip()
        raise CourseError(f"{course_dir}: nbgrader {' '.join(args)} failed: {last}")
    return log
