"""The core: message + state + knowledge -> outcome. No I/O, no clock, no channel.

normalize -> reading (handoff rules, needs, people: `reading`) -> FAQ match -> service suggestions -> reply.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from bot.core import (
    answering,
    buttons,
    certainty,
    followup,
    handoffs,
    intents,
    people,
    risk,
    smalltalk,
    stories,
    whereabouts,
)
from bot.core.analyzer import analyze
from bot.core.easy import EASY
from bot.core.knowledge import Knowledge
from bot.core.languages import detect, is_written, reply_language, story_length
from bot.core.model import ConversationState, Message, MessageKind, Outcome, Reply, Staffing, Urgency
from bot.core.needs import detect_needs
from bot.core.normalize import is_mostly_latin, normalize
from bot.core.reading import Reading, read
from bot.core.render import one_button_set, places_near
from bot.core.texts import Texts

MAX_CHOICES = certainty.MAX_CHOICES
PERSON = answering.PERSON
_AT_RISK = frozenset({Urgency.URGENT.value, Urgency.EMERGENCY.value})  # made once: an enum's value is a lookup


@dataclass(frozen=True)
class Turn:
    """What one message needs besides its text: the knowledge, the texts and who is on shift."""

    knowledge: Knowledge
    staffing: Staffing
    texts: Texts


def respond(
    message: Message,
    state: ConversationState,
    knowledge: Knowledge,
    staffing: Staffing | None = None,
) -> Outcome:
    language = reply_language(message, state, knowledge.languages)
    speaks = detect(message.text, knowledge.languages) if language == "en" and is_written(message) else state.speaks
    home = knowledge.default_area
    said = None
    if message.kind is MessageKind.TEXT:
        state, said = whereabouts.moved(state, message.text, knowledge.gazetteer)
    knowledge = knowledge.for_area(whereabouts.area_for(state, home))
    knowledge = knowledge.in_english() if language == "en" else knowledge.in_easy() if language == EASY else knowledge
    speaks = speaks if language == "en" else ""
    if (state.language, state.speaks) != (language, speaks):  # a copy of the state only when it changes
        state = replace(state, language=language, speaks=speaks)
    turn = Turn(knowledge, staffing or Staffing(), knowledge.texts)
    handlers = {
        MessageKind.TEXT: _on_text,
        MessageKind.POSTBACK: _on_postback,
        MessageKind.STICKER: lambda m, s, t: buttons.say(s, t.texts.get("sticker")),
        MessageKind.MEDIA: lambda m, s, t: buttons.say(s, t.texts.get("media")),
        MessageKind.LOCATION: lambda m, s, t: places_near(m, s, t.knowledge),
        MessageKind.FOLLOW: lambda m, s, t: buttons.ask_again(s, t.knowledge),
    }
    outcome = handlers[message.kind](message, state, turn)
    if said is not None and whereabouts.elsewhere(said.place.area, home):
        outcome = _tell_where(outcome, said, turn)
    return one_button_set(_close_turn(outcome, state, turn))


def _tell_where(outcome: Outcome, said: whereabouts.Said, turn: Turn) -> Outcome:
    """Someone who just said they (or the family member they write about) live outside the deployment's
    area is told why the places differ; never in front of a reply to a person at risk, whose lines serve
    everyone anyway."""
    if not outcome.replies or (outcome.handoff and outcome.handoff.urgency is not Urgency.NORMAL):
        return outcome
    place = said.place
    name = place.name_en or place.name if turn.knowledge.language == "en" else place.name
    first = outcome.replies[0]
    line = turn.texts.get("elsewhere_family" if said.family else "elsewhere", place=name)
    told = Reply(f"{line}\n\n{first.text}", first.choices)
    return replace(outcome, replies=(told, *outcome.replies[1:]))


def _close_turn(outcome: Outcome, before: ConversationState, turn: Turn) -> Outcome:
    """The turn counted and the greeting said once; the entry answered (typed or pressed) becomes the
    conversation's topic (`followup`). One copy of the state and of the outcome: this runs every message."""
    replies = outcome.replies
    if not before.greeted:
        replies = (Reply(turn.texts.get("greeting")), *replies)
    topic = outcome.state.topic if outcome.faq_id is None else outcome.faq_id
    state = replace(outcome.state, greeted=True, turns=before.turns + 1, topic=topic)
    return replace(outcome, replies=replies, state=state)


def _on_postback(message: Message, state: ConversationState, turn: Turn) -> Outcome:
    """A button: what it means (`buttons.press`); one that stands for words is read as those words."""
    pressed = buttons.press(message, state, turn.knowledge)
    if not isinstance(pressed, buttons.Written):
        return pressed
    outcome = _on_text(pressed.message, pressed.state, turn)
    return outcome if pressed.checkin_answer is None else replace(outcome, checkin_answer=pressed.checkin_answer)


def _on_text(message: Message, state: ConversationState, turn: Turn) -> Outcome:
    text = normalize(message.text)
    if text.is_empty and not state.claimed:
        return buttons.ask_again(state, turn.knowledge)
    reading, state = read(text, state, turn.knowledge)
    if state.claimed:
        # A worker is talking with the person: the bot stays quiet, but a risk still alerts the worker.
        quiet = replace(state, needs=reading.needs)
        return Outcome(replies=(), state=quiet, normalized=reading.folded, handoff=reading.decision, answered=True)
    if (short := _short_reply(reading, message, state, turn)) is not None:
        return replace(short, normalized=reading.folded)
    state = state if state.needs == reading.needs else replace(state, needs=reading.needs)
    if (
        reading.signs
        and reading.decision is None
        and not reading.named
        and reading.only_signs
        and story_length(message.text) < handoffs.STORY_LETTERS
    ):
        # Just ask: つかれた is not a 介護 question. A message that names its need (督促がきてつらい) is
        # answered, and asked after.
        outcome = Outcome(replies=(), state=state)
    else:
        outcome = _decide(message, reading, state, turn)
        if reading.signs and _ask_alone(reading, outcome, message, turn):
            # Nothing answered, nothing named: an offer guessed from the other words ("I gave my dog to my
            # sister" was offered the entry on no food today), or a miss's general places (legal aid beside
            # "a bottle of sixty somas … ought to do the trick"), do not stand before the direct question; nor
            # does an answer beside a means named. A miss still counts for the repeated-misses rule; an offer
            # or an answer dropped is none.
            outcome = Outcome(replies=(), state=state if _offers(outcome) or outcome.faq_id else outcome.state)
        elif reading.decision is None and _strays(outcome, reading, message, state, turn):
            outcome = replace(risk.caring_reply("risk_follow", message.at, state, turn.knowledge), answered=True)
    return replace(risk.after(outcome, reading.signs, message.at, turn.knowledge), normalized=reading.folded)


def _ask_alone(reading: Reading, outcome: Outcome, message: Message, turn: Turn) -> bool:
    """Beside weak signs, the direct question stands alone when nobody was handed on (the repeated-misses rule's
    handoff too stays as it is) and either nothing was answered nor named (entries offered, "is it this?", or a
    miss), or a sign names a means of dying (`risk.names_means`) and the message asks nothing."""
    if outcome.handoff is not None:
        return False
    if not reading.named and outcome.faq_id is None:
        return True
    return risk.names_means(reading.signs, turn.knowledge.rules.means_signs) and not stories.is_question(message.text)


def _offers(outcome: Outcome) -> bool:
    return any(choice.data.startswith("faq:") for reply in outcome.replies for choice in reply.choices)


def _strays(outcome: Outcome, reading: Reading, message: Message, state: ConversationState, turn: Turn) -> bool:
    """An FAQ answer beside the point of a conversation already at risk (`risk.strays`)."""
    entry = turn.knowledge.entry(outcome.faq_id) if outcome.faq_id else None
    if entry is None or not _at_risk(state):
        return False
    if not people.named_for(entry.for_whom, state.people) and not stories.is_question(message.text):
        return True  # a group's entry the conversation never named ("there's vomit everywhere", a mother at 119: #8000)
    # The needs this message names apart from who it is about: 「子どももこわがってる」 after 夫が怒鳴る
    # names a child, not a child's need. Read only here: most messages come to no conversation at risk.
    relations = turn.knowledge.intents.get("relations", ())
    named = frozenset(detect_needs(turn.knowledge.rules, people.without_relations(reading.masked, relations)))
    return risk.strays(
        answering.about(entry),
        (reading.needs - reading.named) | named,
        named,
        stories.is_question(message.text),
        story_length(message.text),
    )


def _at_risk(state: ConversationState) -> bool:
    """A conversation that has shown a risk, or was handed on at urgent or above (nowhere to sleep tonight,
    no food for days): what follows is read as the same story going on."""
    return state.risk_rule is not None or state.last_urgency in _AT_RISK


def _short_reply(reading: Reading, message: Message, state: ConversationState, turn: Turn) -> Outcome | None:
    """What needs no FAQ: "no" to the direct question, greetings, thanks, acknowledgements and openers
    (`smalltalk:`), what a person asks of the conversation itself, distress without words (care and a
    way to a person, never "rephrase")."""
    decision, quiet = reading.decision, reading.decision is None and not reading.signs
    if reading.reply_to_question == "no" and decision is None:
        return replace(risk.caring_reply("risk_no", message.at, state, turn.knowledge), answered=True)
    if quiet and reading.reply_to_question is None and (kind := smalltalk.kind(reading.folded, turn.knowledge)):
        if kind != "thanks" and state.risk_rule is not None:  # はい, すみません after a crisis reply: stay with them
            return replace(risk.caring_reply("risk_follow", message.at, state, turn.knowledge), answered=True)
        return replace(_small_reply(kind, state, turn), answered=True)
    if decision is None or decision.urgency is Urgency.NORMAL:
        if about_itself := intents.respond_to(reading.folded, state, message, turn.knowledge):
            return about_itself
    if quiet and risk.without_words(reading.folded):  # 😭😭😭, asdfghjkl
        return replace(risk.caring_reply("risk_care", message.at, state, turn.knowledge), answered=True)
    if quiet and risk.only_feelings(analyze(reading.display).words, turn.knowledge.feelings):
        return replace(risk.caring_reply("feeling_only", message.at, state, turn.knowledge), answered=True)
    return None


def _decide(message: Message, reading: Reading, state: ConversationState, turn: Turn) -> Outcome:
    decision, knowledge, staffing = reading.decision, turn.knowledge, turn.staffing
    need = _need_only(reading, knowledge) if decision is not None else None
    if decision is not None:
        state = replace(state, needs=state.needs | set(decision.categories))
        # Without the words that only ask for a person, the message still names something (年金のことで人と
        # 話したい): that is answered first, as a need named would be.
        names_more = need is not None and need.display != reading.display
        if not handoffs.answer_first(decision, knowledge, message, reading.named, names_more):
            handed = handoffs.handoff(decision, message, state, knowledge, staffing)
            if not handoffs.answer_after(decision, knowledge, message, reading.named):
                return handed
            answered = _answer(message, need, handed.state, turn) if need else None
            if answered is None:
                return handed
            if answered.faq_id is None:
                return handoffs.handoff_then_menu(handed, answered, knowledge)
            return handoffs.handoff_then_answer(handed, answered, knowledge)
    # Before a normal handoff, the answer reads what the message asks about, not its words asking for a person.
    outcome = _answer(message, need or reading, state, turn)
    if decision is not None:
        # A person is wanted, but nothing is at risk: answer what can be answered, then hand on (a menu
        # of the topic's questions comes after the handoff: it answers nothing yet).
        handed = handoffs.handoff(decision, message, outcome.state, knowledge, staffing)
        if outcome.faq_id is None:
            return handoffs.handoff_then_menu(handed, outcome, knowledge)
        return handoffs.answer_then_handoff(outcome, handed)
    return handoffs.counter_handoff(outcome, message, knowledge, staffing)


def _need_only(reading: Reading, knowledge: Knowledge) -> Reading | None:
    """The message as the answer after a handoff reads it: without the words of the rules that fired
    that only say how bad things are (`Rule.distress_words`), which their lines already answer; None
    when what is left names nothing (「助けて」 alone met the entry for a night without a bed). In
    「借金でもう限界です」 限界 met the entry for a mother at her limit with a crying baby, and the debt
    entry was one of a menu, so nothing followed the lines."""
    display = reading.display
    for phrase in reading.distress:
        display = display.replace(phrase, " ")
    if display != reading.display and not knowledge.matcher.specific(display):
        return None
    return replace(reading, display=display)


def _answer(message: Message, reading: Reading, state: ConversationState, turn: Turn) -> Outcome:
    """The FAQ's reply: a story's sentences first (with the whole message's clear best among them),
    else the whole message's ranking, made once for both (or, for a short follow-up, read with the
    question last answered: `followup`)."""
    knowledge = turn.knowledge
    display = whereabouts.without_places(reading.display, knowledge.gazetteer)  # a place names no need
    if display != reading.display:  # a place was said: the fillers are gathered only then, not for every message
        fillers = knowledge.feelings.get("fillers", frozenset()) | set(knowledge.intents.get("self_words", ()))
        if not knowledge.matcher.specific(display, frozenset(fillers)):
            # Only where someone lives is said (住んでいます, 在住です: fillers): asked what about, after the line
            # on whose places these are. 「大阪に住んでいます」 alone met the entry on moving abroad (住む).
            return buttons.ask_again(state, knowledge)
    if not state.topic and stories.only_asks_for_help(display, knowledge):
        # 「こんな事でも聞いて頂けるのでしょうか？」 sent alone asks whether it may ask, not about 法テラス (whose
        # phrasings hold 相談 and 聞く): asked what it is about, as a first message naming nothing is.
        return buttons.ask_again(state, knowledge)
    if is_mostly_latin(display) and knowledge.matcher.only_vague(display):
        return buttons.ask_again(state, knowledge)  # "what's wrong with me" met a care appeal's "wrong"
    if followup.asks_of_nothing(display, state.topic, knowledge.aspects):
        return buttons.ask_again(state, knowledge, "ask_which_seido")
    # Ranked once: wide enough, after an answer, for a follow-up to look among the topic's entries, whose
    # `only_when` words the answered question may hold (「車は持っていてもいいですか」 after 生活保護).
    context = followup.context(display, state.topic, knowledge)
    top = followup.WIDE if state.topic else MAX_CHOICES + 1
    ranked = answering.ranked_for(knowledge, display, top, state.people, context)
    candidates = ranked[: MAX_CHOICES + 1]
    unplaced = whereabouts.without_places(message.text, knowledge.gazetteer)
    told = message if unplaced == message.text else replace(message, text=unplaced)
    outcome = stories.long_message(told, state, knowledge, candidates)
    if outcome is None:
        candidates = followup.in_context(
            ranked, MAX_CHOICES + 1, display, state.topic, reading.named, knowledge, state.people, _at_risk(state)
        )
        outcome = answering.from_candidates(candidates, message, state, knowledge, is_mostly_latin(display))
    return outcome


def _small_reply(kind: str, state: ConversationState, turn: Turn) -> Outcome:
    """A greeting or an opener (すみません, or a bare はい before anything was said) is asked what it is
    about; thanks and an acknowledgement after an answer are answered kindly, the conversation kept."""
    if kind in ("greetings", "openers") or (kind == "acknowledgements" and state.topic is None and not state.turns):
        return buttons.ask_again(state, turn.knowledge)
    return buttons.say(state, turn.texts.get("acknowledged" if kind == "acknowledgements" else "thanks"))
