"""What every channel shares: the incoming shape, the outgoing item, text splitting."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from bot.core.model import Message, Reply

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Incoming:
    """One person's message from a platform, before the front door sees it."""

    channel: str
    platform_user: str
    message: Message
    in_group: bool = False
    group_id: str = ""
    reply_to: str = ""  # the platform id of the message this one answers (Telegram replies)


@dataclass(frozen=True)
class Parsed:
    """A stored event read again: what the person sent and where the answer goes."""

    incoming: Incoming
    target: str  # the user, group or chat id replies are sent to
    reply_token: str = ""  # LINE: answer for free within about a minute
    callback_id: str = ""  # Telegram: the button press to acknowledge


@dataclass(frozen=True)
class OutItem:
    """One outgoing item of the outbox, as a channel sends it."""

    key: str  # stable for the item's whole life: retry keys derive from it
    target: str
    replies: tuple[Reply, ...]
    progress: int = 0  # platform calls already confirmed; a retry starts after them
    reply_token: str = ""
    token_fresh: bool = False  # the reply token is too young to have expired
    callback_id: str = ""
    doubt: bool = False  # an earlier attempt was cut off and may have done more than `progress`


@dataclass(frozen=True)
class Verdict:
    """How to treat a failed platform call: retry after `wait` seconds, or never (permanent)."""

    permanent: bool
    wait: float = 0.0
    doubt: bool = False  # the platform may have done it anyway (a timeout after sending)


Progress = Callable[[int, list[str]], None]


class Channel(Protocol):
    """A thin adapter: it reads stored webhook events and delivers outbox items."""

    name: str

    def parse(self, body: str, at: datetime) -> Parsed | None:
        """What a stored event says, or None when it needs no answer."""
        ...

    async def deliver(self, item: OutItem, progress: Progress) -> None:
        """Send the item's remaining calls, reporting each confirmed one (count so far, message ids)."""
        ...

    def classify(self, error: Exception) -> Verdict: ...

    async def close(self) -> None: ...


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


# Hands the replies of one step to be sent: records them in the outbox (sending happens after the commit).
Deliver = Callable[[tuple[Reply, ...]], None]


class ForgedWebhook(Exception):
    """A webhook that did not prove it came from the platform (signature or secret): 401, nothing stored."""
