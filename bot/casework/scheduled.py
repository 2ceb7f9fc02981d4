"""The desk's scheduled work: escalation, the shift-start digest, the next-day check-in, the purge."""

from __future__ import annotations

from datetime import datetime, time, timedelta
from typing import TYPE_CHECKING, Any

from bot.casework import worker_texts as casework
from bot.casework.jobs import Jobs
from bot.config.catalog import texts
from bot.core.hours import TOKYO
from bot.core.model import Choice, Reply
from bot.store.storage import iso

if TYPE_CHECKING:
    from bot.casework.desk import Desk
    from bot.channels.frontdoor import Handled

MAX_ESCALATIONS = 3
PURGE_AT = time(4, 0)


def attach(desk: Desk) -> Jobs:
    handlers = {
        "escalate": lambda payload: escalate(desk, payload),
        "digest": lambda payload: send_digest(desk, payload),
        "checkin": lambda payload: send_checkin(desk, payload),
        "purge": lambda payload: purge(desk, payload),
    }
    desk.jobs = Jobs(desk.storage, handlers, desk.clock)
    return desk.jobs


def ensure_recurring(desk: Desk) -> None:
    """The digest and the purge always have their next run pending (kept in SQLite)."""
    assert desk.jobs is not None
    now = desk.clock()
    if not desk.jobs.pending("purge"):
        desk.jobs.schedule("purge", "purge", _next_at(now, PURGE_AT))
    staffing = desk.workers().staffing(now)
    if not desk.jobs.pending("digest") and staffing.next_shift is not None:
        desk.jobs.schedule("digest", "digest", staffing.next_shift)


def _next_at(now: datetime, clock: time) -> datetime:
    local = now.astimezone(TOKYO)
    candidate = datetime.combine(local.date(), clock, TOKYO)
    return candidate if candidate > local else candidate + timedelta(days=1)


def escalate(desk: Desk, payload: dict[str, Any]) -> None:
    """Still unclaimed: notify again and alert the supervisors directly; then again, up to 3 times."""
    case = desk.storage.case(int(payload["case_id"]))
    if case is None or case["status"] != "open":
        return
    count = int(case["escalations"] or 0) + 1
    desk.storage.update_case(case["id"], escalations=count)
    desk.notify(case, f"未対応のまま{count}回目の再通知")
    label = casework.URGENCY_LABELS[case["urgency"]]
    alert = Reply(texts().get("worker_escalation_alert", case=case["id"], urgency=label))
    for supervisor in desk.workers().supervisors:
        desk.outbox.send(
            supervisor.id, (alert,), key=f"escalate{case['id']}:{count}:{supervisor.id}", lane=supervisor.id
        )
    desk.storage.audit(case["id"], "escalate", "bot", f"{count}", desk.clock())
    if count < MAX_ESCALATIONS:
        desk.schedule_escalation(case)


def send_digest(desk: Desk, payload: dict[str, Any]) -> None:
    now = desk.clock()
    config = desk.workers()
    since = datetime.fromisoformat(desk.storage.meta("last_digest") or iso(now - timedelta(days=1)))
    rows = desk.tables.cases_since(since)
    off_shift = [case for case in rows if not config.staffing(datetime.fromisoformat(case["created_at"])).on_shift]
    for destination in config.notify:
        desk.outbox.send(
            destination,
            (casework.digest(off_shift, since),),
            key=f"digest:{now.isoformat()}:{destination}",
            lane=destination,
        )
    desk.storage.set_meta("last_digest", iso(now))
    desk.storage.audit(None, "digest", "bot", f"{len(off_shift)} cases", now)
    following = config.staffing(now + timedelta(minutes=1)).next_shift
    if following is not None and desk.jobs is not None:
        desk.jobs.schedule("digest", "digest", following)


def record_checkin(desk: Desk, handled: Handled) -> None:
    """The person asked for a check-in (schedule it) or answered one (record it: a closed loop)."""
    outcome, now = handled.outcome, desk.clock()
    if outcome.checkin_requested and desk.jobs is not None:
        faq = desk.tables.last_answered_faq(handled.conversation_id)
        referral = desk.tables.add_referral(handled.conversation_id, faq, now)
        tomorrow = now.astimezone(TOKYO).date() + timedelta(days=1)
        run_at = datetime.combine(tomorrow, time(), TOKYO) + timedelta(minutes=desk.workers().checkin_time)
        desk.jobs.schedule(f"checkin:{referral}", "checkin", run_at, {"referral": referral})
    if outcome.checkin_answer:
        desk.tables.answer_checkin(handled.conversation_id, outcome.checkin_answer, now)


def send_checkin(desk: Desk, payload: dict[str, Any]) -> None:
    referral = desk.tables.referral(int(payload["referral"]))
    if referral is None:
        return  # the person erased the conversation since: nobody to write to
    conversation = referral["conversation_id"]

    channel = desk.storage.channel_of(conversation)
    if channel is None or desk.storage.load_state(conversation).checkin_consent is not True:
        return  # only with consent: never write to someone who did not ask
    t = desk.person_texts({"conversation_id": conversation})
    question = Reply(
        t.get("checkin_question"),
        (
            Choice(t.get("choice_checkin_done"), "checkin:done"),
            Choice(t.get("choice_checkin_notyet"), "checkin:notyet"),
            Choice(t.get("choice_checkin_talk"), "checkin:talk"),
        ),
    )
    desk.to_person({"id": f"r{referral['id']}", "conversation_id": conversation, "channel": channel}, question)
    desk.tables.mark_checkin_sent(referral["id"], desk.clock())
    desk.storage.add_message(conversation, "out", "text", question.text, desk.clock())


def purge(desk: Desk, payload: dict[str, Any]) -> None:
    """Retention: conversation text older than retention_days is erased (cases never held any)."""
    now = desk.clock()
    cutoff = iso(now - timedelta(days=desk.workers().retention_days))
    erased, events, sent, jobs = desk.tables.purge_before(cutoff)
    counts = f"{erased} messages, {events} events, {sent} outgoing, {jobs} finished jobs"
    desk.storage.audit(None, "purge", "bot", f"{counts} before {cutoff}", now)
    if desk.jobs is not None:
        desk.jobs.schedule("purge", "purge", _next_at(now + timedelta(minutes=1), PURGE_AT))
