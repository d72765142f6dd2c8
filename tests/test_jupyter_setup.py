"""`make lab` opens JupyterLab with what the course needs: nbgrader's extensions and ipywidgets."""
from __future__ import annotations

import subprocess
import sys


def _jupyter(*args: str) -> str:
    result = subprocess.run([sys.executable, "-m", "jupyter", *args], capture_output=True, text=True, check=True)
    return result.stdout + result.stderr


def test_nbgrader_server_extensions_are_enabled():
    listing = _jupyter("server", "extension", "list")
    for extension in ("nbgrader.server_extensions.formgrader", "nbgrader.server_extensions.validate_assignment"):
        assert f"{extension} \x1b[32menabled" in listing or f"{extension} enabled" in listing


def test_nbgrader_and_widgets_lab_extensions_are_enabled():
    listing = _jupyter("labextension", "list")
    assert "@jupyter/nbgrader" in listing and "@jupyter-widgets/jupyterlab-manager" in listing
    assert "disabled" not in listing
