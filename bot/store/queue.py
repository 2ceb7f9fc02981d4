"""One durable queue for webhook events, outgoing messages and scheduled jobs.

An item is a row with a status, a lease (owner, until), attempts and the time it becomes due.
Claiming is one atomic `UPDATE … RETURNING`, so several workers (and several processes on one
database) never take the same item. Items of one conversation are taken strictly in order: an item
waits while an earlier one of its conversation is pending or running. A lease that ran out (its
process died) makes the item claimable again, flagged `doubt`: the dead process may have half done it.

Leases are wall-clock epoch seconds, never the injected business clock: they are about whether a
process is alive, and a frozen fake clock in tests must not freeze them. Due times (`next_at`) are
on the queue's own clock: wall-clock for events and messages (a retry is about a platform coming
back), the injected business clock for jobs (an escalation is due five minutes after the case on
the clock the case was opened by). A failed item waits by one backoff rule (`Retry`) on that clock.
"""

from __future__ import annotations

import logging
import os
import socket
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from bot.store.storage import Storage

log = logging.getLogger(__name__)
ACTIVE = ("pending", "running")


def backoff(attempts: int, first: timedelta, cap: timedelta) -> timedelta:
    """first, 2×first, 4×first … capped: a failing item is tried again soon, then less often."""
    return min(first * (2 ** max(attempts - 1, 0)), cap)


@dataclass(frozen=True)
class Retry:
    """How a queue's failed items wait and when they are given up: the one backoff rule, with each
    queue's own steps."""

    first: timedelta
    cap: timedelta
    attempts: int

    def wait(self, attempts: int) -> float:
        return backoff(attempts, self.first, self.cap).total_seconds()


def new_owner() -> str:
    """Who holds a lease: host, process and a random part (a restarted process is someone else)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


class LeaseLost(RuntimeError):
    """Another worker took the item (our lease ran out): our work on it must not be committed."""


def _rows(cursor: Any) -> list[dict[str, Any]]:
    names = [d[0] for d in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


@dataclass(frozen=True)
class Queue:
    storage: Storage
    table: str
    owner: str
    lease_seconds: float
    retry: Retry = Retry(timedelta(seconds=1), timedelta(minutes=1), 5)
    clock: Callable[[], float] = time.time  # due times; leases are always wall-clock

    def add(self, item_id: str, channel: str, conversation: str, due: float = 0.0, **fields: Any) -> bool:
        """Record a new pending item (inside the caller's transaction, if any); False if the id was
        recorded before, which is then left as it is (a redelivered event is not taken twice)."""
        row = self._new(item_id, channel, conversation, due, fields)
        cursor = self.storage.db.execute(
            f"insert or ignore into {self.table} ({', '.join(row)}) values ({', '.join('?' * len(row))})",
            list(row.values()),
        )
        return cursor.rowcount == 1

    def put(self, item_id: str, channel: str, conversation: str, due: float, **fields: Any) -> None:
        """Add an item, or make the one with this id pending again from scratch (a job moved to a new
        time). A running attempt of it loses its lease: its own end must not undo the new schedule."""
        row = self._new(item_id, channel, conversation, due, {"error": None, "lease_owner": None, **fields})
        updates = ", ".join(f"{column} = excluded.{column}" for column in row if column != "id")
        self.storage.db.execute(
            f"insert into {self.table} ({', '.join(row)}) values ({', '.join('?' * len(row))}) "
            f"on conflict (id) do update set {updates}",
            list(row.values()),
        )

    @staticmethod
    def _new(item_id: str, channel: str, conversation: str, due: float, fields: dict[str, Any]) -> dict[str, Any]:
        return {
            "id": item_id,
            "channel": channel,
            "conversation": conversation,
            "status": "pending",
            "attempts": 0,
            "next_at": due,
            "doubt": 0,
            **fields,
        }

    def cancel(self, item_id: str) -> None:
        """A pending item that is no longer wanted (an escalation of a case someone claimed)."""
        self.storage.db.execute(
            f"update {self.table} set status = 'cancelled' where id = ? and status = 'pending'", [item_id]
        )

    def status(self, item_id: str) -> str | None:
        row = self.storage.db.execute(f"select status from {self.table} where id = ?", [item_id]).fetchone()
        return str(row[0]) if row else None

    def items(self, status: str, **equal: Any) -> list[dict[str, Any]]:
        """Items in `status` (and with the given column values), soonest due first."""
        where = "".join(f" and {column} = :{column}" for column in equal)
        return _rows(
            self.storage.db.execute(
                f"select * from {self.table} where status = :status{where} order by next_at, rowid",
                {"status": status, **equal},
            )
        )

    def claim(self, channel: str, due: float | None = None) -> dict[str, Any] | None:
        """The oldest item of `channel` that is due (by `due`, default the queue's clock now) and first
        in its conversation, or None."""
        now = time.time()
        cursor = self.storage.db.execute(
            f"update {self.table} set status = 'running', lease_owner = :owner, lease_until = :until, "
            f"attempts = coalesce(attempts, 0) + 1, doubt = coalesce(doubt, 0) or status = 'running' "
            f"where rowid = (select q.rowid from {self.table} q indexed by {self.table}_active "
            f"where q.channel = :channel and q.status in ('pending', 'running') and q.next_at <= :due "
            f"and (q.status = 'pending' or (q.status = 'running' and q.lease_until < :now)) "
            f"and not exists (select 1 from {self.table} p where p.conversation = q.conversation "
            f"and p.status in ('pending', 'running') and p.rowid < q.rowid) order by q.rowid limit 1) "
            f"returning *",
            {
                "owner": self.owner,
                "until": now + self.lease_seconds,
                "channel": channel,
                "now": now,
                "due": self.clock() if due is None else due,
            },
        )
        found = _rows(cursor)
        return found[0] if found else None

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

    def retry_later(
        self, item: dict[str, Any], error: str, *, at_least: float = 0.0, give_up: bool = False, doubt: bool = False
    ) -> str:
        """Pending again after the backoff (or `at_least` seconds, if the platform asked for more), or
        failed for good when `give_up` or out of attempts; returns the status."""
        attempts = int(item["attempts"] or 0)
        status = "failed" if give_up or attempts >= self.retry.attempts else "pending"
        # Doubt is sticky: once an attempt may have half-succeeded, every later attempt must know it.
        self.settle(
            item["id"],
            status,
            error=error[:500],
            next_at=self.clock() + max(at_least, self.retry.wait(attempts)),
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


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True
