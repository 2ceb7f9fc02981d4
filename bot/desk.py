"""The workers' desk: notify, claim, relay, close. Scheduled work (escalation, digest, check-in,
purge) lives in `desk_jobs`.

Every action goes to the audit table. Only workers listed in workers.yaml may act on a case.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from typing import Any, Protocol

from bot import casework
from bot.catalog import texts
from bot.channels.base import Incoming
from bot.desk_jobs import record_checkin
from bot.frontdoor import Handled
from bot.identity import unseal
from bot.jobs import Jobs
from bot.knowledge import KnowledgeStore
from bot.model import MessageKind, Reply, Urgency
from bot.render import life_at_risk
from bot.storage import Storage, iso
from bot.workers import Worker, WorkersConfig

log = logging.getLogger(__name__)
HISTORY = 10
_HASH_REPLY = re.compile(r"^#(\d+)\s+(.+)$", re.DOTALL)

Deliver = Callable[[tuple[Reply, ...]], Awaitable[None]]


class Outbox(Protocol):
    """Sends to a destination like `telegram:<chat id>` or `line:<id>`; returns the sent message ids."""

    async def send(self, destination: str, replies: tuple[Reply, ...], retry_key: str) -> list[str]: ...


class Desk:
    def __init__(self, storage: Storage, key: bytes, workers: Callable[[], WorkersConfig], outbox: Outbox,
                 clock: Callable[[], datetime], knowledge: KnowledgeStore):
        self.storage, self.key, self.workers, self.outbox = storage, key, workers, outbox
        self.clock, self.knowledge = clock, knowledge
        self.jobs: Jobs | None = None  # set by desk_jobs.attach

    # The person's side

    async def after_person(self, incoming: Incoming, handled: Handled) -> None:
        record_checkin(self, handled)
        if handled.case_id is None:
            return
        case = self.storage.case(handled.case_id)
        assert case is not None
        if handled.new_case:
            await self.notify(case, "新しいケース")
            self.schedule_escalation(case)
        elif case["status"] == "claimed":
            await self._forward(case, incoming, handled)
        elif handled.raised:
            await self.notify(case, "緊急度が上がりました")
            self.schedule_escalation(case)
        if incoming.message.payload == "consent:share" and not handled.new_case and case["status"] != "closed":
            await self.broadcast(self._notification(case, "相談者が会話の共有に同意しました"), case["id"])

    async def _forward(self, case: dict[str, Any], incoming: Incoming, handled: Handled) -> None:
        text = incoming.message.text or f"[{incoming.message.kind.value}]"
        decision = handled.outcome.handoff
        state = handled.outcome.state
        if state.share_consent or life_at_risk_case(case) or decision is not None:
            await self.broadcast(casework.relayed_from_person(case["id"], text), case["id"])
            self.storage.audit(case["id"], "relay_in", "person", incoming.message.kind.value, self.clock())
        if decision is not None:
            await self.broadcast(casework.risk_alert(case["id"], decision.rule_id, decision.urgency.value), case["id"])

    # Notifications

    def _notification(self, case: dict[str, Any], heading: str) -> Reply:
        state = self.storage.load_state(case["conversation_id"])
        knowledge = self.knowledge.current
        area = next((a.name for a in knowledge.areas if a.id == knowledge.default_area), None) if knowledge else None
        messages = self.storage.messages(case["conversation_id"], HISTORY)
        offered = [line for m in messages if m["direction"] == "out"
                   for line in m["text"].splitlines() if line.startswith("・")][-5:]
        return casework.notification(case, share_consent=state.share_consent, at_risk=life_at_risk_case(case),
                                     area=area, messages=messages, offered=offered, heading=heading)

    async def notify(self, case: dict[str, Any], heading: str) -> None:
        if not self.workers().notify:
            self.storage.audit(case["id"], "not_notified", "bot", "no notify destinations", self.clock())
            return
        await self.broadcast(self._notification(case, heading), case["id"])
        self.storage.update_case(case["id"], notified_at=iso(self.clock()))
        self.storage.audit(case["id"], "notify", "bot", heading, self.clock())

    async def broadcast(self, reply: Reply, case_id: int) -> None:
        """To every workers' chat; Telegram message ids are kept so a reply to them reaches the person."""
        for destination in self.workers().notify:
            try:
                ids = await self.outbox.send(destination, (reply,), f"case{case_id}:{self.clock().timestamp()}")
            except Exception:  # noqa: BLE001 - one unreachable chat must not stop the others
                log.exception("could not notify %s about case %s", destination, case_id)
                continue
            channel, _, chat = destination.partition(":")
            for message_id in ids:
                self.storage.table("relays").upsert(
                    {"channel": channel, "chat_id": chat, "message_id": message_id, "case_id": case_id},
                    pk=("channel", "chat_id", "message_id"),
                )

    def schedule_escalation(self, case: dict[str, Any]) -> None:
        minutes = self.workers().escalate_minutes.get(Urgency(case["urgency"]))
        if self.jobs is not None and minutes:
            self.jobs.schedule(f"escalate:{case['id']}", "escalate", self.clock() + timedelta(minutes=minutes),
                               {"case_id": case["id"]})

    # The workers' side

    async def on_group(self, incoming: Incoming, deliver: Deliver) -> bool:
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
            self.storage.audit(case_id, f"refused_{verb}", f"{incoming.channel}:{incoming.platform_user}",
                               "not a listed worker", self.clock())
            await deliver((Reply(texts().get("worker_not_listed")),))
            return True
        case = self.storage.case(case_id)
        if case is None:
            await deliver((Reply(texts().get("worker_no_case", case=case_id)),))
            return True
        await {"claim": self.claim, "close": self.close, "reply": self.reply}[verb](case, worker, text, deliver)
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
            rows = list(self.storage.db.query(
                "select case_id from relays where channel = ? and chat_id = ? and message_id = ?",
                [incoming.channel, incoming.group_id, incoming.reply_to]))
            if rows:
                return "reply", int(rows[0]["case_id"]), message.text.strip()
        return None

    async def claim(self, case: dict[str, Any], worker: Worker, _: str, deliver: Deliver) -> bool:
        now = self.clock()
        if not self.storage.claim_case(case["id"], worker.id, worker.name, now):
            current = self.storage.case(case["id"]) or case
            if current["status"] == "claimed":
                refusal = texts().get("worker_taken", case=case["id"], name=current["claimed_by_name"])
            else:
                refusal = texts().get("worker_already_closed", case=case["id"])
            await deliver((Reply(refusal),))
            return False
        self.storage.audit(case["id"], "claim", worker.id, worker.name, now)
        self.storage.update_state(case["conversation_id"], now, claimed=True, handed_off=True)
        if self.jobs is not None:
            self.jobs.cancel(f"escalate:{case['id']}")
        await self.to_person(case, Reply(texts().get("claimed_for_person", name=worker.name)))
        await self.broadcast(casework.claimed_notice(case["id"], worker.name), case["id"])
        return True

    async def close(self, case: dict[str, Any], worker: Worker, _: str, deliver: Deliver) -> None:
        if case["status"] == "closed":
            await deliver((Reply(texts().get("worker_already_closed", case=case["id"])),))
            return
        now = self.clock()
        self.storage.update_case(case["id"], status="closed", closed_at=iso(now))
        self.storage.audit(case["id"], "close", worker.id, worker.name, now)
        self.storage.update_state(case["conversation_id"], now, claimed=False, handed_off=False)
        if self.jobs is not None:
            self.jobs.cancel(f"escalate:{case['id']}")
        await self.to_person(case, Reply(texts().get("closed_for_person")))
        await self.broadcast(Reply(texts().get("worker_closed", case=case["id"], name=worker.name)), case["id"])

    async def reply(self, case: dict[str, Any], worker: Worker, text: str, deliver: Deliver) -> None:
        if case["status"] == "closed":
            await deliver((Reply(texts().get("worker_reply_closed", case=case["id"])),))
            return
        if case["status"] == "open" and not await self.claim(case, worker, "", deliver):
            return
        prefix = texts().get("worker_reply_prefix", name=worker.name)
        await self.to_person(case, Reply(f"{prefix}{text}"))
        self.storage.add_message(case["conversation_id"], "worker", "text", text, self.clock())
        self.storage.audit(case["id"], "relay_out", worker.id, worker.name, self.clock())

    async def to_person(self, case: dict[str, Any], reply: Reply) -> None:
        address = unseal(self.key, self.storage.address(case["conversation_id"]) or "")
        if address is None:
            log.error("case %s: the person's address cannot be read; nothing sent", case["id"])
            return
        key = f"case{case['id']}:person:{self.clock().timestamp()}"
        await self.outbox.send(f"{case['channel']}:{address}", (reply,), key)



def life_at_risk_case(case: dict[str, Any]) -> bool:
    return life_at_risk(Urgency(case["urgency"]), json.loads(case["categories"]))

