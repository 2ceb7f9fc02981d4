"""The worker side on in-memory channels: the real runtime (inbox, switchboard, front door, desk,
outbox, jobs on SQLite) with `MemoryChannel`s standing in for LINE and Telegram, driven step by step.

`pump` does what the crews do in `serve` (claim an event, handle it; claim a message, deliver it)
until nothing is left that is due, in this thread, with no server, no HTTP and no waiting.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.casework import scheduled as desk_jobs
from bot.channels.memory import MemoryChannel
from bot.channels.web import Runtime, build_runtime
from bot.config.settings import Settings
from bot.config.stores import KnowledgeStore
from bot.core.model import MessageKind
from bot.store.storage import Storage
from tests.channel_harness import QUICK, FakeClock
from tests.conftest import ROOT, tokyo

# The desk's usual scene: a Telegram workers' chat, a worker and a supervisor, weekday shifts.
WORKERS_CHAT = -100500
WORKERS = f"""
notify: ["telegram:{WORKERS_CHAT}"]
workers:
  - {{id: "telegram:5001", name: 佐藤, role: worker}}
  - {{id: "telegram:5002", name: 田中, role: supervisor}}
shifts:
  - {{days: [mon, tue, wed, thu, fri], start: "09:00", end: "18:00"}}
escalate_minutes: {{emergency: 5, urgent: 30}}
retention_days: 90
"""
WEDNESDAY_NIGHT = tokyo("2026-11-25 02:00")
WEDNESDAY_DAY = tokyo("2026-11-25 10:00")


@dataclass
class Bench:
    runtime: Runtime
    line: MemoryChannel
    telegram: MemoryChannel
    clock: FakeClock
    loop: asyncio.AbstractEventLoop

    @property
    def storage(self) -> Storage:
        return self.runtime.storage

    def channel(self, name: str) -> MemoryChannel:
        return {"line": self.line, "telegram": self.telegram}[name]

    def push(self, channel: str, user: str, text: str = "", **fields: Any) -> bool:
        """A person (or, with `group=`, a worker in a workers' chat) writes; stored as a webhook is."""
        event_id, body, source = self.channel(channel).event(user, text, **fields)
        return self.runtime.inbox.accept(event_id, channel, body, self.runtime.lane(channel, source))

    def say(self, channel: str, user: str, text: str, **fields: Any) -> None:
        self.push(channel, user, text, **fields)
        self.pump()

    def press(self, channel: str, user: str, data: str, **fields: Any) -> None:
        self.say(channel, user, "", kind=MessageKind.POSTBACK, payload=data, **fields)

    def pump(self) -> None:
        """Handle every event and deliver every message that can be taken now, in order."""
        inbox, outbox = self.runtime.inbox, self.runtime.outbox
        busy = True
        while busy:
            busy = False
            for name in ("line", "telegram"):
                for queue, handle in ((inbox.queue, inbox.handle), (outbox.queue, outbox.deliver)):
                    row = queue.claim(name)
                    if row is not None:
                        self.loop.run_until_complete(handle(row))
                        busy = True

    def run_due(self) -> int:
        """Run the jobs due on the fake clock, then send what they recorded."""
        jobs = self.runtime.desk.jobs
        assert jobs is not None
        ran = jobs.run_due()
        self.pump()
        return ran

    def audit(self, case_id: int) -> list[str]:
        return [entry["action"] for entry in self.storage.audit_log(case_id)]


def memory_settings(tmp: Path, workers: str | None) -> Settings:
    if workers is not None:
        (tmp / "workers.yaml").write_text(workers, encoding="utf-8")
    return Settings(
        base_dir=ROOT,
        db_path=tmp / "memory.db",
        key_path=tmp / "memory.key",
        workers_file=tmp / "workers.yaml",
        delivery=QUICK,
    )


@contextmanager
def bench(tmp: Path, knowledge: KnowledgeStore, clock: FakeClock, workers: str | None) -> Iterator[Bench]:
    storage = Storage(tmp / "memory.db")
    settings = memory_settings(tmp, workers)
    runtime = build_runtime(settings, knowledge, storage, clock)
    line, telegram = MemoryChannel("line"), MemoryChannel("telegram")
    runtime.switchboard.channels = runtime.outbox.channels = {"line": line, "telegram": telegram}
    desk_jobs.ensure_recurring(runtime.desk)  # as `serve` does on start
    loop = asyncio.new_event_loop()
    try:
        yield Bench(runtime, line, telegram, clock, loop)
    finally:
        loop.close()
        storage.close()
