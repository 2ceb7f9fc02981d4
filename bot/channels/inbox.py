"""Webhook events: stored in SQLite before the platform gets its 200, handled once, in order.

Events are items of the durable queue (`queue`): workers per platform claim them atomically under
a lease, so several processes on one database never handle one twice, and one conversation's
events are handled in the order they came. An event id seen before (a redelivery) is acknowledged
and not stored again. The handler marks the event done inside the transaction that records the
conversation step and its replies (`finish`), so a crash either leaves the event to do again with
nothing recorded, or done with its replies in the outbox: never both, never neither.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from typing import Any

from bot.store.crew import Crew
from bot.store.queue import LeaseLost, Queue, Retry
from bot.store.storage import Storage, iso

log = logging.getLogger(__name__)
MAX_ATTEMPTS = 5
RETRY = Retry(timedelta(seconds=1), timedelta(minutes=1), MAX_ATTEMPTS)  # a bug or a locked database, not a platform

Finish = Callable[[], None]
Handler = Callable[[dict[str, Any], Finish], Awaitable[None]]


@dataclass
class Inbox:
    storage: Storage
    owner: str
    handler: Handler
    channels: Iterable[str] = ()
    workers: int = 2
    lease_seconds: float = 60.0
    poll_seconds: float = 0.5
    clock: Callable[[], datetime] = lambda: datetime.now(UTC)  # the business clock: retention counts on it
    _crew: Crew | None = None

    @property
    def queue(self) -> Queue:
        return Queue(self.storage, "events", self.owner, self.lease_seconds, RETRY)

    @property
    def crew(self) -> Crew:
        if self._crew is None:
            self._crew = Crew(self.queue, self.handle, self.poll_seconds)
        return self._crew

    def accept(self, event_id: str, channel: str, body: str, conversation: str) -> bool:
        """Store one event; False when it was stored before (so it must not be answered twice)."""
        stored = self.queue.add(
            event_id, channel, conversation, body=body, received_at=iso(self.clock()), received=time.time()
        )
        if not stored:
            log.info("duplicate event %s acknowledged, not handled again", event_id)
            return False
        self.crew.wake(channel)
        return True

    def start(self) -> None:
        self.crew.start(self.channels, self.workers)

    async def stop(self) -> None:
        await self.crew.stop()

    async def handle(self, row: dict[str, Any]) -> None:
        def finish() -> None:
            # Handled: only the id is still needed (to refuse a redelivery); the body held raw platform ids.
            self.queue.settle(row["id"], "done", processed_at=datetime.now(UTC).isoformat(), error=None, body="{}")

        try:
            await self.handler(row, finish)
            if self.queue.status(row["id"]) == "running":  # the handler needed no transaction (nothing to answer)
                finish()
        except LeaseLost as lost:
            log.warning("%s: another worker has it", lost)
        except Exception as error:  # noqa: BLE001 - one bad event must not stop the others; kept with its error
            if self.queue.status(row["id"]) == "done":  # committed before the failure: nothing to do again
                log.exception("event %s: failed after it was recorded as done", row["id"])
                return
            log.exception("event %s failed (attempt %s)", row["id"], row["attempts"])
            self.queue.retry_later(row, f"{type(error).__name__}: {error}")

    def busy(self) -> int:
        return self.queue.busy()
