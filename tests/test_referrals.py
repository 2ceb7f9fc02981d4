"""Where to go: the places an answer names or its needs call for, the person's language first
(`referrals`), over the shipped directory."""

import pytest

from bot.core.knowledge import Knowledge
from bot.core.model import ConversationState, Message
from bot.core.normalize import fold
from bot.core.referrals import (
    FOREIGN_RESIDENTS,
    places,
    referral,
    salience,
    story_office,
    their_lines_first,
    where_to_go,
)
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


@pytest.mark.parametrize(
    ("text", "need", "what", "every"),
    [
        ("私は夫と小学生の子供の三人家族、母が認知症かもしれない", "child", 0, 2),  # who only
        ("私は夫と小学生の子供の三人家族、母が認知症かもしれない", "elderly", 1, 1),
        ("小学生の息子が不登校です", "child", 1, 3),  # 不登校 says what; 小学生 and 息子 name who
    ],
)
def test_salience_counts_what_a_message_says_before_whom_it_names(
    knowledge: Knowledge, text: str, need: str, what: int, every: int
) -> None:
    assert salience(knowledge, fold(text))[need] == (what, every)


CARE_STORY = (
    "母が要介護1と認定されました。母の年金はごくわずかで、生活費の多くを私が負担しています。"
    "看護師として働きながら、家事と介護をしていて、もう限界です。"
)
ENGLISH_CARE_STORY = (
    "My mother has dementia and lives alone. I work full time as a nurse and cannot look after her care every day."
)


@pytest.mark.parametrize(
    ("text", "served", "office"),
    [
        (CARE_STORY, ("tokyo-chubu-seishin-hoken-fukushi",), "office_for_elderly"),  # answered on another need
        (CARE_STORY, ("shibuya-koreisha-soudan",), None),  # a place for older people is listed already
        (CARE_STORY, (), "office_for_elderly"),  # no place at all: the office alone
        (
            "母が要介護1になりました",
            ("tokyo-chubu-seishin-hoken-fukushi",),
            None,
        ),  # a short question is answered as asked
        ("きのうから雨が降っていて、洗濯物が乾かないので部屋の中がじめじめしています。", (), None),  # no need said
        (
            "私は夫と小学生の子供の三人家族です。子供たちは元気に学校に通っていますが、母が最近物忘れがひどいです。",
            (),
            "office_for_elderly",
        ),
    ],
)
def test_a_story_is_told_the_office_of_the_need_it_says_most(
    knowledge: Knowledge, text: str, served: tuple[str, ...], office: str | None
) -> None:
    message = Message(text=text, at=NIGHT)
    found = where_to_go((), message, ConversationState(), knowledge, places=served) if served else ()
    expected = knowledge.texts.entries[office] if office else ""
    assert story_office(found, message, ConversationState(), knowledge) == expected


def test_an_english_story_is_told_the_office_in_english(knowledge: Knowledge) -> None:
    english = knowledge.in_english()
    message = Message(text=ENGLISH_CARE_STORY, at=NIGHT)
    said = story_office((), message, ConversationState(language="en"), english)
    assert said == english.texts.entries["office_for_elderly"] and "地域包括支援センター" in said


def test_a_story_office_comes_before_the_places(knowledge: Knowledge) -> None:
    message = Message(text=CARE_STORY, at=NIGHT)
    found = where_to_go((), message, ConversationState(), knowledge, places=("tokyo-chubu-seishin-hoken-fukushi",))
    replies, _ = referral(found, message, ConversationState(), knowledge)
    office, listed = replies[0].text.split("\n\n", 1)
    assert office == knowledge.texts.entries["office_for_elderly"]
    assert listed.startswith(knowledge.texts.get("services_heading"))
