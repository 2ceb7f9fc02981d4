"""A channel that lives in memory (errbot's TestBackend idea): the same contract as LINE and Telegram.

It reads the events it made itself (`event`) and keeps what it delivers in `sent`, so the whole
worker side (inbox, switchboard, front door, desk, outbox, jobs) runs as in `serve`, with no HTTP,
no SDK and no wall-clock waits. It may stand in under a platform's name ("line", "telegram"), so
workers.yaml reads as in production. Every send is numbered per chat from 1, as Telegram numbers
messages, so a worker can answer one of them (`reply_to`). A chat in `refused` refuses every send
for good, as a platform does for a chat that does not exist or blocked the bot.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass, field
from datetime import datetime

from bot.channels.base import Incoming, OutItem, Parsed, Progress, Verdict
from bot.core.model import Message, MessageKind, Reply


@dataclass(frozen=True)
class Sent:
    """One message put in front of someone."""

    target: str  # the user or chat it went to
    reply: Reply
    message_id: str


class Refused(Exception):
    """The platform will never take this send (a chat that does not exist, a person who blocked us)."""


@dataclass
class MemoryChannel:
    name: str = "memory"
    sent: list[Sent] = field(default_factory=list)
    refused: dict[str, str] = field(default_factory=dict)  # target -> the platform's reason
    _counts: dict[str, int] = field(default_factory=dict)

    def event(
        self,
        user: str,
        text: str = "",
        *,
        kind: MessageKind = MessageKind.TEXT,
        payload: str = "",
        group: str = "",
        reply_to: str = "",
    ) -> tuple[str, str, str]:
        """What the platform would deliver for a person (or, with `group`, a worker in a workers' chat):
        the event id, the stored body and the source whose events are taken in order."""
        body = {"user": user, "text": text, "kind": kind.value, "payload": payload, "group": group}
        body["reply_to"] = reply_to
        return f"{self.name}:{uuid.uuid4().hex}", json.dumps(body, ensure_ascii=False), group or user

    def parse(self, body: str, at: datetime) -> Parsed | None:
        data = json.loads(body)
        if not data:
            return None  # a handled event's body is emptied
        message = Message(data["text"], at, kind=MessageKind(data["kind"]), payload=data["payload"])
        group = str(data["group"])
        incoming = Incoming(self.name, data["user"], message, bool(group), group, data["reply_to"])
        return Parsed(incoming, group or data["user"])

    async def deliver(self, item: OutItem, progress: Progress) -> None:
        if item.target in self.refused:
            raise Refused(self.refused[item.target])
        for count, reply in enumerate(item.replies[item.progress :], start=item.progress + 1):
            number = self._counts[item.target] = self._counts.get(item.target, 0) + 1
            self.sent.append(Sent(item.target, reply, str(number)))
            progress(count, [str(number)])

    def classify(self, error: Exception) -> Verdict:
        return Verdict(permanent=isinstance(error, Refused))

    async def close(self) -> None:
        return None

    def texts_to(self, target: str) -> list[str]:
        return [sent.reply.text for sent in self.sent if sent.target == target]
