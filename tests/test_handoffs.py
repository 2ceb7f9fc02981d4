"""How a handoff joins an answer: a normal rule answers first, an urgent rule that is not about a life
hands on first and answers a story's question after, a life at risk gets the crisis reply alone."""

import pytest

from bot.core.handoffs import answer_after
from bot.core.knowledge import Knowledge
from bot.core.lookalikes import mask_common
from bot.core.model import ConversationState, HandoffDecision, Message, Urgency
from bot.core.needs import detect_needs
from bot.core.normalize import normalize
from bot.core.pipeline import respond
from bot.core.verdict import decide
from tests.conftest import firings, tokyo

NIGHT = tokyo("2026-11-25 02:00")


def say(knowledge: Knowledge, text: str):  # type: ignore[no-untyped-def]
    return respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)


def handed_on(knowledge: Knowledge, text: str, rule_id: str):  # type: ignore[no-untyped-def]
    """The outcome of a message that must be handed on by this rule."""
    outcome = say(knowledge, text)
    assert outcome.handoff is not None and outcome.handoff.rule_id == rule_id, outcome.handoff
    return outcome


def needs_named(knowledge: Knowledge, text: str) -> frozenset[str]:
    """The needs a message names, as the pipeline reads them (its common lookalikes blanked)."""
    return frozenset(detect_needs(knowledge.rules, mask_common(knowledge.rules, normalize(text).folded)))


STORY = "夫に殴られて、子どもと一緒に家を出てきました。生活保護を申請したいです"


@pytest.mark.parametrize(
    ("rule", "urgency", "categories", "text", "after"),
    [
        # a rule marked answer_after (助けて) is followed by the answer however short the message
        ("cry_for_help", Urgency.URGENT, ("safety",), "やちん はらえない。たすけて", True),
        ("violence_dv", Urgency.URGENT, ("violence", "safety"), STORY, True),
        ("violence_dv", Urgency.URGENT, ("housing", "money"), STORY, True),
        (
            "violence_dv",
            Urgency.URGENT,
            ("violence", "safety"),
            "夫に殴られた",
            False,
        ),  # a short message: handed on only
        ("violence_dv", Urgency.URGENT, ("violence", "safety"), "夫に殴られた。どうしたらいい？", True),  # it asks
        ("sexual_violence", Urgency.URGENT, ("violence", "safety"), "I've just been raped, what should I do?", True),
        (
            "violence_dv",
            Urgency.URGENT,
            ("crisis", "mental_health"),
            STORY,
            False,
        ),  # a life at risk: the crisis reply alone
        (
            "violence_dv",
            Urgency.URGENT,
            ("violence", "crisis"),
            STORY,
            False,
        ),  # ... also when a sign of it fired beside
        ("violence_dv", Urgency.EMERGENCY, ("violence", "safety"), STORY, False),
        ("violence_dv", Urgency.NORMAL, ("general",), STORY, False),  # a normal rule answers first instead
    ],
)
def test_which_handoffs_are_followed_by_the_answer(
    knowledge: Knowledge, rule: str, urgency: Urgency, categories: tuple[str, ...], text: str, after: bool
) -> None:
    decision = HandoffDecision(rule, urgency, (), categories, "")
    assert answer_after(decision, knowledge, Message(text=text, at=NIGHT), needs_named(knowledge, text)) is after


ADDED_UP = ("risk_signals", Urgency.URGENT, ("限界(2)", "もう(1)"))  # weaker signs, none enough alone


@pytest.mark.parametrize(
    ("fired", "text", "after"),
    [
        # the catch-all's weaker signs added up, in a question: the crisis lines, then the answer
        ([("risk_signals", Urgency.URGENT, ("限界(2)", "小学生(1)"))], "お金が限界です。子ども食堂の条件は?", True),
        ([("risk_signals", Urgency.URGENT, ("限界(2)", "年金前(1)"))], "「もう限界かも…どうすれば?」", True),
        ([("risk_signals", Urgency.URGENT, ("限界(2)", "小学生(1)"))], "お金が限界です。小学生の子どもがいます", True),
        ([ADDED_UP], "親の介護がもう限界", True),  # care named
        ([("risk_signals", Urgency.URGENT, ("限界(2)", "疲れた(2)"))], "もう限界。疲れた", False),  # nothing named
        ([("risk_signals", Urgency.URGENT, ("消える方法(3)",))], "消える方法はありますか?", False),  # enough alone
        ([("risk_signals", Urgency.EMERGENCY, ("限界(2)", "今夜(1)"))], "子ども食堂の条件は?", False),
        ([("suicide", Urgency.URGENT, ("死にたい",))], "死にたい。子ども食堂の条件は?", False),  # no weighed signs
        # a cry for help leads, and only added-up signs made it a life at risk: the debt is answered after
        ([("cry_for_help", Urgency.URGENT, ("助けて",)), ADDED_UP], "借金でもう限界です。助けてください", True),
        ([("cry_for_help", Urgency.URGENT, ("助けて",)), ADDED_UP], "もう限界。助けて", False),  # nothing named
        # ... but never beside a rule about a life
        (
            [("cry_for_help", Urgency.URGENT, ("助けて",)), ("suicide", Urgency.URGENT, ("消えたい",)), ADDED_UP],
            "借金でもう限界。消えたい。助けて",
            False,
        ),
    ],
)
def test_a_question_or_a_need_whose_risk_only_added_up_is_answered_after_the_crisis_lines(
    knowledge: Knowledge, fired: list[tuple[str, Urgency, tuple[str, ...]]], text: str, after: bool
) -> None:
    decision = decide(firings(knowledge, fired))
    assert decision is not None
    assert answer_after(decision, knowledge, Message(text=text, at=NIGHT), needs_named(knowledge, text)) is after


def test_a_mother_whose_money_is_at_its_limit_gets_the_lines_then_her_answer(knowledge: Knowledge) -> None:
    text = "小学生の息子と生活していますがお金が限界です…。「子ども食堂」を利用したいのですが、利用する条件はあるのでしょうか?"
    outcome = handed_on(knowledge, text, "risk_signals")
    assert outcome.faq_id == "kodomo-shokudo"
    assert "119" in outcome.replies[0].text  # the way to safety comes first
    carer = handed_on(knowledge, "親の介護がもう限界", "risk_signals")
    assert carer.faq_id is not None  # no question, but care named: the answer follows the lines
    told = say(knowledge, "もう限界です…つらい")
    assert told.handoff is not None and told.faq_id is None  # no question, no need named: the crisis reply alone


def test_help_beside_a_named_need_gets_the_way_to_safety_then_the_answer(knowledge: Knowledge) -> None:
    outcome = say(knowledge, "やちん はらえない。たすけて")
    assert outcome.handoff is not None and outcome.handoff.rule_id == "cry_for_help"
    assert outcome.faq_id == "yachin-haraenai"
    alone = say(knowledge, "たすけて")
    assert alone.handoff is not None and alone.faq_id is None
    for cry in ("助けて", "助けてください"):  # once 助けて met the entry for a night without a bed
        assert say(knowledge, cry).faq_id is None, cry
    # 助けて alone is asked what is happening; beside the rent it said, the reply does not ask it again
    asks = "何が起きているか"
    assert asks in alone.replies[0].text and asks not in outcome.replies[0].text
    assert outcome.replies[0].text == knowledge.rules.by_id("cry_for_help").reply_answered  # type: ignore[union-attr]
    english = knowledge.in_english().rules.by_id("cry_for_help")
    assert english is not None and english.reply_answered.startswith("Thank you for reaching out")
    # at the end of one's rope too: the weaker signs (もう, 限界) add up, but the debt is still answered
    limit = say(knowledge, "借金が返せなくてもう限界です。助けてください")
    assert limit.handoff is not None and limit.handoff.rule_id == "cry_for_help"
    assert limit.handoff.also_fired == ("risk_signals",) and limit.faq_id == "shakkin-kaesenai"
    texts = [reply.text for reply in limit.replies]
    lines = next(at for at, text in enumerate(texts) if "0120-279-338" in text)
    answer = next(at for at, text in enumerate(texts) if "法テラス" in text)
    assert lines < answer  # the lines that answer tonight come first


@pytest.mark.parametrize(
    ("text", "rule_id", "answers"),
    [
        # 限界 met the entry for a mother at her limit with a crying baby, and the debt entries a menu
        ("借金でもう限界です", "risk_signals", {"shakkin-kaesenai", "seikatsu-hogo-shakkin"}),
        ("借金でもう限界です。助けてください", "cry_for_help", {"shakkin-kaesenai", "seikatsu-hogo-shakkin"}),
        ("家賃が払えなくてもう限界です", "risk_signals", {"yachin-haraenai"}),
        # a net café is where one lives, so it names the need (probe, eleventh round: the lines alone)
        ("ネカフェ生活もうむり", "risk_signals", {"netcafe-seikatsu"}),
        ("もう限界です。助けて", "cry_for_help", {None}),  # nothing left that names a need
    ],
)
def test_the_answer_after_the_lines_reads_the_need_without_the_words_of_distress(
    knowledge: Knowledge, text: str, rule_id: str, answers: set[str | None]
) -> None:
    outcome = say(knowledge, text)
    assert outcome.handoff is not None and outcome.handoff.rule_id == rule_id
    assert outcome.faq_id in answers


def test_a_normal_rule_answers_what_it_can_then_hands_on(knowledge: Knowledge) -> None:
    outcome = say(knowledge, "歯医者に行くお金がない。安く診てもらえるところある？")
    assert outcome.handoff is not None and outcome.handoff.urgency.value == "normal"
    assert outcome.faq_id is not None  # the question was answered too
    risky = say(knowledge, "お金がない。もう死にたい")
    assert risky.handoff is not None and risky.handoff.rule_id == "suicide" and risky.faq_id is None


@pytest.mark.parametrize(
    ("text", "rule_id", "answered"),
    [
        # an urgent rule that is not about a life, in a story that asks: safety first, then the answer
        (
            "夫に殴られて、子どもと一緒に家を出てきました。お金もありません。生活保護を申請したいです",
            "violence_dv",
            True,
        ),
        (
            # a boss's blow is an assault at work (danger_now, 110), not violence at home (tenth round)
            "上司に殴られて、会社をクビになりました。来月から収入がありません。失業保険はどうすればもらえますか",
            "danger_now",
            True,
        ),
        (
            "家賃を3か月滞納していて、大家に鍵を変えられて部屋に入れません。住居確保給付金は使えますか",
            "no_shelter_tonight",
            True,
        ),
        ("My husband hits me. I left home with my kids. Can I get welfare (seikatsu hogo)?", "violence_dv", True),
        # a life at risk gets the crisis reply only, and a short message is only handed on
        (
            "借金が返せなくて、もう死にたいです。でも債務整理という方法があると聞きました。どこに相談すればいいですか",
            "suicide",
            False,
        ),
        ("夫に殴られた", "violence_dv", False),
    ],
)
def test_an_urgent_story_is_handed_on_first_and_its_question_answered_after(
    knowledge: Knowledge, text: str, rule_id: str, answered: bool
) -> None:
    outcome = handed_on(knowledge, text, rule_id)
    assert (outcome.faq_id is not None) is answered
    rule = (knowledge.in_english() if text.isascii() else knowledge).rules.by_id(rule_id)
    assert rule is not None and outcome.replies[0].text.startswith(rule.reply.splitlines()[0])  # safety leads


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        # a story that also asks for someone: its question answered, then the person offered
        ("障害年金の申請をしたいと思っています。書類がたくさんあってよくわかりません。誰かに相談したいです。", True),
        # the bare request: handed on, not answered with the FAQ's entry about this chat
        ("人と話したい", False),
        ("誰かと話したい", False),
        ("talk to a human please", False),
    ],
)
def test_a_request_for_a_person_in_a_story_is_answered_too(knowledge: Knowledge, text: str, answered: bool) -> None:
    outcome = handed_on(knowledge, text, "ask_person")
    assert (outcome.faq_id is not None) is answered


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # a request for a person that names its need: the need's answer, then the handoff (thirteenth round:
        # only the handoff; and read whole, the debt request met the entry on talking to a person)
        ("借金のことで人と話したい", "debt_legal"),
        ("Can I talk to somebody about my debts?", "debt_legal"),
        ("生活保護について相談員と話したい", "money"),
        # no need word says inheritance: what is left once the words asking for a person are set aside
        # names it (and 誰か, a concept's word, is set aside too)
        ("相続のことで誰かと話したい", "debt_legal"),
        ("Can I talk to somebody about inheritance?", "debt_legal"),
    ],
)
def test_a_request_for_a_person_that_names_a_need_is_answered_about_the_need(
    knowledge: Knowledge, text: str, category: str
) -> None:
    outcome = handed_on(knowledge, text, "ask_person")
    entry = knowledge.entry(outcome.faq_id) if outcome.faq_id else None
    assert entry is not None and entry.category == category, outcome.faq_id


@pytest.mark.parametrize(
    ("text", "topic_word"),
    [
        # pensions for old age, disability, divorce: no one clear best, so the FAQ's reply is a menu, which
        # followed the handoff (fourteenth round: dropped, the person left with the handoff alone)
        ("年金のことで人と話したい", "年金"),
        ("I want to talk to someone about my pension", "pension"),
        ("人と話したい", None),  # nothing named: no menu
        ("talk to a human please", None),
    ],
)
def test_a_request_for_a_person_about_a_menu_topic_gets_the_handoff_then_the_menu(
    knowledge: Knowledge, text: str, topic_word: str | None
) -> None:
    outcome = handed_on(knowledge, text, "ask_person")
    offered = [c.data.removeprefix("faq:") for c in outcome.replies[-1].choices if c.data.startswith("faq:")]
    rule = (knowledge.in_english() if text.isascii() else knowledge).rules.by_id("ask_person")
    assert rule is not None and outcome.replies[0].text.startswith(rule.reply.splitlines()[0])  # the handoff leads
    if topic_word is None:
        assert not offered and outcome.faq_id is None
        return
    entries = [knowledge.entry(faq_id) for faq_id in offered]
    assert len(entries) > 1 and all(e is not None and topic_word in (e.question + e.question_en) for e in entries)


def test_signs_that_add_up_beside_a_need_answered_as_a_menu_get_the_lines_then_the_menu(knowledge: Knowledge) -> None:
    # a carer at the limit (first-contact set 68 dev): the catch-all's lines first, then the care questions
    # the bot can answer while nobody has read the message yet; the handoff came alone
    outcome = handed_on(knowledge, "夫の介護、もう疲れた… 疲れたけど、誰にも言えない…", "risk_signals")
    offered = [c.data.removeprefix("faq:") for c in outcome.replies[-1].choices if c.data.startswith("faq:")]
    entries = [knowledge.entry(faq_id) for faq_id in offered]
    assert outcome.faq_id is None and len(entries) > 1
    assert all(e is not None and "介護" in e.question for e in entries)


@pytest.mark.parametrize(
    "text",
    [
        "家賃が払えない、もうすぐ出なくてはならないかもしれない。",  # the answer, then the handoff
        # a story's places at night end with よりそいホットライン, as complex_needs's lines do
        "社協に貸付を申請したけど債務整理中なので断られました。家賃も払えません。どうすればいいですか",
        "やちん はらえない。たすけて",  # the handoff, then the answer
        STORY,
    ],
)
def test_an_answer_and_a_handoff_name_each_place_once(knowledge: Knowledge, text: str) -> None:
    """Their places often share a line (よりそいホットライン, 110): `ask --json` lists it once."""
    outcome = say(knowledge, text)
    ids = [suggestion.service_id for suggestion in outcome.services]
    assert outcome.handoff is not None and ids and len(ids) == len(set(ids)), ids


@pytest.mark.parametrize(
    ("text", "several"),
    [
        # one 制度 asked about in a story: the answer reaches both needs it names (仕事, 収入)
        ("先月会社を辞めました。失業保険はすぐにもらえるのでしょうか、手続きはどこでしますか", False),
        # a child's fever: the children's medical line reaches both needs (子ども, 熱)
        ("子どもが昨日の夜から熱を出していて、明日の朝どこの病院に連れて行けばいいかわかりません", False),
        # a job lost and a son's autism: the answer about work does not reach the disability (written once as
        # "My son is autistic and I lost my job last month, …", whose clause tied work with the lost disability
        # card within 1 %: two more entries in the FAQ made it a menu, handed off all the same)
        (
            "I lost my job last month and need unemployment benefits. My son is autistic and I don't know how we will manage.",
            True,
        ),
    ],
)
def test_several_needs_count_those_the_answer_reaches_as_one(knowledge: Knowledge, text: str, several: bool) -> None:
    outcome = say(knowledge, text)
    assert outcome.faq_id is not None
    rule = outcome.handoff.rule_id if outcome.handoff else None
    assert (rule == "complex_needs") is several, (rule, outcome.faq_id, outcome.state.needs)


@pytest.mark.parametrize(
    ("turns", "several"),
    [
        # a detail the last answer covers ("40 degrees" after a child's fever, #8000): no problems piling up
        (("my child has a fever", "40 degrees"), False),
        # a need of its own after an answer still counts (生活保護, then a loan shark; 「借金もある」 is
        # answered by the entry on debts and 生活保護, which reaches both)
        (("生活保護を受けたい", "闇金からも借りている"), True),
    ],
)
def test_several_needs_count_those_the_last_answer_reached_as_one(
    knowledge: Knowledge, turns: tuple[str, ...], several: bool
) -> None:
    state = ConversationState(greeted=True)
    rules = []
    for text in turns:
        outcome = respond(Message(text=text, at=NIGHT), state, knowledge)
        state = outcome.state
        rules.append(outcome.handoff.rule_id if outcome.handoff else None)
    assert ("complex_needs" in rules) is several, rules


@pytest.mark.parametrize(
    ("text", "rule", "emergency_lines"),
    [
        # a person wanted, nothing at risk: the lines that listen, not 110 and 119 beside a lost job
        ("人と話したい", "ask_person", False),
        (
            "My son is autistic and I lost my job last month, I don't know how we will pay for things",
            "complex_needs",
            False,
        ),
        # a risk keeps the emergency lines
        ("夫に殴られた", "violence_dv", True),
        ("死にたい", "suicide", True),
    ],
)
def test_a_normal_handoff_lists_its_own_lines(
    knowledge: Knowledge, text: str, rule: str, emergency_lines: bool
) -> None:
    outcome = handed_on(knowledge, text, rule)
    ids = {line.service_id for line in outcome.services}
    assert ("police-110" in ids or "fire-ambulance-119" in ids) is emergency_lines, ids
    assert any(line.open_now for line in outcome.services)
