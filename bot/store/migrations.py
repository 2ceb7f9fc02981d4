"""The SQLite schema, one numbered migration at a time; `Storage.migrate` runs those not run yet."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

import sqlite_utils

SCHEMA_VERSION = 8


def _add_column(db: sqlite_utils.Database, table: str, column: str, kind: type) -> None:
    """Idempotent, so a migration interrupted half-way can run again."""
    if column not in db.table(table).columns_dict:
        db.table(table).add_column(column, kind)


def _v1(db: sqlite_utils.Database) -> None:
    db.table("conversations").create(
        {"id": str, "channel": str, "state": str, "created_at": str, "updated_at": str}, pk="id", if_not_exists=True
    )
    db.table("messages").create(
        {
            "id": int,
            "conversation_id": str,
            "direction": str,
            "kind": str,
            "text": str,
            "at": str,
            "rule_id": str,
            "faq_id": str,
            "score": float,
            "answered": int,
        },
        pk="id",
        if_not_exists=True,
    )
    db.table("messages").create_index(["conversation_id", "at"], if_not_exists=True)
    db.table("cases").create(
        {
            "id": int,
            "conversation_id": str,
            "channel": str,
            "rule_id": str,
            "urgency": str,
            "triggers": str,
            "categories": str,
            "status": str,
            "created_at": str,
            "claimed_by": str,
            "claimed_at": str,
            "closed_at": str,
        },
        pk="id",
        if_not_exists=True,
    )


def _v2(db: sqlite_utils.Database) -> None:
    db.table("events").create(
        {
            "id": str,
            "channel": str,
            "body": str,
            "received_at": str,
            "processed_at": str,
            "status": str,
            "attempts": int,
        },
        pk="id",
        if_not_exists=True,
    )
    db.table("audit").create(
        {"id": int, "at": str, "case_id": int, "action": str, "actor": str, "detail": str}, pk="id", if_not_exists=True
    )


def _v3(db: sqlite_utils.Database) -> None:
    _add_column(db, "events", "error", str)


def _v4(db: sqlite_utils.Database) -> None:
    """The worker side: sealed addresses, who claimed a case, relayed message ids, jobs, referrals."""
    _add_column(db, "conversations", "address", str)
    for column, kind in (("claimed_by_name", str), ("escalations", int), ("notified_at", str)):
        _add_column(db, "cases", column, kind)
    db.table("relays").create(
        {"channel": str, "chat_id": str, "message_id": str, "case_id": int},
        pk=("channel", "chat_id", "message_id"),
        if_not_exists=True,
    )
    db.table("jobs").create(
        {"id": str, "kind": str, "run_at": str, "payload": str, "status": str, "created_at": str, "done_at": str},
        pk="id",
        if_not_exists=True,
    )
    db.table("jobs").create_index(["status", "run_at"], if_not_exists=True)
    db.table("referrals").create(
        {
            "id": int,
            "conversation_id": str,
            "services": str,
            "created_at": str,
            "checkin_at": str,
            "answer": str,
            "answered_at": str,
        },
        pk="id",
        if_not_exists=True,
    )


def _v5(db: sqlite_utils.Database) -> None:
    """Jobs retry in-process with backoff and say why they failed."""
    _add_column(db, "jobs", "attempts", int)
    _add_column(db, "jobs", "error", str)


QUEUE_COLUMNS: dict[str, type] = {
    "conversation": str,
    "lease_owner": str,
    "lease_until": float,
    "next_at": float,
    "doubt": int,
}


def _v6(db: sqlite_utils.Database) -> None:
    """Events and the outbox are durable queues (see `queue`): claimed under a lease, kept in order
    per conversation. Times here are wall-clock epoch seconds, as leases are about live processes."""
    for column, kind in {**QUEUE_COLUMNS, "received": float}.items():  # received: wall clock, for LINE tokens
        _add_column(db, "events", column, kind)
    db.execute("update events set next_at = 0, conversation = id where next_at is null")
    db.table("outbox").create(
        {
            "id": str,
            "channel": str,
            "target": str,
            "replies": str,
            "reply_token": str,
            "token_until": float,
            "callback_id": str,
            "case_id": int,
            "status": str,
            "attempts": int,
            "progress": int,
            "error": str,
            "created_at": str,
            "sent_at": float,
            **QUEUE_COLUMNS,
        },
        pk="id",
        if_not_exists=True,
    )
    for table in ("events", "outbox"):
        db.table(table).create_index(["status", "channel"], if_not_exists=True)
        db.table(table).create_index(["conversation", "status"], if_not_exists=True)


def _v7(db: sqlite_utils.Database) -> None:
    """Claiming walks only the active items of a channel, in arrival order, and stops at the first
    one free to run: O(items running) per claim, not O(backlog) plus a sort (a burst of 3,000
    events made every claim cost milliseconds)."""
    for table in ("events", "outbox"):
        db.execute(
            f"create index if not exists {table}_active on {table} (channel) where status in ('pending', 'running')"
        )


def _v8(db: sqlite_utils.Database) -> None:
    """Jobs are items of the one durable queue too: claimed under a wall-clock lease, due at `next_at`,
    epoch seconds on the injected business clock (converted from `run_at`, which goes). A job left
    'running' by a crash had no lease and was stuck for good; it is taken again now, in doubt."""
    for column, kind in {**QUEUE_COLUMNS, "channel": str}.items():
        _add_column(db, "jobs", column, kind)
    if "run_at" in db.table("jobs").columns_dict:
        for job_id, run_at in db.execute("select id, run_at from jobs where next_at is null").fetchall():
            due = datetime.fromisoformat(run_at).timestamp() if run_at else 0.0
            db.execute("update jobs set next_at = ? where id = ?", [due, job_id])
        db.execute("drop index if exists idx_jobs_status_run_at")
        db.execute("alter table jobs drop column run_at")
    db.execute("update jobs set channel = 'jobs', conversation = id, doubt = 0 where channel is null")
    db.execute("update jobs set lease_until = 0 where status = 'running' and lease_until is null")
    db.execute("create index if not exists jobs_active on jobs (channel) where status in ('pending', 'running')")


MIGRATIONS: tuple[Callable[[sqlite_utils.Database], None], ...] = (_v1, _v2, _v3, _v4, _v5, _v6, _v7, _v8)
