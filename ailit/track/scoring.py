"""Mastery per teacher and competency block, and module scores, computed inside DuckDB.

Mastery of a block = weighted earned / weighted possible points over every graded item of the
course tagged with it. Work not submitted counts as 0 of its points (the evidence is missing);
a manual item counts only once a trainer has graded it, and until then is shown as pending.
"""
from __future__ import annotations

import duckdb

EPSILON = 1e-9  # "exactly at the threshold" passes despite floating-point division

VIEWS = """
CREATE OR REPLACE TEMP VIEW item_results AS
SELECT t.cohort, t.teacher, m.module, m.assignment, m.grade_id, m.code, m.weight, m.manual,
       coalesce(g.pending, false) AS pending, coalesce(g.score, 0) AS score,
       coalesce(g.max_score, m.points) AS max_score, g.grade_id IS NOT NULL AS submitted
FROM teachers t CROSS JOIN mapping m
LEFT JOIN grades g ON g.cohort = t.cohort AND g.teacher = t.teacher
                  AND g.assignment = m.assignment AND g.grade_id = m.grade_id;

CREATE OR REPLACE TEMP VIEW mastery AS
SELECT r.cohort, r.teacher, r.code, b.dimension, b.level,
       sum(CASE WHEN pending THEN 0 ELSE weight * score END) AS earned,
       sum(CASE WHEN pending THEN 0 ELSE weight * max_score END) AS possible,
       CASE WHEN possible > 0 THEN earned / possible END AS mastery,
       count(*) FILTER (WHERE pending) AS pending_items
FROM item_results r JOIN blocks b ON b.code = r.code
GROUP BY ALL;

CREATE OR REPLACE TEMP VIEW module_scores AS
SELECT cohort, teacher, module, assignment,
       bool_or(submitted) AS submitted,
       sum(CASE WHEN pending THEN 0 ELSE score END) AS earned,
       sum(CASE WHEN pending THEN 0 ELSE max_score END) AS possible,
       CASE WHEN possible > 0 THEN earned / possible END AS share,
       count(*) FILTER (WHERE pending) AS pending_items
FROM (SELECT DISTINCT cohort, teacher, module, assignment, grade_id, pending, score, max_score, submitted FROM item_results)
GROUP BY ALL;
"""


def create_views(connection: duckdb.DuckDBPyConnection) -> None:
    connection.execute(VIEWS)
