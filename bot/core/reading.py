"""What the rules make of one message, before anything is said (pure): risk first, on the folded message
and the conversation so far; then the needs it names and who it is about. `pipeline` decides what to say."""

from __future__ import annotations

import re
from dataclasses import dataclass

from bot.core import people, risk
from bot.core.knowledge import Knowledge
from bot.core.lookalikes import mask_common, unmarked
from bot.core.model import ConversationState, HandoffDecision
from bot.core.needs import detect_needs
from bot.core.normalize import Normalized
from bot.core.rules import fire_rules
from bot.core.signals import phrases_said
from bot.core.verdict import decide

_CONCEPT_WORD = re.compile(r"[a-z][a-z0-9_]*:.")  # concept:form, as `concepts.matched_words` gives it


@dataclass(frozen=True)
class Reading:
    """What the rules made of one message, before anything is said."""

    folded: str
    display: str
    decision: HandoffDecision | None
    signs: tuple[str, ...]  # weak signs: the person is asked directly
    reply_to_question: str | None  # yes / no to the direct question asked in the last turn
    needs: frozenset[str]  # of the whole conversation
    named: frozenset[str]  # the needs this message names
    distress: tuple[str, ...] = ()  # words that only say how bad things are (`Rule.distress_words`)
    masked: str = ""  # the folded message as the rules read it (`mask_common`)
    only_signs: bool = True  # the weak signs are all it says (つかれた), not beside a need (離婚したいけど…)


def read(text: Normalized, state: ConversationState, knowledge: Knowledge) -> tuple[Reading, ConversationState]:
    """Risk first, on the folded message and the conversation so far; then needs and people."""
    rules = knowledge.rules
    marked = mask_common(rules, text.marked)  # sentence ends marked: they bound the rules' own lookalikes
    masked = unmarked(marked)
    hits = risk.scan(rules, masked, text.katakana)
    before = state.people
    state = people.remember(state, text.folded, knowledge.people)
    # The conversation's risk goes on unless the message names someone new (子どもも叩かれてる after 夫が怖い)
    # or the conversation is about a child: then a child's rule that fires is theirs (189).
    ongoing = state.risk_rule if state.people == before and "children" not in state.people else None
    firings = fire_rules(rules, marked, hits, state.people, text.katakana)
    reply_to_question = risk.answer_to_question(text.folded, knowledge.answers) if state.asked_risk else None
    timed = risk.at_a_time(rules, state, text.folded, knowledge.answers)
    firings = risk.with_context(firings, hits, state, reply_to_question, rules, timed)
    signs = risk.weak_signs(rules, hits) if not firings else ()
    if signs and (adding_up := risk.over_turns(rules, state, signs)):
        firings.append(adding_up)
    firings, state = risk.with_signs_added_up(firings, rules, state, marked)
    named = frozenset(detect_needs(rules, masked))
    decision = decide(firings, ongoing)
    state = risk.remember(state, decision, signs, asked=False)
    # A sign that names a need stays (食べるもの is a sign of risk_signals and the food the answer is about).
    said = [_form(phrase) for f in firings if f.rule.distress_words for phrase in phrases_said(f.words)]
    distress = tuple(phrase for phrase in said if not detect_needs(rules, phrase))
    reading = Reading(
        text.folded,
        text.display,
        decision,
        signs,
        reply_to_question,
        state.needs | named,
        named,
        distress,
        masked,
        not signs or _says_only(signs, masked, knowledge),
    )
    return reading, state


def _form(word: str) -> str:
    """The words of a firing as the message wrote them: a concept's word (staff:誰か) is its form, 誰か."""
    return word.partition(":")[2] if _CONCEPT_WORD.match(word) else word


def _says_only(signs: tuple[str, ...], masked: str, knowledge: Knowledge) -> bool:
    """Whether the message names nothing once its weak signs are taken out: 「つかれた」 is asked about
    directly, and so is 「なんかもう疲れちゃった」 (fillers name nothing), but
    「離婚したいけどどうしたらいいかわからない」 is a question about divorce (asked about after its answer).
    A sign found only in the message read aloud cannot be taken out of it: asked about."""
    rest = masked
    for sign in signs:
        form = sign.partition(":")[2]
        if form not in rest:
            return True
        rest = rest.replace(form, " ")
    return not knowledge.matcher.specific(rest, knowledge.feelings.get("fillers", frozenset()))
