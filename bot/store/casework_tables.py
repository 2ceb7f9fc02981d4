"""The worker side's tables: relays (which chat message belongs to which case), referrals (the
next-day check-in), cases by time, and the retention purge. Every statement on them lives here."""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.store.storage import Storage, iso


class CaseworkTables:
    def __init__(self, storage: Storage):
        self.storage = storage
        self.db = storage.db

    def mark_notified(self, case_id: int, at: datetime) -> None:
        """The first confirmed delivery to a workers' chat; later ones keep the first time."""
        self.db.execute("update cases set notified_at = coalesce(notified_at, ?) where id = ?", [iso(at), case_id])

    def add_relay(self, channel: str, chat_id: str, message_id: str, case_id: int) -> None:
        self.storage.table("relays").upsert(
            {"channel": channel, "chat_id": chat_id, "message_id": message_id, "case_id": case_id},
            pk=("channel", "chat_id", "message_id"),
        )

    def case_of_relay(self, channel: str, chat_id: str, message_id: str) -> int | None:
        row = self.db.execute(
            "select case_id from relays where channel = ? and chat_id = ? and message_id = ?",
            [channel, chat_id, message_id],
        ).fetchone()
        return int(row[0]) if row else None

    def cases_since(self, since: datetime) -> list[dict[str, Any]]:
        return list(self.db.query("select * from cases where created_at > ? order by id", [iso(since)]))

    def last_answered_faq(self, conversation_id: str) -> str | None:
        row = self.db.execute(
            "select faq_id from messages where conversation_id = ? and faq_id is not null order by id desc limit 1",
            [conversation_id],
        ).fetchone()
        return str(row[0]) if row else None

    def add_referral(self, conversation_id: str, faq_id: str | None, at: datetime) -> int:
        table = self.storage.table("referrals").insert(
            {"conversation_id": conversation_id, "services": json.dumps(faq_id), "created_at": iso(at)}
        )
        assert table.last_pk is not None  # an insert into a table with an integer key always has one
        return int(table.last_pk)

    def referral(self, referral_id: int) -> dict[str, Any] | None:
        rows = list(self.db.query("select * from referrals where id = ?", [referral_id]))
        return rows[0] if rows else None

    def mark_checkin_sent(self, referral_id: int, at: datetime) -> None:
        self.storage.table("referrals").update(referral_id, {"checkin_at": iso(at)})

    def answer_checkin(self, conversation_id: str, answer: str, at: datetime) -> None:
        """The answer goes to the latest check-in that was sent and not yet answered."""
        row = self.db.execute(
            "select id from referrals where conversation_id = ? and checkin_at is not null and answer is null "
            "order by id desc limit 1",
            [conversation_id],
        ).fetchone()
        if row:
            self.storage.table("referrals").update(row[0], {"answer": answer, "answered_at": iso(at)})

    def purge_before(self, cutoff: str) -> tuple[int, int, int, int]:
        """Retention: message text erased; settled events, outgoing messages and jobs deleted (their ids
        only guard against a redelivery, which comes within days, not months). Returns the counts."""
        erased = self.db.execute("update messages set text = '' where at < ? and text != ''", [cutoff]).rowcount
        events = self.db.execute(
            "delete from events where received_at < ? and status in ('done', 'failed')", [cutoff]
        ).rowcount
        sent = self.db.execute(
            "delete from outbox where created_at < ? and status in ('done', 'failed')", [cutoff]
        ).rowcount
        due_before = datetime.fromisoformat(cutoff).timestamp()  # jobs are due in epoch seconds
        jobs = self.db.execute(
            "delete from jobs where next_at < ? and status in ('done', 'failed')", [due_before]
        ).rowcount
        return erased, events, sent, jobs
