"""Running real nbgrader commands in a course folder, with their failure reported in one line."""
from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path
from typing import Callable

from ailit.errors import CourseError


def nbgrader(course_dir: Path, *args: str, on_line: Callable[[str], object] | None = None) -> str:
    """Run ``nbgrader <args>`` in ``course_dir`` and return its log; raise CourseError if it fails.

    ``on_line`` sees each log line as it comes (for a progress bar).
    """
    # nbgrader calls its helpers (alembic) by name: find them beside this interpreter even when
    # the virtualenv is not activated.
    path = os.pathsep.join([str(Path(sys.executable).parent), os.environ.get("PATH", "")])
    process = subprocess.Popen(
        [sys.executable, "-m", "nbgrader", *args], cwd=course_dir, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        text=True, env={**os.environ, "PATH": path},
    )
    lines = []
    for line in process.stdout:
        lines.append(line)
        if on_line:
            on_line(line)
    log = "".join(lines)
    if process.wait() != 0:
        errors = [line for line in log.splitlines() if "[ERROR]" in line or "Error" in line]
        last = (errors or log.strip().splitlines() or ["no output"])[-1].strip()
        raise CourseError(f"{course_dir}: nbgrader {' '.join(args)} failed: {last}")
    return log
