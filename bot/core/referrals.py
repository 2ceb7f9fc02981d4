"""Where to go (pure): the places an answer names or its needs call for, the lines that speak the
person's language first, and how they are said under their heading."""

from __future__ import annotations

from bot.core.knowledge import Knowledge
from bot.core.languages import ENGLISH, LONG_MESSAGE, name_of, story_length
from bot.core.model import Choice, ConversationState, Message, Reply, ServiceSuggestion
from bot.core.needs import in_order, need_words_said
from bot.core.normalize import fold
from bot.core.people import without_relations
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
    (until the person has answered that offer once). A story whose answers serve another need than the one
    it says most is told that need's office too (`story_office`)."""
    office = story_office(found, message, state, knowledge)
    if not found:
        return ((Reply(office),) if office else ()), ()
    checkin = (Choice(knowledge.texts.get("choice_checkin"), "checkin:ask"),) if state.checkin_consent is None else ()
    listed = places(found, message, state, knowledge)
    return (Reply(f"{office}\n\n{listed}" if office else listed),), checkin


def story_office(
    found: tuple[ServiceSuggestion, ...], message: Message, state: ConversationState, knowledge: Knowledge
) -> str:
    """The office of the need a long message says most, when no place found is mainly for it: a daughter's
    story of her mother's 要介護1, the small pension and her own fatigue was answered from one sentence
    (看護師として働きながら: home nursing) and named no 地域包括支援センター (first-contact set 24 dev)."""
    if story_length(message.text) < LONG_MESSAGE:
        return ""
    said = salience(knowledge, fold(message.text))
    named = frozenset(need for need, (what, _) in said.items() if what)
    first = in_order(named - {"general"}, knowledge.categories, state.people, said)[:1]
    return offices_unlisted(first, found, knowledge)


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


def salience(knowledge: Knowledge, folded: str) -> dict[str, tuple[int, int]]:
    """How much a message says of each need: its words that say what (不登校, 認知症), then all its words,
    those that only name who (子供, 小学生: `intents.relations`) too. 「私は夫と小学生の子供の三人家族…その母が
    …認知症の検査は…」 named two children's words and one of care, and its places were 189 and a children's line."""
    every = need_words_said(knowledge.rules, folded)
    what = need_words_said(knowledge.rules, without_relations(folded, knowledge.intents.get("relations", ())))
    return {need: (what.get(need, 0), count) for need, count in every.items()}


OFFICE_NEEDS = 2  # a reply with no answer names the offices of its first two needs at most


def offices_unlisted(needs: tuple[str, ...], found: tuple[ServiceSuggestion, ...], knowledge: Knowledge) -> str:
    """For each of the first needs that no listed place is mainly for, the office it can always be taken
    to (`office_for_<need>`, composed at load): someone whose mother lives in Chiba, where the directory
    lists no office for older people, is still told of 地域包括支援センター."""
    listed = {
        service.categories[0] for s in found if (service := knowledge.service(s.service_id)) and service.categories
    }
    lines = [
        knowledge.texts.entries.get(f"office_for_{need}", "") for need in needs[:OFFICE_NEEDS] if need not in listed
    ]
    return "\n".join(line for line in lines if line)
