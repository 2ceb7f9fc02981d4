"""The language of a person who does not write Japanese: table-driven, then through the pipeline."""

import pytest

from bot.config.catalog import languages, texts_en
from bot.core.knowledge import Knowledge
from bot.core.languages import detect, foreign_script, reply_language, story_length
from bot.core.model import ConversationState, Message
from bot.core.pipeline import respond
from tests.conftest import tokyo

NIGHT = tokyo("2026-11-25 02:30")


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("Não tenho dinheiro para pagar o aluguel", "pt"),
        ("No tengo dinero, necesito ayuda", "es"),
        ("Wala po akong pera, kailangan ko ng tulong", "tl"),
        ("Tôi không có tiền, cần giúp", "vi"),
        ("Saya tidak punya uang, tolong", "id"),
        ("돈이 없어요. 도와주세요", "ko"),
        ("ฉันไม่มีเงิน ช่วยด้วย", "th"),
        ("मसँग पैसा छैन, मद्दत चाहियो", "ne"),
        ("我没有钱，需要帮助", "zh"),  # Chinese in kanji Japanese does not write (钱, 帮)
        ("我沒有錢，需要幫助", "zh"),  # and in traditional letters
        ("我想死", "zh"),  # letters Japanese shares, in words it does not say
        ("I can't pay my rent", "en"),
        ("hello", "en"),
        ("Здравствуйте, мне нужна помощь", "en"),  # a script no line speaks: English, the reply's language
    ],
)
def test_the_persons_language(text: str, code: str) -> None:
    assert detect(text, languages()) == code


@pytest.mark.parametrize(
    ("text", "script"),
    [
        ("돈이 없어요", "hangul"),
        ("生活保護", None),
        ("お金がない", None),
        ("money", None),
        ("ภาษาไทย", "thai"),
        ("我不想活了", "han"),
        # Japanese in kanji alone stays Japanese: 給, 還, 誰 and 我 are Japanese letters too
        ("住居確保給付金", None),
        ("還付金", None),
        ("我慢限界", None),
        ("不安", None),
        ("自殺未遂", None),
        ("家庭内暴力", None),
    ],
)
def test_a_foreign_script_never_takes_japanese(text: str, script: str | None) -> None:
    assert foreign_script(text, languages()) == script


@pytest.mark.parametrize(
    ("text", "name", "code"),
    [
        ("Não tenho dinheiro para pagar o aluguel", "Portuguese", "pt"),
        ("돈이 없어요. 도와주세요", "Korean", "ko"),
        ("我没有钱，需要帮助", "Chinese", "zh"),
    ],
)
def test_lines_in_their_language_come_first_in_an_english_reply(
    knowledge: Knowledge, text: str, name: str, code: str
) -> None:
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(), knowledge)
    assert outcome.state.language == "en" and outcome.state.speaks == code
    assert f"in {name} are listed first" in outcome.text
    first = knowledge.service(outcome.services[0].service_id)
    assert first is not None and code in first.languages


def test_english_gets_no_such_line_and_japanese_is_untouched(knowledge: Knowledge) -> None:
    english = respond(Message(text="I can't pay my rent", at=NIGHT), ConversationState(), knowledge)
    assert english.state.speaks == "en" and "listed first" not in english.text
    japanese = respond(Message(text="生活保護", at=NIGHT), english.state, knowledge)
    assert japanese.state.language == "ja" and japanese.state.speaks == ""


@pytest.mark.parametrize(
    ("text", "length"),
    [
        ("仕事をなくして家賃が払えません", 15),
        ("I lost my job and can't pay the rent", 18),  # 27 Latin letters count 9, the rest as written
        ("", 0),
    ],
)
def test_story_length_counts_english_as_japanese_letters(text: str, length: int) -> None:
    assert story_length(text) == length


def test_a_short_english_question_with_two_needs_is_answered_not_handed_off(knowledge: Knowledge) -> None:
    """As its Japanese twin: two needs in a short first message are answered, not handed on for several
    needs; a story would be. (Rent that cannot be paid is also the no-money rule's, in Japanese: the answer
    comes first, then the welfare office and a line that listens.)"""
    for text in ("仕事をなくして家賃が払えません", "I lost my job and can't pay the rent"):
        outcome = respond(Message(text=text, at=NIGHT), ConversationState(), knowledge)
        assert outcome.faq_id == "yachin-haraenai", text
        assert outcome.handoff is None or outcome.handoff.rule_id == "no_money", text


@pytest.mark.parametrize(
    ("text", "turns", "before", "language"),
    [
        ("ok", 1, "ja", "ja"),  # an aside in a Japanese conversation keeps it Japanese
        ("OK!", 2, "easy", "easy"),
        ("ok", 0, "ja", "en"),  # a first message in Latin letters is answered in English
        ("okay", 1, "ja", "ja"),
        ("thanks", 1, "ja", "en"),  # a word, not an aside: the person may read English
        ("ok", 1, "en", "en"),
        ("家賃が払えません", 1, "en", "ja"),
        ("我想死", 0, "ja", "en"),  # Chinese is answered in English, as Korean is
        ("生活保護申請", 0, "ja", "ja"),
    ],
)
def test_the_reply_language_of_a_message(text: str, turns: int, before: str, language: str) -> None:
    state = ConversationState(turns=turns, language=before)
    assert reply_language(Message(text=text, at=NIGHT), state, languages()) == language


@pytest.mark.parametrize(("text", "code"), [("我想死", "zh"), ("Quero morrer", "pt"), ("죽고 싶어요", "ko")])
def test_a_wish_to_die_in_the_persons_own_language_is_handed_off_in_english(
    knowledge: Knowledge, text: str, code: str
) -> None:
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(), knowledge)
    assert outcome.handoff is not None and outcome.handoff.rule_id == "suicide"
    assert outcome.state.language == "en" and outcome.state.speaks == code


@pytest.mark.parametrize("text", ["Tôi không có tiền, tôi cần giúp đỡ", "我没有钱，需要帮助"])
def test_a_language_the_bot_cannot_read_is_told_so_and_given_a_line_open_now(knowledge: Knowledge, text: str) -> None:
    """Not "please try other words" (the person wrote clearly, in a language the bot cannot read), and at
    night the lines in their language, closed till morning, do not push out the one that answers now."""
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(), knowledge)
    assert texts_en().get("fallback_language") in outcome.text
    assert "try other words" not in outcome.text
    assert any(place.open_now for place in outcome.services)
