import asyncio
from pathlib import Path

from bot.inbox import MAX_ATTEMPTS, Inbox
from bot.storage import Storage


def run(coro):  # type: ignore[no-untyped-def]
    return asyncio.run(coro)


def test_accept_stores_before_processing_and_dedupes(tmp_path: Path) -> None:
    seen: list[str] = []

    async def scenario() -> None:
        async def process(body: str) -> None:
            seen.append(body)

        inbox = Inbox(Storage(tmp_path / "m.db"), {"line": process})
        assert inbox.accept("line:1", "line", "a")
        assert inbox.storage.db["events"].get("line:1")["status"] == "pending"  # stored before any processing
        assert not inbox.accept("line:1", "line", "a")
        inbox.start()
        await inbox.drain()
        await inbox.stop()
        assert inbox.storage.db["events"].get("line:1")["status"] == "done"

    run(scenario())
    assert seen == ["a"]


def test_a_failing_event_is_kept_with_its_error_and_others_go_on(tmp_path: Path) -> None:
    async def scenario() -> Storage:
        async def process(body: str) -> None:
            if body == "bad":
                raise RuntimeError("platform down")

        inbox = Inbox(Storage(tmp_path / "m.db"), {"telegram": process})
        inbox.accept("telegram:1", "telegram", "bad")
        inbox.accept("telegram:2", "telegram", "good")
        inbox.start()
        await inbox.drain()
        await inbox.stop()
        return inbox.storage

    storage = run(scenario())
    bad, good = storage.db["events"].get("telegram:1"), storage.db["events"].get("telegram:2")
    assert bad["status"] == "failed" and "platform down" in bad["error"] and bad["attempts"] == 1
    assert good["status"] == "done"


def test_pending_and_failed_events_are_taken_up_after_a_restart(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    first = Storage(path)
    first.db["events"].insert_all([
        {"id": "line:p", "channel": "line", "body": "p", "status": "pending", "attempts": 0},
        {"id": "line:f", "channel": "line", "body": "f", "status": "failed", "attempts": 1},
        {"id": "line:x", "channel": "line", "body": "x", "status": "failed", "attempts": MAX_ATTEMPTS},
        {"id": "line:d", "channel": "line", "body": "d", "status": "done", "attempts": 1},
    ])
    first.close()
    seen: list[str] = []

    async def scenario() -> None:
        async def process(body: str) -> None:
            seen.append(body)

        inbox = Inbox(Storage(path), {"line": process})
        inbox.start()
        await inbox.drain()
        await inbox.stop()

    run(scenario())
    assert seen == ["p", "f"]
