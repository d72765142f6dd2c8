"""The competency tracker: nbgrader gradebooks in, mastery, levels and certification out."""
from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys

import duckdb
import pandas as pd
import pytest
from nbgrader.api import Gradebook

from ailit.errors import CourseError
from ailit.report.exports import export_all
from ailit.report.views import competency_records, district_view, teacher_view, trainer_view
from ailit.track.certification import CertificationRules, certification_status, load_rules
from ailit.track.frameworks import unesco_blocks
from ailit.track.ingest import ingest, load_mapping, source_for
from ailit.track.pseudonyms import load_key, pseudonym
from ailit.track.store import connect
from conftest import LAYOUT, MODULES
from tracker_support import PENDING, item, make_gradebook

BLOCKS = unesco_blocks(LAYOUT.frameworks)
RULES = CertificationRules(required_modules=("m02",))
ITEMS = [
    item("m01-a", "q1_tests", 4, ("3.1",)),
    item("m01-a", "q2_tests", 6, ("3.1", "1.1")),
    item("m01-a", "reflection_1", 5, ("1.1",), manual=True),
    item("m02-b", "q1_tests", 10, ("2.1",)),
]
FULL = {("m01-a", "q1_tests"): 4, ("m01-a", "q2_tests"): 6, ("m01-a", "reflection_1"): 5, ("m02-b", "q1_tests"): 10}


@pytest.fixture
def key(tmp_path, monkeypatch) -> bytes:
    monkeypatch.setenv("AILIT_TRACKER_KEY_FILE", str(tmp_path / "secret" / "tracker.key"))
    return load_key()


@pytest.fixture
def tracker(tmp_path):
    connection = connect(tmp_path / "tracker.duckdb")
    load_mapping(connection, ITEMS, BLOCKS, {})
    yield connection
    connection.close()


def status_of(connection, key, user: str, level: int = 1) -> pd.Series:
    table = certification_status(connection, RULES)
    return table[(table.teacher == pseudonym(key, user)) & (table.level == level)].iloc[0]


def mastery_of(connection, key, user: str) -> dict[str, float]:
    records = competency_records(connection)
    return dict(records[records.teacher == pseudonym(key, user)][["code", "mastery"]].itertuples(index=False))


# --- mastery from a gradebook that real nbgrader autograded ---------------------------------

@pytest.mark.slow
def test_mastery_from_real_autograded_submissions_matches_hand_computation(graded, tmp_path, key):
    m01 = next(m for m in MODULES if m.id == "m01")
    course_dir = graded(m01).course_dir
    connection = connect(tmp_path / "t.duckdb")
    from ailit.course.competencies import graded_items
    load_mapping(connection, graded_items(LAYOUT, m01), BLOCKS, {})
    ingest(connection, [source_for(course_dir / "gradebook.db", "real")], key)
    # m01 items: q1 3, q2 2, q3 2, q4 2 (3.1); q5 2 (3.1 and 1.1); reflection_1 3 (3.1, manual); reflection_2 3 (1.1, manual).
    # Reflections pending for answered notebooks; a blank reflection is scored 0 by nbgrader (not pending).
    assert mastery_of(connection, key, "solution") == pytest.approx({"3.1": 11 / 11, "1.1": 2 / 2})
    assert mastery_of(connection, key, "blank") == pytest.approx({"3.1": 0 / 14, "1.1": 0 / 5})
    assert mastery_of(connection, key, "wrong-q3_answer") == pytest.approx({"3.1": 9 / 11, "1.1": 2 / 2})


# --- certification edge cases ---------------------------------------------------------------

def test_exactly_at_the_mastery_threshold_certifies(tracker, key, tmp_path):
    # 3.1 evidence: q1 (4) + q2 (6) = 10 points; 7 earned = 0.70 exactly.
    scores = {**FULL, ("m01-a", "q1_tests"): 1, ("m01-a", "q2_tests"): 6}
    ingest(tracker, [source_for(make_gradebook(tmp_path / "g.db", ITEMS, {"ana": scores}), "c1")], key)
    assert mastery_of(tracker, key, "ana")["3.1"] == pytest.approx(0.7)
    assert status_of(tracker, key, "ana").certified


def test_just_below_the_threshold_gives_the_block_and_its_value(tracker, key, tmp_path):
    scores = {**FULL, ("m01-a", "q1_tests"): 0.9, ("m01-a", "q2_tests"): 6}
    ingest(tracker, [source_for(make_gradebook(tmp_path / "g.db", ITEMS, {"ana": scores}), "c1")], key)
    row = status_of(tracker, key, "ana")
    assert not row.certified and row.reasons == "3.1 at 0.69 < 0.70"


def test_pending_manual_grade_blocks_certification_until_graded(tracker, key, tmp_path):
    scores = {**FULL, ("m01-a", "reflection_1"): PENDING}
    ingest(tracker, [source_for(make_gradebook(tmp_path / "g.db", ITEMS, {"ana": scores}), "c1")], key)
    row = status_of(tracker, key, "ana")
    assert not row.certified and row.reasons == "1 manual item(s) not yet graded"


def test_missing_module_is_named(tracker, key, tmp_path):
    scores = {k: v for k, v in FULL.items() if k[0] != "m02-b"}
    ingest(tracker, [source_for(make_gradebook(tmp_path / "g.db", ITEMS, {"ana": scores}), "c1")], key)
    assert "m02 not submitted" in status_of(tracker, key, "ana").reasons


def test_required_module_below_the_pass_mark_is_named(tracker, key, tmp_path):
    scores = {**FULL, ("m02-b", "q1_tests"): 5}
    ingest(tracker, [source_for(make_gradebook(tmp_path / "g.db", ITEMS, {"ana": scores}), "c1")], key)
    assert "m02 at 0.50 < 0.60 (pass mark)" in status_of(tracker, key, "ana").reasons


def test_regrade_then_reingest_replaces_the_cohort_without_double_counting(tracker, key, tmp_path):
    url = make_gradebook(tmp_path / "g.db", ITEMS, {"ana": {**FULL, ("m01-a", "reflection_1"): PENDING}})
    ingest(tracker, [source_for(url, "c1")], key)
    with Gradebook(url) as gradebook:  # the trainer grades the reflection in formgrader
        grade = gradebook.find_grade("reflection_1", "m01-a", "m01-a", "ana")
        grade.manual_score, grade.needs_manual_grade = 4, False
        gradebook.db.commit()
    ingest(tracker, [source_for(url, "c1")], key)
    assert tracker.execute("SELECT count(*) FROM grades").fetchall()[0][0] == len(FULL)
    assert mastery_of(tracker, key, "ana")["1.1"] == pytest.approx((6 + 4) / (6 + 5))
    assert status_of(tracker, key, "ana").certified


def test_levels_without_items_in_the_course_are_not_certified(tracker, key, tmp_path):
    ingest(tracker, [source_for(make_gradebook(tmp_path / "g.db", ITEMS, {"ana": FULL}), "c1")], key)
    assert status_of(tracker, key, "ana", level=3).reasons == "no Create-level items in the course"


def test_certification_rules_file_with_an_unknown_module_names_it(tmp_path):
    path = tmp_path / "certification.yaml"
    path.write_text("required_modules: [m42]\n")
    with pytest.raises(CourseError, match=r"certification\.yaml: required_modules: m42 is not a module"):
        load_rules(path, known_modules={"m01"})


def test_certification_rules_file_with_an_unknown_rule_names_it(tmp_path):
    path = tmp_path / "certification.yaml"
    path.write_text("rules: [be_nice]\n")
    with pytest.raises(CourseError, match=r"certification\.yaml: rules\.0: 'be_nice' is not one of"):
        load_rules(path, known_modules=set())


# --- ingest: pseudonyms, unmapped cells, bad input, atomicity ---------------------------------

def test_teachers_are_pseudonymous_unless_names_are_asked_for(tracker, key, tmp_path):
    url = make_gradebook(tmp_path / "g.db", ITEMS, {"ana.lopez": FULL})
    ingest(tracker, [source_for(url, "c1")], key)
    assert tracker.execute("SELECT teacher, display_name FROM teachers").fetchall() == [(pseudonym(key, "ana.lopez"), None)]
    ingest(tracker, [source_for(url, "c1")], key, with_names=True)
    assert tracker.execute("SELECT display_name FROM teachers").fetchall() == [("First Ana.Lopez",)]


def test_the_database_holds_neither_usernames_nor_the_key(tmp_path, key):
    connection = connect(tmp_path / "t.duckdb")
    load_mapping(connection, ITEMS, BLOCKS, {})
    ingest(connection, [source_for(make_gradebook(tmp_path / "g.db", ITEMS, {"ana.lopez": FULL}), "c1")], key)
    connection.close()
    raw = (tmp_path / "t.duckdb").read_bytes()
    assert b"ana.lopez" not in raw and key.hex().encode() not in raw
    assert oct(os.stat(os.environ["AILIT_TRACKER_KEY_FILE"]).st_mode & 0o777) == "0o600"


def test_cells_without_a_competency_mapping_are_reported_not_dropped(tracker, key, tmp_path):
    foreign = ITEMS + [item("m01-a", "legacy_quiz", 2, ("3.1",))]
    url = make_gradebook(tmp_path / "g.db", foreign, {"ana": {**FULL, ("m01-a", "legacy_quiz"): 2}})
    [result] = ingest(tracker, [source_for(url, "c1")], key)
    assert result.unmapped_cells == 1
    assert trainer_view(tracker, RULES, "c1")["unmapped"].grade_id.tolist() == ["legacy_quiz"]
    assert mastery_of(tracker, key, "ana")["3.1"] == pytest.approx(1.0)


def test_a_sqlite_file_that_is_not_a_gradebook_is_named(tracker, key, tmp_path):
    path = tmp_path / "other.db"
    sqlite3.connect(path).execute("CREATE TABLE recipes (name TEXT)")
    with pytest.raises(CourseError, match=r"other\.db: not an nbgrader gradebook \(no table 'assignment'\)"):
        ingest(tracker, [source_for(path, "c1")], key)


def test_a_file_that_is_not_a_database_is_named(tracker, key, tmp_path):
    path = tmp_path / "notes.db"
    path.write_text("these are my notes\n" * 100)
    with pytest.raises(CourseError, match=r"notes\.db: cannot read the gradebook"):
        ingest(tracker, [source_for(path, "c1")], key)


def test_a_bad_gradebook_leaves_the_previous_state(tracker, key, tmp_path):
    ingest(tracker, [source_for(make_gradebook(tmp_path / "g.db", ITEMS, {"ana": FULL}), "c1")], key)
    before = competency_records(tracker)
    (tmp_path / "bad.db").write_text("not a database")
    changed = make_gradebook(tmp_path / "g2.db", ITEMS, {"bo": FULL})
    with pytest.raises(CourseError):
        ingest(tracker, [source_for(changed, "c1"), source_for(tmp_path / "bad.db", "c2")], key)
    pd.testing.assert_frame_equal(competency_records(tracker), before)


KILL_SCRIPT = """
import sys
from pathlib import Path
from ailit.track.ingest import ingest, source_for
from ailit.track.store import connect
paths = sorted(Path(sys.argv[2]).glob("cohort-*/gradebook.db"))
print("start", flush=True)
ingest(connect(Path(sys.argv[1])), [source_for(p, "c1" if i == 0 else p.parent.name) for i, p in enumerate(paths)], b"k", workers=1)
"""


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.3, 1.0, 2.0])
def test_kill_during_ingest_leaves_the_previous_or_the_complete_new_state(tmp_path, key, delay):
    from ailit.track.synthetic import empty_gradebook, synthetic_course, write_gradebook
    import time

    course = synthetic_course(modules=4, cells=5)
    template = empty_gradebook(tmp_path / "empty.db")
    for index in range(12):
        (tmp_path / "d" / f"cohort-{index:02d}").mkdir(parents=True)
        write_gradebook(tmp_path / "d" / f"cohort-{index:02d}" / "gradebook.db", template, course, [f"u{index}-{n}" for n in range(60)], seed=index)
    database = tmp_path / "t.duckdb"
    connection = connect(database)
    load_mapping(connection, course.items, BLOCKS, {})
    ingest(connection, [source_for(make_gradebook(tmp_path / "old.db", ITEMS, {"ana": FULL}), "c1")], b"k")
    state = "SELECT cohort, count(*), sum(score) FROM grades GROUP BY ALL ORDER BY ALL"
    before = connection.execute(state).fetchall()
    connection.close()
    shutil.copyfile(database, tmp_path / "complete.duckdb")
    subprocess.run([sys.executable, "-c", KILL_SCRIPT, str(tmp_path / "complete.duckdb"), str(tmp_path / "d")], check=True, capture_output=True)
    complete = connect(tmp_path / "complete.duckdb").execute(state).fetchall()
    runner = subprocess.Popen([sys.executable, "-c", KILL_SCRIPT, str(database), str(tmp_path / "d")], stdout=subprocess.PIPE, text=True)
    assert runner.stdout.readline().strip() == "start"
    time.sleep(delay)
    runner.kill()
    runner.wait()
    after = connect(database).execute(state).fetchall()
    assert after in (before, complete)


# --- views and exports ------------------------------------------------------------------------

def test_trainer_view_shows_completion_pending_grading_and_hardest_items(tracker, key, tmp_path):
    scores = {"ana": FULL, "bo": {**FULL, ("m01-a", "reflection_1"): PENDING, ("m01-a", "q1_tests"): 0}}
    ingest(tracker, [source_for(make_gradebook(tmp_path / "g.db", ITEMS, scores), "c1")], key)
    view = trainer_view(tracker, RULES, "c1")
    assert view["completion"].set_index("module").submitted.to_dict() == {"m01": 2, "m02": 2}
    assert view["pending_manual"].values.tolist() == [["m01-a", "reflection_1", 1]]
    assert view["hardest_items"].iloc[0].grade_id == "q1_tests"


def test_teacher_view_lists_competencies_and_what_is_left(tracker, key, tmp_path):
    scores = {"ana": {**FULL, ("m01-a", "reflection_1"): PENDING}}
    ingest(tracker, [source_for(make_gradebook(tmp_path / "g.db", ITEMS, scores), "c1")], key)
    view = teacher_view(tracker, RULES, pseudonym(key, "ana"))
    assert set(view["competencies"].code) == {"1.1", "2.1", "3.1"}
    assert view["competencies"].set_index("code").status["1.1"] == "pending grading"
    assert "manual item(s) not yet graded" in view["certification"].reasons.iloc[0]


def test_district_view_counts_certified_teachers_by_school(tracker, key, tmp_path):
    one = make_gradebook(tmp_path / "a.db", ITEMS, {"ana": FULL, "bo": {**FULL, ("m01-a", "q2_tests"): 0}})
    two = make_gradebook(tmp_path / "b.db", ITEMS, {"cy": FULL})
    ingest(tracker, [source_for(one, "c1", "North School", "2026-09-01"), source_for(two, "c2", "South School", "2026-10-01")], key)
    view = district_view(tracker, RULES)
    assert view["by_school"].set_index("school")[["teachers", "certified"]].to_dict("index") == {
        "North School": {"teachers": 2, "certified": 1}, "South School": {"teachers": 1, "certified": 1}}
    assert view["trend"].month.tolist() == ["2026-09", "2026-10"]
    assert list(view["heat_map"].columns) == ["1.1", "2.1", "3.1"]


def test_exports_are_utf8_bom_csv_parquet_and_heat_maps(tracker, key, tmp_path):
    ingest(tracker, [source_for(make_gradebook(tmp_path / "g.db", ITEMS, {"ana": FULL}), "c1")], key, with_names=True)
    out = export_all(tracker, RULES, tmp_path / "exports")
    assert (out / "competency_records.csv").read_bytes().startswith(b"\xef\xbb\xbf")
    assert pd.read_parquet(out / "certification.parquet").shape[0] == 3  # one row per level
    assert (out / "heat_map_c1.png").read_bytes()[:4] == b"\x89PNG" and (out / "heat_map_district.png").is_file()


def test_cli_ingest_of_a_non_gradebook_prints_one_line_and_exits_2(tmp_path, key):
    (tmp_path / "x.db").write_text("hello")
    result = subprocess.run([sys.executable, "-m", "ailit.cli", "--course", str(LAYOUT.root), "track", "--db", str(tmp_path / "t.duckdb"),
                             "ingest", str(tmp_path / "x.db")], capture_output=True, text=True)
    assert result.returncode == 2 and result.stderr.count("\n") == 1 and "x.db: cannot read the gradebook" in result.stderr
