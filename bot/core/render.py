"""Turning decisions into reply texts: service lists and handoff replies (pure, like the pipeline)."""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.core.hours import describe_opening
from bot.core.knowledge import Knowledge
from bot.core.model import (
    Choice,
    ConversationState,
    HandoffDecision,
    Message,
    Outcome,
    Reply,
    ServiceSuggestion,
    Staffing,
    Urgency,
    life_at_risk,
)
from bot.core.needs import in_order
from bot.core.rules import Rule
from bot.core.services import suggest, suggest_each, suggestion
from bot.core.texts import Texts

MAX_NUMBERS = 5
UNKNOWN_HOURS_SHOWN = 2


def service_line(found: ServiceSuggestion, now: datetime, texts: Texts) -> str:
    phone = found.phone or found.url or ""  # a chat service has a page, not a number
    if found.open_now:
        line = texts.get("service_open", name=found.name, phone=phone)
    elif found.open_now is None:
        note = found.hours_note or texts.get("service_unknown_note" if found.phone else "service_unknown_note_page")
        line = texts.get("service_unknown", name=found.name, phone=phone, note=note)
    elif found.opens_next is not None:
        line = texts.get(
            "service_closed", name=found.name, phone=phone, next=describe_opening(found.opens_next, now, texts.entries)
        )
    else:
        line = texts.get("service_closed_unknown_next", name=found.name, phone=phone)
    line = line.replace("  ", " ").replace(" （", "（")
    if found.distance_km is not None:
        line += texts.get("service_distance", km=f"{found.distance_km:.1f}")
    return line


def services_block(found: tuple[ServiceSuggestion, ...], now: datetime, texts: Texts) -> str:
    return "\n".join(service_line(item, now, texts) for item in found)


def handoff_numbers(rule: Rule, knowledge: Knowledge, at: datetime) -> tuple[ServiceSuggestion, ...]:
    """The rule's numbers plus the always-listed ones: every one open now by a confirmed schedule
    first, then a few whose hours are not confirmed (told to ask by phone). A closed line is never
    offered to a person at risk. A normal rule (a person wanted, nothing at risk: several needs, 人と話したい)
    lists its own lines alone while one of them is open: 110 and 119 beside a lost job read as alarm."""
    if rule.urgency is Urgency.NORMAL:
        own = _numbers(rule.numbers, knowledge, at)
        if any(item.open_now for item in own):
            return own
    return _numbers(tuple(dict.fromkeys(rule.numbers + knowledge.rules.always_numbers)), knowledge, at)


def _numbers(ids: tuple[str, ...], knowledge: Knowledge, at: datetime) -> tuple[ServiceSuggestion, ...]:
    found = [
        suggestion(service, at)
        for sid in ids
        if (service := knowledge.service(sid)) and service.phone and service.serves(knowledge.default_area)
    ]
    open_now = [item for item in found if item.open_now]
    unknown = [item for item in found if item.open_now is None][:UNKNOWN_HOURS_SHOWN]
    return tuple((open_now + unknown)[:MAX_NUMBERS])


def next_steps(staffing: Staffing, at: datetime, texts: Texts) -> str:
    """Honest about who will read and when, from the real roster: never a promise nobody can keep."""
    if staffing.on_shift is None:
        return texts.get("handoff_next_no_roster")  # no workers.yaml (or the console): nobody reads
    if staffing.on_shift:
        return texts.get("handoff_next_on_shift")
    if staffing.next_shift is not None:
        return texts.get("handoff_next_off_shift", when=describe_opening(staffing.next_shift, at, texts.entries))
    return texts.get("handoff_next_unknown_time")


def handoff_replies(
    rule: Rule,
    decision: HandoffDecision,
    knowledge: Knowledge,
    at: datetime,
    staffing: Staffing,
    state: ConversationState,
) -> tuple[tuple[Reply, ...], tuple[ServiceSuggestion, ...]]:
    texts = knowledge.texts
    numbers = handoff_numbers(rule, knowledge, at)
    block = f"{texts.get('numbers_heading')}\n{services_block(numbers, at, texts)}"
    replies = (
        Reply(rule.reply),
        Reply(block),
        Reply(next_steps(staffing, at, texts)),
        consent_reply(decision, texts, state, staffing),
    )
    return tuple(reply for reply in replies if reply.text), numbers


def consent_reply(decision: HandoffDecision, texts: Texts, state: ConversationState, staffing: Staffing) -> Reply:
    """Workers see what was written only with the person's agreement, except when a life is at risk.
    Asked once and remembered; the safety override said once; nothing at all when nobody reads."""
    if staffing.on_shift is None:
        return Reply("")
    if life_at_risk(decision.urgency, decision.categories):
        return Reply("" if state.safety_shared else texts.get("shared_for_safety"))
    if state.share_consent is not None or state.safety_shared or state.consent_asked:
        return Reply("")
    return Reply(
        texts.get("ask_share_consent"),
        (
            Choice(texts.get("choice_share"), "consent:share"),
            Choice(texts.get("choice_noshare"), "consent:noshare"),
        ),
    )


def with_lines(text: str, lines: tuple[ServiceSuggestion, ...], at: datetime, texts: Texts) -> Reply:
    """A short text, the lines below it, and the way to a person: what every short reply ends with."""
    if lines:
        text += "\n" + services_block(lines, at, texts)
    return Reply(text, (Choice(texts.get("choice_person"), "person"),))


def one_button_set(outcome: Outcome) -> Outcome:
    """LINE and the console show the buttons of the last message only: every button a reply offers
    goes there, so a text that says "press a button" is never shown without its buttons."""
    choices = tuple({c.data: c for reply in outcome.replies for c in reply.choices}.values())
    if not outcome.replies or choices == outcome.replies[-1].choices:
        return outcome
    replies = tuple(Reply(reply.text) for reply in outcome.replies[:-1]) + (Reply(outcome.replies[-1].text, choices),)
    return replace(outcome, replies=replies)


def places_near(message: Message, state: ConversationState, knowledge: Knowledge) -> Outcome:
    """A shared location: the nearest places with sourced coordinates for the conversation's needs."""
    located = [s for s in knowledge.services if s.location is not None]
    # The needs ordered as a text reply orders them (the people's own need first, a grown son no child's),
    # and the places of the deployment's area: a shared location changes only which come first.
    needs = in_order(state.needs - {"general"}, knowledge.categories, state.people)
    area, people = knowledge.default_area, state.people
    found = suggest(
        located, needs or tuple(knowledge.categories), message.at, area=area, near=message.location, people=people
    )
    if not found:  # no office has sourced coordinates: say so, and still give lines open now
        choose = suggest_each if len(needs) > 1 else suggest  # a place for each need, as a text reply gives
        lines = choose(list(knowledge.services), needs or ("general", "crisis"), message.at, area=area, people=people)
        text = knowledge.texts.get("location_none")
        if lines:
            text += (
                f"\n\n{knowledge.texts.get('services_heading')}\n{services_block(lines, message.at, knowledge.texts)}"
            )
        return Outcome(replies=(Reply(text),), state=state, services=lines)
    text = "\n".join((knowledge.texts.get("location_heading"), services_block(found, message.at, knowledge.texts)))
    return Outcome(replies=(Reply(text),), state=state, services=found)
