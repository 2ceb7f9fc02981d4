"""Outgoing messages: recorded in SQLite before they are sent, marked sent after, never lost.

An item is written in the same transaction as whatever caused it (a conversation step), under a
key that stays the item's for life, so LINE's `X-Line-Retry-Key` is fixed per message, not per
attempt. Senders take items from the durable queue (`queue`): per platform, several at once, one
conversation's items in order. A failed call is retried with backoff up to a limit, then kept as
`failed` with its error and logged (`madoguchi cases` lists them); a permanent error (400, 403) is
not retried. A restart resends only what was not confirmed, from the first unconfirmed call.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.channels.base import Channel, OutItem, Verdict
from bot.config.settings import Policy
from bot.core.model import Choice, Reply
from bot.store.crew import Crew
from bot.store.identity import seal, unseal
from bot.store.queue import LeaseLost, Queue, Retry
from bot.store.storage import Storage, iso

log = logging.getLogger(__name__)
REPLY_TOKEN_TRUSTED = 50.0  # seconds: LINE keeps a reply token about a minute; younger ones cannot have expired

OnSent = Callable[[dict[str, Any], list[str]], None]
OnFailed = Callable[[dict[str, Any], str], None]


def replies_to_json(replies: tuple[Reply, ...]) -> str:
    return json.dumps(
        [{"text": r.text, "choices": [[c.label, c.data] for c in r.choices]} for r in replies], ensure_ascii=False
    )


def replies_from_json(text: str) -> tuple[Reply, ...]:
    return tuple(
        Reply(r["text"], tuple(Choice(label, data) for label, data in r["choices"])) for r in json.loads(text or "[]")
    )


@dataclass
class Outbox:
    storage: Storage
    key: bytes
    owner: str
    channels: Mapping[str, Channel] = field(default_factory=dict)
    policy: Policy = Policy()
    on_sent: list[OnSent] = field(default_factory=list)
    on_failed: list[OnFailed] = field(default_factory=list)  # given up for good
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # the business clock: retention counts on it
    _crew: Crew | None = None

    @property
    def queue(self) -> Queue:
        policy = self.policy
        retry = Retry(timedelta(seconds=policy.first_wait), timedelta(seconds=policy.max_wait), policy.max_attempts)
        return Queue(self.storage, "outbox", self.owner, policy.lease_seconds, retry)

    def enqueue(
        self,
        key: str,
        channel: str,
        target: str,
        replies: tuple[Reply, ...],
        *,
        lane: str,
        reply_token: str = "",
        token_until: float = 0.0,
        callback_id: str = "",
        case_id: int | None = None,
    ) -> bool:
        """Record one item (inside the caller's transaction); False if the key was recorded before."""
        added = self.queue.add(
            key,
            channel,
            lane,
            target=seal(self.key, target),
            replies=replies_to_json(replies),
            reply_token=reply_token or None,
            token_until=token_until,
            callback_id=callback_id or None,
            case_id=case_id,
            progress=0,
            created_at=iso(self.clock()),
        )
        self.wake(channel)
        return added

    def send(
        self, destination: str, replies: tuple[Reply, ...], *, key: str, lane: str, case_id: int | None = None
    ) -> None:
        """To `telegram:<chat id>` or `line:<id>` (the desk's destinations), in order with `lane`."""
        channel, _, target = destination.partition(":")
        if channel not in self.channels:
            log.error("no channel to reach a %s destination; nothing recorded", channel)
            return
        self.enqueue(key, channel, target, replies, lane=lane, case_id=case_id)

    @property
    def crew(self) -> Crew:
        if self._crew is None:
            self._crew = Crew(self.queue, self.deliver, self.policy.poll_seconds)
        return self._crew

    def wake(self, channel: str) -> None:
        self.crew.wake(channel)

    def start(self) -> None:
        self.crew.start(self.channels, self.policy.senders)

    async def stop(self) -> None:
        await self.crew.stop()

    async def deliver(self, row: dict[str, Any]) -> None:
        item = self._item(row)
        if item is None:
            self.queue.settle(row["id"], "failed", error="the destination cannot be unsealed (key changed?)")
            log.error("outbox %s: destination cannot be unsealed; not sent", row["id"])
            return
        channel = self.channels[row["channel"]]
        ids: list[str] = []

        def progress(count: int, sent: list[str]) -> None:
            ids.extend(sent)
            self.queue.extend(row["id"], progress=count)

        try:
            await channel.deliver(item, progress)
        except LeaseLost:
            raise  # the crew logs it; the new owner carries on
        except Exception as error:  # noqa: BLE001 - classified: retried with backoff or kept as failed
            self._failed(row, channel.classify(error), error)
            return
        # Sent: the reply token and the texts are no longer needed (the conversation keeps its own copy).
        with self.storage.transaction():
            self.queue.settle(row["id"], "done", sent_at=time.time(), reply_token=None, replies="[]", error=None)
            for hook in self.on_sent:
                hook(row, ids)

    def _item(self, row: dict[str, Any]) -> OutItem | None:
        target = unseal(self.key, row["target"] or "")
        if target is None:
            return None
        return OutItem(
            row["id"],
            target,
            replies_from_json(row["replies"]),
            int(row["progress"] or 0),
            row["reply_token"] or "",
            time.time() < float(row["token_until"] or 0),
            row["callback_id"] or "",
            bool(row["doubt"]),
        )

    def _failed(self, row: dict[str, Any], verdict: Verdict, error: Exception) -> None:
        """Retry after a backoff, or give up (permanent, or out of attempts) and tell the hooks, in one
        transaction so a crash cannot give up silently."""
        reason = f"{type(error).__name__}: {error}"
        if verdict.doubt:
            log.warning("outbox %s: %s; the platform may have delivered it, retrying (in doubt)", row["id"], reason)
        with self.storage.transaction():
            status = self.queue.retry_later(
                row, reason, at_least=verdict.wait, give_up=verdict.permanent, doubt=verdict.doubt
            )
            if status == "pending":
                return
            log.error(
                "outbox %s to %s given up after %s attempt(s): %s", row["id"], row["channel"], row["attempts"], reason
            )
            for hook in self.on_failed:
                hook(row, reason)


def undelivered(storage: Storage) -> list[str]:
    """For admins (`madoguchi cases`): every message given up on, every event that could not be
    handled, and every message that may have gone out twice. No text, no platform id."""
    outbox, events = Queue(storage, "outbox", "", 0.0), Queue(storage, "events", "", 0.0)
    lines = [
        f"undelivered {row['id']} {row['channel']} case={row['case_id'] or '-'} attempts={row['attempts']} "
        f"{row['error']}"
        for row in outbox.items("failed")
    ]
    lines += [
        f"unhandled event {row['id']} attempts={row['attempts']} {row['error']}" for row in events.items("failed")
    ]
    lines += [
        f"in doubt {row['id']} {row['channel']}: an interrupted send was retried; it may have arrived twice"
        for row in outbox.items("done", doubt=1, channel="telegram")
    ]
    return lines
