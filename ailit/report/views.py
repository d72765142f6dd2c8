"""What each audience sees: a teacher, a trainer for one cohort, a district across cohorts.

Every view is a set of DataFrames (so a notebook, a test and the CLI share them); the CLI only
formats them.
"""
from __future__ import annotations

import duckdb
import pandas as pd

from ailit.errors import CourseError
from ailit.track.certification import CertificationRules, certification_status
from ailit.track.scoring import create_views

AT_RISK_BELOW = 0.5  # mean block mastery under which a teacher is flagged to the trainer


def competency_records(connection: duckdb.DuckDBPyConnection) -> pd.DataFrame:
    """Long format: one row per cohort, teacher and competency block."""
    create_views(connection)
    return connection.execute("""
        SELECT m.cohort, c.school, m.teacher, t.display_name, m.code, b.name AS block, m.dimension, m.level,
               m.earned, m.possible, m.mastery, m.pending_items
        FROM mastery m JOIN blocks b USING (code) JOIN cohorts c USING (cohort)
        JOIN teachers t ON t.cohort = m.cohort AND t.teacher = m.teacher
        ORDER BY m.cohort, m.teacher, m.code""").df()


def teacher_view(connection: duckdb.DuckDBPyConnection, rules: CertificationRules, teacher: str) -> dict[str, pd.DataFrame]:
    records = competency_records(connection)
    mine = records[records.teacher == teacher]
    if mine.empty:
        raise CourseError(f"{teacher}: no such teacher in the tracker (give the pseudonym shown in the trainer view, or --hub-user)")
    mine = mine.assign(status=[
        "pending grading" if p else ("mastered" if (m or 0) >= rules.mastery_threshold - 1e-9 else "not yet")
        for m, p in zip(mine.mastery, mine.pending_items)])
    status = certification_status(connection, rules)
    return {
        "competencies": mine[["cohort", "code", "block", "mastery", "pending_items", "status"]].reset_index(drop=True),
        "certification": status[status.teacher == teacher][["cohort", "level_name", "certified", "reasons"]].reset_index(drop=True),
    }


def trainer_view(connection: duckdb.DuckDBPyConnection, rules: CertificationRules, cohort: str) -> dict[str, pd.DataFrame]:
    if not connection.execute("SELECT count(*) FROM cohorts WHERE cohort = ?", [cohort]).fetchall()[0][0]:
        raise CourseError(f"{cohort}: no such cohort in the tracker")
    create_views(connection)
    q = lambda sql: connection.execute(sql, [cohort]).df()  # noqa: E731
    completion = q("""SELECT module, count(*) FILTER (WHERE submitted) AS submitted, count(*) AS teachers,
                      round(100.0 * count(*) FILTER (WHERE submitted) / count(*), 1) AS percent
                      FROM module_scores WHERE cohort = ? GROUP BY module ORDER BY module""")
    distribution = q(f"""SELECT code, any_value(b.name) AS block, round(avg(mastery), 2) AS mean,
                         round(quantile_cont(mastery, 0.25), 2) AS q25, round(median(mastery), 2) AS median,
                         round(quantile_cont(mastery, 0.75), 2) AS q75,
                         round(100.0 * avg(CASE WHEN mastery >= {rules.mastery_threshold} - 1e-9 THEN 1 ELSE 0 END), 1) AS percent_mastered
                         FROM mastery JOIN blocks b USING (code) WHERE cohort = ? GROUP BY code ORDER BY code""")
    hardest = q("""SELECT g.assignment, g.grade_id, count(*) AS graded, round(avg(g.score / nullif(g.max_score, 0)), 2) AS mean_share
                   FROM grades g WHERE g.cohort = ? AND NOT g.pending GROUP BY ALL ORDER BY mean_share, g.assignment, g.grade_id LIMIT 5""")
    status = certification_status(connection, rules)
    mine = status[(status.cohort == cohort) & (status.level == rules.level)]
    means = q("SELECT teacher, avg(mastery) AS mean_mastery FROM mastery WHERE cohort = ? GROUP BY teacher")
    at_risk = mine.merge(means, on="teacher")
    at_risk = at_risk[~at_risk.certified & ((at_risk.mean_mastery < AT_RISK_BELOW) | at_risk.reasons.str.contains("not submitted"))]
    pending = q("""SELECT assignment, grade_id, count(*) AS waiting FROM grades WHERE cohort = ? AND pending
                   GROUP BY ALL ORDER BY assignment, grade_id""")
    return {
        "certification": mine[["teacher", "display_name", "certified", "reasons"]].reset_index(drop=True),
        "completion": completion,
        "mastery": distribution,
        "hardest_items": hardest,
        "at_risk": at_risk[["teacher", "display_name", "mean_mastery", "reasons"]].round(2).reset_index(drop=True),
        "pending_manual": pending,
        "unmapped": q("SELECT assignment, notebook, grade_id, grade_rows FROM unmapped WHERE cohort = ? ORDER BY ALL"),
    }


def district_view(connection: duckdb.DuckDBPyConnection, rules: CertificationRules) -> dict[str, pd.DataFrame]:
    status = certification_status(connection, rules)
    status = status[status.level == rules.level]
    cohorts = connection.execute("SELECT cohort, coalesce(school, '(no school)') AS school, started FROM cohorts").df()
    joined = status.merge(cohorts, on="cohort")
    by_cohort = joined.groupby(["cohort", "school"], as_index=False).agg(teachers=("teacher", "size"), certified=("certified", "sum"))
    by_cohort["percent"] = (100 * by_cohort.certified / by_cohort.teachers).round(1)
    by_school = joined.groupby("school", as_index=False).agg(cohorts=("cohort", "nunique"), teachers=("teacher", "size"), certified=("certified", "sum"))
    by_school["percent"] = (100 * by_school.certified / by_school.teachers).round(1)
    create_views(connection)
    heat = connection.execute("SELECT cohort, code, round(avg(mastery), 3) AS mean_mastery FROM mastery GROUP BY ALL").df()
    heat_map = heat.pivot(index="cohort", columns="code", values="mean_mastery") if not heat.empty else heat
    dated = joined.dropna(subset=["started"])
    trend = (dated.assign(month=pd.to_datetime(dated.started).dt.to_period("M").astype(str))
             .groupby("month", as_index=False).agg(teachers=("teacher", "size"), certified=("certified", "sum")))
    trend["percent"] = (100 * trend.certified / trend.teachers).round(1) if not trend.empty else []
    return {"by_cohort": by_cohort, "by_school": by_school, "heat_map": heat_map, "trend": trend}
