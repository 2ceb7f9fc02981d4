"""Where to go: the places an answer names or its needs call for, the person's language first
(`referrals`), over the shipped directory."""

import pytest

from bot.core.knowledge import Knowledge
from bot.core.model import ConversationState, Message
from bot.core.referrals import FOREIGN_RESIDENTS, places, referral, their_lines_first, where_to_go
from tests.conftest import tokyo

NIGHT = tokyo("2026-11-25 02:00")
ASKED = Message(text="借金が返せない", at=NIGHT)


def speaking(knowledge: Knowledge, code: str) -> set[str]:
    return {service.id for service in knowledge.services if service.reached_in(code)}


def test_an_answers_own_places_come_as_named(knowledge: Knowledge) -> None:
    named = ("houterasu-support-dial", "shohisha-hotline-188")
    found = where_to_go(("debt_legal",), ASKED, ConversationState(), knowledge, places=named)
    assert [place.service_id for place in found][: len(named)] == list(named)


def test_places_for_the_needs_when_the_answer_names_none(knowledge: Knowledge) -> None:
    found = where_to_go(("violence",), ASKED, ConversationState(), knowledge)
    assert found, "the directory has places for violence"
    for place in found:
        service = knowledge.service(place.service_id)
        assert service is not None and "violence" in service.categories


@pytest.mark.parametrize("language", ["ja", "en"])
def test_an_english_reader_given_only_japanese_lines_gets_english_ones_beside(
    knowledge: Knowledge, language: str
) -> None:
    named = ("houterasu-support-dial",)  # a line that speaks Japanese only
    assert not speaking(knowledge, "en") & set(named)
    state = ConversationState(language=language)
    found = [place.service_id for place in where_to_go(("debt_legal",), ASKED, state, knowledge, places=named)]
    assert found[0] == named[0]  # the answer's own place stays first
    assert bool(speaking(knowledge, "en") & set(found[1:])) is (language == "en")


def test_their_lines_first_keeps_to_the_need_or_foreign_residents(knowledge: Knowledge) -> None:
    state = ConversationState(language="en")
    first = their_lines_first((), ("violence",), ASKED, knowledge, state)
    assert first, "an English-speaking line for violence or foreign residents"
    for place in first:
        service = knowledge.service(place.service_id)
        assert service is not None and service.categories[0] in ("violence", FOREIGN_RESIDENTS)
        assert service.reached_in("en")


def test_places_say_first_that_the_persons_language_comes_first(knowledge: Knowledge) -> None:
    english = knowledge.in_english()  # one who writes Portuguese is answered in English
    state = ConversationState(language="en", speaks="pt")
    found = where_to_go(("medical",), ASKED, state, english)
    assert found and set(speaking(knowledge, "pt")) & {place.service_id for place in found}
    said = places(found, ASKED, state, english)
    assert said.splitlines()[0] == english.texts.get("your_language_first", language="Portuguese")
    assert said.splitlines()[0] not in places(found, ASKED, ConversationState(language="en"), english)


@pytest.mark.parametrize(("consent", "offered"), [(None, True), (True, False), (False, False)])
def test_a_referral_offers_a_checkin_until_it_was_answered(
    knowledge: Knowledge, consent: bool | None, offered: bool
) -> None:
    found = where_to_go(("debt_legal",), ASKED, ConversationState(), knowledge)
    replies, choices = referral(found, ASKED, ConversationState(checkin_consent=consent), knowledge)
    assert len(replies) == 1 and knowledge.texts.get("services_heading") in replies[0].text
    assert bool(choices) is offered


def test_no_places_no_referral(knowledge: Knowledge) -> None:
    assert referral((), ASKED, ConversationState(), knowledge) == ((), ())
