import asyncio
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.casework.jobs import MAX_ATTEMPTS, Jobs, backoff
from bot.store.storage import Storage
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


def test_a_failed_job_is_retried_with_backoff_then_kept_as_failed(tmp_path: Path) -> None:
    jobs = make(tmp_path, [], fail=True)
    jobs.schedule("a", "ping", NOW)
    assert asyncio.run(jobs.run_due(NOW)) == 1
    [job] = jobs.pending()
    assert job["attempts"] == 1 and "down" in job["error"]
    assert datetime.fromisoformat(job["run_at"]) == NOW + backoff(1)  # not before its backoff
    assert asyncio.run(jobs.run_due(NOW)) == 0
    for _ in range(MAX_ATTEMPTS - 1):
        asyncio.run(jobs.run_due(NOW + timedelta(days=1)))
    assert jobs.pending() == [] and [j["id"] for j in jobs.failed()] == ["a"]


@pytest.mark.parametrize(
    ("attempts", "wait"),
    [(1, timedelta(seconds=30)), (2, timedelta(minutes=1)), (3, timedelta(minutes=2)), (10, timedelta(minutes=30))],
)
def test_backoff_doubles_and_is_capped(attempts: int, wait: timedelta) -> None:
    assert backoff(attempts) == wait


def test_a_job_is_claimed_once_by_two_runners_on_one_database(tmp_path: Path) -> None:
    seen: list[Any] = []
    first = make(tmp_path, seen)
    second = Jobs(Storage(tmp_path / "m.db"), first.handlers, lambda: NOW)
    first.schedule("a", "ping", NOW, {"n": 1})

    async def both() -> list[bool]:
        return list(await asyncio.gather(first.run("a"), second.run("a")))

    assert sorted(asyncio.run(both())) == [False, True] and seen == [{"n": 1}]


def test_the_ticker_runs_what_is_due_on_the_injected_clock_not_the_wall_clock(tmp_path: Path) -> None:
    seen: list[Any] = []
    clock = [tokyo("1999-01-01 00:00")]  # far from today: only this clock decides what is due
    jobs = Jobs(Storage(tmp_path / "m.db"), make(tmp_path, seen).handlers, lambda: clock[0])
    jobs.schedule("past", "ping", tokyo("1998-12-31 23:00"), {"n": "late"})
    jobs.schedule("later", "ping", tokyo("1999-01-01 00:05"), {"n": "later"})

    async def run() -> None:
        jobs.start(AsyncIOScheduler(), every_seconds=0.05)
        await asyncio.sleep(0.3)  # several ticks: only the job that is due on the fake clock runs
        assert seen == [{"n": "late"}]
        clock[0] = tokyo("1999-01-01 00:06")
        await asyncio.sleep(0.3)
        jobs.stop()

    asyncio.run(run())
    assert seen == [{"n": "late"}, {"n": "later"}]
