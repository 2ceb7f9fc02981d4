"""Jobs that must happen later (escalation, digest, check-in, purge): items of the one durable queue.

SQLite is the source of truth and the injected clock is the only business clock: a job is due at
`next_at` on that clock, and APScheduler is just the ticker that asks, every few seconds, "what is
due now?" (`run_due`). Nothing is armed at a wall-clock time, so a fake clock in tests and a real one
in production behave the same, and a restart loses nothing (the first tick runs what came due while
the process was down).

A job is claimed like an event or a message (`bot/store/queue.py`): atomically, under a wall-clock
lease, so two processes never run it twice and one that died mid-job leaves it to be taken again.
Its effects (what it records in the outbox, the audit) and its done mark commit in one transaction.
A job that fails is retried by the queues' one backoff rule, with the jobs' own steps, and after
the last attempt it is kept as `failed` with its error, never dropped silently.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.store.queue import LeaseLost, Queue, Retry, new_owner
from bot.store.storage import Storage, iso

log = logging.getLogger(__name__)
# Synchronous on purpose: a job runs inside one transaction, and no await may happen inside one.
Handler = Callable[[dict[str, Any]], None]

TICK_ID = "madoguchi-jobs-tick"
LANE = "jobs"  # the queue's one channel: jobs of every kind are taken by due time
RETRY = Retry(timedelta(seconds=30), timedelta(minutes=30), 6)  # a failing alert is tried again soon
LEASE_SECONDS = 300.0  # a job records and returns in milliseconds; a lease this old means a dead process


class Jobs:
    def __init__(
        self,
        storage: Storage,
        handlers: Mapping[str, Handler],
        clock: Callable[[], datetime],
        owner: str | None = None,
    ):
        self.storage = storage
        self.handlers = handlers
        self.clock = clock
        self.queue = Queue(storage, "jobs", owner or new_owner(), LEASE_SECONDS, RETRY, lambda: clock().timestamp())
        self.scheduler: AsyncIOScheduler | None = None

    def schedule(self, job_id: str, kind: str, run_at: datetime, payload: dict[str, Any] | None = None) -> None:
        """Add or move a job; the same id replaces a pending one (a case has one escalation at a time).
        Inside a transaction (a claim recorded with its event) it commits or rolls back with it."""
        self.queue.put(
            job_id,
            LANE,
            job_id,  # a lane of its own: jobs wait for nothing but their time
            run_at.timestamp(),
            kind=kind,
            payload=json.dumps(payload or {}, ensure_ascii=False),
            created_at=iso(self.clock()),
            done_at=None,
        )

    def cancel(self, job_id: str) -> None:
        self.queue.cancel(job_id)

    def pending(self, kind: str | None = None) -> list[dict[str, Any]]:
        return self.queue.items("pending", **({"kind": kind} if kind else {}))

    def failed(self) -> list[dict[str, Any]]:
        return self.queue.items("failed")

    def start(self, scheduler: AsyncIOScheduler, every_seconds: float = 15.0) -> None:
        """Tick now (what came due while down runs at once), then every `every_seconds`."""
        self.queue.release_dead()
        self.scheduler = scheduler
        scheduler.add_job(
            self.tick,
            IntervalTrigger(seconds=every_seconds),
            id=TICK_ID,
            replace_existing=True,
            next_run_time=datetime.now(scheduler.timezone),
            coalesce=True,
            max_instances=1,
        )
        if not scheduler.running:
            scheduler.start()

    def stop(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.scheduler = None

    async def tick(self) -> None:
        # A coroutine, so APScheduler runs it on the event loop (a plain function would go to a
        # thread, and the connection is the loop's).
        self.run_due()

    def run_due(self) -> int:
        """Run every job that is due on the injected clock now; returns how many this call ran.
        A job rescheduled by its own run, or retried, is due later than now: each runs once here."""
        ran = 0
        while (job := self.queue.claim(LANE)) is not None:
            self.run_one(job)
            ran += 1
        return ran

    def run_one(self, job: dict[str, Any]) -> None:
        """Run a job claimed from `queue`: its effects and its done mark in one transaction."""
        try:
            with self.storage.transaction():
                # Done first: a handler that schedules its own id again (the next digest) makes it pending.
                self.queue.settle(job["id"], "done", done_at=iso(self.clock()), error=None)
                self.handlers[job["kind"]](json.loads(job["payload"] or "{}"))
        except LeaseLost as lost:
            log.warning("%s: another process has it", lost)
        except Exception as error:  # noqa: BLE001 - kept and retried with backoff, then surfaced as failed
            status = self.queue.retry_later(job, repr(error))
            if status == "failed":
                log.error("job %s failed %s times, given up: %r", job["id"], job["attempts"], error)
            else:
                log.warning("job %s failed (attempt %s), retried later: %r", job["id"], job["attempts"], error)
