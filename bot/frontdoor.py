"""The edge around the core: load a conversation, let the core decide, store what happened.

Channels (console, LINE, Telegram) call `FrontDoor.handle` and deliver the replies themselves.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from bot.identity import person_key
from bot.knowledge import KnowledgeStore
from bot.model import Message, Outcome, Staffing, Urgency
from bot.pipeline import respond
from bot.storage import Storage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Handled:
    outcome: Outcome
    conversation_id: str
    case_id: int | None = None
    new_case: bool = False


class NoKnowledge(RuntimeError):
    """No valid FAQ/services/rules have ever loaded: the bot must not pretend to answer."""


class FrontDoor:
    def __init__(
        self, knowledge: KnowledgeStore, storage: Storage, key: bytes,
        staffing: Callable[[datetime], Staffing] = lambda at: Staffing(),
    ):
        self.knowledge = knowledge
        self.storage = storage
        self.key = key
        self.staffing = staffing

    def conversation_id(self, channel: str, platform_id: str) -> str:
        return person_key(self.key, channel, platform_id)

    def handle(self, channel: str, platform_id: str, message: Message) -> Handled:
        knowledge = self.knowledge.current
        if knowledge is None:
            raise NoKnowledge("no valid FAQ, services and rules are loaded")
        conversation = self.conversation_id(channel, platform_id)
        message = replace(message, channel=channel, sender=conversation)
        state = self.storage.load_state(conversation)
        outcome = respond(message, state, knowledge, self.staffing(message.at))
        with self.storage.db.conn:
            self.storage.add_message(conversation, "in", message.kind.value, _stored_text(message), message.at, outcome)
            case_id, new_case = self._record_case(conversation, channel, outcome, message.at)
            for reply in outcome.replies:
                self.storage.add_message(conversation, "out", "text", reply.text, message.at)
            self.storage.save_state(conversation, channel, outcome.state, message.at)
        return Handled(outcome, conversation, case_id, new_case)

    def _record_case(self, conversation: str, channel: str, outcome: Outcome, at: datetime) -> tuple[int | None, bool]:
        """One open case per conversation; a more urgent rule raises it rather than opening another."""
        decision = outcome.handoff
        active = self.storage.active_case(conversation)
        if decision is None:
            return (active["id"] if active else None), False
        if active is None:
            return self.storage.open_case(conversation, channel, decision, at), True
        if decision.urgency.rank > Urgency(active["urgency"]).rank:
            self.storage.update_case(active["id"], urgency=decision.urgency.value, rule_id=decision.rule_id,
                                     triggers=json.dumps(decision.triggers, ensure_ascii=False))
            self.storage.audit(active["id"], "raise", "bot", f"{decision.rule_id}:{decision.urgency.value}", at)
        else:
            self.storage.audit(active["id"], "fired", "bot", decision.rule_id, at)
        return active["id"], False


def _stored_text(message: Message) -> str:
    if message.text:
        return message.text
    if message.location is not None:
        return f"[location {message.location.latitude:.3f},{message.location.longitude:.3f}]"
    return f"[{message.kind.value}{':' + message.payload if message.payload else ''}]"
