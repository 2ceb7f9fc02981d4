"""やさしい日本語: which messages are written in it (a table), and what such a person is answered."""

from __future__ import annotations

import re

import pytest

from bot.config.compose import PLACEHOLDER
from bot.config.faq_files import load_faq_dir
from bot.core.easy import EASY, ORDINARY, digits, japanese_style, style
from tests.conftest import ROOT

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


ENTRIES = load_faq_dir(ROOT / "faq")[0]


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
