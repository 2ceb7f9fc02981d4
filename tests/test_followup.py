"""A short follow-up read with the question last answered (`core.followup`), through the whole core."""

from __future__ import annotations

from dataclasses import replace
from datetime import timedelta

import pytest

from bot.core.followup import asks_an_aspect, asks_of_nothing
from bot.core.knowledge import Knowledge
from bot.core.model import ConversationState, Message, MessageKind
from bot.core.pipeline import respond
from tests.conftest import tokyo

NIGHT = tokyo("2026-11-25 02:30")


def _conversation(knowledge: Knowledge, *texts: str) -> list[str | None]:
    """The FAQ entry answered at each message of one conversation."""
    state, answered = ConversationState(), []
    for turn, text in enumerate(texts):
        outcome = respond(Message(text=text, at=NIGHT + timedelta(minutes=2 * turn)), state, knowledge)
        state = outcome.state
        answered.append(outcome.faq_id)
    return answered


@pytest.mark.parametrize(
    ("first", "follow_up", "topic", "answered"),
    [
        # The follow-up's own words among the topic's entries.
        ("生活保護を申請したい", "持ち物は？", "seikatsu-hogo-where", "seikatsu-hogo-bring"),
        ("How do I apply for welfare?", "what do I need to bring?", "seikatsu-hogo-where", "seikatsu-hogo-bring"),
        # 持っていく is taking along, not 持つ owning (it tied the car entry, so 生活保護 itself was answered again)
        ("生活保護を受けたい", "何を持っていけばいい？", "seikatsu-hogo-what", "seikatsu-hogo-bring"),
        # The answered question and the follow-up read together.
        ("子どもが熱を出しました", "40度あります", "med-8000", "med-8000"),
        ("子どもが熱を出した", "40度ある", "med-8000", "med-8000"),  # once the 8050 entry and a complex-needs handoff
        ("my child has a fever", "40 degrees", "med-8000", "med-8000"),  # an amount in English too (once nothing)
        ("母が最近もの忘れがひどい", "どこに相談すればいい？", "eld-chiiki-houkatsu", "eld-chiiki-houkatsu"),
        # Sure alone of another entry, but only asking an aspect: the topic's.
        ("自立支援医療を使いたい", "更新は？", "dis-jiritsu-shien-iryou", "dis-jiritsu-shien-iryou"),
        ("ビザ きれる。どこ きく？", "なに もっていく？", "foreign-zairyu-soudan", "foreign-zairyu-soudan"),
        ("介護保険の申請をしたい", "費用は？", "eld-kaigo-hoken-shinsei", "eld-kaigo-hiyou-keigen"),
        ("I lost my job", "where do I go?", "koyou-hoken-kihon-teate", "koyou-hoken-kihon-teate"),
        # How much, what share: the topic's own entries (see also the 生活保護 test below).
        ("障害年金について知りたい", "いくらもらえる？", "dis-shougai-nenkin-what", "dis-shougai-nenkin-what"),
        ("自立支援医療を使いたい", "何割負担？", "dis-jiritsu-shien-iryou", "dis-jiritsu-shien-iryou"),
        # Of the same 制度, not only of its category: alone, いくら met the disaster relief fund (housing) and
        # 振り込まれる child support (children).
        ("住居確保給付金について教えて", "いくら？", "jukyo-kakuho-what", "jukyo-kakuho-what"),
        ("児童手当について知りたい", "いつ振り込まれる？", "jidou-teate-what", "jidou-teate-what"),
        # Whether someone like the asker may use it: a question about the topic, though it names a thing
        # (alone, 学生 met the student-loan entry) or a need of its own (外国人: the topic's foreign-resident entry).
        ("住居確保給付金について知りたい", "学生でも使える？", "jukyo-kakuho-what", "jukyo-kakuho-what"),
        ("生活保護を受けたい", "外国人でも受けられますか", "seikatsu-hogo-what", "foreign-seikatsu-hogo"),
        ("生活保護を受けたい", "持ち家でもいいですか", "seikatsu-hogo-what", "seikatsu-hogo-own-house"),
        # A narrow entry of the topic whose only_when the answered question holds (alone, 車 met the entry on
        # renting a wheelchair; 借金 the debt consultation, not 生活保護 with debts)
        ("生活保護を申請したい", "車は持っていてもいいですか", "seikatsu-hogo-where", "seikatsu-hogo-car"),
        ("生活保護を申請したい", "借金もある", "seikatsu-hogo-where", "seikatsu-hogo-shakkin"),
        # No word at all, or only when: still about the answer (alone: psychiatry by sound, a dismissal notice).
        ("家賃が払えない", "どうすればいい", "yachin-haraenai", "yachin-haraenai"),
        ("お金がない", "明日まで", "jiritsu-soudan-what", "jiritsu-soudan-what"),
        ("I got an eviction notice", "tomorrow", "oidasare-sou", "oidasare-sou"),
        # Sure alone of another entry, the answered one close behind: about the answer (alone, 返せない met the
        # scholarship entry by 奨学金 返せない; eleventh round)
        ("借金が300万ある", "返せない", "shakkin-kaesenai", "shakkin-kaesenai"),
        # (after an urgent handoff, a few words naming no need get care instead: test_risk)
    ],
)
def test_a_short_follow_up_is_read_with_the_topic(
    knowledge: Knowledge, first: str, follow_up: str, topic: str, answered: str
) -> None:
    assert _conversation(knowledge, first, follow_up) == [topic, answered]


@pytest.mark.parametrize(
    ("first", "follow_up", "topic"),
    [
        # news that asks nothing of the answer is not answered with it again (both got the 生活保護 answer twice
        # more and no worker: the chat, twenty-third round)
        ("生活保護を申請したいです", "夫と喧嘩して", "seikatsu-hogo-where"),
        ("障害者雇用で働きたい どこに相談", "夫と喧嘩して", "shougaisha-shuushoku-soudan"),
    ],
)
def test_news_that_asks_nothing_is_not_answered_with_the_same_answer(
    knowledge: Knowledge, first: str, follow_up: str, topic: str
) -> None:
    answered = _conversation(knowledge, first, follow_up)
    assert answered[0] == topic and answered[1] != topic


def test_how_much_after_seikatsu_hogo_stays_with_seikatsu_hogo(knowledge: Knowledge) -> None:
    """A topic is a category (money): 「いくらもらえる？」 met 年金はいつからもらえる？ by the sound of もらえる,
    no word of the message's. Only an entry sharing a word (いくら) is the follow-up's own."""
    first, answered = _conversation(knowledge, "生活保護を受けたい", "いくらもらえる？")
    assert first == "seikatsu-hogo-what" and answered is not None and answered.startswith("seikatsu-hogo")


@pytest.mark.parametrize(
    ("follow_up", "alone"),
    [
        ("学生でも使える？", "shougakukin-henkan-konnan"),  # alone, 学生 meets the student loan
        ("40度あります", None),  # a number is read with its counter: 40度 no longer meets the 40代 of the 8050 entry
        ("どこに相談すればいい？", None),  # alone, every entry says it: "which one?"
    ],
)
def test_without_a_topic_the_same_words_are_read_alone(knowledge: Knowledge, follow_up: str, alone: str | None) -> None:
    assert _conversation(knowledge, follow_up) == [alone]


@pytest.mark.parametrize(
    ("first", "follow_up"),
    [
        # A need of its own is a new topic: 生活保護's entries do not take a mood and work.
        ("生活保護を申請したい", "うつで仕事いけない"),
        # A message sure by itself keeps its answer, when it names a thing.
        ("家賃が払えない", "電気も止まった"),
        # でも that opens a sentence says nothing of who may use the 制度.
        ("家賃が払えない", "でも、お金がない"),
        # An acknowledgement is no question about the topic: the answer is not said again.
        ("生活保護を申請したい", "わかりました"),
        ("How do I apply for welfare?", "ok"),
        # A typed phrasing is its own question.
        ("生活保護を申請したい", "国民年金の免除はどこで申請？"),
        # A story says what it is about.
        ("子どもが熱を出しました", "職場の人間関係に悩み、退職してから10年以上もひきこもっている30代の息子がいます"),
        # A thing no entry speaks of is no detail of the topic (once the net café answer again).
        ("ネットカフェで寝泊まりしています", "熱中症っぽい"),
        ("生活保護を申請したい", "熱中症っぽい"),
    ],
)
def test_a_follow_up_with_its_own_topic_is_read_alone(knowledge: Knowledge, first: str, follow_up: str) -> None:
    state = respond(Message(text=first, at=NIGHT), ConversationState(), knowledge).state
    assert state.topic is not None
    later = NIGHT + timedelta(minutes=2)
    in_conversation = respond(Message(text=follow_up, at=later), state, knowledge).faq_id
    fresh = replace(state, topic=None)
    assert in_conversation == respond(Message(text=follow_up, at=later), fresh, knowledge).faq_id


def test_the_topic_is_the_entry_last_answered_typed_or_pressed(knowledge: Knowledge) -> None:
    typed = respond(Message(text="生活保護を申請したい", at=NIGHT), ConversationState(), knowledge)
    assert typed.state.topic == typed.faq_id == "seikatsu-hogo-where"
    button = Message(text="", at=NIGHT, kind=MessageKind.POSTBACK, payload="faq:seikatsu-hogo-car")
    pressed = respond(button, typed.state, knowledge)
    assert pressed.state.topic == "seikatsu-hogo-car"
    unanswered = respond(Message(text="😀", at=NIGHT), pressed.state, knowledge)
    assert unanswered.faq_id is None and unanswered.state.topic == "seikatsu-hogo-car"


@pytest.mark.parametrize(
    ("text", "asks"),
    [
        ("更新は？", True),
        ("持ち物は？", True),
        ("いくらもらえる？", True),
        ("どこに相談すればいい？", True),
        ("いつまで？", False),  # no word at all: read as an acknowledgement
        ("how much can I get?", True),
        ("what do I need to bring?", True),
        ("until the end of the month", True),
        ("電気も止まった", False),
        ("マイナンバーカードは？", False),
        ("学生でも使える？", False),
        ("my landlord wants me out", False),
    ],
)
def test_what_asks_only_an_aspect(knowledge: Knowledge, text: str, asks: bool) -> None:
    assert asks_an_aspect(text, knowledge.aspects) is asks


@pytest.mark.parametrize(
    ("text", "topic", "asked_back"),
    [
        # an aspect alone, first: which 制度 is asked back (「更新は？」 met the mental-health card's entry)
        ("更新は？", None, True),
        ("持ち物は？", None, True),
        ("何を持っていく？", None, True),
        ("what to bring?", None, True),
        # after an answer it is a follow-up, read with the topic
        ("更新は？", "dis-jiritsu-shien-iryou", False),
        # a 制度 named, or a longer question of its own, is answered as it is
        ("生活保護の持ち物", None, False),
        ("相談は本人が行かないといけない?", None, False),
        ("死亡届はいつまで", None, False),
    ],
)
def test_an_aspect_alone_first_is_asked_back(
    knowledge: Knowledge, text: str, topic: str | None, asked_back: bool
) -> None:
    assert asks_of_nothing(text, topic, knowledge.aspects) is asked_back


def test_the_reply_to_an_aspect_alone_asks_which_seido_with_topic_buttons(knowledge: Knowledge) -> None:
    outcome = respond(Message(text="更新は？", at=NIGHT), ConversationState(greeted=True), knowledge)
    assert outcome.faq_id is None and outcome.handoff is None
    assert outcome.text == knowledge.texts.get("ask_which_seido") and outcome.replies[-1].choices
