"""Between the channels and the front door: a stored event in, the replies into the outbox.

A message is one transaction: the conversation step (messages, case, state), its replies and the
worker side's notifications recorded in the outbox, and the event marked done. A restart after a
crash therefore never runs a step twice; it only sends what was recorded and not yet sent. Workers'
groups are left to the worker side (group handlers); elsewhere the bot stays silent in groups and
rooms. Nothing here awaits: the step holds the write lock only as long as it computes.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Mapping
from dataclasses import replace
from datetime import datetime
from typing import Any

from bot.channels.base import Channel, Deliver, Incoming, Parsed
from bot.channels.frontdoor import FrontDoor, Handled
from bot.channels.inbox import Finish
from bot.channels.outbox import REPLY_TOKEN_TRUSTED, Outbox
from bot.core.model import Reply

log = logging.getLogger(__name__)

GroupHandler = Callable[[Incoming, Deliver], bool]
Listener = Callable[[Incoming, Handled], None]


class Switchboard:
    def __init__(self, door: FrontDoor, outbox: Outbox, clock: Callable[[], datetime]):
        self.door = door
        self.outbox = outbox
        self.clock = clock
        self.channels: Mapping[str, Channel] = {}
        self.group_handlers: list[GroupHandler] = []
        self.listeners: list[Listener] = []  # after every person's message (the worker side)

    async def take(self, event: dict[str, Any], finish: Finish) -> None:
        """Handle one claimed event; `finish` marks it done (inside the step's transaction)."""
        parsed = self.channels[event["channel"]].parse(event["body"], self.clock())
        if parsed is None:
            return
        if parsed.incoming.in_group:
            with self.door.storage.transaction():
                self._in_group(event, parsed)
                finish()
            return
        incoming = parsed.incoming
        with self.door.storage.transaction():
            handled = self.door.handle(incoming.channel, incoming.platform_user, incoming.message)
            if handled.outcome.replies or parsed.callback_id:
                self._record(event, parsed, handled.outcome.replies, handled.conversation_id, f"{event['id']}:reply")
            for listener in self.listeners:
                listener(incoming, handled)
            finish()

    def _in_group(self, event: dict[str, Any], parsed: Parsed) -> None:
        """A group is one ordered lane; what the worker side answers there goes through the outbox too."""
        count = 0

        def deliver(replies: tuple[Reply, ...]) -> None:
            nonlocal count
            count += 1
            once = parsed if count == 1 else replace(parsed, callback_id="")  # a button is acknowledged once
            self._record(event, once, replies, event["conversation"], f"{event['id']}:reply{count}")

        for handler in self.group_handlers:
            if handler(parsed.incoming, deliver):
                break
        else:
            log.info("message in a %s group that is not a workers' group: staying silent", event["channel"])
        if count == 0 and parsed.callback_id:
            self._record(event, parsed, (), event["conversation"], f"{event['id']}:ack")

    def _record(self, event: dict[str, Any], parsed: Parsed, replies: tuple[Reply, ...], lane: str, key: str) -> None:
        received = float(event.get("received") or 0.0)  # wall clock: a reply token's life is real time
        self.outbox.enqueue(
            key,
            event["channel"],
            parsed.target,
            replies,
            lane=lane,
            reply_token=parsed.reply_token,
            token_until=received + REPLY_TOKEN_TRUSTED,
            callback_id=parsed.callback_id,
        )
