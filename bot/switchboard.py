"""Between the channels and the front door: a person's message in, the replies out.

Channels call `on_incoming` with what a person sent and a `deliver` function for the replies; the
switchboard lets the front door decide and the channel deliver. Workers' groups are left to the
worker side (group handlers); elsewhere the bot stays silent in groups and rooms.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable

from bot.channels.base import Incoming
from bot.frontdoor import FrontDoor, Handled
from bot.model import Reply

log = logging.getLogger(__name__)

Deliver = Callable[[tuple[Reply, ...]], Awaitable[None]]
GroupHandler = Callable[[Incoming, Deliver], Awaitable[bool]]
Listener = Callable[[Incoming, Handled], Awaitable[None]]


class Switchboard:
    def __init__(self, door: FrontDoor):
        self.door = door
        self.group_handlers: list[GroupHandler] = []
        self.listeners: list[Listener] = []  # after every person's message (the worker side)

    async def on_incoming(self, incoming: Incoming, deliver: Deliver) -> None:
        if incoming.in_group:
            for handler in self.group_handlers:
                if await handler(incoming, deliver):
                    return
            log.info("message in a %s group that is not a workers' group: staying silent", incoming.channel)
            return
        handled = self.door.handle(incoming.channel, incoming.platform_user, incoming.message)
        if handled.outcome.replies:
            await deliver(handled.outcome.replies)
        for listener in self.listeners:
            await listener(incoming, handled)
