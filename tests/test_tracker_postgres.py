"""A cohort gradebook kept in PostgreSQL is read exactly like a SQLite one (real server, started here)."""
from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
from pathlib import Path

import pytest

from ailit.report.views import competency_records
from ailit.track.ingest import ingest, load_mapping, source_for
from ailit.track.pseudonyms import load_key
from ailit.track.store import connect
from test_tracker import BLOCKS, FULL, ITEMS, PENDING
from tracker_support import make_gradebook


def _server_binary(name: str) -> str | None:
    found = sorted(glob.glob(f"/usr/lib/postgresql/*/bin/{name}"))
    return found[-1] if found else shutil.which(name)


def _as_postgres(*command: str) -> list[str]:
    """PostgreSQL refuses to run as root: drop to its own user where we are root."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else list(command)


@pytest.fixture(scope="module")
def postgres_server():
    initdb, pg_ctl = _server_binary("initdb"), _server_binary("pg_ctl")
    if not (initdb and pg_ctl):
        pytest.skip("PostgreSQL server not installed (Debian: apt-get install postgresql)")
    folder = Path(tempfile.mkdtemp(prefix="ailit-pg-"))
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres", "postgres")
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    subprocess.run(_as_postgres(initdb, "-D", str(folder / "data"), "-A", "trust", "-U", "postgres"), check=True, capture_output=True)
    subprocess.run(_as_postgres(pg_ctl, "-D", str(folder / "data"), "-w", "-l", str(folder / "log"), "-o",
                                f"-k {folder} -p {port} -c listen_addresses=''", "start"), check=True, capture_output=True)
    try:
        yield folder, port
    finally:
        subprocess.run(_as_postgres(pg_ctl, "-D", str(folder / "data"), "-m", "immediate", "stop"), capture_output=True)
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture
def postgres_url(postgres_server, request) -> str:
    """A fresh database on the test server for each test."""
    folder, port = postgres_server
    name = request.node.name.lower()[:40]
    subprocess.run(_as_postgres(_server_binary("createdb") or "createdb", "-h", str(folder), "-p", str(port), "-U", "postgres", name),
                   check=True, capture_output=True)
    return f"postgresql+psycopg://postgres@/{name}?host={folder}&port={port}"


@pytest.fixture
def tracker(tmp_path, monkeypatch):
    monkeypatch.setenv("AILIT_TRACKER_KEY_FILE", str(tmp_path / "key"))
    connection = connect(tmp_path / "t.duckdb")
    load_mapping(connection, ITEMS, BLOCKS, {})
    yield connection
    connection.close()


def records_of(connection, cohort: str):
    rows = competency_records(connection).query("cohort == @cohort").drop(columns=["cohort", "school"])
    return rows.sort_values(["teacher", "code"]).reset_index(drop=True)


def test_postgresql_gradebook_gives_the_same_records_as_sqlite(postgres_url, tracker, tmp_path):
    scores = {"ana": FULL, "bo": {**FULL, ("m01-a", "reflection_1"): PENDING, ("m01-a", "q1_tests"): 1.5}}
    pg = make_gradebook(postgres_url, ITEMS, scores)
    lite = make_gradebook(tmp_path / "g.db", ITEMS, scores)
    results = ingest(tracker, [source_for(pg, "pg"), source_for(lite, "lite")], load_key())
    assert [r.grade_rows for r in results] == [8, 8]
    assert len(records_of(tracker, "pg")) == 6
    assert records_of(tracker, "pg").equals(records_of(tracker, "lite"))


def test_postgresql_password_is_not_kept_in_the_tracker(postgres_url, tracker):
    make_gradebook(postgres_url, ITEMS, {"ana": FULL})
    ingest(tracker, [source_for(postgres_url.replace("postgres@", "postgres:s3cret@"), "pg")], load_key())
    assert "s3cret" not in tracker.execute("SELECT source FROM cohorts").fetchall()[0][0]
