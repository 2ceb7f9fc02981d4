"""A long message answered in parts: up to three short answers, each with its places (pure).

`stories` decides which entries a story's sentences name; this module says them: each answer's first line under
its question, the places for each answer's need, and the other matches as buttons.
"""

from __future__ import annotations

from dataclasses import replace
from itertools import takewhile

from bot.core.answering import PERSON, label, needs_of
from bot.core.knowledge import Knowledge
from bot.core.matcher import Candidate
from bot.core.model import Choice, ConversationState, Message, Outcome, Reply
from bot.core.referrals import referral, where_to_go

MAX_PARTS = 3  # needs answered from one long message; the rest are offered
_BULLET = "・"


def several(ordered: list[Candidate], message: Message, state: ConversationState, knowledge: Knowledge) -> Outcome:
    """The first MAX_PARTS entries answered in short, each with its places; the rest offered as buttons."""
    parts, offered = ordered[:MAX_PARTS], ordered[MAX_PARTS:]
    texts = knowledge.texts
    # The heading is the whole question: a button's 20 letters ("Where can I apply f…") say too little.
    headings = [texts.get("part_heading", label=c.entry.question.rstrip("？?")) for c in parts]
    text = "\n\n".join(f"{heading}\n{short(c.entry.answer)}" for heading, c in zip(headings, parts, strict=True))
    choices = (
        *(Choice(label(c.entry), f"faq:{c.entry.id}") for c in offered + parts),
        Choice(texts.get("choice_person"), PERSON),
    )
    # Where to go for each answer's need in turn, as a single answer gives its places.
    needs = tuple(dict.fromkeys(needs_of(c.entry)[0] for c in parts))
    found = where_to_go(needs, message, state, knowledge, each=True, places=places_of(parts))
    place_replies, checkin = referral(found, message, state, knowledge)
    replies = [Reply(f"{texts.get('several_needs')}\n\n{text}"), *place_replies]
    replies[-1] = Reply(replies[-1].text, (*choices, *checkin))
    return Outcome(
        replies=tuple(replies),
        state=replace(state, misses_in_row=0),
        faq_id=parts[0].entry.id,
        score=parts[0].score,
        services=found,
        answered=True,
    )


def places_of(parts: list[Candidate]) -> tuple[str, ...] | None:
    """The places the answers name, the first of each answer first; by their needs if one names none."""
    named = [c.entry.places for c in parts]
    if any(places is None for places in named):
        return None
    firsts = [places[0] for places in named if places]
    return tuple(dict.fromkeys([*firsts, *(place for places in named for place in places or ())]))


def short(answer_text: str) -> str:
    """The first paragraph of an answer: a long message gets several short answers, not several walls. A first
    line that opens a list (障害者手帳には3つの種類があります。 ・身体障害者手帳：…) keeps the list's names: alone
    it named no 手帳 at all (first-contact set 55 dev)."""
    first, *rest = answer_text.strip().split("\n")
    listed = list(takewhile(lambda line: line.startswith(_BULLET), rest))
    names = [line[len(_BULLET) :].split("：")[0] for line in listed if "：" in line]
    if not names or len(names) != len(listed):
        return first
    return f"{first.removesuffix('。')}（{'、'.join(names)}）。"
