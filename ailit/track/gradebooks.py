"""Read an nbgrader gradebook (SQLite path or SQLAlchemy URL) as plain Arrow tables.

Each table is fetched as it is, with no joins (joins run later inside DuckDB, much faster
than in SQLite), and SQLite files are read with the standard library's driver, read-only:
a district's 2,000 cohort gradebooks are read in seconds, not through nbgrader's ORM.
"""
from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import pyarrow as pa
import sqlalchemy
from sqlalchemy.exc import ArgumentError, DBAPIError, NoSuchModuleError

from ailit.errors import CourseError

# The columns the tracker needs from each nbgrader table, with their Arrow types.
TABLES: dict[str, list[tuple[str, pa.DataType]]] = {
    "student": [("id", pa.string()), ("first_name", pa.string()), ("last_name", pa.string())],
    "assignment": [("id", pa.string()), ("name", pa.string())],
    "notebook": [("id", pa.string()), ("name", pa.string()), ("assignment_id", pa.string())],
    "submitted_assignment": [("id", pa.string()), ("assignment_id", pa.string()), ("student_id", pa.string()), ("timestamp", pa.timestamp("us"))],
    "submitted_notebook": [("id", pa.string()), ("assignment_id", pa.string()), ("notebook_id", pa.string())],
    "base_cell": [("id", pa.string()), ("name", pa.string())],
    "grade_cells": [("id", pa.string()), ("max_score", pa.float64())],
    "grade": [("notebook_id", pa.string()), ("cell_id", pa.string()), ("auto_score", pa.float64()), ("manual_score", pa.float64()),
              ("extra_credit", pa.float64()), ("needs_manual_grade", pa.bool_())],
}


@dataclass(frozen=True)
class GradebookData:
    source: str
    tables: dict[str, pa.Table]

    @property
    def students(self) -> list[dict]:
        return self.tables["student"].to_pylist()


def to_url(source: str | Path) -> str:
    """A SQLAlchemy URL for a gradebook given as a path or a URL."""
    text = str(source)
    if "://" in text:
        return text
    if not Path(text).is_file():
        raise CourseError(f"{text}: gradebook not found")
    return f"sqlite:///{Path(text).resolve()}"


def redact(url: str) -> str:
    """The URL without its password, to keep in the tracker and show in reports."""
    try:
        return sqlalchemy.make_url(url).render_as_string(hide_password=True)
    except ArgumentError:
        return url


def _arrow(name: str, rows: list) -> pa.Table:
    """Cast what the driver returns (SQLite gives 0/1 for booleans and text for timestamps)."""
    columns = list(zip(*rows)) if rows else [[] for _ in TABLES[name]]
    return pa.table({col: pa.array(values).cast(kind) if rows else pa.array([], type=kind)
                     for (col, kind), values in zip(TABLES[name], columns)})


def _query(name: str) -> str:
    return f"SELECT {', '.join(c for c, _ in TABLES[name])} FROM {name}"


def _check_tables(shown: str, present: set[str]) -> None:
    missing = sorted(set(TABLES) - present)
    if missing:
        raise CourseError(f"{shown}: not an nbgrader gradebook (no table '{missing[0]}')")


def _read_sqlite(path: str, shown: str) -> dict[str, pa.Table]:
    try:
        with sqlite3.connect(f"file:{path}?mode=ro", uri=True) as db:
            _check_tables(shown, {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")})
            return {name: _arrow(name, db.execute(_query(name)).fetchall()) for name in TABLES}
    except sqlite3.DatabaseError as exc:
        raise CourseError(f"{shown}: cannot read the gradebook ({exc})") from None


def _read_sqlalchemy(url: str, shown: str) -> dict[str, pa.Table]:
    try:
        engine = sqlalchemy.create_engine(url)
    except (ArgumentError, NoSuchModuleError) as exc:
        raise CourseError(f"{shown}: not a database URL ({exc})") from None
    try:
        with engine.connect() as connection:
            _check_tables(shown, set(sqlalchemy.inspect(connection).get_table_names()))
            return {name: _arrow(name, connection.exec_driver_sql(_query(name)).fetchall()) for name in TABLES}
    except DBAPIError as exc:
        reason = str(exc.orig).splitlines()[0] if exc.orig else type(exc).__name__
        raise CourseError(f"{shown}: cannot read the gradebook ({reason})") from None
    finally:
        engine.dispose()


def read_gradebook(source: str | Path) -> GradebookData:
    url = to_url(source)
    shown = redact(url)
    if url.startswith("sqlite:///"):
        return GradebookData(shown, _read_sqlite(url[len("sqlite:///"):], shown))
    return GradebookData(shown, _read_sqlalchemy(url, shown))
