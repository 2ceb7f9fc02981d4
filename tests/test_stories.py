"""Long messages: sentences, several needs answered in short, a sentence read as a message would be."""

from __future__ import annotations

import pytest

from bot.core.knowledge import Knowledge
from bot.core.matcher import Candidate
from bot.core.model import ConversationState, Message
from bot.core.pipeline import respond
from bot.core.sentences import MAX_SENTENCES
from bot.core.stories import (
    _filled,
    _story_entry,
    asks,
    introduces,
    long_message,
    only_asks_for_help,
    opening_entry,
    says_enough,
    shared_entry,
    whole_message_best,
)
from tests.conftest import candidate, tokyo

NIGHT = tokyo("2026-11-25 02:30")
LONG = "店が閉まることになって急に仕事がなくなってしまい、貯金もどんどん少なくなってきていて、来月の家賃が払えるかどうかわからなくて不安です"


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        # the rent is named only in a clause of a long sentence; the sentence that is sure (眠れません) keeps
        # its place first
        (f"先月までスーパーで働いていました。{LONG}。毎日よく眠れません。", ["mh-nemurenai-tsurai", "yachin-haraenai"]),
        # chatter in a long sentence: its clauses (read at 、, the sentence being over 60 letters) name nothing
        (
            "今日は朝から雨が降っていて、洗濯物がぜんぜん乾かなくて、部屋の中に干したままになっていて、"
            "なんだか困ってしまって、どうしたらいいかなと思っていました。明日は晴れるといいなと思います。",
            [],
        ),
    ],
)
def test_a_need_named_in_a_clause_of_a_long_sentence_is_answered_after_the_sentences(
    knowledge: Knowledge, text: str, answered: list[str]
) -> None:
    outcome = long_message(Message(text=text, at=NIGHT), ConversationState(), knowledge)
    offered = [c.data.removeprefix("faq:") for r in outcome.replies for c in r.choices] if outcome else []
    assert (outcome.faq_id if outcome else None) == (answered[0] if answered else None)
    assert set(answered) <= set(offered)


def test_a_long_message_with_several_needs_gets_several_short_answers(knowledge: Knowledge) -> None:
    text = "仕事をクビになって収入がありません。障害年金のことも知りたいです。国民健康保険料の減免はできますか。"
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
    assert "障害年金" in outcome.text and "国民健康保険料" in outcome.text
    assert "言い方を変えて" not in outcome.text
    # ... and where to go for them, each answer's need in turn, as a single answer gives its places
    assert outcome.services and knowledge.texts.get("services_heading") in outcome.text
    kinds = {category for s in outcome.services for category in _service(knowledge, s.service_id).categories[:1]}
    assert len(kinds) >= 2, outcome.services


def _service(knowledge: Knowledge, service_id: str):  # type: ignore[no-untyped-def]
    return next(service for service in knowledge.services if service.id == service_id)


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        # its one question ties two entries of other topics (無料低額診療, #7119): no answer from it
        ("昨日の夜からずっとひとりで考えています。病院に行くべきでしょうか。", None),
        # its one question is clear, or its close entries are one 制度: answered
        (
            "仕事のことで昨日の夜からずっとひとりで考えています。障害年金はどこで申請しますか。",
            "dis-shougai-nenkin-madoguchi",
        ),
    ],
)
def test_a_sentence_of_a_story_is_answered_as_a_message_would_be(
    knowledge: Knowledge, text: str, answered: str | None
) -> None:
    outcome = long_message(Message(text=text, at=NIGHT), ConversationState(), knowledge)
    assert (outcome.faq_id if outcome else None) == answered


@pytest.mark.parametrize(
    ("unit", "enough"),
    [
        ("I have nowhere to go", False),
        ("They keep calling me at work", False),
        ("My landlord says I have to leave by the end of the month because the building will be demolished", True),
        ("Where can I go?", True),  # a question is read whatever it weighs
        ("家賃を3か月滞納していて、大家さんから退去を求められています", True),
    ],
)
def test_a_sentence_that_says_little_is_no_answer_on_its_own(knowledge: Knowledge, unit: str, enough: bool) -> None:
    seen_by = knowledge.in_english() if unit.isascii() else knowledge
    assert says_enough(unit, seen_by) is enough


@pytest.mark.parametrize(
    ("text", "never"),
    [
        # a landlord's notice to leave, then "nowhere to go": not tonight's shelter
        (
            "My landlord says I have to leave by the end of the month because the building will be "
            "demolished. I have nowhere to go.",
            "neru-basho-nai-konya",
        ),
        # a consumer loan, then calls at work: not trouble at work
        (
            "I borrowed money from a consumer loan company and now I owe 2 million yen. They keep calling me at work.",
            "shokuba-trouble-soudan",
        ),
        # wages cut to nothing for a month, then 泣き寝入り (bearing a wrong in silence): not the crying baby, whose
        # entry a month (一ヶ月) let in (first-contact set 53 dev)
        (
            "一ヶ月働いて給料が八千円でした。給料がマイナスになることに違法性は無いか知りたいです。"
            "どうしても泣き寝入りしたくありません。",
            "baby-crying-cant-cope-night",
        ),
        # a dismissal told at length, then only a plea to be heard: not 法テラス's entry (first-contact set 52 dev)
        (
            "8月末に社長から解雇通達を受けました。理由はミスが多いというものでした。上記の理由で解雇はできるものでしょうか？"
            "こんな事でも聞いて頂けるのでしょうか？",
            "houterasu-muryo-soudan",
        ),
    ],
)
def test_a_storys_short_aside_does_not_answer_for_it(knowledge: Knowledge, text: str, never: str) -> None:
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
    assert outcome.faq_id != never


@pytest.mark.parametrize(
    ("unit", "only_asks"),
    [
        ("こんな事でも聞いて頂けるのでしょうか？", True),
        ("どこか相談する専門機関はありますか？", True),
        ("上記の理由で解雇はできるものでしょうか？", False),
        ("家賃の相談はどこでできますか", False),
        ("Is this right?", True),  # it met the entry on welfare as a right (first-contact set 54 dev)
        ("Is welfare my right?", False),
    ],
)
def test_a_sentence_that_only_asks_for_help_names_no_need(knowledge: Knowledge, unit: str, only_asks: bool) -> None:
    read_by = knowledge.in_english() if unit.isascii() else knowledge  # as a story in English is read
    assert only_asks_for_help(unit, read_by) is only_asks


def test_a_sentence_that_names_nothing_is_read_with_the_one_before(knowledge: Knowledge) -> None:
    """「この場合、どこに相談したらよいのか」 alone matched the DV line that is about where to ask."""
    text = "家族に精神疾患(あるいはその疑い)があるが、精神科の受診を勧めても拒否される。この場合、どこに相談したらよいのか?"
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
    assert outcome.faq_id is None or outcome.faq_id.startswith(("mh-", "iso-"))
    assert "8008" not in outcome.text and "DV" not in outcome.text


def test_a_paragraph_is_never_asked_to_rephrase(knowledge: Knowledge) -> None:
    text = "最近いろいろあって、何から話せばいいのか自分でもよくわからないのですが、とにかく毎日がうまくいきません"
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
    assert "言い方を変えて" not in outcome.text


def test_a_very_long_paste_is_read_up_to_its_first_sentences(knowledge: Knowledge) -> None:
    filler = "今日は雨でした。" * MAX_SENTENCES
    late = filler + "障害年金のことも知りたいです。国民健康保険料の減免はできますか。"
    early = "障害年金のことも知りたいです。国民健康保険料の減免はできますか。" + filler
    answered_late = respond(Message(text=late, at=NIGHT), ConversationState(greeted=True), knowledge)
    answered_early = respond(Message(text=early, at=NIGHT), ConversationState(greeted=True), knowledge)
    assert "【" in answered_early.text and "【" not in answered_late.text
    assert "言い方を変えて" not in answered_late.text


def _ranked(knowledge: Knowledge, *scored: tuple[str, float]) -> list[Candidate]:
    found = [(knowledge.entry(entry_id), score) for entry_id, score in scored]
    return [Candidate(entry, score, entry.question, 0.3) for entry, score in found if entry is not None]


@pytest.mark.parametrize(
    ("rankings", "shared"),
    [
        # near the top of two sentences, adding up: the story is about it
        (
            [[("taikyo-motomerareta", 44.5), ("yachin-haraenai", 36.9)], [("taikyo-motomerareta", 32.9)]],
            "taikyo-motomerareta",
        ),
        # in two sentences but leading neither: what every sentence half-touches, not what it is about
        (
            [
                [("eld-mimamori-oya", 58.4), ("jidou-fuyou-teate-what", 40.8)],
                [("seikatsu-hogo-right", 37.6), ("jidou-fuyou-teate-what", 35.0)],
            ],
            None,
        ),
        # one sentence only, however high: not shared
        ([[("taikyo-motomerareta", 80.0)], [("yachin-haraenai", 20.0)]], None),
        # two sentences, too little in all
        ([[("taikyo-motomerareta", 31.0)], [("taikyo-motomerareta", 31.0)]], None),
        # many sentences, each too weak to count
        (
            [
                [("nenkin-shibou-ichijikin", 34.3)],
                [("nenkin-shibou-ichijikin", 27.0)],
                [("nenkin-shibou-ichijikin", 21.7)],
            ],
            None,
        ),
        # below the first three of a sentence it does not count
        (
            [
                [
                    ("yachin-haraenai", 50.0),
                    ("jukyo-kakuho-what", 45.0),
                    ("oidasare-sou", 44.0),
                    ("taikyo-motomerareta", 43.0),
                ],
                [("taikyo-motomerareta", 40.0)],
            ],
            None,
        ),
    ],
)
def test_an_entry_several_sentences_share_is_what_the_story_is_about(
    knowledge: Knowledge, rankings: list[list[tuple[str, float]]], shared: str | None
) -> None:
    found = shared_entry([_ranked(knowledge, *ranking) for ranking in rankings])
    assert (found.entry.id if found else None) == shared


@pytest.mark.parametrize(
    ("rankings", "answered"),
    [
        # the opening's clear best, when the shared entry leads fewer than three sentences
        (
            [[("saposute-what", 51.0)], [("nenkin-hokenryou-menjo", 68.0)], [("nenkin-hokenryou-menjo", 75.0)]],
            "saposute-what",
        ),
        # ... and the shared entry once it leads three (first-contact set 54 dev: the JET Programme opening)
        (
            [
                [("saposute-what", 51.0)],
                [("nenkin-hokenryou-menjo", 68.0)],
                [("nenkin-hokenryou-menjo", 75.0)],
                [("nenkin-hokenryou-menjo", 54.0)],
            ],
            "nenkin-hokenryou-menjo",
        ),
    ],
)
def test_a_story_opened_aside_is_answered_by_what_most_of_it_shares(
    knowledge: Knowledge, rankings: list[list[tuple[str, float]]], answered: str
) -> None:
    ranked = [_ranked(knowledge, *ranking) for ranking in rankings]
    found = _story_entry(opening_entry(ranked), ranked)
    assert found is not None and found.entry.id == answered


@pytest.mark.parametrize(
    ("rankings", "opening"),
    [
        # the opening sentence's best, well ahead of its runner-up
        (
            [[("shougakukin-henkan-konnan", 44.5), ("shakkin-kaesenai", 33.8)], [("yachin-haraenai", 60.0)]],
            "shougakukin-henkan-konnan",
        ),
        # close to a runner-up of another topic: no lead, no answer
        ([[("shougakukin-henkan-konnan", 44.5), ("yachin-haraenai", 40.0)]], None),
        # close to a runner-up of its own topic: the opening said what the story is about
        ([[("yachin-haraenai", 50.0), ("taikyo-motomerareta", 47.1)]], "yachin-haraenai"),
        # too weak, however far ahead
        ([[("shougakukin-henkan-konnan", 35.0), ("shakkin-kaesenai", 10.0)]], None),
        # a later sentence's clear leader is not the opening
        ([[("yachin-haraenai", 20.0)], [("shougakukin-henkan-konnan", 55.0), ("shakkin-kaesenai", 20.0)]], None),
        ([], None),
    ],
)
def test_a_story_that_shares_nothing_is_answered_by_its_opening_when_it_is_clear(
    knowledge: Knowledge, rankings: list[list[tuple[str, float]]], opening: str | None
) -> None:
    found = opening_entry([_ranked(knowledge, *ranking) for ranking in rankings])
    assert (found.entry.id if found else None) == opening


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        (
            "コンビニのバイトを先週いきなり辞めさせられました。店長は理由も言わず、最後の給料もまだ払われていません。",
            "shokuba-trouble-soudan",
        ),
        ("今日は朝から雨が降っていて、洗濯物が乾かなくて困っています。明日は晴れるといいなと思っています。", None),
    ],
)
def test_a_story_without_a_clear_question_is_answered_by_what_its_sentences_share(
    knowledge: Knowledge, text: str, answered: str | None
) -> None:
    outcome = long_message(Message(text=text, at=NIGHT), ConversationState(), knowledge)
    assert (outcome.faq_id if outcome else None) == answered


def test_a_short_english_question_is_not_cut_at_its_comma(knowledge: Knowledge) -> None:
    # 44 letters, but Latin letters count a third: one question, answered as a whole
    message = Message(text="I quit my job, what do I do about my pension", at=NIGHT)
    assert long_message(message, ConversationState(), knowledge) is None
    assert respond(message, ConversationState(), knowledge).faq_id == "taishoku-kokumin-nenkin"


def test_one_long_english_sentence_sure_as_a_whole_is_answered_whole(knowledge: Knowledge) -> None:
    # long enough to be a story, but one sentence: its second clause alone met the mental clinic's entry (probe)
    text = "I heard the old health insurance card cannot be used anymore, what do I show at the clinic?"
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
    assert outcome.faq_id == "shikaku-kakuninsho"
    assert "▶" not in outcome.text and "自立支援医療" not in outcome.text


def test_several_short_answers_in_english_are_headed_in_english(knowledge: Knowledge) -> None:
    text = "I lost my job last month. Can I get unemployment benefits? Also, where do I apply for welfare?"
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
    assert knowledge.texts_en.get("several_needs") in outcome.text
    assert "【" not in outcome.text and "▶ Where can I apply for public assistance (生活保護)" in outcome.text


def _candidates(knowledge: Knowledge, scores: list[tuple[str, float]]) -> list[Candidate]:
    return [candidate(knowledge, entry_id, score, ratio=0.3) for entry_id, score in scores]


@pytest.mark.parametrize(
    ("unit", "scores", "asked"),
    [
        # a question with a clear best (from 45, 30% ahead): what the person asked
        ("どのような手続きですか？", [("souzoku-houki", 58.0), ("nenkin-shibou-ichijikin", 36.0)], True),
        ("どこに相談すればいいのでしょうか", [("souzoku-houki", 58.0), ("nenkin-shibou-ichijikin", 36.0)], True),
        # not a question, not clear enough, or too weak
        ("相続放棄を勧められました", [("souzoku-houki", 58.0), ("nenkin-shibou-ichijikin", 36.0)], False),
        ("どのような手続きですか？", [("souzoku-houki", 58.0), ("nenkin-shibou-ichijikin", 45.0)], False),
        ("どのような手続きですか？", [("souzoku-houki", 44.0)], False),
    ],
)
def test_a_sentence_that_asks_with_a_clear_best(
    knowledge: Knowledge, unit: str, scores: list[tuple[str, float]], asked: bool
) -> None:
    assert asks(unit, _candidates(knowledge, scores)) is asked


def test_the_question_a_story_asks_is_answered_first(knowledge: Knowledge) -> None:
    # 「父が死亡しました」 alone is sure of the death lump-sum entry; the question is about 相続放棄.
    text = "父が死亡しました。事業資金として借入れがあり、相続放棄を勧められましたが、どのような手続きですか?"
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
    assert outcome.faq_id == "souzoku-houki"
    assert "家庭裁判所" in outcome.text


@pytest.mark.parametrize(
    "text",
    [
        "1962年8月生まれ。貯金がなく、年金だけでは生活ができません。どこに相談すればよいのでしょうか?",
        "1955年5月生まれ。貯金もなく病気がちで、年金だけでは暮らせないのですが、どこに相談すればいいですか?",
        "3月生まれの68歳です。貯金がなく年金だけでは生活ができない場合は、どこに相談すればよいのでしょうか?",
    ],
)
def test_a_story_opening_with_a_birth_month_is_not_about_babies(knowledge: Knowledge, text: str) -> None:
    # 「…月生まれ」 met 「月末に生まれた 手当 いつから」 by sounds and letters alone, with no word in common.
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
    assert outcome.faq_id != "jidou-teate-15nichi"
    assert outcome.replies


@pytest.mark.parametrize(
    ("text", "opening", "beside"),
    [
        # alone, the last sentence is sure of the guarantor entry, and was the whole answer; the opening
        # (wages unpaid on leaving) is the labour consultation's or 退職後の給料's, both of its topic
        (
            "アルバイト先で給料が払われないまま辞めることになりました。店長は電話に出ません。"
            "部屋を借りるときの保証人もいません。",
            {"shokuba-trouble-soudan", "taishoku-saigo-kyuuryou"},
            {"hoshounin-inai-heya"},
        ),
        # the question (health insurance after leaving) and what the story opened with (パワハラ)
        (
            "昨年パワハラを受けて、うつ状態で退職しました。今も体調が悪くて働けません。健康保険はどうなりますか。",
            {"shokuba-trouble-soudan"},
            {"taishoku-kenkou-hoken"},
        ),
    ],
)
def test_a_storys_opening_is_answered_beside_its_sure_sentences(
    knowledge: Knowledge, text: str, opening: set[str], beside: set[str]
) -> None:
    """`opening` and `beside`: the entries either of which must be answered (the questions in the text)."""
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
    for either in (opening, beside):
        entries = [knowledge.entry(entry_id) for entry_id in sorted(either)]
        assert any(e is not None and e.question.rstrip("？?") in outcome.text for e in entries), either


@pytest.mark.parametrize(
    ("text", "first"),
    [
        # one sentence met child support (養育費) on 「子どもたちで払ってほしい」; the whole is a care home's fees
        (
            "義母が特別養護老人ホームへ入居が決まったのですが、「ホーム代が払えないから子どもたちで払ってほしい」と言われました",
            "eld-kaigo-hiyou-keigen",
        ),
        # the sentences met rent; the whole is an electricity bill
        ("電気代の滞納で、電気を切られると言われ、どう払っていけばいいのか、夜も寝られない。", "kounetsuhi-haraenai"),
    ],
)
def test_a_storys_whole_message_clear_best_is_answered_first(knowledge: Knowledge, text: str, first: str) -> None:
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
    assert outcome.faq_id == first


def test_a_story_with_no_clear_best_as_a_whole_has_none(knowledge: Knowledge) -> None:
    # Debt, rent and a fear of the office at once: no one entry is sure of all of it.
    text = "借金があって家賃も3ヶ月払えていません。ご飯もあまり食べていません。役所に行くのがこわいです。"
    assert whole_message_best(Message(text=text, at=NIGHT), ConversationState(), knowledge) is None


@pytest.mark.parametrize(
    ("unit", "only_who"),
    [
        ("2人の子を持つ会社員女性。", True),
        ("30代の主婦です。", True),
        ("都内在住の40代男性です。", True),
        ("母は地方に住んでます。", True),  # where someone lives (once the entry on living abroad)
        # a need or a topic of its own is no mere introduction
        ("小学生の息子がいるシングルマザーです。", False),
        ("家賃を数か月滞納しています。", False),
        ("会社をクビになった40代男性です。", False),
    ],
)
def test_an_opening_that_only_says_who_writes(knowledge: Knowledge, unit: str, only_who: bool) -> None:
    assert introduces(unit, knowledge) is only_who


def test_a_story_opened_by_who_writes_is_answered_by_what_it_tells(knowledge: Knowledge) -> None:
    # The opening, alone a weak one-topic match of employment entries (会社員), once answered the story
    # with joining social insurance; its debts are what it is about (first-contact set 7, dev half).
    text = (
        "2人の子を持つ会社員女性。数年前、夫がキャバクラ遊びで作った数百万円の借金が発覚。夫の母に借金の一部を"
        "出してもらい、残りは私たちが生活費から返済。また借金したら離婚すると伝えていました。 ところが最近、夫宛てに"
        "督促状のようなものが届きました"
    )
    outcome = respond(Message(text=text, at=tokyo("2026-12-02 02:30")), ConversationState(greeted=True), knowledge)
    assert outcome.faq_id == "shakkin-kaesenai"


def test_a_free_part_goes_to_a_second_entry_of_a_topic_already_answered(knowledge: Knowledge) -> None:
    # two needs of one topic (a son's 発達障害, his disability pension's renewal) beside 生活保護: one entry per
    # topic left the third part empty, or gave it to whatever else a clause touched (first-contact set 55 dev)
    story = (
        "息子は発達障害で、ひとりで外に出られません。20歳から障害年金をもらっていますが、今年の更新で診断書を"
        "出さないといけません。生活保護も受けていて、毎月のやりくりが苦しいです。"
    )
    outcome = respond(Message(text=story, at=NIGHT), ConversationState(greeted=True), knowledge)
    answered = {choice.data for reply in outcome.replies for choice in reply.choices}
    assert {"faq:dis-shougai-joutai-kakunin", "faq:otona-hattatsu-shougai"} <= answered, outcome.text


@pytest.mark.parametrize(
    ("ordered", "sure", "parts"),
    [
        # a free part goes to the best sure entry not given yet
        (
            ["otona-hattatsu-shougai", "service-night"],
            ["dis-shougai-joutai-kakunin", "otona-hattatsu-shougai"],
            ["otona-hattatsu-shougai", "service-night", "dis-shougai-joutai-kakunin"],
        ),
        # none free: nothing added, and with more topics than parts the order is kept whole
        (
            ["seikatsu-hogo-where", "yachin-haraenai", "shakkin-kaesenai"],
            ["dis-shougai-joutai-kakunin"],
            ["seikatsu-hogo-where", "yachin-haraenai", "shakkin-kaesenai"],
        ),
        (
            ["seikatsu-hogo-where", "yachin-haraenai", "shakkin-kaesenai", "foodbank-what"],
            ["dis-shougai-joutai-kakunin", "otona-hattatsu-shougai"],
            ["seikatsu-hogo-where", "yachin-haraenai", "shakkin-kaesenai", "foodbank-what"],
        ),
    ],
)
def test_a_free_part_goes_to_the_next_sure_entry(
    knowledge: Knowledge, ordered: list[str], sure: list[str], parts: list[str]
) -> None:
    given = [candidate(knowledge, entry_id) for entry_id in ordered]
    sure_ranked = [[candidate(knowledge, entry_id)] for entry_id in sure]
    assert [c.entry.id for c in _filled(given, sure_ranked)] == parts
