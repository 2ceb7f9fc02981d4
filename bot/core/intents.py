"""What a person asks of the conversation itself: erase it, hide it, no police, no voice, "I'll call".

Pure, like the rest of the core. The words live in `bot/data/replies.yaml` (`intents:`), folded.
Each answer is short: these are moments when a wall of text is the wrong thing to send.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import datetime

from bot.core.answering import answer, needs_of
from bot.core.certainty import decide
from bot.core.faq import FaqEntry
from bot.core.knowledge import Knowledge
from bot.core.languages import LONG_MESSAGE, story_length
from bot.core.matcher import EXACT
from bot.core.model import Choice, ConversationState, Message, Outcome, Reply, ServiceSuggestion
from bot.core.needs import detect_needs
from bot.core.normalize import fold
from bot.core.render import handoff_numbers, services_block, with_lines
from bot.core.services import NATIONAL, suggest
from bot.core.wordtrie import anywhere

SHORT_COMMAND_SLACK = 6  # letters around a command word: ぜんぶけして, 記録消してください
FORGET = "forget"


def found(intent: str, folded: str, knowledge: Knowledge) -> bool:
    """The intent's words are in the message and none of its `<intent>_unless` words (replies.yaml)."""
    # One search per vocabulary (`wordtrie.anywhere`): four intents are asked of every message.
    said = anywhere(knowledge.intents.get(intent, ())).search(folded)
    return said is not None and anywhere(knowledge.intents.get(f"{intent}_unless", ())).search(folded) is None


def watched(folded: str, knowledge: Knowledge) -> bool:
    """Fear that someone sees this chat (「彼に見られたらどうしよう」): words of being seen or found out,
    beside someone who may see it or the phone, and no need named (「借金が家族にバレたら」 asks about debt)."""
    seen = found("privacy_watched", folded, knowledge) and found("privacy_watcher", folded, knowledge)
    return seen and not detect_needs(knowledge.rules, folded)


def is_command(intent: str, folded: str, knowledge: Knowledge) -> bool:
    """A short message that is the command itself (けして), not a sentence that contains it."""
    words = knowledge.intents.get(intent, ())
    return any(word in folded and len(folded) <= len(word) + SHORT_COMMAND_SLACK for word in words)


def respond_to(folded: str, state: ConversationState, message: Message, knowledge: Knowledge) -> Outcome | None:
    """An answer when the message is about the conversation itself, or asks what is open now; None otherwise."""
    at = message.at
    if is_command("forget", folded, knowledge):
        return forget_step("ask", state, knowledge)
    if found("privacy", folded, knowledge) or watched(folded, knowledge):
        texts = knowledge.texts
        reply = Reply(texts.get("privacy_help"), (Choice(texts.get("choice_forget"), f"{FORGET}:ask"),))
        return Outcome(replies=(reply,), state=state, answered=True)
    if found("no_police", folded, knowledge):
        return _with_lines("no_police", _not_police(state, at, knowledge), state, at, knowledge)
    # "Is it open now?" is a short question; in a story 今からでも is "even now" (今からでも養育費の公正証書を
    # 作れるのか), and the story is answered, not the hours. Short as a story is: Latin letters count a
    # third ("Is the ward office open now? I want to ask about welfare" asks the hours).
    if found("open_now", folded, knowledge) and story_length(folded) < LONG_MESSAGE:
        return _open_now(folded, state, message, knowledge)
    if found("cannot_speak", folded, knowledge):
        return _by_text(state, at, knowledge)
    return None


def _open_now(folded: str, state: ConversationState, message: Message, knowledge: Knowledge) -> Outcome:
    """「いまからでも役所あいてる？」: which places fit, whether each is open now, when a closed one opens;
    when none is open, the lines that answer now come first. An entry itself about what is open
    (日曜日に開いてる病院: how to find a clinic open on a Sunday), plainly named, is the answer."""
    # What is asked about is what the message names besides the question of hours: 生活保護の窓口 gives
    # its places; 「いま電話できるところある？」 names nothing (電話 is how, not what), and the places for
    # any need are asked about, not those of the #9110 entry a ranking of 電話 put first.
    topic = folded
    for word in knowledge.intents.get("open_now", ()):
        topic = topic.replace(word, " ")
    ranked = knowledge.matcher.rank(topic, top=2) if knowledge.matcher.specific(topic) else []
    # Only an entry whose own phrasings ask what is open: 「役所あいてる？」 asks the office's hours, and
    # the places with their hours are the reply, not the 生活保護 answer its ranking put first. The
    # entry's answer names its places with whether each answers now (#7119 at night).
    named = decide(ranked).answer
    if named is None or not _about_what_is_open(named.entry, knowledge):
        # ... or one of those phrasings typed (almost) as it is: "are you open now" names nothing else.
        whole = knowledge.matcher.rank(folded, top=1)
        named = whole[0] if whole and whole[0].ratio >= EXACT else None
    if named is not None and _about_what_is_open(named.entry, knowledge):
        return answer(named.entry, named.score, message, state, knowledge)
    needs = needs_of(ranked[0].entry) if ranked else ("general",)
    return _places_open_now(needs, state, message.at, knowledge)


def _about_what_is_open(entry: FaqEntry, knowledge: Knowledge) -> bool:
    """An entry one of whose own phrasings asks what is open (夜間 開いてる病院, "are you open now")."""
    return any(found("open_now", fold(text), knowledge) for text in (entry.question, *entry.alternates))


def _places_open_now(needs: tuple[str, ...], state: ConversationState, at: datetime, knowledge: Knowledge) -> Outcome:
    """The places for these needs with whether each answers now; when none does, the lines that listen now."""
    fitting = suggest(list(knowledge.services), needs, at, area=knowledge.default_area, people=state.people)
    local = tuple(
        place
        for place in fitting
        if (service := knowledge.service(place.service_id)) and NATIONAL not in service.service_areas
    )
    places = local or fitting  # the question is about the office, not the 24-hour lines
    if any(place.open_now for place in places):
        return _with_lines("open_now_heading", places, state, at, knowledge)
    rule = knowledge.rules.by_id("ask_person") or knowledge.rules.rules[0]
    tonight = handoff_numbers(rule, knowledge, at)  # a normal rule's: the lines that listen, not 110 and 119
    texts = knowledge.texts
    text = texts.get("open_now_none")
    if places:
        text += "\n" + services_block(places, at, texts)
    return _with_lines("", tonight, state, at, knowledge, lead=f"{text}\n\n{texts.get('open_now_tonight')}")


def _by_text(state: ConversationState, at: datetime, knowledge: Knowledge) -> Outcome:
    """Lines reached by text, shown by their address (not a phone number), those fitting the
    conversation's needs first; where none is confirmed, said so (this chat itself is always text)."""
    by_text = [service for service in knowledge.services if service.text_contact and service.url]
    lines = [
        replace(line, phone=None)
        for line in suggest(by_text, tuple(knowledge.categories), at, area=knowledge.default_area)
    ]
    needs = state.needs | ({"crisis"} if state.risk_rule else set())
    fitting = [
        line for line in lines if (service := knowledge.service(line.service_id)) and needs & set(service.categories)
    ]
    shown = tuple(fitting or lines)
    return _with_lines("cannot_speak" if shown else "cannot_speak_none", shown, state, at, knowledge)


def forget_step(value: str, state: ConversationState, knowledge: Knowledge) -> Outcome:
    """ask -> the question with 消す / 消さない; yes -> erased (by the edge); no -> kept."""
    texts = knowledge.texts
    if value == "yes":
        key = "forget_done_case" if state.handed_off else "forget_done"
        return Outcome(
            replies=(Reply(texts.get(key)),), state=ConversationState(greeted=True), answered=True, forget=True
        )
    if value == "no":
        return Outcome(replies=(Reply(texts.get("forget_kept")),), state=state, answered=True)
    choices = (
        Choice(texts.get("choice_forget_yes"), f"{FORGET}:yes"),
        Choice(texts.get("choice_forget_no"), f"{FORGET}:no"),
    )
    return Outcome(replies=(Reply(texts.get("forget_confirm"), choices),), state=state, answered=True)


def short_after_handoff(folded: str, knowledge: Knowledge) -> Reply:
    """Thanks / "I'll call them" after a handoff: a warm line, not the whole block again."""
    key = "will_contact" if found("will_contact", folded, knowledge) else "handoff_again"
    return Reply(knowledge.texts.get(key))


def _not_police(state: ConversationState, at: datetime, knowledge: Knowledge) -> tuple[ServiceSuggestion, ...]:
    rule = knowledge.rules.by_id(state.risk_rule or "violence_dv") or knowledge.rules.rules[0]
    return tuple(
        line for line in handoff_numbers(rule, knowledge, at) if line.service_id not in knowledge.rules.police_numbers
    )


def _with_lines(
    key: str,
    lines: tuple[ServiceSuggestion, ...],
    state: ConversationState,
    at: datetime,
    knowledge: Knowledge,
    lead: str = "",
) -> Outcome:
    reply = with_lines(lead or knowledge.texts.get(key), lines, at, knowledge.texts)
    return Outcome(replies=(reply,), state=replace(state, misses_in_row=0), services=lines, answered=True)
