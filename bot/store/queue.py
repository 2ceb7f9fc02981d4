"""One durable queue pattern for webhook events and outgoing messages (jobs follow the same design).

An item is a row with a status, a lease (owner, until), attempts and the time it may next run.
Claiming is one atomic `UPDATE … RETURNING`, so several workers (and several processes on one
database) never take the same item. Items of one conversation are taken strictly in order: an item
waits while an earlier one of its conversation is pending or running. A lease that ran out (its
process died) makes the item claimable again, flagged `doubt`: the dead process may have half done it.

Leases and retry times are wall-clock epoch seconds, not the injected business clock: they are about
whether a process is alive, and a frozen fake clock in tests must not freeze them.
"""

from __future__ import annotations

import asyncio
import logging
import os
import socket
import time
import uuid
from collections.abc import Awaitable, Callable, Iterable
from dataclasses import dataclass, field
from datetime import timedelta
from typing import Any

from bot.store.storage import Storage

log = logging.getLogger(__name__)
ACTIVE = ("pending", "running")


def backoff(attempts: int, first: timedelta, cap: timedelta) -> timedelta:
    """first, 2×first, 4×first … capped: a failing item is tried again soon, then less often."""
    return min(first * (2 ** max(attempts - 1, 0)), cap)


def new_owner() -> str:
    """Who holds a lease: host, process and a random part (a restarted process is someone else)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class LeaseLost(RuntimeError):
    """Another worker took the item (our lease ran out): our work on it must not be committed."""


@dataclass(frozen=True)
class Queue:
    storage: Storage
    table: str
    owner: str
    lease_seconds: float

    def claim(self, channel: str) -> dict[str, Any] | None:
        """The oldest item of `channel` that is due and first in its conversation, or None."""
        now = time.time()
        cursor = self.storage.db.execute(
            f"update {self.table} set status = 'running', lease_owner = :owner, lease_until = :until, "
            f"attempts = coalesce(attempts, 0) + 1, doubt = coalesce(doubt, 0) or status = 'running' "
            f"where rowid = (select q.rowid from {self.table} q indexed by {self.table}_active "
            f"where q.channel = :channel and q.status in ('pending', 'running') and q.next_at <= :now "
            f"and (q.status = 'pending' or (q.status = 'running' and q.lease_until < :now)) "
            f"and not exists (select 1 from {self.table} p where p.conversation = q.conversation "
            f"and p.status in ('pending', 'running') and p.rowid < q.rowid) order by q.rowid limit 1) "
            f"returning *",
            {"owner": self.owner, "until": now + self.lease_seconds, "channel": channel, "now": now},
        )
        row = cursor.fetchone()
        return dict(zip([d[0] for d in cursor.description], row, strict=True)) if row is not None else None

    def settle(self, item_id: str, status: str, **fields: Any) -> None:
        """Finish our attempt (done, failed, or pending again); raises LeaseLost if the item is no longer ours."""
        self._update_leased(item_id, {"status": status, "lease_owner": None, "lease_until": None, **fields})

    def _update_leased(self, item_id: str, changes: dict[str, Any]) -> None:
        """Only while we hold the lease: a worker whose lease ran out must not overwrite the new owner."""
        assignments = ", ".join(f"{column} = :{column}" for column in changes)
        cursor = self.storage.db.execute(
            f"update {self.table} set {assignments} where id = :item and lease_owner = :owner and status = 'running'",
            {**changes, "item": item_id, "owner": self.owner},
        )
        if cursor.rowcount != 1:
            raise LeaseLost(f"{self.table} {item_id} is no longer leased by {self.owner}")

    def retry_later(self, item: dict[str, Any], error: str, wait: float, max_attempts: int, doubt: bool = False) -> str:
        """Pending again after `wait` seconds, or failed for good after `max_attempts`; returns the status."""
        attempts = int(item["attempts"] or 0)
        status = "failed" if attempts >= max_attempts else "pending"
        # Doubt is sticky: once an attempt may have half-succeeded, every later attempt must know it.
        self.settle(
            item["id"],
            status,
            error=error[:500],
            next_at=time.time() + wait,
            doubt=int(doubt or bool(item.get("doubt"))),
        )
        return status

    def extend(self, item_id: str, **fields: Any) -> None:
        """Record progress and keep the lease (a long delivery must not look like a dead process)."""
        self._update_leased(item_id, {"lease_until": time.time() + self.lease_seconds, **fields})

    def release_dead(self) -> int:
        """At start: leases held by processes of this host that no longer run are over now, rather
        than when they time out (a restart after kill -9 picks up at once). A reused pid only delays."""
        host = socket.gethostname()
        released = 0
        for (owner,) in self.storage.db.execute(
            f"select distinct lease_owner from {self.table} where status = 'running'"
        ).fetchall():
            name, _, rest = str(owner).partition(":")
            pid = rest.partition(":")[0]
            if name == host and pid.isdigit() and not _alive(int(pid)):
                released += self.storage.db.execute(
                    f"update {self.table} set lease_until = 0 where lease_owner = ? and status = 'running'", [owner]
                ).rowcount
        return released

    def busy(self) -> int:
        """Items still to do (pending or running, due or not): zero means everything is settled."""
        rows = self.storage.db.execute(f"select count(*) from {self.table} where status in ('pending', 'running')")
        return int(rows.fetchone()[0])


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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True
