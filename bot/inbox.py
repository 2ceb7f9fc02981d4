"""Webhook events: stored in SQLite before the platform gets its 200, processed after, once.

An event id seen before (a redelivery, or a retry by the platform) is acknowledged and not processed
again, also across a restart. Events left pending or failed by a crash are taken up again on start.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import UTC, datetime

from bot.storage import Storage

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5

Processor = Callable[[str], Awaitable[None]]


class Inbox:
    def __init__(self, storage: Storage, processors: Mapping[str, Processor]):
        self.storage = storage
        self.processors = processors
        self.queue: asyncio.Queue[str] = asyncio.Queue()
        self._worker: asyncio.Task[None] | None = None

    def accept(self, event_id: str, channel: str, body: str) -> bool:
        """Store one event; False when it was already stored (so it must not be answered twice)."""
        table = self.storage.table("events")
        if table.count_where("id = ?", [event_id]):
            log.info("duplicate event %s acknowledged, not processed again", event_id)
            return False
        now = datetime.now(UTC).isoformat()
        table.insert({"id": event_id, "channel": channel, "body": body, "received_at": now,
                      "status": "pending", "attempts": 0})
        if self._worker is not None:  # before start, `start` queues every pending event once
            self.queue.put_nowait(event_id)
        return True

    def start(self) -> None:
        for row in self.storage.db.query(
            "select id from events where status = 'pending' or (status = 'failed' and attempts < ?) order by rowid",
            [MAX_ATTEMPTS],
        ):
            self.queue.put_nowait(row["id"])
        self._worker = asyncio.create_task(self._run(), name="madoguchi-inbox")

    async def stop(self) -> None:
        if self._worker is not None:
            self._worker.cancel()
            try:
                await self._worker
            except asyncio.CancelledError:
                pass

    async def drain(self) -> None:
        """Wait until every accepted event has been processed (for tests and graceful shutdown)."""
        await self.queue.join()

    async def _run(self) -> None:
        while True:
            event_id = await self.queue.get()
            try:
                await self._process(event_id)
            finally:
                self.queue.task_done()

    async def _process(self, event_id: str) -> None:
        query = "select channel, body, status, attempts from events where id = ?"
        rows = list(self.storage.db.query(query, [event_id]))
        if not rows or rows[0]["status"] == "done":
            return
        row = rows[0]
        attempts = int(row["attempts"] or 0) + 1
        try:
            await self.processors[row["channel"]](row["body"])
        except Exception as error:  # noqa: BLE001 - one bad event must not stop the others
            log.exception("event %s failed (attempt %d)", event_id, attempts)
            self.storage.table("events").update(event_id, {"status": "failed", "attempts": attempts,
                                                        "error": f"{type(error).__name__}: {error}"})
            return
        self.storage.table("events").update(event_id, {"status": "done", "attempts": attempts,
                                                    "processed_at": datetime.now(UTC).isoformat()})
