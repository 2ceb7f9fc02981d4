"""Jobs that must happen later (escalation, digest, check-in, purge): a durable table on one clock.

SQLite is the source of truth and the injected clock is the only clock: APScheduler is just the
ticker that asks, every few seconds, "what is due now?" (`run_due(clock())`). Nothing is armed at a
wall-clock time, so a fake clock in tests and a real one in production behave the same, and a
restart loses nothing (the first tick runs what came due while the process was down).

A job is claimed atomically (pending → running), so two processes on one database never run it
twice. A job that fails is retried in-process with backoff, and after `MAX_ATTEMPTS` it is kept as
`failed` with its error, never dropped silently.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.interval import IntervalTrigger

from bot.store.jobs_table import JobsTable
from bot.store.queue import backoff as queue_backoff
from bot.store.storage import Storage

log = logging.getLogger(__name__)
Handler = Callable[[dict[str, Any]], Awaitable[None]]

TICK_ID = "madoguchi-jobs-tick"
MAX_ATTEMPTS = 6
FIRST_BACKOFF = timedelta(seconds=30)
MAX_BACKOFF = timedelta(minutes=30)


def backoff(attempts: int) -> timedelta:
    """30 s, 1 min, 2 min … capped at 30 min: a failing alert is tried again soon, not at the next restart.
    The queues' one backoff rule, with the jobs' own steps."""
    return queue_backoff(attempts, FIRST_BACKOFF, MAX_BACKOFF)


class Jobs:
    def __init__(self, storage: Storage, handlers: Mapping[str, Handler], clock: Callable[[], datetime]):
        self.storage = storage
        self.table = JobsTable(storage)
        self.handlers = handlers
        self.clock = clock
        self.scheduler: AsyncIOScheduler | None = None

    def schedule(self, job_id: str, kind: str, run_at: datetime, payload: dict[str, Any] | None = None) -> None:
        """Add or move a job; the same id replaces a pending one (a case has one escalation at a time)."""
        row = {
            "id": job_id,
            "kind": kind,
            "run_at": run_at.isoformat(),
            "status": "pending",
            "attempts": 0,
            "error": None,
            "payload": json.dumps(payload or {}, ensure_ascii=False),
            "created_at": self.clock().isoformat(),
        }
        self.table.put(row)

    def cancel(self, job_id: str) -> None:
        # No explicit commit: outside a transaction the statement commits itself, and inside one
        # (a claim recorded with the event that caused it) the caller's transaction decides.
        self.table.cancel(job_id)

    def pending(self, kind: str | None = None) -> list[dict[str, Any]]:
        return self.table.with_status("pending", kind)

    def failed(self) -> list[dict[str, Any]]:
        return self.table.with_status("failed")

    def start(self, scheduler: AsyncIOScheduler, every_seconds: float = 15.0) -> None:
        """Tick now (what came due while down runs at once), then every `every_seconds`."""
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
        await self.run_due(self.clock())

    async def run_due(self, now: datetime) -> int:
        """Run every pending job whose time has come on `now`; returns how many this call ran."""
        due = [job["id"] for job in self.pending() if datetime.fromisoformat(job["run_at"]) <= now]
        ran = 0
        for job_id in due:
            ran += await self.run(job_id)
        return ran

    async def run(self, job_id: str) -> bool:
        job = self.table.claim(job_id)
        if job is None:
            return False  # another process (or tick) has it, or it was cancelled
        try:
            await self.handlers[job["kind"]](json.loads(job["payload"] or "{}"))
        except Exception as error:  # noqa: BLE001 - kept and retried with backoff, then surfaced as failed
            self._failed(job, error)
            return True
        self.table.done(job_id, self.clock().isoformat())
        return True

    def _failed(self, job: dict[str, Any], error: Exception) -> None:
        attempts = int(job["attempts"] or 0) + 1
        if attempts >= MAX_ATTEMPTS:
            log.error("job %s failed %d times, given up: %r", job["id"], attempts, error)
            status, run_at = "failed", job["run_at"]
        else:
            log.warning("job %s failed (attempt %d), retried later: %r", job["id"], attempts, error)
            status, run_at = "pending", (self.clock() + backoff(attempts)).isoformat()
        self.table.retry_or_fail(job["id"], status, run_at, attempts, repr(error)[:500])
