"""``ailit track ...``: ingest gradebooks and show the teacher, trainer and district views."""
from __future__ import annotations

import argparse
from pathlib import Path

import pandas as pd
import yaml
from tabulate import tabulate

from ailit.course.layout import CourseLayout
from ailit.errors import CourseError
from ailit.text import t


def print_view(view: dict[str, pd.DataFrame]) -> None:
    for name, table in view.items():
        print(f"\n{t('track.' + name)}")
        if table.empty:
            print(f"  {t('track.none')}")
        else:
            print(tabulate(table.fillna(""), headers="keys", tablefmt="rounded_outline", showindex=name == "heat_map"))


def _sources(args) -> list:
    from ailit.track.ingest import CohortSource, source_for

    sources = [source_for(g, args.cohort, args.school, args.started) for g in args.gradebooks]
    if args.cohorts:
        path = Path(args.cohorts)
        try:
            entries = yaml.safe_load(path.read_text(encoding="utf-8")) or []
            sources += [CohortSource(str(e["cohort"]), str(e["gradebook"]), e.get("school"), e.get("started") and str(e["started"])) for e in entries]
        except (OSError, yaml.YAMLError, KeyError, TypeError) as exc:
            raise CourseError(f"{path}: not a cohorts file (a list of cohort, gradebook, school, started): {exc}") from None
    if not sources:
        raise CourseError(t("track.no_sources"))
    return sources


def _open(layout: CourseLayout, args, read_only: bool):
    from ailit.track.course_mapping import sync_course
    from ailit.track.store import connect, default_path

    connection = connect(Path(args.db) if args.db else default_path(layout.root))
    return connection, sync_course(connection, layout)


def run(layout: CourseLayout, args) -> int:
    from ailit.report import views
    from ailit.report.exports import export_all
    from ailit.track.ingest import ingest
    from ailit.track.pseudonyms import load_key, pseudonym

    connection, rules = _open(layout, args, read_only=False)
    try:
        if args.track_verb == "ingest":
            results = ingest(connection, _sources(args), load_key(), with_names=args.names)
            print(tabulate([(r.cohort, r.teachers, r.grade_rows, r.unmapped_cells) for r in results], headers=t("track.ingest_headers").split("|")))
            for r in results:
                if r.unmapped_cells:
                    print(t("track.unmapped_warning", cohort=r.cohort, count=r.unmapped_cells))
        elif args.track_verb == "teacher":
            teacher = pseudonym(load_key(), args.hub_user) if args.hub_user else args.teacher
            print_view(views.teacher_view(connection, rules, teacher))
        elif args.track_verb == "trainer":
            print_view(views.trainer_view(connection, rules, args.cohort_name))
        elif args.track_verb == "district":
            print_view(views.district_view(connection, rules))
        elif args.track_verb == "export":
            print(t("track.exported", path=export_all(connection, rules, Path(args.out))))
    finally:
        connection.close()
    return 0


def add_parser(verbs) -> None:
    track = verbs.add_parser("track", help=t("track.help"))
    track.add_argument("--db", help=t("track.db_help"))
    sub = track.add_subparsers(dest="track_verb", required=True)
    ingest = sub.add_parser("ingest", help=t("track.ingest_help"))
    ingest.add_argument("gradebooks", nargs="*", help=t("track.gradebooks_help"))
    ingest.add_argument("--cohort", help=t("track.cohort_help"))
    ingest.add_argument("--school")
    ingest.add_argument("--started", help="YYYY-MM-DD")
    ingest.add_argument("--cohorts", help=t("track.cohorts_help"))
    ingest.add_argument("--names", action="store_true", help=t("track.names_help"))
    teacher = sub.add_parser("teacher", help=t("track.teacher_help"))
    teacher.add_argument("teacher", nargs="?", help=t("track.pseudonym_help"))
    teacher.add_argument("--hub-user", help=t("track.hub_user_help"))
    trainer = sub.add_parser("trainer", help=t("track.trainer_help"))
    trainer.add_argument("cohort_name", metavar="cohort")
    sub.add_parser("district", help=t("track.district_help"))
    export = sub.add_parser("export", help=t("track.export_help"))
    export.add_argument("out")
