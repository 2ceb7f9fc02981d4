"""The inbox as a durable queue: stored before 200, deduplicated, claimed once, in order per conversation."""

import asyncio
from pathlib import Path
from typing import Any

import pytest

from bot.channels.inbox import MAX_ATTEMPTS, Finish, Inbox
from bot.store.queue import LeaseLost, Queue
from bot.store.storage import Storage


async def nothing(row: dict[str, Any], finish: Finish) -> None:
    return None


def make(tmp_path: Path, handler: Any = nothing, owner: str = "a") -> Inbox:
    return Inbox(Storage(tmp_path / "m.db"), owner, handler, ["line"], poll_seconds=0.01)


def test_accept_stores_before_processing_and_dedupes(tmp_path: Path) -> None:
    inbox = make(tmp_path)
    assert inbox.accept("line:1", "line", "a", "c1")
    assert inbox.storage.db["events"].get("line:1")["status"] == "pending"  # stored before any processing
    assert not inbox.accept("line:1", "line", "a", "c1")
    assert inbox.storage.db["events"].count == 1


def test_claim_keeps_order_within_a_conversation_not_across(tmp_path: Path) -> None:
    inbox = make(tmp_path)
    for number, conversation in ((1, "c1"), (2, "c1"), (3, "c2")):
        inbox.accept(f"line:{number}", "line", "x", conversation)
    first, second = inbox.queue.claim("line"), inbox.queue.claim("line")
    assert first is not None and second is not None
    assert (first["id"], second["id"]) == ("line:1", "line:3")  # line:2 waits behind line:1
    assert inbox.queue.claim("line") is None
    inbox.queue.settle("line:1", "done")
    third = inbox.queue.claim("line")
    assert third is not None and third["id"] == "line:2"


def test_two_owners_on_one_database_never_claim_the_same_event(tmp_path: Path) -> None:
    one, two = make(tmp_path, owner="one"), make(tmp_path, owner="two")
    for number in range(20):
        one.accept(f"line:{number}", "line", "x", f"c{number}")
    taken: list[str] = []
    while True:
        rows = [one.queue.claim("line"), two.queue.claim("line")]
        if rows == [None, None]:
            break
        taken += [row["id"] for row in rows if row is not None]
    assert sorted(taken) == sorted(f"line:{n}" for n in range(20))


def test_an_expired_lease_is_taken_over_in_doubt_and_the_old_owner_cannot_finish(tmp_path: Path) -> None:
    storage = Storage(tmp_path / "m.db")
    dead, alive = Queue(storage, "events", "dead", -1.0), Queue(storage, "events", "alive", 60.0)
    Inbox(storage, "x", nothing).accept("line:1", "line", "x", "c1")
    assert dead.claim("line") is not None  # its lease is already over: as if the process died
    row = alive.claim("line")
    assert row is not None and row["doubt"] == 1 and row["attempts"] == 2
    with pytest.raises(LeaseLost):
        dead.settle("line:1", "done")
    alive.settle("line:1", "done")


def test_a_failing_event_is_retried_then_kept_with_its_error_and_others_go_on(tmp_path: Path) -> None:
    async def handler(row: dict[str, Any], finish: Finish) -> None:
        if row["body"] == "bad":
            raise RuntimeError("platform down")

    inbox = make(tmp_path, handler)
    inbox.accept("line:1", "line", "bad", "c1")
    inbox.accept("line:2", "line", "good", "c2")

    async def scenario() -> None:
        for _ in range(MAX_ATTEMPTS + 1):
            for row in filter(None, [inbox.queue.claim("line"), inbox.queue.claim("line")]):
                await inbox.handle(row)
            inbox.storage.db.execute("update events set next_at = 0")  # skip the backoff wait

    asyncio.run(scenario())
    bad, good = inbox.storage.db["events"].get("line:1"), inbox.storage.db["events"].get("line:2")
    assert bad["status"] == "failed" and "platform down" in bad["error"] and bad["attempts"] == MAX_ATTEMPTS
    assert good["status"] == "done"


def test_work_done_before_a_failure_is_rolled_back_with_the_event(tmp_path: Path) -> None:
    async def handler(row: dict[str, Any], finish: Finish) -> None:
        with inbox.storage.transaction():
            inbox.storage.set_meta("step", "ran")
            finish()
            raise RuntimeError("crash inside the step")

    inbox = make(tmp_path, handler)
    inbox.accept("line:1", "line", "x", "c1")
    row = inbox.queue.claim("line")
    assert row is not None
    asyncio.run(inbox.handle(row))
    assert inbox.storage.meta("step") is None and inbox.storage.db["events"].get("line:1")["status"] == "pending"


def test_workers_take_up_what_a_previous_process_left(tmp_path: Path) -> None:
    seen: list[str] = []

    async def handler(row: dict[str, Any], finish: Finish) -> None:
        seen.append(row["body"])

    first = make(tmp_path)
    first.accept("line:p", "line", "p", "c1")
    first.accept("line:q", "line", "q", "c1")

    async def scenario() -> None:
        inbox = make(tmp_path, handler, owner="second")
        inbox.start()
        while inbox.busy():
            await asyncio.sleep(0.01)
        await inbox.stop()

    asyncio.run(scenario())
    assert seen == ["p", "q"]
