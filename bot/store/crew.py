"""The workers of one queue (`queue`): per channel, one claiming loop handing items to tasks."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from bot.store.queue import LeaseLost, Queue

log = logging.getLogger(__name__)


@dataclass
class Crew:
    """The workers of one queue: per channel, one loop claims items and hands each to a task of its
    own, at most `size` at once. One claimer, not `size` claiming workers: a wake-up then costs one
    claim rather than one per idle worker (a herd of misses per message at 64 senders). An idle loop
    sleeps until woken (an item was added here) or `poll_seconds` pass (another process added one,
    a backoff ran out, a lease expired)."""

    queue: Queue
    handle: Callable[[dict[str, Any]], Awaitable[None]]
    poll_seconds: float
    wakes: dict[str, asyncio.Event] = field(default_factory=dict)
    tasks: list[asyncio.Task[None]] = field(default_factory=list)
    working: set[asyncio.Task[None]] = field(default_factory=set)

    def wake(self, channel: str) -> None:
        self.wakes.setdefault(channel, asyncio.Event()).set()

    def start(self, channels: Iterable[str], size: int) -> None:
        self.queue.release_dead()
        for channel in channels:
            name = f"{self.queue.table}-{channel}"
            self.tasks.append(asyncio.create_task(self._run(channel, max(size, 1)), name=name))

    async def stop(self) -> None:
        for task in [*self.tasks, *self.working]:
            task.cancel()
        await asyncio.gather(*self.tasks, *self.working, return_exceptions=True)
        self.tasks.clear()
        self.working.clear()

    async def _run(self, channel: str, size: int) -> None:
        wake = self.wakes.setdefault(channel, asyncio.Event())
        slots = asyncio.Semaphore(size)
        while True:
            await slots.acquire()
            row = self.queue.claim(channel)
            if row is None:
                slots.release()
                wake.clear()  # no await since the claim: a wake-up cannot slip in between
                try:
                    await asyncio.wait_for(wake.wait(), self.poll_seconds)
                except TimeoutError:
                    pass
                continue
            task = asyncio.create_task(self._one(row, slots))
            self.working.add(task)
            task.add_done_callback(self.working.discard)

    async def _one(self, row: dict[str, Any], slots: asyncio.Semaphore) -> None:
        try:
            await self.handle(row)
        except LeaseLost as lost:
            log.warning("%s: another worker has it", lost)
        except Exception:  # noqa: BLE001 - the handlers settle their own failures; the loop must go on
            log.exception(
                "%s %s: unexpected failure; its lease will run out and it is tried again",
                self.queue.table,
                row.get("id"),
            )
        finally:
            slots.release()
