"""The `jobs` table: scheduled work kept in SQLite (casework/jobs.py runs it on the injected clock).

Each change commits on its own unless the caller holds a transaction (a job scheduled with the
event that caused it then commits or rolls back with that event).
"""

from __future__ import annotations

from typing import Any

from bot.store.storage import Storage


class JobsTable:
    def __init__(self, storage: Storage):
        self.storage = storage

    def put(self, row: dict[str, Any]) -> None:
        """Add or replace a job by id (a case has one escalation pending at a time)."""
        self.storage.table("jobs").upsert(row, pk="id")

    def cancel(self, job_id: str) -> None:
        self.storage.db.execute("update jobs set status = 'cancelled' where id = ? and status = 'pending'", [job_id])

    def with_status(self, status: str, kind: str | None = None) -> list[dict[str, Any]]:
        where, args = "status = ?", [status]
        if kind:
            where += " and kind = ?"
            args.append(kind)
        return list(self.storage.db.query(f"select * from jobs where {where} order by run_at", args))

    def claim(self, job_id: str) -> dict[str, Any] | None:
        """pending -> running in one statement: two processes never both get it."""
        cursor = self.storage.db.execute(
            "update jobs set status = 'running' where id = ? and status = 'pending' returning *", [job_id]
        )
        row = cursor.fetchone()
        columns = [d[0] for d in cursor.description] if row is not None else []
        self._commit()
        return dict(zip(columns, row, strict=True)) if row is not None else None

    def done(self, job_id: str, at: str) -> None:
        """Only a job still running: its handler may have scheduled the same id again."""
        self.storage.db.execute(
            "update jobs set status = 'done', done_at = ? where id = ? and status = 'running'", [at, job_id]
        )
        self._commit()

    def retry_or_fail(self, job_id: str, status: str, run_at: str, attempts: int, error: str) -> None:
        self.storage.db.execute(
            "update jobs set status = ?, run_at = ?, attempts = ?, error = ? where id = ? and status = 'running'",
            [status, run_at, attempts, error, job_id],
        )
        self._commit()

    def _commit(self) -> None:
        # Claims and settlements run from the ticker, never inside a conversation step's transaction.
        self.storage.db.conn.commit()
