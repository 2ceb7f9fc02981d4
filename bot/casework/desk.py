"""The workers' desk: notify, claim, relay, close. Scheduled work (escalation, digest, check-in,
purge) lives in `desk_jobs`.

The desk decides and records; it sends nothing itself. Its messages go into the outbox, so they
are written in the same transaction as the event that caused them and sent (retried) after.

Every action goes to the audit table. Only workers listed in workers.yaml may act on a case.
"""

from __future__ import annotations

import json
import logging
import re
import uuid
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

from bot.casework import worker_texts as casework
from bot.casework.jobs import Jobs
from bot.casework.roster import Worker, WorkersConfig
from bot.casework.scheduled import record_checkin
from bot.channels.base import Deliver, Incoming
from bot.channels.frontdoor import Handled
from bot.config.catalog import texts, texts_easy, texts_en
from bot.config.stores import KnowledgeStore
from bot.core.easy import EASY
from bot.core.knowledge import Knowledge
from bot.core.languages import ENGLISH
from bot.core.model import ConversationState, MessageKind, Reply, Urgency, life_at_risk
from bot.core.texts import Texts
from bot.core.whereabouts import elsewhere
from bot.store.casework_tables import CaseworkTables
from bot.store.identity import unseal
from bot.store.storage import Storage, iso

log = logging.getLogger(__name__)
# Messages read back for a notification: the bot says several things a turn (an answer, its places, a
# handoff's lines), so ten messages held only the bot's and a worker never saw the person's own words
# (「相談員につないで。家賃のことで」, once the rent was answered before the handoff).
HISTORY = 40
_HASH_REPLY = re.compile(r"^#(\d+)\s+(.+)$", re.DOTALL)


class Outbox(Protocol):
    """Records a message for a destination like `telegram:<chat id>` or `line:<id>`; the outbox sends
    it (retried, in order with `lane`) and calls `record_relays` once the platform confirmed it."""

    def send(
        self, destination: str, replies: tuple[Reply, ...], *, key: str, lane: str, case_id: int | None = None
    ) -> None: ...


class Desk:
    def __init__(
        self,
        storage: Storage,
        key: bytes,
        workers: Callable[[], WorkersConfig],
        outbox: Outbox,
        clock: Callable[[], datetime],
        knowledge: KnowledgeStore,
    ):
        self.storage, self.key, self.workers, self.outbox = storage, key, workers, outbox
        self.tables = CaseworkTables(storage)
        self.clock, self.knowledge = clock, knowledge
        self.jobs: Jobs | None = None  # set by desk_jobs.attach

    # The person's side

    def after_person(self, incoming: Incoming, handled: Handled) -> None:
        record_checkin(self, handled)
        if handled.case_id is None:
            return
        case = self.storage.case(handled.case_id)
        assert case is not None
        if handled.new_case:
            self.notify(case, "新しいケース")
            self.schedule_escalation(case)
        elif case["status"] == "claimed":
            self._forward(case, incoming, handled)
        elif handled.raised:
            self.notify(case, "緊急度が上がりました")
            self.schedule_escalation(case)
        if incoming.message.payload == "consent:share" and not handled.new_case and case["status"] != "closed":
            self.broadcast(self._notification(case, "相談者が会話の共有に同意しました"), case["id"])

    def _forward(self, case: dict[str, Any], incoming: Incoming, handled: Handled) -> None:
        text = incoming.message.text or f"[{incoming.message.kind.value}]"
        decision = handled.outcome.handoff
        state = handled.outcome.state
        if state.share_consent or life_at_risk_case(case) or decision is not None:
            self.broadcast(casework.relayed_from_person(case["id"], text), case["id"])
            self.storage.audit(case["id"], "relay_in", "person", incoming.message.kind.value, self.clock())
        if decision is not None:
            self.broadcast(casework.risk_alert(case["id"], decision.rule_id, decision.urgency.value), case["id"])

    # Notifications

    def _notification(self, case: dict[str, Any], heading: str) -> Reply:
        state = self.storage.load_state(case["conversation_id"])
        knowledge = self.knowledge.current
        area = _area_label(state, knowledge)
        messages = self.storage.messages(case["conversation_id"], HISTORY)
        offered = casework.offered(messages, (texts(), texts_en(), texts_easy()))
        return casework.notification(
            case,
            share_consent=state.share_consent,
            at_risk=life_at_risk_case(case),
            area=area,
            messages=messages,
            offered=offered,
            heading=heading,
            language=casework.language_label(state, knowledge.languages) if knowledge is not None else "",
        )

    def notify(self, case: dict[str, Any], heading: str) -> None:
        if not self.workers().notify:
            self.storage.audit(case["id"], "not_notified", "bot", "no notify destinations", self.clock())
            return
        # Recorded as queued only: `delivered` and `undeliverable` record, per destination, what happened.
        self.broadcast(self._notification(case, heading), case["id"])
        self.storage.audit(case["id"], "notify", "bot", heading, self.clock())

    def broadcast(self, reply: Reply, case_id: int) -> None:
        """To every workers' chat, each in its own order (the chat is the lane)."""
        for destination in self.workers().notify:
            self.outbox.send(
                destination, (reply,), key=f"case{case_id}:{uuid.uuid4().hex}", lane=destination, case_id=case_id
            )

    def delivered(self, item: dict[str, Any], message_ids: list[str]) -> None:
        """A case message reached a workers' chat: the case counts as notified, and a reply to that
        message reaches the person (Telegram)."""
        chat = unseal(self.key, item["target"] or "") if item.get("case_id") else None
        if chat is None:
            return
        case_id, now = item["case_id"], self.clock()
        self.tables.mark_notified(case_id, now)
        self.storage.audit(case_id, "notify_sent", "bot", f"{item['channel']}:{chat}", now)
        for message_id in message_ids:
            self.tables.add_relay(item["channel"], chat, message_id, case_id)

    def undeliverable(self, item: dict[str, Any], reason: str) -> None:
        """A case message could not reach a workers' chat after every retry: the supervisors are told
        directly (their alerts carry no case, so a failing alert cannot loop)."""
        chat = unseal(self.key, item["target"] or "") if item.get("case_id") else None
        if chat is None:
            return
        destination, now = f"{item['channel']}:{chat}", self.clock()
        self.storage.audit(item["case_id"], "notify_failed", "bot", f"{destination}: {reason[:200]}", now)
        alert = Reply(texts().get("worker_notify_failed", case=item["case_id"], destination=destination))
        for supervisor in self.workers().supervisors:
            if supervisor.id != destination:
                self.outbox.send(
                    supervisor.id, (alert,), key=f"undelivered:{item['id']}:{supervisor.id}", lane=supervisor.id
                )

    def schedule_escalation(self, case: dict[str, Any]) -> None:
        minutes = self.workers().escalate_minutes.get(Urgency(case["urgency"]))
        if self.jobs is not None and minutes:
            self.jobs.schedule(
                f"escalate:{case['id']}", "escalate", self.clock() + timedelta(minutes=minutes), {"case_id": case["id"]}
            )

    # The workers' side

    def on_group(self, incoming: Incoming, deliver: Deliver) -> bool:
        """A message in a workers' chat. Returns False when the chat is not one (the bot stays silent)."""
        config = self.workers()
        if f"{incoming.channel}:{incoming.group_id}" not in config.notify:
            return False
        action = self._parse_action(incoming)
        if action is None:
            return True
        verb, case_id, text = action
        worker = config.worker(f"{incoming.channel}:{incoming.platform_user}")
        if worker is None:
            self.storage.audit(
                case_id,
                f"refused_{verb}",
                f"{incoming.channel}:{incoming.platform_user}",
                "not a listed worker",
                self.clock(),
            )
            deliver((Reply(texts().get("worker_not_listed")),))
            return True
        case = self.storage.case(case_id)
        if case is None:
            deliver((Reply(texts().get("worker_no_case", case=case_id)),))
            return True
        {"claim": self.claim, "close": self.close, "reply": self.reply}[verb](case, worker, text, deliver)
        return True

    def _parse_action(self, incoming: Incoming) -> tuple[str, int, str] | None:
        message = incoming.message
        if message.kind is MessageKind.POSTBACK:
            verb, _, number = message.payload.partition(":")
            return (verb, int(number), "") if verb in ("claim", "close") and number.isdigit() else None
        if message.kind is not MessageKind.TEXT or not message.text.strip():
            return None
        if match := _HASH_REPLY.match(message.text.strip()):
            return "reply", int(match.group(1)), match.group(2).strip()
        if incoming.reply_to:
            case_id = self.tables.case_of_relay(incoming.channel, incoming.group_id or "", incoming.reply_to)
            if case_id is not None:
                return "reply", case_id, message.text.strip()
        return None

    def claim(self, case: dict[str, Any], worker: Worker, _: str, deliver: Deliver) -> bool:
        now = self.clock()
        if not self.storage.claim_case(case["id"], worker.id, worker.name, now):
            current = self.storage.case(case["id"]) or case
            if current["status"] == "claimed":
                refusal = texts().get("worker_taken", case=case["id"], name=current["claimed_by_name"])
            else:
                refusal = texts().get("worker_already_closed", case=case["id"])
            deliver((Reply(refusal),))
            return False
        self.storage.audit(case["id"], "claim", worker.id, worker.name, now)
        self.storage.update_state(case["conversation_id"], now, claimed=True, handed_off=True)
        if self.jobs is not None:
            self.jobs.cancel(f"escalate:{case['id']}")
        self.to_person(case, Reply(self.person_texts(case).get("claimed_for_person", name=worker.name)))
        self.broadcast(casework.claimed_notice(case["id"], worker.name), case["id"])
        return True

    def close(self, case: dict[str, Any], worker: Worker, _: str, deliver: Deliver) -> None:
        if case["status"] == "closed":
            deliver((Reply(texts().get("worker_already_closed", case=case["id"])),))
            return
        now = self.clock()
        self.storage.update_case(case["id"], status="closed", closed_at=iso(now))
        self.storage.audit(case["id"], "close", worker.id, worker.name, now)
        self.storage.update_state(case["conversation_id"], now, claimed=False, handed_off=False)
        if self.jobs is not None:
            self.jobs.cancel(f"escalate:{case['id']}")
        self.to_person(case, Reply(self.person_texts(case).get("closed_for_person")))
        self.broadcast(Reply(texts().get("worker_closed", case=case["id"], name=worker.name)), case["id"])

    def reply(self, case: dict[str, Any], worker: Worker, text: str, deliver: Deliver) -> None:
        if case["status"] == "closed":
            deliver((Reply(texts().get("worker_reply_closed", case=case["id"])),))
            return
        if case["status"] == "open" and not self.claim(case, worker, "", deliver):
            return
        self.to_person(case, Reply(self.person_texts(case).get("worker_reply", name=worker.name, text=text)))
        self.storage.add_message(case["conversation_id"], "worker", "text", text, self.clock())
        self.storage.audit(case["id"], "relay_out", worker.id, worker.name, self.clock())

    def person_texts(self, case: dict[str, Any]) -> Texts:
        """The texts in the language the person is answered in: one who writes English is told in English that
        a worker took the case, and the worker's words come after an English label."""
        language = self.storage.load_state(case["conversation_id"]).language
        return texts_en() if language == ENGLISH else texts_easy() if language == EASY else texts()

    def to_person(self, case: dict[str, Any], reply: Reply) -> None:
        """In order with the bot's own replies to that person (the conversation is the lane)."""
        address = unseal(self.key, self.storage.address(case["conversation_id"]) or "")
        if address is None:
            log.error("case %s: the person's address cannot be read; nothing sent", case["id"])
            return
        self.outbox.send(
            f"{case['channel']}:{address}",
            (reply,),
            key=f"case{case['id']}:person:{uuid.uuid4().hex}",
            lane=case["conversation_id"],
        )


def life_at_risk_case(case: dict[str, Any]) -> bool:
    return life_at_risk(Urgency(case["urgency"]), json.loads(case["categories"]))


def _area_label(state: ConversationState, knowledge: Knowledge | None) -> str | None:
    """The deployment's area, or where the person said they live when that is elsewhere (a worker must
    not look up 渋谷区's offices for someone in 大阪), and whose place it is."""
    if knowledge is None:
        return None
    if state.area and knowledge.gazetteer and elsewhere(state.area, knowledge.default_area):
        whose = "家族" if state.area_of_family else "本人"
        return f"{knowledge.gazetteer.name_of(state.area) or state.area}（{whose}の話）"
    return next((a.name for a in knowledge.areas if a.id == knowledge.default_area), None)
