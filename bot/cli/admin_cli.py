"""The admin commands of `madoguchi`: `check` and `report` (unanswered messages, content status)."""

from __future__ import annotations

import argparse
import json
import sys
from typing import Any

from bot.cli.common import load_or_refuse, parse_at, print_problems
from bot.config.content import Ages
from bot.config.settings import load_settings
from bot.config.stores import KnowledgeStore


def _ages(args: argparse.Namespace) -> Ages:
    return Ages(hours=args.stale_days, phones=args.stale_days, facts=args.stale_facts_days)


def cmd_check(args: argparse.Namespace) -> int:
    from bot.config.checks import run_checks

    result = run_checks(load_settings(), parse_at(args.today).date(), _ages(args))
    print_problems(result.problems)
    for warning in result.warnings:
        sys.stdout.write(f"{warning}\n")
    sys.stdout.write(result.summary + "\n")
    return 1 if result.problems else 0


def cmd_report(args: argparse.Namespace) -> int:
    if args.kind == "content":
        return _report_content(args)
    from bot.cli.report_cmd import cluster_unanswered, render
    from bot.store.storage import Storage

    settings = load_settings()
    since = parse_at(args.since) if args.since else None
    storage = Storage(settings.db_path)
    clusters = cluster_unanswered(storage.unanswered(since))
    store = KnowledgeStore(settings.base_dir)
    store.reload()
    if args.json:
        for cluster in clusters:
            sys.stdout.write(json.dumps(cluster.as_dict(store.current), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render(clusters, store.current) + "\n")
    return 0


def _report_content(args: argparse.Namespace) -> int:
    from bot.config.content import audit, render_report

    knowledge = load_or_refuse(load_settings()).current
    assert knowledge is not None
    findings = audit(knowledge, parse_at(args.today).date(), _ages(args))
    if args.json:
        for finding in findings:
            sys.stdout.write(json.dumps(finding.as_dict(), ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(render_report(findings) + "\n")
    return 0


def add_age_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--today", help="the date facts are aged against (default: today, Asia/Tokyo)")
    parser.add_argument("--stale-days", type=int, default=180, help="hours and phones older than this are stale")
    parser.add_argument("--stale-facts-days", type=int, default=365, help="other facts older than this are stale")


def add_commands(commands: Any) -> None:
    """check and report: what admins run on the files they edit and on the database."""
    check = commands.add_parser("check", help="validate faq/, services/ and handoff_rules.yaml")
    add_age_options(check)
    check.set_defaults(run=cmd_check)
    report = commands.add_parser("report", help="reports for admins")
    report.add_argument(
        "kind",
        choices=["unanswered", "content"],
        help="unanswered: what people asked without an answer; content: unconfirmed and stale facts",
    )
    report.add_argument("--since", help="only messages since this date or time (ISO-8601)")
    report.add_argument("--json", action="store_true")
    add_age_options(report)
    report.set_defaults(run=cmd_report)
