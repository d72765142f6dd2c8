"""The tracker's embedded DuckDB database: one file holding every cohort a trainer or district ingests."""
from __future__ import annotations

from pathlib import Path

import duckdb

from ailit.errors import CourseError

SCHEMA = """
CREATE TABLE IF NOT EXISTS cohorts (
    cohort VARCHAR PRIMARY KEY, school VARCHAR, source VARCHAR, started DATE,
    ingested_at TIMESTAMP, teachers INTEGER, grade_rows BIGINT);
CREATE TABLE IF NOT EXISTS teachers (cohort VARCHAR, teacher VARCHAR, display_name VARCHAR);
CREATE TABLE IF NOT EXISTS grades (
    cohort VARCHAR, teacher VARCHAR, assignment VARCHAR, notebook VARCHAR, grade_id VARCHAR,
    score DOUBLE, max_score DOUBLE, pending BOOLEAN, submitted_at TIMESTAMP);
CREATE TABLE IF NOT EXISTS unmapped (cohort VARCHAR, assignment VARCHAR, notebook VARCHAR, grade_id VARCHAR, grade_rows BIGINT);
CREATE TABLE IF NOT EXISTS mapping (
    module VARCHAR, assignment VARCHAR, notebook VARCHAR, grade_id VARCHAR, code VARCHAR,
    points DOUBLE, weight DOUBLE, manual BOOLEAN);
CREATE TABLE IF NOT EXISTS blocks (code VARCHAR PRIMARY KEY, name VARCHAR, dimension INTEGER, level INTEGER);
"""
COHORT_TABLES = ("grades", "teachers", "unmapped", "cohorts")


def default_path(course_root: Path) -> Path:
    return Path(course_root) / "tracker.duckdb"


def connect(path: Path | str, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    """Open (creating if needed) the tracker database; a file that is not one is named in the error."""
    path = Path(path)
    if read_only and not path.is_file():
        raise CourseError(f"{path}: no tracker database yet; run `ailit track ingest` first")
    try:
        connection = duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as exc:
        raise CourseError(f"{path}: not a tracker database ({str(exc).splitlines()[0]})") from None
    if not read_only:
        connection.execute(SCHEMA)
    return connection
