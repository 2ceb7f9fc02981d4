"""What a pressed button means (pure). Most answer the conversation directly (consent, a check-in, a topic's
menu, an FAQ entry); some stand for words a person could have written (yes or no to the direct question,
"talk to a person"): those come back as the text message they stand for (`Written`), so that the text path
decides them, in one place, as it decides the words."""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core import answering, certainty, intents
from bot.core.knowledge import Knowledge
from bot.core.model import Choice, ConversationState, Message, MessageKind, Outcome, Reply

PERSON = answering.PERSON
TOPIC_BUTTONS = ("money", "housing", "food", "mental_health", "violence", "disability")


@dataclass(frozen=True)
class Written:
    """A button that stands for words: the message as if written, the state to read it in, and, for the
    check-in's "talk", the answer to record beside the text path's outcome."""

    message: Message
    state: ConversationState
    checkin_answer: str | None = None


def press(message: Message, state: ConversationState, knowledge: Knowledge) -> Outcome | Written:
    kind, _, value = message.payload.partition(":")
    texts = knowledge.texts
    if kind == "consent" and value in ("share", "noshare"):
        return say(replace(state, share_consent=value == "share"), texts.get(f"consent_{value}"))
    if kind == "checkin":
        return _checkin(value, message, state, knowledge)
    if kind == intents.FORGET:
        return intents.forget_step(value, state, knowledge)
    if kind == "risk" and value in ("yes", "no"):
        return Written(_as_text(message, texts.get(f"choice_risk_{value}")), replace(state, asked_risk=True))
    if kind == "faq" and (entry := knowledge.entry(value)):
        return answering.answer(entry, None, message, state, knowledge)
    if kind == "topic" and value in knowledge.categories:
        return _topic(value, state, knowledge)
    if kind == PERSON:
        return Written(_as_text(message, texts.get("choice_person")), state)
    return ask_again(state, knowledge)


def say(state: ConversationState, text: str) -> Outcome:
    return Outcome(replies=(Reply(text),), state=state)


def ask_again(state: ConversationState, knowledge: Knowledge, key: str = "ask_again") -> Outcome:
    """Asked what it is about, with the topic buttons and the way to a person."""
    return Outcome(replies=(Reply(knowledge.texts.get(key), _topic_choices(knowledge)),), state=state)


def _as_text(message: Message, text: str) -> Message:
    return replace(message, kind=MessageKind.TEXT, text=text)


def _checkin(value: str, message: Message, state: ConversationState, knowledge: Knowledge) -> Outcome | Written:
    """`checkin:ask` asks for tomorrow's check-in; done / notyet / talk answer it."""
    texts = knowledge.texts
    if value == "ask":
        return replace(say(replace(state, checkin_consent=True), texts.get("checkin_agreed")), checkin_requested=True)
    if value == "talk":
        return Written(_as_text(message, texts.get("choice_person")), state, checkin_answer=value)
    if value in ("done", "notyet"):
        return replace(say(state, texts.get(f"checkin_{value}")), checkin_answer=value)
    return ask_again(state, knowledge)


def _topic(category: str, state: ConversationState, knowledge: Knowledge) -> Outcome:
    entries = [entry for entry in knowledge.entries if entry.category == category][: certainty.MAX_CHOICES + 1]
    choices = tuple(Choice(answering.label(entry), f"faq:{entry.id}") for entry in entries)
    text = knowledge.texts.get("topic", label=knowledge.categories[category])
    return Outcome(
        replies=(Reply(text, (*choices, Choice(knowledge.texts.get("choice_person"), PERSON))),), state=state
    )


def _topic_choices(knowledge: Knowledge) -> tuple[Choice, ...]:
    labels = knowledge.categories
    buttons = tuple(Choice(labels[c], f"topic:{c}") for c in TOPIC_BUTTONS if c in labels)
    return (*buttons, Choice(knowledge.texts.get("choice_person"), PERSON))
