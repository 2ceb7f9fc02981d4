"""Jobs that must happen later (escalation, digest, check-in, purge): kept in SQLite, armed in APScheduler.

SQLite is the source of truth: on start every pending job is armed again, so a restart loses none.
`run_due` runs what is due at a given time, which is also how tests drive a fake clock.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.date import DateTrigger

from bot.storage import Storage

log = logging.getLogger(__name__)
Handler = Callable[[dict[str, Any]], Awaitable[None]]


class Jobs:
    def __init__(self, storage: Storage, handlers: Mapping[str, Handler], clock: Callable[[], datetime]):
        self.storage = storage
        self.handlers = handlers
        self.clock = clock
        self.scheduler: AsyncIOScheduler | None = None

    def schedule(self, job_id: str, kind: str, run_at: datetime, payload: dict[str, Any] | None = None) -> None:
        """Add or move a job; the same id replaces a pending one (a case has one escalation at a time)."""
        row = {"id": job_id, "kind": kind, "run_at": run_at.isoformat(), "status": "pending",
               "payload": json.dumps(payload or {}, ensure_ascii=False), "created_at": self.clock().isoformat()}
        self.storage.table("jobs").upsert(row, pk="id")
        self._arm(job_id, run_at)

    def cancel(self, job_id: str) -> None:
        if self._exists(job_id):
            self.storage.table("jobs").update(job_id, {"status": "cancelled"})
        if self.scheduler is not None and self.scheduler.get_job(job_id):
            self.scheduler.remove_job(job_id)

    def pending(self, kind: str | None = None) -> list[dict[str, Any]]:
        where, args = "status = 'pending'", []
        if kind:
            where += " and kind = ?"
            args.append(kind)
        return list(self.storage.db.query(f"select * from jobs where {where} order by run_at", args))

    def start(self, scheduler: AsyncIOScheduler) -> None:
        self.scheduler = scheduler
        for job in self.pending():
            self._arm(job["id"], datetime.fromisoformat(job["run_at"]))
        if not scheduler.running:
            scheduler.start()

    def stop(self) -> None:
        if self.scheduler is not None and self.scheduler.running:
            self.scheduler.shutdown(wait=False)
        self.scheduler = None

    async def run_due(self, now: datetime) -> int:
        due = [job for job in self.pending() if datetime.fromisoformat(job["run_at"]) <= now]
        for job in due:
            await self.run(job["id"])
        return len(due)

    async def run(self, job_id: str) -> None:
        rows = list(self.storage.db.query("select * from jobs where id = ? and status = 'pending'", [job_id]))
        if not rows:
            return
        job = rows[0]
        self.storage.table("jobs").update(job_id, {"status": "running"})
        try:
            await self.handlers[job["kind"]](json.loads(job["payload"] or "{}"))
        except Exception:  # noqa: BLE001 - a failed job is kept and retried on the next start
            log.exception("job %s failed", job_id)
            self.storage.table("jobs").update(job_id, {"status": "pending"})
            return
        current = self.storage.table("jobs").get(job_id)
        if current["status"] == "running":  # the handler may have rescheduled the same id
            self.storage.table("jobs").update(job_id, {"status": "done", "done_at": self.clock().isoformat()})

    def _exists(self, job_id: str) -> bool:
        return bool(self.storage.table("jobs").count_where("id = ?", [job_id]))

    def _arm(self, job_id: str, run_at: datetime) -> None:
        if self.scheduler is None:
            return
        self.scheduler.add_job(self.run, DateTrigger(run_date=run_at), args=[job_id], id=job_id,
                               replace_existing=True, misfire_grace_time=None, coalesce=True)
