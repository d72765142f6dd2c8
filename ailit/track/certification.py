"""Certification: an ordered list of small rules, each giving the reason a teacher does not yet meet it.

Rules are named in certification.yaml and evaluated per teacher and per UNESCO level
(1 Acquire, 2 Deepen, 3 Create); a teacher is certified at a level when no rule gives a reason.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

import duckdb
import jsonschema
import pandas as pd
import yaml

from ailit.errors import CourseError
from ailit.track.scoring import EPSILON, create_views

LEVEL_NAMES = {1: "Acquire", 2: "Deepen", 3: "Create"}


@dataclass(frozen=True)
class CertificationRules:
    mastery_threshold: float = 0.7
    pass_mark: float = 0.6
    rules: tuple[str, ...] = ("all_modules_submitted", "blocks_mastered", "required_modules_passed", "manual_items_graded")
    level: int = 1
    required_modules: tuple[str, ...] = ()
    weights: dict[str, float] = field(default_factory=dict)


# Each rule: SQL giving (cohort, teacher, level, reason) for every teacher who does not meet it.
def all_modules_submitted(r: CertificationRules) -> str:
    return """SELECT cohort, teacher, l.level, module || ' not submitted' AS reason
              FROM module_scores, levels l WHERE NOT submitted"""


def blocks_mastered(r: CertificationRules) -> str:
    return f"""SELECT cohort, teacher, level, code || ' at ' || printf('%.2f', coalesce(mastery, 0)) || ' < ' || printf('%.2f', {r.mastery_threshold}) AS reason
               FROM mastery WHERE coalesce(mastery, 0) < {r.mastery_threshold} - {EPSILON}
               UNION ALL
               SELECT t.cohort, t.teacher, l.level, 'no ' || l.name || '-level items in the course' AS reason
               FROM teachers t, levels l WHERE l.level NOT IN (SELECT DISTINCT level FROM mastery)"""


def required_modules_passed(r: CertificationRules) -> str:
    modules = ", ".join(f"'{m}'" for m in r.required_modules) or "NULL"
    return f"""SELECT cohort, teacher, l.level, module || ' at ' || printf('%.2f', coalesce(share, 0)) || ' < ' || printf('%.2f', {r.pass_mark}) || ' (pass mark)' AS reason
               FROM module_scores, levels l
               WHERE module IN ({modules}) AND submitted AND coalesce(share, 0) < {r.pass_mark} - {EPSILON}"""


def manual_items_graded(r: CertificationRules) -> str:
    return """SELECT cohort, teacher, l.level, sum(pending_items) || ' manual item(s) not yet graded' AS reason
              FROM module_scores, levels l GROUP BY ALL HAVING sum(pending_items) > 0"""


RULES: dict[str, Callable[[CertificationRules], str]] = {
    rule.__name__: rule for rule in (all_modules_submitted, blocks_mastered, required_modules_passed, manual_items_graded)
}

SCHEMA = {
    "type": "object",
    "additionalProperties": False,
    "properties": {
        "mastery_threshold": {"type": "number", "minimum": 0, "maximum": 1},
        "pass_mark": {"type": "number", "minimum": 0, "maximum": 1},
        "rules": {"type": "array", "items": {"enum": list(RULES)}, "uniqueItems": True},
        "level": {"enum": [1, 2, 3]},
        "required_modules": {"type": "array", "items": {"type": "string", "pattern": r"^m\d{2}$"}},
        "weights": {"type": "object", "additionalProperties": {"type": "number", "exclusiveMinimum": 0}},
    },
}


def load_rules(path: Path, known_modules: set[str] | None = None) -> CertificationRules:
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8")) or {}
    except FileNotFoundError:
        raise CourseError(f"{path}: file not found") from None
    except yaml.YAMLError:
        raise CourseError(f"{path}: not valid YAML") from None
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(SCHEMA).iter_errors(data))
    if error is not None:
        where = ".".join(str(p) for p in error.absolute_path) or "(top level)"
        raise CourseError(f"{path}: {where}: {error.message}")
    unknown = sorted(set(data.get("required_modules", [])) - (known_modules or set())) if known_modules is not None else []
    if unknown:
        raise CourseError(f"{path}: required_modules: {unknown[0]} is not a module of this course")
    for key in ("rules", "required_modules"):
        if key in data:
            data[key] = tuple(data[key])
    return CertificationRules(**data)


def unmet_reasons(connection: duckdb.DuckDBPyConnection, rules: CertificationRules) -> pd.DataFrame:
    """Every (cohort, teacher, level, rule, reason) not yet met, in rule order."""
    create_views(connection)
    levels = " UNION ALL ".join(f"SELECT {n} AS level, '{name}' AS name" for n, name in LEVEL_NAMES.items())
    connection.execute(f"CREATE OR REPLACE TEMP VIEW levels AS {levels}")
    parts = [f"SELECT cohort, teacher, level, {i} AS rule_order, '{name}' AS rule, reason FROM ({RULES[name](rules)})"
             for i, name in enumerate(rules.rules)]
    if not parts:
        return pd.DataFrame(columns=["cohort", "teacher", "level", "rule_order", "rule", "reason"])
    return connection.execute(" UNION ALL ".join(parts) + " ORDER BY cohort, teacher, level, rule_order, reason").df()


def certification_status(connection: duckdb.DuckDBPyConnection, rules: CertificationRules) -> pd.DataFrame:
    """One row per teacher and level: certified or not, with every reason joined in rule order."""
    reasons = unmet_reasons(connection, rules)
    connection.register("unmet", reasons)
    try:
        return connection.execute("""
            SELECT t.cohort, t.teacher, t.display_name, l.level, l.name AS level_name,
                   count(u.reason) = 0 AS certified,
                   coalesce(string_agg(u.reason, '; ' ORDER BY u.rule_order, u.reason), '') AS reasons
            FROM teachers t CROSS JOIN levels l
            LEFT JOIN unmet u ON u.cohort = t.cohort AND u.teacher = t.teacher AND u.level = l.level
            GROUP BY ALL ORDER BY t.cohort, t.teacher, l.level""").df()
    finally:
        connection.unregister("unmet")
