"""Bring the course's cell-to-competency mapping, UNESCO blocks and certification rules into the tracker."""
from __future__ import annotations

import duckdb

from ailit.build.check import check_course
from ailit.course.layout import CourseLayout
from ailit.track.certification import CertificationRules, load_rules
from ailit.track.frameworks import unesco_blocks
from ailit.track.ingest import load_mapping


def sync_course(connection: duckdb.DuckDBPyConnection, layout: CourseLayout) -> CertificationRules:
    """Load the mapping from the instructor notebooks and return the course's certification rules."""
    summary = check_course(layout)
    rules = load_rules(layout.root / "certification.yaml", known_modules={m.id for m in summary.modules})
    load_mapping(connection, summary.items, unesco_blocks(layout.frameworks), rules.weights)
    return rules
