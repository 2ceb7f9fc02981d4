import asyncio
from pathlib import Path
from typing import Any

from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.jobs import Jobs
from bot.storage import Storage
from tests.conftest import tokyo

NOW = tokyo("2026-11-25 02:00")


def make(tmp_path: Path, seen: list[Any], fail: bool = False) -> Jobs:
    async def handler(payload: dict[str, Any]) -> None:
        if fail:
            raise RuntimeError("down")
        seen.append(payload)

    return Jobs(Storage(tmp_path / "m.db"), {"ping": handler}, lambda: NOW)


def test_due_jobs_run_once(tmp_path: Path) -> None:
    seen: list[Any] = []
    jobs = make(tmp_path, seen)
    jobs.schedule("a", "ping", tokyo("2026-11-25 02:05"), {"n": 1})
    jobs.schedule("b", "ping", tokyo("2026-11-25 03:00"), {"n": 2})
    assert asyncio.run(jobs.run_due(tokyo("2026-11-25 02:10"))) == 1
    assert asyncio.run(jobs.run_due(tokyo("2026-11-25 02:10"))) == 0
    assert seen == [{"n": 1}]
    assert [j["id"] for j in jobs.pending()] == ["b"]


def test_same_id_replaces_and_cancel_stops(tmp_path: Path) -> None:
    seen: list[Any] = []
    jobs = make(tmp_path, seen)
    jobs.schedule("a", "ping", tokyo("2026-11-25 02:05"), {"n": 1})
    jobs.schedule("a", "ping", tokyo("2026-11-25 04:00"), {"n": 2})
    assert asyncio.run(jobs.run_due(tokyo("2026-11-25 03:00"))) == 0
    jobs.cancel("a")
    assert asyncio.run(jobs.run_due(tokyo("2026-11-26 00:00"))) == 0 and seen == []


def test_a_failed_job_stays_pending(tmp_path: Path) -> None:
    jobs = make(tmp_path, [], fail=True)
    jobs.schedule("a", "ping", NOW)
    asyncio.run(jobs.run_due(NOW))
    assert [j["id"] for j in jobs.pending()] == ["a"]


def test_start_arms_every_pending_job_in_apscheduler(tmp_path: Path) -> None:
    seen: list[Any] = []
    first = make(tmp_path, seen)
    first.schedule("later", "ping", tokyo("2030-01-01 00:00"))
    first.schedule("past", "ping", tokyo("2020-01-01 00:00"), {"n": "late"})

    async def restart() -> list[str]:
        again = Jobs(first.storage, first.handlers, lambda: NOW)
        again.start(AsyncIOScheduler())
        assert again.scheduler is not None
        armed = sorted(job.id for job in again.scheduler.get_jobs())
        await asyncio.sleep(0.3)  # a job missed while down runs at once
        again.stop()
        return armed

    armed = asyncio.run(restart())
    assert "later" in armed
    assert seen == [{"n": "late"}]
