"""Scripted night-time conversations through the core: consent once, honest promises, erase, no
police, no voice, no walls of text repeated, and buttons that are really there."""

from __future__ import annotations

import re

import pytest

from bot.core.knowledge import Knowledge
from bot.core.model import ConversationState, Message, MessageKind, Outcome, Staffing
from bot.core.pipeline import respond
from tests.conftest import tokyo

NIGHT = tokyo("2026-11-25 02:30")
ROSTER = Staffing(on_shift=False, next_shift=tokyo("2026-11-25 09:00"))
BUTTON_WORDS = re.compile("ボタン|押して")


def run(knowledge: Knowledge, *steps: str, staffing: Staffing | None = ROSTER) -> list[Outcome]:
    """Each step is text, or `>data` for a button press."""
    state, outcomes = ConversationState(), []
    for step in steps:
        if step.startswith(">"):
            message = Message(text="", at=NIGHT, kind=MessageKind.POSTBACK, payload=step[1:])
        else:
            message = Message(text=step, at=NIGHT)
        outcome = respond(message, state, knowledge, staffing)
        state = outcome.state
        outcomes.append(outcome)
    return outcomes


def consent_questions(outcomes: list[Outcome]) -> int:
    return sum(any(c.data == "consent:share" for r in o.replies for c in r.choices) for o in outcomes)


@pytest.mark.parametrize(
    "steps",
    [
        ["人と話したい", ">consent:noshare", "人と話したい", "やっぱ人とはなしたい", ">person"],
        ["死にたい", ">person", "人と話したい"],  # shared for safety: never then asked about sharing
        ["お金がない", "人と話したい", "オペレーターに代わって"],
    ],
)
def test_consent_is_asked_at_most_once(knowledge: Knowledge, steps: list[str]) -> None:
    assert consent_questions(run(knowledge, *steps)) <= 1


def test_the_safety_override_is_said_once(knowledge: Knowledge) -> None:
    outcomes = run(knowledge, "死にたい", "ロープ買った", "人と話したい")
    from bot.config.catalog import texts

    said = sum(texts().get("shared_for_safety") in o.text for o in outcomes)
    assert said == 1


@pytest.mark.parametrize(
    ("staffing", "promise", "never"),
    [
        (None, "いまメッセージを読む相談員がいません", "読むのは"),
        (ROSTER, "相談員が読むのは今日 9:00以降です", "いまは相談員がいる時間"),
        (Staffing(on_shift=True), "相談員に知らせました。いまは相談員がいる時間", "以降です"),
        (Staffing(on_shift=False), "いつになるかはお約束できません", "以降です"),
    ],
)
def test_the_next_step_is_what_the_roster_can_keep(
    knowledge: Knowledge, staffing: Staffing | None, promise: str, never: str
) -> None:
    for text in ("人と話したい", "死にたい", "寝る場所がない"):
        [outcome] = run(knowledge, text, staffing=staffing if staffing is not None else Staffing())
        after_greeting = "\n".join(reply.text for reply in outcome.replies[1:])
        assert promise in after_greeting and never not in after_greeting, (text, after_greeting)
        assert "相談員にもつなぎます" not in outcome.text


def test_the_whole_block_is_not_sent_again(knowledge: Knowledge) -> None:
    first, thanks = run(knowledge, "かれしになぐられた", "ありがと。とりあえずDVそうだんプラスにでんわしてみる")
    assert len(thanks.text) < len(first.text) / 3
    assert "いいと思います" in thanks.text and "ありがとう" not in thanks.text.split("\n")[0][:3]


def test_a_raised_risk_is_sent_in_full(knowledge: Knowledge) -> None:
    first, raised = run(knowledge, "かれしになぐられた", "いま包丁もってさけんでる")
    assert "110" in raised.text and len(raised.text) > 100


@pytest.mark.parametrize(
    "text",
    [
        "このやりとり消せる？",
        "りれき けしたい",
        "彼に見られたらどうしよう、バレたらやばい",
        "家族に見られたらどうしよう",
    ],
)
def test_people_who_are_watched_learn_how_to_hide_and_erase(knowledge: Knowledge, text: str) -> None:
    [outcome] = run(knowledge, text)
    assert "長押し" in outcome.text and "LINE" in outcome.text and "Telegram" in outcome.text
    assert [c.data for c in outcome.replies[-1].choices] == ["forget:ask"]


@pytest.mark.parametrize(
    "text",
    [
        "借金が家族にバレたらどうしよう",  # a need named: the debt is answered
        "生活保護を受けてることが親にバレたら",
        "銀行にバレたら口座を凍結されてしまいますか",  # nobody who would see the chat (set 46 dev: how to erase it)
        "消せるボールペン",
        "この情報スマホで見られる？",  # can it be read on a phone (the round's re-read: a first 見られる took it)
    ],
)
def test_being_found_out_about_something_else_is_no_question_of_erasing(knowledge: Knowledge, text: str) -> None:
    [outcome] = run(knowledge, text)
    assert "長押し" not in outcome.text


@pytest.mark.parametrize("command", ["けして", "/forget", "記録消して"])
def test_erasing_asks_once_then_erases_on_yes(knowledge: Knowledge, command: str) -> None:
    asked, confirmed = run(knowledge, "死にたい", command, ">forget:yes")[1:]
    assert [c.data for c in asked.replies[-1].choices] == ["forget:yes", "forget:no"] and not asked.forget
    assert confirmed.forget and "書いた言葉は消しました" in confirmed.text  # a case keeps only what kind it was


def test_no_keeps_everything(knowledge: Knowledge) -> None:
    kept = run(knowledge, "けして", ">forget:no")[-1]
    assert not kept.forget and "そのまま" in kept.text


def test_no_police_is_respected_with_the_alternatives(knowledge: Knowledge) -> None:
    outcome = run(knowledge, "かれしになぐられた", "けいさつはやだ おおごとにしたくない")[-1]
    assert "あなたが決めていい" in outcome.text and "110" not in outcome.text
    assert outcome.services and all(s.service_id != "police-110" for s in outcome.services)
    # in English as people write it (it met the entry on the police's own #9110 line)
    english = run(knowledge, "I got sexually assaulted last night", "I don't want to go to the police")[-1]
    assert english.faq_id is None and english.services
    assert all(s.service_id not in ("police-110", "police-soudan-9110") for s in english.services)


def test_no_voice_gets_text_lines_or_an_honest_word(knowledge: Knowledge) -> None:
    [outcome] = run(knowledge, "でんわはむり、こえでない")
    assert "文字" in outcome.text and "言い方を変えて" not in outcome.text


def test_calling_someone_in_particular_is_no_voice_that_fails(knowledge: Knowledge) -> None:
    # (first-contact set 52 dev: a certificate question got the lines that take written messages)
    [outcome] = run(knowledge, "My old company won't send my certificate. I can't call around to my last employer.")
    assert knowledge.texts_en.get("cannot_speak") not in outcome.text
    assert outcome.faq_id == "taishoku-shoumeisho", outcome.faq_id


@pytest.mark.parametrize(
    ("text", "no_voice"),
    [
        ("I can't speak right now", True),
        ("I can't talk right now. I can't call my family.", True),  # calling someone named, but no voice either
        ("しゃべれない", True),
        # not speaking a language asks for help in another one, not for lines that take written messages
        ("I can't speak Japanese", False),
        ("日本語がしゃべれない", False),
    ],
)
def test_cannot_speak_is_told_from_not_speaking_japanese(knowledge: Knowledge, text: str, no_voice: bool) -> None:
    [outcome] = run(knowledge, text)
    said = knowledge.texts_en.get("cannot_speak") if text.isascii() else knowledge.texts.get("cannot_speak")
    assert (said in outcome.text) is no_voice, outcome.text
    if not no_voice:
        assert outcome.faq_id == "foreign-nihongo-muzukashii"


@pytest.mark.parametrize("text", ["😭😭😭", "😢😢", "😭", "asdfghjkl", "ｋｊｈｇｆ", "qwrtypsdfg"])
def test_distress_without_words_is_met_with_care(knowledge: Knowledge, text: str) -> None:
    [outcome] = run(knowledge, text)
    assert "言い方を変えて" not in outcome.text and outcome.services


@pytest.mark.parametrize(
    "steps",
    [
        ["生活保護"],
        ["人と話したい"],
        ["死にたい"],
        ["つかれた"],
        ["お金がない 家賃も払えない 仕事もない"],
        ["😭"],
        ["けして"],
        ["このやりとり消せる？"],
        ["障害"],
        ["家賃"],
        ["住民票がなくて家もなくて仕事もない"],
        [">topic:money"],
        ["80代の母と50代のひきこもりの息子がいる"],
        ["生活保護", "1"],
        ["hello"],
    ],
)
@pytest.mark.parametrize("staffing", [None, ROSTER])
def test_a_text_that_speaks_of_buttons_always_comes_with_them(
    knowledge: Knowledge, steps: list[str], staffing: Staffing | None
) -> None:
    for outcome in run(knowledge, *steps, staffing=staffing or Staffing()):
        if BUTTON_WORDS.search(outcome.text):
            assert outcome.replies[-1].choices, outcome.text
        assert all(not reply.choices for reply in outcome.replies[:-1])  # one set, where every channel shows it


@pytest.mark.parametrize("text", ["hello", "shinitai", "help me", "sos", "dv", "nhk"])
def test_short_or_real_latin_words_are_not_mash(text: str) -> None:
    from bot.core.normalize import fold
    from bot.core.risk import without_words

    assert not without_words(fold(text))


def test_a_utility_cut_after_an_answer_on_care_is_its_own_matter(knowledge: Knowledge) -> None:
    """「電気を止められた。赤ちゃんがいる」 after an answer on an older mother was read as a follow-up about care (the
    care entry after the utilities lines), and alone its lines pointed "below" at an answer that was not there."""
    _, cut = run(knowledge, "母が認知症かもしれない", "電気を止められた。赤ちゃんがいる")
    assert cut.handoff is not None and cut.handoff.rule_id == "utilities_cut"
    assert cut.faq_id != "eld-chiiki-houkatsu" and "地域包括支援センター" not in cut.text
    assert cut.faq_id in (None, "kounetsuhi-haraenai")
    if cut.faq_id is None:  # no answer follows: the lines name where the bills can be taken, pointing at nothing
        assert "自立相談支援機関" in cut.text and "下を見てください" not in cut.text
    else:
        assert "下を見てください" in cut.text
    [answered] = run(knowledge, "電気が今日止められる")
    assert answered.faq_id == "kounetsuhi-haraenai" and "下を見てください" in answered.text
