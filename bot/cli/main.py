"""The `madoguchi` command (also `python -m bot`)."""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from typing import Any

from bot.cli.common import EXIT_BAD_CONFIG, load_or_refuse, parse_at
from bot.config.settings import load_settings
from bot.core.hours import TOKYO
from bot.core.knowledge import Knowledge
from bot.core.model import ConversationState, Message, Outcome, Reply, ServiceSuggestion
from bot.core.pipeline import respond


def answer_json(text: str, at: datetime, knowledge: Knowledge) -> dict[str, Any]:
    """The contract used by tests outside this repo: one fresh first contact."""
    outcome = respond(Message(text=text, at=at, channel="cli"), ConversationState(), knowledge)
    handoff = outcome.handoff
    return {
        "handoff": handoff is not None,
        "urgency": handoff.urgency.value if handoff else None,
        "rule": handoff.rule_id if handoff else None,
        "triggers": list(handoff.triggers) if handoff else [],
        "faq_id": outcome.faq_id,
        "score": round(outcome.score, 2) if outcome.score is not None else None,
        "reply": _seen_text(outcome),
        "choices": [choice.label for reply in outcome.replies for choice in reply.choices],
        "services": suggestions_summary(outcome.services),
        "asked_about_risk": outcome.asked_about_risk,
    }


def suggestions_summary(found: tuple[ServiceSuggestion, ...]) -> list[dict[str, object]]:
    return [{"id": s.service_id, "name": s.name, "phone": s.phone, "open_now": s.open_now} for s in found]


def _seen_text(outcome: Outcome) -> str:
    """Everything the person would see: each reply's text and the labels of its buttons."""

    def shown(reply: Reply) -> str:
        return "\n".join([reply.text, *(f"［{choice.label}］" for choice in reply.choices)])

    return "\n\n".join(shown(reply) for reply in outcome.replies)


def cmd_ask(args: argparse.Namespace) -> int:
    knowledge = load_or_refuse(load_settings()).current
    assert knowledge is not None
    at = parse_at(args.at)
    lines = sys.stdin if args.text == ["-"] else [" ".join(args.text)]
    for line in lines:
        text = line.rstrip("\n")
        if args.explain:
            _explain(text, knowledge)
            continue
        result = answer_json(text, at, knowledge)
        if args.json:
            sys.stdout.write(json.dumps(result, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(result["reply"] + "\n")
        sys.stdout.flush()
    return 0


def _explain(text: str, knowledge: Knowledge) -> None:
    from bot.cli.explain import explain

    sys.stdout.write(explain(text, knowledge) + "\n")


def cmd_cases(args: argparse.Namespace) -> int:
    from bot.channels.outbox import undelivered
    from bot.store.storage import Storage

    storage = Storage(load_settings().db_path)
    rows = storage.cases(args.status)
    if args.json:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
        return 0
    sys.stdout.write(f"{'#':>5}  {'status':8} {'urgency':9} {'rule':20} {'channel':9} {'created (UTC)':26} worker\n")
    for row in rows:
        sys.stdout.write(
            f"{row['id']:>5}  {row['status']:8} {row['urgency']:9} {row['rule_id']:20} {row['channel']:9} "
            f"{row['created_at'][:26]:26} {row.get('claimed_by_name') or ''}\n"
        )
    for line in undelivered(storage):
        sys.stdout.write(f"! {line}\n")
    if args.audit:
        for entry in storage.audit_log():
            sys.stdout.write(
                f"  audit {entry['at'][:19]} #{entry['case_id'] or '-'} {entry['action']} "
                f"{entry['actor']} {entry['detail']}\n"
            )
    return 0


def cmd_forget(args: argparse.Namespace) -> int:
    """An admin erases a person's conversation (what they wrote and their sealed address)."""
    from bot.store.storage import Storage

    storage = Storage(load_settings().db_path)
    conversation = args.conversation
    if args.case is not None:
        case = storage.case(args.case)
        if case is None:
            sys.stderr.write(f"no case #{args.case}\n")
            return 1
        conversation = case["conversation_id"]
    erased = storage.forget(conversation, datetime.now(TOKYO))
    sys.stdout.write(" ".join(f"{table}={count}" for table, count in erased.items()) + "\n")
    return 0


def cmd_search(args: argparse.Namespace) -> int:
    import time

    from bot.cli.search_cmd import CorpusError, load_corpus, search_lines

    settings = load_settings()
    started = time.perf_counter()
    try:
        matcher, ids = load_corpus(args.corpus, settings.base_dir) if args.corpus else (None, None)
    except (CorpusError, OSError) as error:
        sys.stderr.write(f"madoguchi search: {error}\n")
        return EXIT_BAD_CONFIG
    if matcher is None:
        knowledge = load_or_refuse(settings).current
        assert knowledge is not None
        matcher = knowledge.matcher
    if args.verbose:
        sys.stderr.write(f"loaded {len(matcher.entries)} entries in {time.perf_counter() - started:.2f}s\n")
    queries = (line.rstrip("\n") for line in sys.stdin) if args.text == ["-"] else iter([" ".join(args.text)])
    for line in search_lines(matcher, queries, args.top, ids, as_json=args.json):
        sys.stdout.write(line + "\n")
        sys.stdout.flush()
    return 0


def cmd_chat(args: argparse.Namespace) -> int:
    from bot.channels.frontdoor import FrontDoor
    from bot.cli.console import run_chat
    from bot.store.identity import load_or_create_key
    from bot.store.storage import Storage

    settings = load_settings()
    store = load_or_refuse(settings)
    storage = Storage(settings.db_path)
    door = FrontDoor(store, storage, load_or_create_key(settings.key_path))
    run_chat(door, input, sys.stdout, user=args.user)
    storage.close()
    return 0


def build_parser() -> argparse.ArgumentParser:
    from bot.cli import admin_cli, serve_cmd

    parser = argparse.ArgumentParser(prog="madoguchi", description="窓口: a night-time front door to welfare help")
    commands = parser.add_subparsers(dest="command", required=True)
    _add_conversation_commands(commands)
    admin_cli.add_commands(commands)
    _add_case_commands(commands)
    serve_cmd.add_commands(commands)
    return parser


def _add_conversation_commands(commands: Any) -> None:
    """chat, ask and search: talking to the bot and its matcher from a terminal."""
    chat = commands.add_parser("chat", help="talk to the bot in this terminal (state kept in SQLite)")
    chat.add_argument("--user", default="local", help="who is talking (a new name starts a new conversation)")
    chat.set_defaults(run=cmd_chat)
    ask = commands.add_parser("ask", help="answer one message as a fresh first contact ('-' reads stdin)")
    ask.add_argument("--json", action="store_true", help="one JSON object per message")
    ask.add_argument("--at", help="the clock, ISO-8601 (default: now, Asia/Tokyo)")
    ask.add_argument("--explain", action="store_true", help="show the FAQ candidates, scores and rules")
    ask.add_argument("text", nargs="+")
    ask.set_defaults(run=cmd_ask)
    search = commands.add_parser("search", help="rank FAQ entries for queries ('-' reads stdin, one per line)")
    search.add_argument("--top", type=int, default=5)
    search.add_argument("--json", action="store_true", help='one line per query: {"query", "results": [...]}')
    search.add_argument("--corpus", type=Path, help='another FAQ set: JSON lines {"id", "question", "answer"}')
    search.add_argument("--verbose", action="store_true", help="print the load time on stderr")
    search.add_argument("text", nargs="+")
    search.set_defaults(run=cmd_search)


def _add_case_commands(commands: Any) -> None:
    """cases and forget: what admins do with handoff cases and a person's conversation."""
    cases = commands.add_parser("cases", help="list handoff cases (open, claimed, closed)")
    cases.add_argument("--status", choices=["open", "claimed", "closed"])
    cases.add_argument("--json", action="store_true", help="one JSON object per case")
    cases.add_argument("--audit", action="store_true", help="also print the audit log")
    cases.set_defaults(run=cmd_cases)
    forget = commands.add_parser("forget", help="erase one person's conversation (text and address)")
    which = forget.add_mutually_exclusive_group(required=True)
    which.add_argument("--case", type=int, help="the conversation of this case number")
    which.add_argument("--conversation", help="a conversation id as `cases --json` shows it")
    forget.set_defaults(run=cmd_forget)


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.run(args) or 0)


if __name__ == "__main__":
    raise SystemExit(main())
