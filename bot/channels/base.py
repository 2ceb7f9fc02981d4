"""What every channel shares: the incoming shape, text splitting and retrying a platform call."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol, TypeVar

from bot.model import Message, Reply

log = logging.getLogger(__name__)
T = TypeVar("T")
BACKOFF_SECONDS = (0.5, 1.0, 2.0, 4.0)
MAX_RETRY_WAIT = 30.0


@dataclass(frozen=True)
class Incoming:
    """One person's message from a platform, before the front door sees it."""

    channel: str
    platform_user: str
    message: Message
    in_group: bool = False
    group_id: str = ""
    reply_to: str = ""  # the platform id of the message this one answers (Telegram replies)


class Channel(Protocol):
    """A thin adapter: it turns stored webhook events into front-door calls and delivers the replies."""

    name: str

    async def process(self, body: str) -> None: ...

    async def push(self, to: str, replies: tuple[Reply, ...], retry_key: str) -> list[str]:
        """Send unprompted (a worker's reply, a check-in); returns the platform's message ids."""
        ...


def split_text(text: str, limit: int) -> list[str]:
    """Split at paragraph, then line, then character boundaries so no piece exceeds `limit`."""
    if len(text) <= limit:
        return [text]
    pieces: list[str] = []
    current = ""
    for separator_piece in _pieces(text, limit):
        if current and len(current) + len(separator_piece) > limit:
            pieces.append(current.rstrip("\n"))
            current = ""
        current += separator_piece
    if current.strip():
        pieces.append(current.rstrip("\n"))
    return [piece for piece in pieces if piece]


def _pieces(text: str, limit: int) -> list[str]:
    found: list[str] = []
    for line in text.splitlines(keepends=True):
        while len(line) > limit:
            found.append(line[:limit])
            line = line[limit:]
        found.append(line)
    return found


async def with_retries(call: Callable[[], Awaitable[T]], retry_after: Callable[[Exception], float | None]) -> T:
    """Run `call`; on an error that `retry_after` says is temporary (429, 5xx), wait and try again."""
    for attempt, backoff in enumerate((*BACKOFF_SECONDS, None)):
        try:
            return await call()
        except Exception as error:  # noqa: BLE001 - classified below, re-raised when not temporary
            wait = retry_after(error)
            if wait is None or backoff is None:
                raise
            delay = min(max(wait, backoff), MAX_RETRY_WAIT)
            log.warning("temporary platform error (attempt %d), retrying in %.1fs: %s", attempt + 1, delay, error)
            await asyncio.sleep(delay)
    raise AssertionError("unreachable")
