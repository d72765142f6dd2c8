"""Ingest cohort gradebooks into the tracker: every cohort of a run replaced whole, or nothing.

Gradebooks are read in parallel processes and staged in DuckDB; then one set-based
transaction deletes the run's cohorts and inserts them again. Re-ingesting never double
counts, and an interrupted run or a bad gradebook leaves the previous state. Cells the course
does not map to a competency (a foreign or older gradebook) are kept apart and reported.
"""
from __future__ import annotations

import os
from collections import Counter
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import datetime, timezone
from itertools import islice
from pathlib import Path
from typing import Iterable, Iterator

import duckdb
import pyarrow as pa
from tqdm.auto import tqdm

from ailit.errors import CourseError
from ailit.track.gradebooks import TABLES, GradebookData, read_gradebook
from ailit.track.pseudonyms import pseudonym

BATCH = 64  # cohorts staged per DuckDB insert

# One batch of gradebooks, registered as Arrow tables (batch_<table>), joined into the
# tracker's shape outside any transaction; publishing then only copies finished rows.
JOIN_BATCH = """
INSERT INTO stg_grades
SELECT g.cohort, p.teacher, a.name, n.name, bc.name,
       coalesce(g.manual_score, g.auto_score, 0) + coalesce(g.extra_credit, 0), gc.max_score,
       g.needs_manual_grade, sa.timestamp
FROM batch_grade g
JOIN batch_submitted_notebook sn ON sn.cohort = g.cohort AND sn.id = g.notebook_id
JOIN batch_submitted_assignment sa ON sa.cohort = g.cohort AND sa.id = sn.assignment_id
JOIN batch_assignment a ON a.cohort = g.cohort AND a.id = sa.assignment_id
JOIN batch_notebook n ON n.cohort = g.cohort AND n.id = sn.notebook_id
JOIN batch_base_cell bc ON bc.cohort = g.cohort AND bc.id = g.cell_id
JOIN batch_grade_cells gc ON gc.cohort = g.cohort AND gc.id = g.cell_id
JOIN batch_pseudonyms p ON p.cohort = g.cohort AND p.student_id = sa.student_id;
INSERT INTO stg_teachers SELECT cohort, teacher, display_name FROM batch_pseudonyms;
"""

STAGING = """
CREATE OR REPLACE TEMP TABLE stg_grades AS SELECT * FROM grades LIMIT 0;
CREATE OR REPLACE TEMP TABLE stg_teachers AS SELECT * FROM teachers LIMIT 0;
CREATE OR REPLACE TEMP TABLE run_cohorts (cohort VARCHAR, school VARCHAR, source VARCHAR, started DATE, ingested_at TIMESTAMP);
"""

PUBLISH = """
DELETE FROM grades WHERE cohort IN (SELECT cohort FROM run_cohorts);
DELETE FROM teachers WHERE cohort IN (SELECT cohort FROM run_cohorts);
DELETE FROM unmapped WHERE cohort IN (SELECT cohort FROM run_cohorts);
DELETE FROM cohorts WHERE cohort IN (SELECT cohort FROM run_cohorts);
INSERT INTO teachers SELECT * FROM stg_teachers;
INSERT INTO grades SELECT * FROM stg_grades;
INSERT INTO unmapped
SELECT g.cohort, g.assignment, g.notebook, g.grade_id, count(*) FROM stg_grades g
WHERE NOT EXISTS (SELECT 1 FROM mapping m WHERE m.assignment = g.assignment AND m.grade_id = g.grade_id)
GROUP BY ALL;
INSERT INTO cohorts
SELECT r.cohort, r.school, r.source, r.started, r.ingested_at, coalesce(t.n, 0), coalesce(g.n, 0)
FROM run_cohorts r
LEFT JOIN (SELECT cohort, count(*) AS n FROM stg_teachers GROUP BY cohort) t USING (cohort)
LEFT JOIN (SELECT cohort, count(*) AS n FROM stg_grades GROUP BY cohort) g USING (cohort);
"""


@dataclass(frozen=True)
class CohortSource:
    cohort: str
    gradebook: str
    school: str | None = None
    started: str | None = None


@dataclass(frozen=True)
class IngestResult:
    cohort: str
    teachers: int
    grade_rows: int
    unmapped_cells: int


def load_mapping(connection: duckdb.DuckDBPyConnection, items: list, blocks: dict[str, dict], weights: dict[str, float]) -> None:
    """Replace the course's cell-to-competency mapping (it comes from the instructor notebooks)."""
    rows = [
        (i.module, i.assignment, i.notebook, i.grade_id, code, i.points, float(weights.get(f"{i.assignment}/{i.grade_id}", 1.0)), i.manual)
        for i in items for code in i.competencies
    ]
    connection.execute("BEGIN")
    connection.execute("DELETE FROM mapping")
    connection.executemany("INSERT INTO mapping VALUES (?, ?, ?, ?, ?, ?, ?, ?)", rows)
    connection.execute("DELETE FROM blocks")
    connection.executemany(
        "INSERT INTO blocks VALUES (?, ?, ?, ?)",
        [(code, b["name"], int(code.split(".")[0]), int(code.split(".")[1])) for code, b in blocks.items()],
    )
    connection.execute("COMMIT")


def _with_cohort(table: pa.Table, cohort: str) -> pa.Table:
    return table.add_column(0, "cohort", pa.array([cohort] * table.num_rows, type=pa.string()))


def _pseudonyms(data: GradebookData, cohort: str, key: bytes, with_names: bool) -> pa.Table:
    students = data.students
    return pa.table({
        "cohort": [cohort] * len(students),
        "student_id": [s["id"] for s in students],
        "teacher": [pseudonym(key, s["id"]) for s in students],
        "display_name": pa.array([f"{s['first_name'] or ''} {s['last_name'] or ''}".strip() or None if with_names else None
                                  for s in students], type=pa.string()),
    })


def _stage(connection: duckdb.DuckDBPyConnection, batch: list[tuple[CohortSource, GradebookData]], key: bytes, with_names: bool) -> None:
    """Join one batch of cohorts into finished rows in the staging tables."""
    tables = {name: pa.concat_tables([_with_cohort(data.tables[name], source.cohort) for source, data in batch]) for name in TABLES}
    tables["pseudonyms"] = pa.concat_tables([_pseudonyms(data, source.cohort, key, with_names) for source, data in batch])
    for name, table in tables.items():
        connection.register(f"batch_{name}", table)
    try:
        connection.execute(JOIN_BATCH)
    finally:
        for name in tables:
            connection.unregister(f"batch_{name}")
    now = datetime.now(timezone.utc).replace(tzinfo=None)
    connection.executemany("INSERT INTO run_cohorts VALUES (?, ?, ?, ?, ?)",
                           [(s.cohort, s.school, d.source, s.started, now) for s, d in batch])


def _batches(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while batch := list(islice(iterator, size)):
        yield batch


def ingest(connection: duckdb.DuckDBPyConnection, sources: list[CohortSource], key: bytes, with_names: bool = False,
           workers: int | None = None) -> list[IngestResult]:
    """Store every cohort in one transaction: a bad gradebook or a kill leaves the previous state.

    Gradebooks are read in parallel processes (``workers``, default: the core count) while
    this process stages them in DuckDB.
    """
    repeated = [name for name, count in Counter(s.cohort for s in sources).items() if count > 1]
    if repeated:
        raise CourseError(f"{repeated[0]}: two gradebooks given for the same cohort; name them with --cohort or a cohorts file")
    paths = [s.gradebook for s in sources]
    # Staging tables are private to this connection; only publishing needs the transaction
    # (and DuckDB joins tables filled inside a transaction far more slowly).
    connection.execute(STAGING)
    with ProcessPoolExecutor(max_workers=workers or os.cpu_count()) as pool:
        read = pool.map(read_gradebook, paths, chunksize=8) if len(sources) > 4 else map(read_gradebook, paths)
        progress = tqdm(zip(sources, read), total=len(sources), desc="reading gradebooks", unit="cohort", disable=len(sources) < 5)
        for batch in _batches(progress, BATCH):
            _stage(connection, batch, key, with_names)
    connection.execute("BEGIN")
    try:
        connection.execute(PUBLISH)
        rows = connection.execute("""
            SELECT c.cohort, c.teachers, c.grade_rows, (SELECT count(*) FROM unmapped u WHERE u.cohort = c.cohort)
            FROM cohorts c WHERE c.cohort IN (SELECT cohort FROM run_cohorts)""").fetchall()
        connection.execute("COMMIT")
    except BaseException:
        connection.execute("ROLLBACK")
        raise
    order = {s.cohort: i for i, s in enumerate(sources)}
    return sorted((IngestResult(*row) for row in rows), key=lambda r: order[r.cohort])


def source_for(path: str | Path, cohort: str | None = None, school: str | None = None, started: str | None = None) -> CohortSource:
    """A cohort named after its course folder unless named explicitly."""
    text = str(path)
    name = cohort or (Path(text).resolve().parent.name if "://" not in text else text.rsplit("/", 1)[-1])
    return CohortSource(name, text, school, started)
