"""Value objects that flow through the core. All frozen: the core never mutates its inputs."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from enum import StrEnum


class Urgency(StrEnum):
    NORMAL = "normal"
    URGENT = "urgent"
    EMERGENCY = "emergency"

    @property
    def rank(self) -> int:
        return _URGENCY_RANK[self]


_URGENCY_RANK = {Urgency.NORMAL: 0, Urgency.URGENT: 1, Urgency.EMERGENCY: 2}


class MessageKind(StrEnum):
    TEXT = "text"
    POSTBACK = "postback"  # a button the person pressed; `payload` holds its data
    STICKER = "sticker"
    MEDIA = "media"  # image, audio, video, file
    LOCATION = "location"
    FOLLOW = "follow"  # first contact without text (LINE follow, Telegram /start)


@dataclass(frozen=True)
class Location:
    latitude: float
    longitude: float


@dataclass(frozen=True)
class Message:
    """One thing a person sent, already stripped of its platform."""

    text: str
    at: datetime  # timezone-aware
    channel: str = "console"
    sender: str = "local"  # pseudonymous key, never the raw platform id
    kind: MessageKind = MessageKind.TEXT
    payload: str = ""
    location: Location | None = None


@dataclass(frozen=True)
class Choice:
    """A button. `data` is short (Telegram callback_data is at most 64 bytes)."""

    label: str
    data: str


@dataclass(frozen=True)
class Reply:
    text: str
    choices: tuple[Choice, ...] = ()


@dataclass(frozen=True)
class HandoffDecision:
    rule_id: str
    urgency: Urgency
    triggers: tuple[str, ...]  # the words or counters that fired it
    categories: tuple[str, ...]
    description: str
    also_fired: tuple[str, ...] = ()  # other rules that fired, for the worker's judgement
    # A life at risk read only from weaker signs that added up, none enough alone and no rule about a
    # life fired (限界 2 + もう 1): a question or a need the message names is answered after the lines.
    signs_only: bool = False


def life_at_risk(urgency: Urgency, categories: Iterable[str]) -> bool:
    return urgency is Urgency.EMERGENCY or "crisis" in categories


@dataclass(frozen=True)
class ServiceSuggestion:
    service_id: str
    name: str
    phone: str | None
    open_now: bool | None  # None: hours unknown
    opens_next: datetime | None
    hours_note: str
    distance_km: float | None = None
    url: str = ""


@dataclass(frozen=True)
class ConversationState:
    """What the core remembers between messages of one conversation."""

    greeted: bool = False
    misses_in_row: int = 0
    needs: frozenset[str] = frozenset()
    offered_faq_ids: tuple[str, ...] = ()
    handed_off: bool = False
    last_rule: str | None = None
    turns: int = 0
    claimed: bool = False  # a worker has taken the case: the bot stays quiet, risk still alerts
    share_consent: bool | None = None  # may workers read what was written? None: not asked yet
    checkin_consent: bool | None = None  # may the bot write tomorrow to ask how it went?
    risk_rule: str | None = None  # the risk this conversation has shown: later messages are read in its light
    risk_signs: int = 0  # weak signs seen in earlier messages (asked about directly)
    asked_risk: bool = False  # the direct question is waiting for an answer
    # "en" once the person writes in English, "easy" in やさしい日本語 (core.easy): later replies and buttons follow
    language: str = "ja"
    consent_asked: bool = False  # the sharing question was put once: it is not put again
    safety_shared: bool = False  # told once that the conversation is shared to protect a life
    last_urgency: str | None = None  # of the last handoff: the same rule again is not repeated in full
    people: frozenset[str] = frozenset()  # who the needs are about (children, older_people), when said
    speaks: str = ""  # the person's own language when it is not Japanese (pt, ko …): lines in it first
    topic: str | None = None  # the FAQ entry last answered: a short follow-up is read with its question
    area: str | None = None  # where the person says they live (core.whereabouts), when said
    area_of_family: bool = False  # `area` is where a family member the need is about lives (横浜に住む母)
    # signs of `over_turns` rules said in the run of messages just before (risk.signs_over_turns)
    signs_seen: tuple[str, ...] = ()
    signs_paused: bool = False  # the last message said no sign: one more without ends the run


@dataclass(frozen=True)
class Outcome:
    replies: tuple[Reply, ...]
    state: ConversationState
    normalized: str = ""
    handoff: HandoffDecision | None = None
    faq_id: str | None = None
    score: float | None = None
    services: tuple[ServiceSuggestion, ...] = ()
    answered: bool = False  # a confident FAQ answer or a handoff; False feeds the "unanswered" report
    checkin_requested: bool = False  # the person asked to be asked tomorrow how it went
    checkin_answer: str | None = None  # done / notyet / talk, an answer to yesterday's check-in
    asked_about_risk: bool = False  # weak signs, no rule: the person was asked directly about their safety
    forget: bool = False  # the person confirmed: erase this conversation's stored text and address (the edge does)

    @property
    def text(self) -> str:
        return "\n\n".join(reply.text for reply in self.replies)


@dataclass(frozen=True)
class Staffing:
    """Whether a worker is on shift, computed at the edge from workers.yaml; None: not configured."""

    on_shift: bool | None = None
    next_shift: datetime | None = None
