"""Where to go (pure): the places an answer names or its needs call for, the lines that speak the
person's language first, and how they are said under their heading."""

from __future__ import annotations

from bot.core.knowledge import Knowledge
from bot.core.languages import ENGLISH, name_of
from bot.core.model import Choice, ConversationState, Message, Reply, ServiceSuggestion
from bot.core.render import services_block
from bot.core.services import named_places, suggest, suggest_each

FOREIGN_RESIDENTS = "foreign"  # the category of lines for foreign residents whatever their need


def their_lines_first(
    found: tuple[ServiceSuggestion, ...],
    needs: tuple[str, ...],
    message: Message,
    knowledge: Knowledge,
    state: ConversationState,
) -> tuple[ServiceSuggestion, ...]:
    """The lines that speak the person's own language (Portuguese, Korean …) and then English
    (`languages:` of the directory), then the ones found. A line counts when its main purpose (its first
    category) is one of the needs, or foreign residents in general: a DV line that speaks English is not
    where to ask about a pension. For these people, as in `suggest` (no child line for an older parent)."""
    first: list[ServiceSuggestion] = []
    purposes = {*needs, FOREIGN_RESIDENTS}
    for code in dict.fromkeys([state.speaks or ENGLISH, ENGLISH]):
        speaking = [s for s in knowledge.services if s.reached_in(code) and not purposes.isdisjoint(s.categories[:1])]
        first += suggest(
            speaking, (*needs, FOREIGN_RESIDENTS), message.at, area=knowledge.default_area, people=state.people
        )
    return tuple(dict.fromkeys([*first, *found]))


def referral(
    found: tuple[ServiceSuggestion, ...], message: Message, state: ConversationState, knowledge: Knowledge
) -> tuple[tuple[Reply, ...], tuple[Choice, ...]]:
    """The places under their heading, and for a referral the offer to ask tomorrow whether it worked out
    (until the person has answered that offer once)."""
    if not found:
        return (), ()
    checkin = (Choice(knowledge.texts.get("choice_checkin"), "checkin:ask"),) if state.checkin_consent is None else ()
    return (Reply(places(found, message, state, knowledge)),), checkin


def where_to_go(
    needs: tuple[str, ...],
    message: Message,
    state: ConversationState,
    knowledge: Knowledge,
    untranslated: bool = False,
    each: bool = False,
    places: tuple[str, ...] | None = None,
) -> tuple[ServiceSuggestion, ...]:
    """The places the answers name (`places`), or where the directory has none of them, the places for
    their needs (`each`: the best for each need in turn, for a story's several answers). The lines that
    speak the person's language come first for an English reader of an entry not translated yet, for one
    who writes another language, and for one who says they are a foreign resident (にほんご すこし。
    しごと なくなった) in any language."""
    services, area, people = list(knowledge.services), knowledge.default_area, state.people
    found = named_places(knowledge.places, places, message.at, area=area, people=people) if places else ()
    # The directory's places of that kind all serve another area: the person lives elsewhere and the answer
    # names their own office; lines for the needs (debt lines for 生活保護's "money") would be beside it.
    theirs_elsewhere = bool(places and not found and named_places(knowledge.places, places, message.at, people=people))
    if places is None or places and not found and not theirs_elsewhere:
        choose = suggest_each if each else suggest
        found = choose(services, needs, message.at, area=area, people=people)
    if untranslated or _in_their_language(state, knowledge) or FOREIGN_RESIDENTS in state.needs:
        return their_lines_first(found, needs, message, knowledge, state)
    if _none_speak_theirs(found, state, knowledge):
        # The answer named its places, so they stay first; the lines in English follow them.
        spoken = their_lines_first((), needs, message, knowledge, state)
        return tuple(dict.fromkeys([*found, *spoken]))
    return found


def _none_speak_theirs(found: tuple[ServiceSuggestion, ...], state: ConversationState, knowledge: Knowledge) -> bool:
    """Whether a reader of English was given only places that speak Japanese (a labour line, a city counter):
    a number they cannot talk to is little help at night, so a line in their language comes beside it."""
    if state.language != ENGLISH or not found:
        return False
    speaking = {service.id for service in knowledge.services if service.reached_in(state.speaks or ENGLISH)}
    return not any(place.service_id in speaking for place in found)


def places(
    found: tuple[ServiceSuggestion, ...], message: Message, state: ConversationState, knowledge: Knowledge
) -> str:
    """The places to contact under their heading, said first to be in the person's language if so."""
    heading = "\n".join(filter(None, (_in_their_language(state, knowledge), knowledge.texts.get("services_heading"))))
    return f"{heading}\n{services_block(found, message.at, knowledge.texts)}"


def _in_their_language(state: ConversationState, knowledge: Knowledge) -> str:
    """A line saying the places in the person's own language come first, when it is not English."""
    if state.speaks in ("", ENGLISH):
        return ""
    return knowledge.texts.get("your_language_first", language=name_of(state.speaks, knowledge.languages))
