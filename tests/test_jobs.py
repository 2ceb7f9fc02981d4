import asyncio
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from apscheduler.schedulers.asyncio import AsyncIOScheduler

from bot.casework.jobs import RETRY, Jobs
from bot.store.storage import Storage
from tests.channel_harness import FakeClock
from tests.conftest import tokyo

NOW = tokyo("2026-11-25 02:00")


def make(tmp_path: Path, seen: list[Any], clock: FakeClock, fail: bool = False, owner: str = "a") -> Jobs:
    def handler(payload: dict[str, Any]) -> None:
        if fail:
            raise RuntimeError("down")
        seen.append(payload)

    return Jobs(Storage(tmp_path / "m.db"), {"ping": handler}, clock, owner)


def test_due_jobs_run_once(tmp_path: Path) -> None:
    seen: list[Any] = []
    clock = FakeClock(NOW)
    jobs = make(tmp_path, seen, clock)
    jobs.schedule("a", "ping", tokyo("2026-11-25 02:05"), {"n": 1})
    jobs.schedule("b", "ping", tokyo("2026-11-25 03:00"), {"n": 2})
    assert jobs.run_due() == 0
    clock.now = tokyo("2026-11-25 02:10")
    assert jobs.run_due() == 1
    assert jobs.run_due() == 0
    assert seen == [{"n": 1}]
    assert [j["id"] for j in jobs.pending()] == ["b"]


def test_same_id_replaces_and_cancel_stops(tmp_path: Path) -> None:
    seen: list[Any] = []
    clock = FakeClock(tokyo("2026-11-25 03:00"))
    jobs = make(tmp_path, seen, clock)
    jobs.schedule("a", "ping", tokyo("2026-11-25 02:05"), {"n": 1})
    jobs.schedule("a", "ping", tokyo("2026-11-25 04:00"), {"n": 2})
    assert jobs.run_due() == 0
    jobs.cancel("a")
    clock.now = tokyo("2026-11-26 00:00")
    assert jobs.run_due() == 0 and seen == []


def test_a_job_that_schedules_its_own_id_again_runs_once_now_and_again_later(tmp_path: Path) -> None:
    clock = FakeClock(NOW)
    storage = Storage(tmp_path / "m.db")
    runs: list[datetime] = []

    def daily(payload: dict[str, Any]) -> None:
        runs.append(clock())
        jobs.schedule("daily", "daily", clock() + timedelta(days=1))

    jobs = Jobs(storage, {"daily": daily}, clock, "a")
    jobs.schedule("daily", "daily", NOW)
    assert jobs.run_due() == 1 and jobs.run_due() == 0
    [pending] = jobs.pending()
    assert pending["id"] == "daily" and pending["next_at"] == (NOW + timedelta(days=1)).timestamp()
    clock.advance(days=1)
    assert jobs.run_due() == 1 and runs == [NOW, NOW + timedelta(days=1)]


def test_a_failed_job_is_retried_with_backoff_then_kept_as_failed(tmp_path: Path) -> None:
    clock = FakeClock(NOW)
    jobs = make(tmp_path, [], clock, fail=True)
    jobs.schedule("a", "ping", NOW)
    assert jobs.run_due() == 1
    [job] = jobs.pending()
    assert job["attempts"] == 1 and "down" in job["error"]
    assert job["next_at"] == (NOW + RETRY.first).timestamp()  # not before its backoff, on the business clock
    assert jobs.run_due() == 0
    for _ in range(RETRY.attempts - 1):
        clock.advance(days=1)
        assert jobs.run_due() == 1
    assert jobs.pending() == [] and [j["id"] for j in jobs.failed()] == ["a"]


def test_a_failed_job_records_nothing_of_what_it_did_before_failing(tmp_path: Path) -> None:
    clock = FakeClock(NOW)
    storage = Storage(tmp_path / "m.db")

    def half(payload: dict[str, Any]) -> None:
        storage.set_meta("half", "done")
        raise RuntimeError("crash inside the job")

    jobs = Jobs(storage, {"half": half}, clock, "a")
    jobs.schedule("h", "half", NOW)
    assert jobs.run_due() == 1
    assert storage.meta("half") is None and [j["id"] for j in jobs.pending()] == ["h"]


@pytest.mark.parametrize(
    ("attempts", "wait"),
    [(1, timedelta(seconds=30)), (2, timedelta(minutes=1)), (3, timedelta(minutes=2)), (10, timedelta(minutes=30))],
)
def test_backoff_doubles_and_is_capped(attempts: int, wait: timedelta) -> None:
    assert RETRY.wait(attempts) == wait.total_seconds()


def test_a_job_is_claimed_once_by_two_runners_on_one_database(tmp_path: Path) -> None:
    seen: list[Any] = []
    clock = FakeClock(NOW)
    first = make(tmp_path, seen, clock, owner="first")
    second = make(tmp_path, seen, clock, owner="second")
    first.schedule("a", "ping", NOW, {"n": 1})
    job = second.queue.claim("jobs")  # the second runner holds it, as if mid-run
    assert job is not None and first.run_due() == 0
    second.run_one(job)
    assert first.run_due() == 0 and seen == [{"n": 1}]


def test_a_job_left_running_by_a_dead_process_is_taken_again_in_doubt(tmp_path: Path) -> None:
    seen: list[Any] = []
    clock = FakeClock(NOW)
    dead = make(tmp_path, seen, clock, owner="dead")
    dead.schedule("a", "ping", NOW, {"n": 1})
    assert dead.queue.claim("jobs") is not None
    dead.queue.storage.db.execute("update jobs set lease_until = 0")  # its process died: the lease ran out
    alive = make(tmp_path, seen, clock, owner="alive")
    assert alive.run_due() == 1 and seen == [{"n": 1}]
    [done] = alive.queue.items("done")
    assert done["doubt"] == 1 and done["attempts"] == 2


def test_the_ticker_runs_what_is_due_on_the_injected_clock_not_the_wall_clock(tmp_path: Path) -> None:
    seen: list[Any] = []
    clock = FakeClock(tokyo("1999-01-01 00:00"))  # far from today: only this clock decides what is due
    jobs = make(tmp_path, seen, clock)
    jobs.schedule("past", "ping", tokyo("1998-12-31 23:00"), {"n": "late"})
    jobs.schedule("later", "ping", tokyo("1999-01-01 00:05"), {"n": "later"})

    async def run() -> None:
        jobs.start(AsyncIOScheduler(), every_seconds=0.05)
        await asyncio.sleep(0.3)  # several ticks: only the job that is due on the fake clock runs
        assert seen == [{"n": "late"}]
        clock.now = tokyo("1999-01-01 00:06")
        await asyncio.sleep(0.3)
        jobs.stop()

    asyncio.run(run())
    assert seen == [{"n": "late"}, {"n": "later"}]


def test_the_retention_purge_deletes_finished_jobs_and_keeps_pending_ones(tmp_path: Path) -> None:
    from bot.store.casework_tables import CaseworkTables
    from bot.store.storage import iso

    seen: list[Any] = []
    clock = FakeClock(NOW)
    jobs = make(tmp_path, seen, clock)
    jobs.schedule("escalate:1", "ping", tokyo("2026-11-25 02:05"), {"n": 1})
    jobs.schedule("checkin:2", "ping", tokyo("2027-03-01 09:00"), {"n": 2})
    clock.now = tokyo("2026-11-25 02:10")
    assert jobs.run_due() == 1
    tables = CaseworkTables(jobs.storage)
    assert tables.purge_before(iso(tokyo("2026-11-25 02:00")))[3] == 0  # finished after the cutoff: kept
    assert tables.purge_before(iso(tokyo("2026-12-25 02:00")))[3] == 1
    assert [row["id"] for row in jobs.storage.db["jobs"].rows] == ["checkin:2"]
