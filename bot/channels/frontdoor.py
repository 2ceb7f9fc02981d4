"""The edge around the core: load a conversation, let the core decide, store what happened.

Channels (console, LINE, Telegram) call `FrontDoor.handle` and deliver the replies themselves.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable
from dataclasses import dataclass, replace
from datetime import datetime

from bot.config.stores import KnowledgeStore
from bot.core.model import Message, Outcome, Staffing, Urgency
from bot.core.pipeline import respond
from bot.store.identity import person_key, seal
from bot.store.storage import Storage

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Handled:
    outcome: Outcome
    conversation_id: str
    case_id: int | None = None
    new_case: bool = False
    raised: bool = False  # an open case became more urgent with this message


class NoKnowledge(RuntimeError):
    """No valid FAQ/services/rules have ever loaded: the bot must not pretend to answer."""


class FrontDoor:
    def __init__(
        self,
        knowledge: KnowledgeStore,
        storage: Storage,
        key: bytes,
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
        if outcome.forget:  # confirmed by the person: nothing of this conversation is kept, this turn neither
            self.storage.forget(conversation, message.at)
            return Handled(outcome, conversation, None)
        with self.storage.transaction():
            self.storage.add_message(conversation, "in", message.kind.value, _stored_text(message), message.at, outcome)
            case_id, new_case, raised = self._record_case(conversation, channel, outcome, message.at)
            for reply in outcome.replies:
                self.storage.add_message(conversation, "out", "text", reply.text, message.at)
            self.storage.save_state(conversation, channel, outcome.state, message.at)
            # Sealed, so a worker's reply or an agreed check-in can reach the person later. A
            # conversation's address never changes (its id is derived from it): seal it once.
            if self.storage.address(conversation) is None:
                self.storage.save_address(conversation, seal(self.key, platform_id))
        return Handled(outcome, conversation, case_id, new_case, raised)

    def _record_case(
        self, conversation: str, channel: str, outcome: Outcome, at: datetime
    ) -> tuple[int | None, bool, bool]:
        """One open case per conversation; a more urgent rule raises it rather than opening another."""
        decision = outcome.handoff
        active = self.storage.active_case(conversation)
        if decision is None:
            return (active["id"] if active else None), False, False
        if active is None:
            return self.storage.open_case(conversation, channel, decision, at), True, False
        raised = decision.urgency.rank > Urgency(active["urgency"]).rank
        if raised:
            self.storage.update_case(
                active["id"],
                urgency=decision.urgency.value,
                rule_id=decision.rule_id,
                triggers=json.dumps(decision.triggers, ensure_ascii=False),
            )
        self.storage.audit(
            active["id"], "raise" if raised else "fired", "bot", f"{decision.rule_id}:{decision.urgency.value}", at
        )
        return active["id"], False, raised


def _stored_text(message: Message) -> str:
    if message.text:
        return message.text
    if message.location is not None:
        return f"[location {message.location.latitude:.3f},{message.location.longitude:.3f}]"
    return f"[{message.kind.value}{':' + message.payload if message.payload else ''}]"
