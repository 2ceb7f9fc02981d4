"""`madoguchi serve`: one ASGI app (Starlette) for the LINE and Telegram webhooks.

A webhook is answered as soon as its events are stored in SQLite; the inbox processes them after.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import logging
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from datetime import datetime

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route

from bot.casework import scheduled as desk_jobs
from bot.casework.desk import Desk
from bot.casework.roster import WorkersStore
from bot.channels.base import Channel, ForgedWebhook
from bot.channels.frontdoor import FrontDoor
from bot.channels.inbox import Inbox
from bot.channels.line import LineChannel, split_events
from bot.channels.outbox import Outbox
from bot.channels.switchboard import Switchboard
from bot.channels.telegram import TelegramChannel, source_of
from bot.channels.telegram import verify as verify_telegram
from bot.channels.webcheck import BadBody, line_events, read_body, read_json, telegram_update
from bot.config.settings import Settings
from bot.config.stores import KnowledgeStore
from bot.config.yamlsrc import Problem
from bot.core.hours import TOKYO
from bot.store.identity import load_or_create_key, person_key
from bot.store.queue import new_owner
from bot.store.storage import Storage

log = logging.getLogger(__name__)
RELOAD_SECONDS = 5.0


@dataclass
class Runtime:
    """What the app holds while it runs; tests reach in to drain the queues."""

    settings: Settings
    knowledge: KnowledgeStore
    storage: Storage
    clock: Callable[[], datetime]
    switchboard: Switchboard
    desk: Desk
    workers: WorkersStore
    inbox: Inbox
    outbox: Outbox
    line: LineChannel | None = None
    telegram: TelegramChannel | None = None
    ready: bool = False
    tasks: list[asyncio.Task[None]] = field(default_factory=list)

    @property
    def channels(self) -> dict[str, Channel]:
        return {channel.name: channel for channel in (self.line, self.telegram) if channel is not None}

    def lane(self, channel: str, source: str) -> str:
        """The events of one source (a person or a group) are handled in order; keyed, never raw."""
        return person_key(self.switchboard.door.key, channel, source)

    async def drain(self, timeout: float = 60.0) -> None:
        """Wait until every stored event is handled and every recorded message settled (tests, shutdown)."""
        deadline = time.monotonic() + timeout
        while self.inbox.busy() or self.outbox.queue.busy():
            if time.monotonic() > deadline:
                raise TimeoutError("events or messages still pending")
            await asyncio.sleep(0.02)


def build_runtime(
    settings: Settings, knowledge: KnowledgeStore, storage: Storage, clock: Callable[[], datetime] | None = None
) -> Runtime:
    clock = clock or (lambda: datetime.now(TOKYO))
    key = load_or_create_key(settings.key_path)
    workers = WorkersStore(settings.workers_file)
    problems = workers.reload()
    if problems:
        raise BadWorkersFile(problems)
    owner = new_owner()
    outbox = Outbox(storage, key, owner, policy=settings.delivery, clock=clock)
    door = FrontDoor(knowledge, storage, key, staffing=lambda at: workers().staffing(at))
    desk = Desk(storage, key, workers, outbox, clock, knowledge)
    outbox.on_sent.append(desk.delivered)
    outbox.on_failed.append(desk.undeliverable)
    board = Switchboard(door, outbox, clock)
    board.group_handlers.append(desk.on_group)
    board.listeners.append(desk.after_person)
    inbox = Inbox(storage, owner, board.take, clock=clock)
    runtime = Runtime(settings, knowledge, storage, clock, board, desk, workers, inbox, outbox)
    desk_jobs.attach(desk)
    return runtime


class BadWorkersFile(Exception):
    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(map(str, problems)))


async def _start(runtime: Runtime) -> None:
    settings = runtime.settings
    if settings.line_on:
        runtime.line = LineChannel(settings.line_secret, settings.line_token, settings.line_api)
    if settings.telegram_on:
        runtime.telegram = TelegramChannel(settings.telegram_token, settings.telegram_api)
        await runtime.telegram.start()
    runtime.switchboard.channels = runtime.outbox.channels = runtime.channels
    runtime.inbox.channels = list(runtime.channels)
    runtime.inbox.start()
    runtime.outbox.start()
    assert runtime.desk.jobs is not None
    runtime.desk.jobs.start(AsyncIOScheduler(timezone=TOKYO), settings.job_tick_seconds)
    desk_jobs.ensure_recurring(runtime.desk)
    runtime.tasks.append(asyncio.create_task(_watch_files(runtime), name="madoguchi-reload"))
    runtime.ready = True


async def _stop(runtime: Runtime) -> None:
    runtime.ready = False
    for task in runtime.tasks:
        task.cancel()
    if runtime.desk.jobs is not None:
        runtime.desk.jobs.stop()
    await runtime.inbox.stop()
    await runtime.outbox.stop()
    for channel in runtime.channels.values():
        await channel.close()


async def _watch_files(runtime: Runtime) -> None:
    """Admins edit files while the bot runs: take a good edit, keep the last good one otherwise."""
    while True:
        await asyncio.sleep(RELOAD_SECONDS)
        for store in (runtime.knowledge, runtime.workers):
            # In a worker thread: parsing and analysing the data takes about half a second, and
            # webhooks must not wait for it. The new value is swapped in with one assignment.
            problems = await asyncio.to_thread(store.reload_if_changed)
            if problems:
                for problem in problems:
                    log.error("config not reloaded, keeping the last good one: %s", problem)
            elif problems is not None:
                log.info("config reloaded")


def _error(status: int, message: str) -> JSONResponse:
    return JSONResponse({"error": message}, status_code=status)


def _runtime(request: Request) -> Runtime:
    runtime: Runtime = request.app.state.runtime
    return runtime


def _store(runtime: Runtime, channel: str, events: list[tuple[str, str, str]]) -> JSONResponse:
    """Store events only if every one can be read back (else 400, nothing stored), then acknowledge."""
    reader = runtime.channels[channel]
    for event_id, text, _ in events:
        try:
            reader.parse(text, runtime.clock())
        except Exception as error:  # noqa: BLE001 - whatever the reader chokes on is the sender's fault here
            log.warning("%s event %s cannot be read, refused: %s", channel, event_id, type(error).__name__)
            return _error(400, "an event cannot be read")
    accepted = [
        runtime.inbox.accept(event_id, channel, text, runtime.lane(channel, source))
        for event_id, text, source in events
    ]
    return JSONResponse({"accepted": sum(accepted), "duplicates": len(accepted) - sum(accepted)})


async def line_webhook(request: Request) -> JSONResponse:
    runtime = _runtime(request)
    if runtime.line is None:
        return _error(404, "LINE is not configured")
    try:
        raw = await read_body(request)
        runtime.line.verify(raw, request.headers.get("x-line-signature"))
        events = split_events(line_events(read_json(raw)))
    except ForgedWebhook as refused:
        log.warning("LINE webhook refused: %s", refused)
        return _error(401, str(refused))
    except BadBody as bad:
        return _error(bad.status, str(bad))
    return _store(runtime, "line", events)


async def telegram_webhook(request: Request) -> JSONResponse:
    runtime = _runtime(request)
    secret = runtime.settings.telegram_secret
    if runtime.telegram is None or not secret:
        return _error(404, "Telegram webhook is not configured")
    try:
        verify_telegram(secret, request.headers.get("x-telegram-bot-api-secret-token"))
    except ForgedWebhook as refused:
        log.warning("Telegram webhook refused: %s", refused)
        return _error(401, str(refused))
    try:
        update = telegram_update(read_json(await read_body(request)))
    except BadBody as bad:
        return _error(bad.status, str(bad))
    if update is None:
        return JSONResponse({"accepted": 0, "ignored": "not a Telegram update"})
    text = json.dumps(update, ensure_ascii=False)
    return _store(runtime, "telegram", [(f"telegram:{update['update_id']}", text, source_of(update))])


async def healthz(request: Request) -> JSONResponse:
    runtime = _runtime(request)
    if not runtime.ready or runtime.knowledge.current is None:
        return _error(503, "starting")
    return JSONResponse({"ok": True, "channels": sorted(runtime.channels)})


def create_app(runtime: Runtime) -> Starlette:
    @contextlib.asynccontextmanager
    async def lifespan(app: Starlette) -> AsyncIterator[None]:
        await _start(runtime)
        try:
            yield
        finally:
            await _stop(runtime)

    routes = [
        Route("/webhooks/line", line_webhook, methods=["POST"]),
        Route("/webhooks/telegram", telegram_webhook, methods=["POST"]),
        Route("/healthz", healthz, methods=["GET"]),
    ]
    app = Starlette(routes=routes, lifespan=lifespan)
    app.state.runtime = runtime
    return app
