"""District-scale tracker benchmark: ingest + scoring + certification over ~12M grade rows.

Synthetic district (default): 2,000 cohort gradebooks x 50 teachers = 100,000 teachers,
12 modules x 10 graded cells. Targets (issue 3): full run <= 60 s and <= 4 GB peak on this
2-core machine; >= 5x a straightforward pandas implementation over per-cohort CSV exports,
measured in the same run; re-ingesting one 50-teacher cohort into the district database <= 2 s.
The gradebooks and CSV exports are generated once into benchmarks/.cache/ (a few minutes).

Usage: python benchmarks/tracker_scale.py [--cohorts 2000] [--teachers 50]
"""
from __future__ import annotations

import argparse
import os
import resource
import sys
import tempfile
import time
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

import duckdb
import pandas as pd
from tqdm import tqdm

from ailit.track.certification import CertificationRules, certification_status
from ailit.track.gradebooks import read_gradebook
from ailit.track.ingest import ingest, load_mapping, source_for
from ailit.track.synthetic import empty_gradebook, synthetic_course, write_gradebook
from ailit.track.synthetic import BLOCKS
from ailit.track.store import connect

CACHE = Path(__file__).resolve().parent / ".cache"
COURSE = synthetic_course()
RULES = CertificationRules(required_modules=("m06", "m07"))
KEY = b"benchmark-key-not-secret"


def _make_cohort(args: tuple[Path, Path, int, int]) -> None:
    folder, template, index, teachers = args
    gradebook = folder / f"cohort-{index:04d}" / "gradebook.db"
    gradebook.parent.mkdir(parents=True, exist_ok=True)
    write_gradebook(gradebook, template, COURSE, [f"teacher-{index:04d}-{n:03d}" for n in range(teachers)], seed=index)
    # The baseline's input: the per-cell CSV a trainer would export from each gradebook.
    tables = read_gradebook(gradebook).tables
    grade = tables["grade"].to_pandas()
    grade = (grade.merge(tables["submitted_notebook"].to_pandas(), left_on="notebook_id", right_on="id", suffixes=("", "_sn"))
             .merge(tables["submitted_assignment"].to_pandas(), left_on="assignment_id", right_on="id", suffixes=("", "_sa"))
             .merge(tables["assignment"].to_pandas(), left_on="assignment_id_sa", right_on="id", suffixes=("", "_a"))
             .merge(tables["base_cell"].to_pandas(), left_on="cell_id", right_on="id", suffixes=("", "_bc"))
             .merge(tables["grade_cells"].to_pandas(), left_on="cell_id", right_on="id", suffixes=("", "_gc")))
    pd.DataFrame({
        "student_id": grade.student_id, "assignment": grade["name"], "grade_id": grade["name_bc"],
        "score": grade.manual_score.fillna(grade.auto_score).fillna(0), "max_score": grade.max_score,
        "needs_manual_grade": grade.needs_manual_grade,
    }).to_csv(gradebook.parent / "grades.csv", index=False)


def district(cohorts: int, teachers: int) -> Path:
    folder = CACHE / f"district-{cohorts}x{teachers}"
    if (folder / "complete").is_file():
        return folder
    folder.mkdir(parents=True, exist_ok=True)
    template = empty_gradebook(CACHE / "empty-gradebook.db")
    jobs = [(folder, template, i, teachers) for i in range(cohorts)]
    with ProcessPoolExecutor(max_workers=os.cpu_count()) as pool:
        list(tqdm(pool.map(_make_cohort, jobs, chunksize=16), total=cohorts, desc="generating gradebooks", unit="cohort"))
    (folder / "complete").write_text("ok\n")
    return folder


def mapping_frame() -> pd.DataFrame:
    return pd.DataFrame([(i.module, i.assignment, i.grade_id, c, i.points, i.manual) for i in COURSE.items for c in i.competencies],
                        columns=["module", "assignment", "grade_id", "code", "points", "manual"])


def pandas_baseline(folder: Path) -> pd.DataFrame:
    """The straightforward way: read every CSV export, join the mapping, group, apply the same rules."""
    frames = [pd.read_csv(p).assign(cohort=p.parent.name) for p in sorted(folder.glob("cohort-*/grades.csv"))]
    grades = pd.concat(frames, ignore_index=True)
    mapping = mapping_frame()
    teachers = pd.concat([pd.DataFrame({"cohort": f.cohort.iloc[0], "student_id": f.student_id.unique()}) for f in frames])
    rows = teachers.merge(mapping, how="cross").merge(grades, on=["cohort", "student_id", "assignment", "grade_id"], how="left")
    rows["submitted"] = rows.score.notna() | rows.needs_manual_grade.notna()
    rows["pending"] = rows.needs_manual_grade.fillna(False).astype(bool)
    rows["earned"] = rows.score.fillna(0).where(~rows.pending, 0)
    rows["possible"] = rows.max_score.fillna(rows.points).where(~rows.pending, 0)
    mastery = rows.groupby(["cohort", "student_id", "code"], as_index=False)[["earned", "possible"]].sum()
    mastery["mastery"] = mastery.earned / mastery.possible
    items = rows.drop_duplicates(["cohort", "student_id", "assignment", "grade_id"])
    modules = items.groupby(["cohort", "student_id", "module"], as_index=False).agg(
        submitted=("submitted", "any"), earned=("earned", "sum"), possible=("possible", "sum"), pending=("pending", "sum"))
    modules["share"] = modules.earned / modules.possible
    key = ["cohort", "student_id"]
    unmet = pd.concat([
        modules[~modules.submitted][key],
        mastery[mastery.code.str.endswith(".1") & (mastery.mastery.fillna(0) < RULES.mastery_threshold - 1e-9)][key],
        modules[modules.module.isin(RULES.required_modules) & modules.submitted & (modules.share.fillna(0) < RULES.pass_mark - 1e-9)][key],
        modules.groupby(key, as_index=False).pending.sum().query("pending > 0")[key],
    ]).drop_duplicates()
    status = teachers.merge(unmet.assign(unmet=True), on=key, how="left")
    status["certified"] = status.unmet.isna()
    return status


def duckdb_run(folder: Path, database: Path) -> pd.DataFrame:
    connection = connect(database)
    blocks = {code: {"name": code} for code in BLOCKS}
    load_mapping(connection, COURSE.items, blocks, {})
    ingest(connection, [source_for(p, p.parent.name) for p in sorted(folder.glob("cohort-*/gradebook.db"))], KEY)
    status = certification_status(connection, RULES)
    connection.close()
    return status


def peak_mb() -> float:
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    children = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + children) / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cohorts", type=int, default=2000)
    parser.add_argument("--teachers", type=int, default=50)
    args = parser.parse_args()
    folder = district(args.cohorts, args.teachers)
    with tempfile.TemporaryDirectory() as scratch:
        database = Path(scratch) / "district.duckdb"
        started = time.perf_counter()
        status = duckdb_run(folder, database)
        tracker_s = time.perf_counter() - started
        tracker_mb = peak_mb()
        rows = duckdb.connect(str(database), read_only=True).execute("SELECT count(*) FROM grades").fetchall()[0][0]
        connection = connect(database)
        one = folder / "cohort-0007" / "gradebook.db"
        started = time.perf_counter()
        ingest(connection, [source_for(one, "cohort-0007")], KEY)
        update_s = time.perf_counter() - started
        connection.close()
    started = time.perf_counter()
    baseline = pandas_baseline(folder)
    pandas_s = time.perf_counter() - started
    level1 = status[status.level == 1]
    print(f"district: {args.cohorts} cohorts, {level1.shape[0]:,} teachers, {rows:,} grade rows")
    print(f"tracker (DuckDB) ingest + scoring + certification: {tracker_s:.1f} s (target <= 60 s); peak memory {tracker_mb:,.0f} MB (self + worker processes; target <= 4096)")
    print(f"pandas baseline over CSV exports: {pandas_s:.1f} s; tracker is {pandas_s / tracker_s:.1f}x faster (target >= 5x)")
    print(f"re-ingest one {args.teachers}-teacher cohort into the district database: {update_s:.2f} s (target <= 2 s)")
    print(f"certified (Acquire): tracker {int(level1.certified.sum()):,}, pandas baseline {int(baseline.certified.sum()):,} (must agree)")
    agree = int(level1.certified.sum()) == int(baseline.certified.sum())
    sys.exit(0 if tracker_s <= 60 and update_s <= 2 and agree else 1)


if __name__ == "__main__":
    main()
