"""The ``ailit`` command: a thin layer over functions a notebook or a test can call."""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

from tabulate import tabulate

from ailit.errors import CourseError
from ailit.text import t


def _course(args):
    from ailit.course.layout import find_course

    return find_course(Path(args.course) if args.course else None)


def cmd_check(args) -> int:
    from ailit.build.check import check_course

    summary = check_course(_course(args))
    print(t("cli.check_ok", modules=len(summary.modules), items=len(summary.items)))
    return 0


def cmd_build(args) -> int:
    from ailit.build.check import check_course
    from ailit.build.release import build_release, release_drift

    layout = _course(args)
    summary = check_course(layout)
    modules = [m for m in summary.modules if not args.module or m.id in args.module]
    if args.check:
        drift = [name for module in modules for name in release_drift(layout, module)]
        for name in drift:
            print(t("cli.drift", name=name))
        print(t("cli.in_sync") if not drift else t("cli.out_of_sync", count=len(drift)))
        return 1 if drift else 0
    for module in modules:
        print(t("cli.built", path=build_release(layout, module).relative_to(layout.root)))
    return 0


def cmd_competencies(args) -> int:
    from ailit.build.check import check_course

    items = check_course(_course(args)).items
    rows = [(i.module, i.grade_id, f"{i.points:g}", t("cli.manual") if i.manual else t("cli.auto"), ", ".join(i.competencies)) for i in items]
    print(tabulate(rows, headers=t("cli.competency_headers").split("|")))
    return 0


def cmd_demo(args) -> int:
    from ailit.demo import run_demo
    from ailit.track.cli import print_view

    layout = _course(args)
    out = Path(args.out) if args.out else layout.root / "out" / "demo-cohort"
    result = run_demo(layout, out)
    for assignment, table in result.tables.items():
        print(f"\n{t('cli.scores_for', assignment=assignment)}")
        print(tabulate(table.fillna(""), headers="keys", tablefmt="rounded_outline", showindex=False))
    print_view(result.trainer)
    print(t("track.exported", path=result.exports))
    failed = [o for o in result.outcomes if not o.ok]
    for outcome in failed:
        print(t("cli.grading_failed", teacher=outcome.teacher, assignment=outcome.assignment, message=outcome.message))
    print(t("cli.demo_done", course=result.course_dir, db=result.db_url))
    return 1 if failed else 0


def cmd_models(args) -> int:
    from ailit.models.loaders import load_causal_lm, load_embedder
    from ailit.models.registry import spec
    from ailit.models.smollm2_cache import ensure_cached

    ensure_cached(spec("smollm2"), rebuild=args.rebuild)
    for name in ("tiny", "smollm2"):
        lm, _ = load_causal_lm(name)
        print(t("cli.model_ready", name=name, parameters=sum(p.numel() for p in lm.parameters())))
    encoder, _ = load_embedder()
    print(t("cli.model_ready", name="embeddings", parameters=sum(p.numel() for p in encoder.parameters())))
    return 0


def cmd_train(args) -> int:
    from ailit.models.train_tiny_gpt import TrainingSettings, train

    summary = train(Path(args.out) if args.out else None, TrainingSettings(steps=args.steps, seed=args.seed))
    print(t("cli.trained", **{k: summary[k] for k in ("parameters", "corpus_tokens", "final_loss", "seconds")}))
    return 0


def cmd_track(args) -> int:
    from ailit.track.cli import run

    return run(_course(args), args)


def parser() -> argparse.ArgumentParser:
    main = argparse.ArgumentParser(prog="ailit", description=t("cli.description"))
    main.add_argument("--course", help=t("cli.course_help"))
    verbs = main.add_subparsers(dest="verb", required=True)
    verbs.add_parser("check", help=t("cli.check_help")).set_defaults(run=cmd_check)
    build = verbs.add_parser("build", help=t("cli.build_help"))
    build.add_argument("--check", action="store_true", help=t("cli.build_check_help"))
    build.add_argument("--module", action="append", help=t("cli.module_help"))
    build.set_defaults(run=cmd_build)
    verbs.add_parser("competencies", help=t("cli.competencies_help")).set_defaults(run=cmd_competencies)
    demo = verbs.add_parser("demo", help=t("cli.demo_help"))
    demo.add_argument("--out", help=t("cli.out_help"))
    demo.set_defaults(run=cmd_demo)
    models = verbs.add_parser("models", help=t("cli.models_help"))
    models.add_argument("--rebuild", action="store_true", help=t("cli.rebuild_help"))
    models.set_defaults(run=cmd_models)
    train = verbs.add_parser("train-tiny-gpt", help=t("cli.train_help"))
    train.add_argument("--steps", type=int, default=800)
    train.add_argument("--seed", type=int, default=0)
    train.add_argument("--out", help=t("cli.train_out_help"))
    train.set_defaults(run=cmd_train)
    from ailit.track.cli import add_parser

    add_parser(verbs)
    verbs.choices["track"].set_defaults(run=cmd_track)
    return main


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from ailit.models.registry import ModelUnavailable

    try:
        return args.run(args)
    except (CourseError, ModelUnavailable) as exc:
        print(t("cli.error", message=exc), file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
