"""Wall time and peak memory of every lesson and graded notebook, run top to bottom on one core.

Budget (COURSE.md): <= 60 s and <= 1.5 GB each, as on a typical JupyterHub user pod.
Each notebook runs in a fresh kernel pinned to CPU 0 with one thread; memory is the peak RSS
of the kernel process tree, sampled every 50 ms. The baseline is an empty notebook in the
same run (kernel start-up and imports), so the figures show what the content itself costs.

Usage: python benchmarks/notebook_budget.py [--only m01]
"""
from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import nbformat
import psutil
from tabulate import tabulate

from ailit.course.layout import CourseLayout
from ailit.course.manifest import load_catalogue

ROOT = Path(__file__).resolve().parents[1]

RUNNER = """
import sys, nbformat
from nbclient import NotebookClient
nb = nbformat.read(sys.argv[1], as_version=4)
NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": sys.argv[2]}}).execute()
"""
BUDGET_SECONDS = 60
BUDGET_MB = 1536


def measure(notebook: Path) -> tuple[float, float]:
    """Seconds and peak MB of the kernel for one top-to-bottom run on one core."""
    env = dict(os.environ, OMP_NUM_THREADS="1", MKL_NUM_THREADS="1")
    started = time.perf_counter()
    runner = subprocess.Popen(
        ["taskset", "-c", "0", sys.executable, "-c", RUNNER, str(notebook), str(notebook.parent)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    parent = psutil.Process(runner.pid)
    peak = 0
    while runner.poll() is None:
        try:
            kernels = parent.children(recursive=True)
            peak = max(peak, sum(p.memory_info().rss for p in kernels))
        except psutil.Error:
            pass
        time.sleep(0.05)
    seconds = time.perf_counter() - started
    if runner.returncode != 0:
        raise SystemExit(f"{notebook}: failed to run\n{runner.stderr.read()[-1500:]}")
    return seconds, peak / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", help="module id, e.g. m01")
    args = parser.parse_args()
    layout = CourseLayout(ROOT)
    notebooks = []
    for module in load_catalogue(layout):
        if args.only and module.id != args.only:
            continue
        notebooks += [(module.id, lesson) for lesson in module.lessons()]
        notebooks.append((module.id, module.graded_notebook(layout)))
    with tempfile.TemporaryDirectory() as scratch:
        empty = Path(scratch) / "empty.ipynb"
        nbformat.write(nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell("pass")]), str(empty))
        base_s, base_mb = measure(empty)
    rows = [("baseline", "empty notebook", f"{base_s:.1f}", f"{base_mb:.0f}", "", "")]
    over = 0
    for module_id, notebook in notebooks:
        seconds, mb = measure(notebook)
        ok = seconds <= BUDGET_SECONDS and mb <= BUDGET_MB
        over += not ok
        rows.append((module_id, notebook.relative_to(ROOT), f"{seconds:.1f}", f"{mb:.0f}", f"{seconds / base_s:.1f}x", "ok" if ok else "OVER BUDGET"))
    print(tabulate(rows, headers=["module", "notebook", "seconds", "peak MB", "vs empty", f"<= {BUDGET_SECONDS} s, <= {BUDGET_MB} MB"]))
    sys.exit(1 if over else 0)


if __name__ == "__main__":
    main()
