"""やさしい日本語: which messages are written in it (a table), and what such a person is answered."""

from __future__ import annotations

import re

import pytest

from bot.config.catalog import texts, texts_easy
from bot.config.compose import PLACEHOLDER
from bot.core.easy import EASY, ORDINARY, digits, japanese_style, style
from bot.core.knowledge import Knowledge
from bot.core.model import ConversationState, Message, MessageKind
from bot.core.pipeline import respond
from bot.store.storage import state_from_json, state_to_json
from tests.conftest import shipped_faq, tokyo

NOON = tokyo("2026-11-25 12:00")

# Written in やさしい日本語: words apart (分かち書き), mostly kana, short plain forms.
EASY_TABLE = [
    # issue #9 item 7, as foreign residents write to the bot
    "ビザ きれる。どこ きく？",
    "わたし がいこくじん。おかね ない",
    "びょういん いきたい。おかね ない",
    "ビザ\u3000きれる。どこ\u3000きく？",  # the same with the full-width space a Japanese keyboard types
    "病院 行きたい。お金 ない",  # an IME turned two words into kanji: still mostly kana and spaced
    # the textbook way of spacing, particles apart (みんなの日本語-style 「わたし は … です」)
    "わたし は がいこくじん です。しごと が ない です。",
    # 出入国在留管理庁「やさしい日本語研修教材例 別冊ワーク集 話し言葉編」(2024) 事例1: a student who
    # lost the residence card says 「在留カードをなくしました」; typed simply, as a learner does:
    "ざいりゅう カード なくしました",
    # officials' やさしい日本語 itself reads this way (guideline rewrites quoted by manabi.fun,
    # 「やさしい日本語」のガイドライン: 「ここに 座って ください。」; 弘前大学「やさしい日本語」作成
    # ルール: 「余震（後で 来る 地震） に 気をつけて ください」)
    "ここに 座って ください。",
    "余震（後で 来る 地震） に 気をつけて ください",
    # alternates colleagues wrote into faq/ for people who type simply
    "ほーてらす そうだん できる",
    "さいばん おかね ない たてかえ",
    "にほんご すこし わかる。えいご わからない",
    "こども びょうき。びょういん どこ？",
    "しごと ない。こまって います",
]

# A native speaker's ordinary message: must not switch to やさしい日本語.
ORDINARY_TABLE = [
    "ビザが切れそうです。どこに聞けばいいですか？",  # the same question, written as natives write
    "在留カードをなくしました",  # the 教材's own line without spaces: no visible sign, answered as usual
    "生活保護 申請 方法",  # a search-box habit: spaces, but nearly all kanji
    "在留カード 更新 どこ",
    "すみません おかね ない でしょうか",  # spaced and in kana, but でしょうか is not a learner's form
    "もう ほんと つらい",  # casual chat with spaces: ほんと
    "つらいー もう むりー",  # stretched vowels
    "ほんとに お金 なくて やばい",
    "ありがとうございました",
    "借金の返済ができなくて困っています。弁護士に相談したいです。",
    "お金がない 家賃も払えない 仕事もない",  # spaces between whole clauses: a native's pauses
]

# Too little to tell: the conversation keeps its style.
UNDECIDED_TABLE = [
    "し に た い",
    "はい",
    "どこ？",
    "おかねがない",
    "お金 ない",
    "お金 ない 笑",
    "え まって むり",
    "😭😭",
    "110",
]


@pytest.mark.parametrize("text", EASY_TABLE)
def test_easy_japanese_is_recognised(text: str) -> None:
    assert style(text) == EASY


@pytest.mark.parametrize("text", ORDINARY_TABLE)
def test_ordinary_japanese_is_not_easy(text: str) -> None:
    assert style(text) == ORDINARY


@pytest.mark.parametrize("text", UNDECIDED_TABLE)
def test_too_little_keeps_the_style(text: str) -> None:
    assert style(text) is None
    assert japanese_style(text, EASY) == EASY
    assert japanese_style(text, ORDINARY) == ORDINARY
    assert japanese_style(text, "en") == ORDINARY  # any Japanese after English: back to Japanese


ENTRIES = shipped_faq()[0]


@pytest.mark.parametrize("entry", ENTRIES, ids=lambda entry: entry.id)
def test_every_entry_has_an_easy_answer_with_the_same_facts(entry) -> None:  # type: ignore[no-untyped-def]
    """A rewrite, never a new fact: every number (phone, hour, amount, age, days) and the `{office}`
    of the Japanese answer, and no other."""
    assert entry.answer_easy, f"{entry.where}: no answer_easy"
    assert digits(entry.answer_easy) == digits(entry.answer), entry.where
    assert entry.answer_easy.count(PLACEHOLDER) == entry.answer.count(PLACEHOLDER), entry.where


def _sentences(text: str) -> list[str]:
    """Sentences as read: readings in brackets and spaces between words left out."""
    bare = re.sub(r"（[ぁ-んー・]+）|\s", "", text.replace("\n", "。"))
    return [sentence for sentence in bare.split("。") if sentence]


def test_easy_answers_are_short_sentences() -> None:
    """One idea per sentence (the guideline): shorter sentences on the whole, none running on."""
    easy = [len(s) for entry in ENTRIES for s in _sentences(entry.answer_easy)]
    ordinary = [len(s) for entry in ENTRIES for s in _sentences(entry.answer)]
    assert max(easy) <= 70
    assert sum(easy) / len(easy) < 0.8 * sum(ordinary) / len(ordinary)


def say(knowledge: Knowledge, text: str, state: ConversationState | None = None):  # type: ignore[no-untyped-def]
    return respond(Message(text=text, at=NOON), state or ConversationState(greeted=True), knowledge)


def test_visa_question_in_easy_japanese_gets_the_easy_answer(knowledge: Knowledge) -> None:
    outcome = say(knowledge, "ビザ きれる。どこ きく？")
    entry = knowledge.entry("foreign-zairyu-soudan")
    assert entry is not None and entry.answer_easy
    assert outcome.faq_id == entry.id and outcome.state.language == EASY
    assert outcome.replies[0].text == entry.answer_easy
    assert texts_easy().get("services_heading") in outcome.text


@pytest.mark.parametrize(
    ("text", "foreign_first"),
    [
        ("にほんご すこし。しごと なくなった。そうだん どこ", True),  # says they are a foreign resident
        ("しごと なくなった。そうだん どこ", False),
    ],
)
def test_a_foreign_resident_gets_the_lines_for_foreign_residents_first(
    knowledge: Knowledge, text: str, foreign_first: bool
) -> None:
    outcome = say(knowledge, text)
    assert outcome.faq_id is not None and outcome.services
    first = next(s for s in knowledge.services if s.id == outcome.services[0].service_id)
    assert ("foreign" in first.categories) is foreign_first, outcome.services


def test_ordinary_question_gets_the_ordinary_answer(knowledge: Knowledge) -> None:
    outcome = say(knowledge, "在留資格の手続きはどこに問い合わせればいいですか")
    entry = knowledge.entry("foreign-zairyu-soudan")
    assert entry is not None
    assert outcome.faq_id == entry.id and outcome.state.language == ORDINARY
    assert outcome.replies[0].text == entry.answer
    assert texts().get("services_heading") in outcome.text


def test_english_still_gets_english(knowledge: Knowledge) -> None:
    outcome = say(knowledge, "My visa is expiring. Where can I ask?")
    assert outcome.state.language == "en" and outcome.faq_id == "foreign-zairyu-soudan"
    assert "0570-013904" in outcome.replies[0].text and "status of residence" in outcome.replies[0].text


def test_the_style_is_remembered_and_an_ordinary_message_switches_back(knowledge: Knowledge) -> None:
    first = say(knowledge, "わたし がいこくじん。おかね ない")
    assert first.state.language == EASY
    stored = state_from_json(state_to_json(first.state))  # across messages, through the store
    assert stored.language == EASY
    button = respond(Message(text="", at=NOON, kind=MessageKind.POSTBACK, payload="topic:money"), stored, knowledge)
    assert button.state.language == EASY
    short = say(knowledge, "はい", stored)
    assert short.state.language == EASY
    back = say(knowledge, "生活保護の申請はどこでできますか", stored)
    assert back.state.language == ORDINARY and back.replies[0].text == knowledge.entry("seikatsu-hogo-where").answer  # type: ignore[union-attr]


def test_greeting_and_fallback_are_in_easy_japanese(knowledge: Knowledge) -> None:
    first = respond(
        Message(text="わたし は がいこくじん です。よろしく おねがいします", at=NOON), ConversationState(), knowledge
    )
    assert first.replies[0].text == texts_easy().get("greeting") != texts().get("greeting")
    missed = say(knowledge, "あした あめ ふる？ どう おもう")
    assert missed.faq_id is None and missed.text.startswith(texts_easy().get("fallback"))
    assert texts_easy().get("services_heading") in missed.text


def test_handoff_replies_stay_complete_in_easy_mode(knowledge: Knowledge) -> None:
    easy = say(knowledge, "しにたい もう むり つらい")
    ordinary = say(knowledge, "死にたい。もう無理、つらい")
    assert easy.handoff is not None and ordinary.handoff is not None
    assert easy.handoff.rule_id == ordinary.handoff.rule_id
    rule = knowledge.rules.by_id(easy.handoff.rule_id)
    assert rule is not None and rule.reply.split("\n")[0] in easy.text


def test_easy_texts_fall_back_to_japanese() -> None:
    easy, ordinary = texts_easy().entries, texts().entries
    assert set(easy) == set(ordinary)
    assert easy["worker_claim_button"] == ordinary["worker_claim_button"]  # not written: the Japanese
    assert easy["fallback"] != ordinary["fallback"]
