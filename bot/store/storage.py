"""SQLite storage through sqlite-utils: conversations, messages, handoff cases, webhook events, audit.

People are stored under a keyed hash of channel + platform id (see `identity`); the raw platform
id is never written here.
"""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from dataclasses import asdict, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from bot.core.model import ConversationState, HandoffDecision, Outcome
from bot.store.migrations import MIGRATIONS, SCHEMA_VERSION


def iso(at: datetime) -> str:
    """Every stored time is UTC ISO-8601, so times compare correctly as text in SQL."""
    return at.astimezone(UTC).isoformat()


def state_to_json(state: ConversationState) -> str:
    data = asdict(state)
    data["needs"] = sorted(state.needs)
    data["people"] = sorted(state.people)
    data["offered_faq_ids"] = list(state.offered_faq_ids)
    data["signs_seen"] = list(state.signs_seen)
    return json.dumps(data, ensure_ascii=False)


def state_from_json(text: str | None) -> ConversationState:
    if not text:
        return ConversationState()
    data = json.loads(text)
    known = {key: value for key, value in data.items() if key in ConversationState.__dataclass_fields__}
    known["needs"] = frozenset(known.get("needs", ()))
    known["people"] = frozenset(known.get("people", ()))
    known["offered_faq_ids"] = tuple(known.get("offered_faq_ids", ()))
    known["signs_seen"] = tuple(known.get("signs_seen", ()))
    return ConversationState(**known)


class Storage:
    def __init__(self, path: Path | str):
        self.path = Path(path)
        if str(path) != ":memory:":
            self.path.parent.mkdir(parents=True, exist_ok=True)
        # One connection per Storage; webhooks and the scheduler share it from one event loop thread.
        connection = sqlite3.connect(str(path), check_same_thread=False, isolation_level=None)
        connection.execute("PRAGMA journal_mode=WAL")
        # Under WAL, NORMAL syncs at checkpoints instead of on every commit (an fsync per commit cost
        # 0.2 ms, ~70% of the database time under load). A killed process loses nothing committed;
        # only a power cut or OS crash can take back the last commits (see README, serve).
        connection.execute("PRAGMA synchronous=NORMAL")
        connection.execute("PRAGMA busy_timeout=5000")
        self.db = sqlite_utils.Database(connection)
        self.migrate()

    def migrate(self) -> int:
        self.table("meta").create({"key": str, "value": str}, pk="key", if_not_exists=True)
        version = int(self.meta("schema_version") or 0)
        for number, migration in enumerate(MIGRATIONS, start=1):
            if number > version:
                with self.db.conn:
                    migration(self.db)
                    self.set_meta("schema_version", str(number))
        return SCHEMA_VERSION

    @contextlib.contextmanager
    def transaction(self) -> Iterator[None]:
        """All or nothing. The outermost block takes the write lock at once (BEGIN IMMEDIATE), so a
        second process waits on busy_timeout instead of failing half-way; inner blocks are savepoints.
        No `await` may happen inside: coroutines share this one connection."""
        if self.db.conn.in_transaction:
            with self.db.atomic():
                yield
            return
        self.db.conn.execute("BEGIN IMMEDIATE")
        try:
            yield
        except BaseException:
            self.db.rollback()
            raise
        self.db.conn.execute("COMMIT")

    def table(self, name: str) -> sqlite_utils.db.Table:
        """A table (never a view), typed for the callers that insert and update."""
        return self.db.table(name)

    def meta(self, key: str) -> str | None:
        rows = list(self.db.query("select value from meta where key = ?", [key]))
        return rows[0]["value"] if rows else None

    def set_meta(self, key: str, value: str) -> None:
        self.table("meta").upsert({"key": key, "value": value}, pk="key")

    # conversations

    def load_state(self, conversation_id: str) -> ConversationState:
        rows = list(self.db.query("select state from conversations where id = ?", [conversation_id]))
        return state_from_json(rows[0]["state"]) if rows else ConversationState()

    def save_state(self, conversation_id: str, channel: str, state: ConversationState, at: datetime) -> None:
        # Plain SQL on the per-message path: sqlite-utils introspects the table (several queries) on
        # every insert and upsert, which was a third of the database time per message.
        self.db.execute(
            "insert into conversations (id, channel, state, created_at, updated_at) values (?, ?, ?, ?, ?) "
            "on conflict (id) do update set channel = excluded.channel, state = excluded.state, "
            "updated_at = excluded.updated_at",
            [conversation_id, channel, state_to_json(state), iso(at), iso(at)],
        )

    def channel_of(self, conversation_id: str) -> str | None:
        rows = list(self.db.query("select channel from conversations where id = ?", [conversation_id]))
        return rows[0]["channel"] if rows else None

    def update_state(self, conversation_id: str, at: datetime, **changes: Any) -> None:
        """Change a stored conversation's state from outside the core (a worker claimed or closed)."""
        channel = self.channel_of(conversation_id)
        if channel is not None:
            self.save_state(conversation_id, channel, replace(self.load_state(conversation_id), **changes), at)

    def save_address(self, conversation_id: str, sealed: str) -> None:
        self.table("conversations").update(conversation_id, {"address": sealed})

    def address(self, conversation_id: str) -> str | None:
        rows = list(self.db.query("select address from conversations where id = ?", [conversation_id]))
        return rows[0]["address"] if rows else None

    # messages

    def add_message(
        self, conversation_id: str, direction: str, kind: str, text: str, at: datetime, outcome: Outcome | None = None
    ) -> int:
        row: dict[str, Any] = {
            "conversation_id": conversation_id,
            "direction": direction,
            "kind": kind,
            "text": text,
            "at": iso(at),
        }
        if outcome is not None:
            row.update(
                rule_id=outcome.handoff.rule_id if outcome.handoff else None,
                faq_id=outcome.faq_id,
                score=outcome.score,
                answered=int(outcome.answered),
            )
        return self._insert("messages", row)

    def _insert(self, table: str, row: dict[str, Any]) -> int:
        """One row by plain SQL (see save_state); returns its rowid."""
        names = ", ".join(row)
        cursor = self.db.execute(
            f"insert into {table} ({names}) values ({', '.join('?' * len(row))})", list(row.values())
        )
        return int(cursor.lastrowid or 0)

    def messages(self, conversation_id: str, limit: int = 20) -> list[dict[str, Any]]:
        rows = self.db.query(
            "select * from messages where conversation_id = ? order by id desc limit ?", [conversation_id, limit]
        )
        return list(reversed(list(rows)))

    def unanswered(self, since: datetime | None = None) -> Iterator[dict[str, Any]]:
        where = "direction = 'in' and kind = 'text' and answered = 0"
        args: list[Any] = []
        if since is not None:
            where += " and at >= ?"
            args.append(iso(since))
        yield from self.db.query(f"select * from messages where {where} order by id", args)

    # cases

    def open_case(self, conversation_id: str, channel: str, decision: HandoffDecision, at: datetime) -> int:
        row = {
            "conversation_id": conversation_id,
            "channel": channel,
            "rule_id": decision.rule_id,
            "urgency": decision.urgency.value,
            "triggers": json.dumps(decision.triggers, ensure_ascii=False),
            "categories": json.dumps(decision.categories),
            "status": "open",
            "created_at": iso(at),
        }
        case_id = int(self.table("cases").insert(row).last_pk or 0)
        self.audit(case_id, "open", "bot", decision.rule_id, at)
        return case_id

    def active_case(self, conversation_id: str) -> dict[str, Any] | None:
        rows = list(
            self.db.query(
                "select * from cases where conversation_id = ? and status != 'closed' order by id desc limit 1",
                [conversation_id],
            )
        )
        return rows[0] if rows else None

    def case(self, case_id: int) -> dict[str, Any] | None:
        rows = list(self.db.query("select * from cases where id = ?", [case_id]))
        return rows[0] if rows else None

    def cases(self, status: str | None = None) -> list[dict[str, Any]]:
        if status:
            return list(self.db.query("select * from cases where status = ? order by id", [status]))
        return list(self.db.query("select * from cases order by id"))

    def update_case(self, case_id: int, **fields: Any) -> None:
        self.table("cases").update(case_id, fields)

    def claim_case(self, case_id: int, worker_id: str, name: str, at: datetime) -> bool:
        """The first claim wins: only an open case can be claimed, in one atomic update."""
        cursor = self.db.execute(
            "update cases set status = 'claimed', claimed_by = ?, claimed_by_name = ?, claimed_at = ? "
            "where id = ? and status = 'open'",
            [worker_id, name, iso(at), case_id],
        )
        return cursor.rowcount == 1

    def forget(self, conversation_id: str, at: datetime) -> dict[str, int]:
        """Erase what a person wrote and how to reach them. A case keeps only when and what kind of
        help it was (rule, urgency, categories), for the worker and the law; its trigger words go."""
        db = self.db
        with self.transaction():
            erased = {
                "messages": db.execute("delete from messages where conversation_id = ?", [conversation_id]).rowcount,
                "referrals": db.execute("delete from referrals where conversation_id = ?", [conversation_id]).rowcount,
                "conversations": db.execute("delete from conversations where id = ?", [conversation_id]).rowcount,
                "cases": db.execute(
                    "update cases set triggers = '[]' where conversation_id = ?", [conversation_id]
                ).rowcount,
                # Settled webhook events and sent messages too; what is still to be sent (the reply
                # confirming this erasure) goes out and is trimmed like any other once sent.
                "events": db.execute(
                    "delete from events where conversation = ? and status in ('done', 'failed')", [conversation_id]
                ).rowcount,
                "outbox": db.execute(
                    "delete from outbox where conversation = ? and status in ('done', 'failed')", [conversation_id]
                ).rowcount,
            }
            for case in db.query("select id from cases where conversation_id = ?", [conversation_id]):
                self.audit(case["id"], "forget", "person", "conversation erased", at)
        return erased

    def audit(self, case_id: int | None, action: str, actor: str, detail: str, at: datetime) -> None:
        self._insert("audit", {"at": iso(at), "case_id": case_id, "action": action, "actor": actor, "detail": detail})

    def audit_log(self, case_id: int | None = None) -> list[dict[str, Any]]:
        if case_id is None:
            return list(self.db.query("select * from audit order by id"))
        return list(self.db.query("select * from audit where case_id = ? order by id", [case_id]))

    def close(self) -> None:
        self.db.conn.close()
