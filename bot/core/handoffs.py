"""How a handoff is said, and how it joins an answer. Pure, like the rest of the core.

A rule that fired is said in full the first time and as one short line when it fires again. A normal
rule lets the FAQ answer first (お金がない; any normal rule in a story); an urgent rule that is not about
a life gives its way to safety first and then the answer to what a story asks; a life at risk gets the
crisis reply alone. Counters (misses in a row, several needs) add a handoff after an answer.
"""

from __future__ import annotations

from dataclasses import replace

from bot.core import intents
from bot.core.answering import PERSON, about, with_questions
from bot.core.faq import FaqEntry
from bot.core.knowledge import Knowledge
from bot.core.languages import story_length
from bot.core.model import (
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
from bot.core.normalize import fold
from bot.core.render import handoff_numbers, handoff_replies, services_block
from bot.core.rules import fire_counter
from bot.core.sentences import is_question
from bot.core.verdict import decide

STORY_LETTERS = 30  # a first message this long is a story, and its needs are counted at once
MANY_NEEDS = 3  # ... as are three or more needs in any first message (an 8050 household)


def answer_first(
    decision: HandoffDecision,
    knowledge: Knowledge,
    message: Message,
    named: frozenset[str] = frozenset(),
    names_more: bool = False,
) -> bool:
    """A normal rule marked answer_first (お金がない) lets the FAQ answer before the handoff, and so does
    any normal rule in a story: 「…ひきこもり…誰かに相談したいのですが」 asks for a person and for the
    answer to what it told; and one in a message that names a need (`named`: 「借金のことで人と話したい」
    got only the handoff, no place for the debt), or that names something specific once the words that
    only ask for a person are set aside (`names_more`: 「年金のことで人と話したい」, "Can I talk to somebody
    about inheritance matters?": no need word says pension or inheritance). A bare 「人と話したい」 is only
    handed on."""
    rule = knowledge.rules.by_id(decision.rule_id)
    if decision.urgency is not Urgency.NORMAL or rule is None:
        return False
    story = story_length(message.text) >= STORY_LETTERS
    return rule.answer_first or story or bool(named - {"general"}) or names_more


def answer_after(decision: HandoffDecision, knowledge: Knowledge, message: Message, named: frozenset[str]) -> bool:
    """An urgent rule that is not about a life (DV, nowhere to sleep, violence at work) fired in a story
    that also asks something (家賃が遅れて…いきなり鍵を変えられるのか; パワハラで解雇された…): the way
    to safety comes first, and the question is still answered after it; so it is in any message for a
    rule marked answer_after (「やちん はらえない。たすけて」: 助けて says help is needed, the rest what
    for). A life at risk gets only the crisis reply, unless only weaker signs added up to it and the
    message asks a question or names its need (`named`, the needs the pipeline read in this message:
    `detect_needs`; `HandoffDecision.signs_only`), whichever rule's reply leads (「借金でもう限界です。助けてください」
    is the cry for help's, and the debt answer follows); a short message (殴られた) is only handed on."""
    if decision.urgency is not Urgency.URGENT:
        return False
    rule = knowledge.rules.by_id(decision.rule_id)
    asks = is_question(message.text.rstrip(_CLOSING))  # 夫が暴力を…離婚してもビザは大丈夫ですか？
    if life_at_risk(decision.urgency, decision.categories):
        return decision.signs_only and (asks or bool(named))
    return (rule is not None and rule.answer_after) or story_length(message.text) >= STORY_LETTERS or asks


# Quotes and spaces after a question's last mark (「…どうすれば?」).
_CLOSING = "」』\"'） 　"


def counter_handoff(outcome: Outcome, message: Message, knowledge: Knowledge, staffing: Staffing) -> Outcome:
    """Counters (misses in a row, several needs) add a handoff after the answer, once per conversation."""
    state = outcome.state
    if state.handed_off:
        return outcome
    # Several needs count from the second message on, or in a first message that tells a story: a
    # short first question that names two things is answered, and workers (few at night) are called
    # when the conversation shows it.
    # The needs an answer reached count as one, this message's answer or else the conversation's last: 「40
    # degrees」 after a child's fever was answered (#8000: child, medical) is a detail, not two problems.
    answered = outcome.faq_id or state.topic
    distinct = _distinct_needs(state.needs, knowledge.entry(answered) if answered else None)
    if state.turns < 1 and story_length(message.text) < STORY_LETTERS and distinct < MANY_NEEDS:
        distinct = 0
    counting = (rule for rule in knowledge.rules.rules if rule.counter)  # two of two dozen rules count
    firings = [f for rule in counting if (f := fire_counter(rule, state.misses_in_row, distinct))]
    decision = decide(firings)
    if decision is None:
        return outcome
    return answer_then_handoff(outcome, handoff(decision, message, state, knowledge, staffing))


def _distinct_needs(needs: frozenset[str], answered: FaqEntry | None) -> int:
    """The needs of the conversation, counting those the answer reaches as one: 「失業保険はすぐもらえる？」
    (仕事, 収入) is one question answered, not two problems piling up; 失業 and a debt the answer does not
    reach are two."""
    named = needs - {"general"}
    if answered is None:
        return len(named)
    outside = named - about(answered)
    return len(outside) + (len(named) > len(outside))


def answer_then_handoff(outcome: Outcome, handed: Outcome) -> Outcome:
    """The answer (or fallback) first, then the handoff. `answered` stays the FAQ's: a message handed
    on because nothing answered it is still a gap to report."""
    return replace(
        handed,
        replies=outcome.replies + handed.replies,
        faq_id=outcome.faq_id,
        score=outcome.score,
        services=_joined(outcome.services, handed.services),
        answered=outcome.answered,
    )


def handoff_then_menu(handed: Outcome, menu: Outcome, knowledge: Knowledge) -> Outcome:
    """A person asked for about a topic the FAQ answers as a menu (「年金のことで人と話したい」: pensions
    for old age, disability, divorce): the handoff, then the menu's questions, which the bot can answer
    while nobody has read the message yet; an "is it this?" offers its one question the same way. A
    fallback offers none (its only button asks for a person), and the handoff comes alone."""
    offered = [entry for faq_id in menu.state.offered_faq_ids if (entry := knowledge.entry(faq_id)) is not None]
    choices = tuple(choice for reply in menu.replies for choice in reply.choices if choice.data != PERSON)
    if not offered or not choices:
        return handed
    text = with_questions(knowledge.texts.get("menu_after_handoff"), offered)
    return replace(handed, replies=(*handed.replies, Reply(text, choices)), score=menu.score)


def handoff_then_answer(handed: Outcome, answered: Outcome, knowledge: Knowledge) -> Outcome:
    """The handoff first, then the answer: the way to safety is read before anything else. A rule's
    reply that asks what is happening gives way to its `reply_answered`, the answer being what follows."""
    rule = knowledge.rules.by_id(handed.handoff.rule_id) if handed.handoff else None
    replies = handed.replies
    if rule is not None and rule.reply_answered and replies and replies[0].text == rule.reply:
        replies = (replace(replies[0], text=rule.reply_answered), *replies[1:])
    return replace(
        handed,
        replies=replies + answered.replies,
        faq_id=answered.faq_id,
        score=answered.score,
        services=_joined(handed.services, answered.services),
    )


def _joined(first: tuple[ServiceSuggestion, ...], then: tuple[ServiceSuggestion, ...]) -> tuple[ServiceSuggestion, ...]:
    """Both lists of places, each place once (an answer's places and a rule's lines often share
    よりそいホットライン or 110)."""
    once: dict[str, ServiceSuggestion] = {}
    for suggestion in (*first, *then):
        once.setdefault(suggestion.service_id, suggestion)
    return tuple(once.values())


def handoff(
    decision: HandoffDecision, message: Message, state: ConversationState, knowledge: Knowledge, staffing: Staffing
) -> Outcome:
    rule = knowledge.rules.by_id(decision.rule_id)
    assert rule is not None
    if _repeated(decision, state):
        # The same rule at no higher urgency: the person has the whole block already. A short line
        # and the one number that answers now, not the wall of text again.
        numbers = handoff_numbers(rule, knowledge, message.at)[:1]
        short = intents.short_after_handoff(fold(message.text), knowledge)
        text = f"{short.text}\n{services_block(numbers, message.at, knowledge.texts)}" if numbers else short.text
        return Outcome(replies=(Reply(text),), state=state, handoff=decision, services=numbers, answered=True)
    replies, numbers = handoff_replies(rule, decision, knowledge, message.at, staffing, state)
    shared = staffing.on_shift is not None and life_at_risk(decision.urgency, decision.categories)
    asked = any(choice.data.startswith("consent:") for reply in replies for choice in reply.choices)
    new_state = replace(
        state,
        handed_off=True,
        last_rule=rule.id,
        misses_in_row=0,
        last_urgency=decision.urgency.value,
        safety_shared=state.safety_shared or shared,
        consent_asked=state.consent_asked or asked,
    )
    return Outcome(replies=replies, state=new_state, handoff=decision, services=numbers, answered=True)


def _repeated(decision: HandoffDecision, state: ConversationState) -> bool:
    if state.last_rule != decision.rule_id or state.last_urgency is None:
        return False
    return decision.urgency.rank <= Urgency(state.last_urgency).rank
