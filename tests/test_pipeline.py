import pytest

from bot.config.catalog import texts, texts_en
from bot.core.knowledge import Knowledge
from bot.core.model import ConversationState, Location, Message, MessageKind, Staffing
from bot.core.pipeline import PERSON, respond
from tests.conftest import tokyo

NIGHT = tokyo("2026-11-25 02:00")
DAY = tokyo("2026-11-25 14:00")
GREETED = ConversationState(greeted=True)


def say(knowledge: Knowledge, text: str, state: ConversationState = GREETED, **kw):  # type: ignore[no-untyped-def]
    return respond(Message(text=text, at=kw.pop("at", NIGHT), **kw), state, knowledge)


def test_first_contact_is_greeted_once(knowledge: Knowledge) -> None:
    first = say(knowledge, "こんばんは", ConversationState())
    greeting = texts().get("greeting")
    assert first.replies[0].text == greeting
    assert "110" in greeting and "119" in greeting and "90日" in greeting  # not an emergency service; retention
    second = respond(Message(text="生活保護の申請はどこ", at=NIGHT), first.state, knowledge)
    assert greeting not in second.text
    assert second.state.turns == 2


def test_confident_answer_names_services_and_offers_a_person(knowledge: Knowledge) -> None:
    outcome = say(knowledge, "生活保護の申請はどこでできますか")
    assert outcome.faq_id == "seikatsu-hogo-where" and outcome.answered
    assert "福祉事務所" in outcome.text
    assert outcome.services
    # related 生活保護 questions may come first (answer, then offer); a person and a check-in always end it
    assert [c.data for c in outcome.replies[-1].choices][-2:] == [PERSON, "checkin:ask"]


def test_checkin_is_offered_only_until_answered(knowledge: Knowledge) -> None:
    asked = say(knowledge, "", kind=MessageKind.POSTBACK, payload="checkin:ask")
    assert asked.checkin_requested and asked.state.checkin_consent is True
    again = say(knowledge, "生活保護の申請はどこでできますか", asked.state)
    assert "checkin:ask" not in [c.data for c in again.replies[-1].choices]


@pytest.mark.parametrize(("answer", "key"), [("done", "checkin_done"), ("notyet", "checkin_notyet")])
def test_checkin_answers(knowledge: Knowledge, answer: str, key: str) -> None:
    outcome = say(knowledge, "", kind=MessageKind.POSTBACK, payload=f"checkin:{answer}")
    assert outcome.checkin_answer == answer and outcome.text == texts().get(key) and outcome.handoff is None


def test_checkin_talk_hands_off(knowledge: Knowledge) -> None:
    outcome = say(knowledge, "", kind=MessageKind.POSTBACK, payload="checkin:talk")
    assert outcome.checkin_answer == "talk" and outcome.handoff is not None


ROSTER = Staffing(on_shift=False, next_shift=tokyo("2026-11-25 09:00"))


def test_share_consent_is_asked_unless_a_life_is_at_risk(knowledge: Knowledge) -> None:
    normal = respond(Message(text="人と話したい", at=NIGHT), GREETED, knowledge, ROSTER)
    assert [c.data for c in normal.replies[-1].choices] == ["consent:share", "consent:noshare"]
    risk = respond(Message(text="死にたい", at=NIGHT), GREETED, knowledge, ROSTER)
    assert texts().get("shared_for_safety") in risk.text and not risk.replies[-1].choices


def test_without_a_roster_nobody_is_promised_and_nothing_is_asked_about_sharing(knowledge: Knowledge) -> None:
    nobody = say(knowledge, "人と話したい")
    assert texts().get("handoff_next_no_roster") in nobody.text
    assert "見せてもいい" not in nobody.text and "相談員が読みます" not in nobody.text


@pytest.mark.parametrize(("payload", "agreed"), [("consent:share", True), ("consent:noshare", False)])
def test_share_consent_is_recorded(knowledge: Knowledge, payload: str, agreed: bool) -> None:
    outcome = say(knowledge, "", kind=MessageKind.POSTBACK, payload=payload)
    assert outcome.state.share_consent is agreed


def test_claimed_conversation_is_quiet_but_risk_still_alerts(knowledge: Knowledge) -> None:
    claimed = ConversationState(greeted=True, claimed=True, handed_off=True)
    quiet = say(knowledge, "生活保護の申請はどこでできますか", claimed)
    assert quiet.replies == () and quiet.handoff is None
    alert = say(knowledge, "やっぱり死にたい", claimed)
    assert alert.replies == () and alert.handoff is not None and alert.handoff.rule_id == "suicide"


def test_one_topic_is_answered_then_its_siblings_offered(knowledge: Knowledge) -> None:
    outcome = say(knowledge, "生活保護")  # what it is, where to apply, ...: answer the best, offer the rest
    assert outcome.faq_id == "seikatsu-hogo-what"
    faq_choices = [c for c in outcome.replies[-1].choices if c.data.startswith("faq:")]
    assert 2 <= len(faq_choices) <= 3
    assert all(len(c.label) <= 20 for c in faq_choices)


def test_a_choice_answers_its_entry(knowledge: Knowledge) -> None:
    outcome = say(knowledge, "", kind=MessageKind.POSTBACK, payload="faq:jukyo-kakuho-what")
    assert outcome.faq_id == "jukyo-kakuho-what" and "住居確保給付金" in outcome.text


def test_person_button_is_the_same_as_asking(knowledge: Knowledge) -> None:
    outcome = say(knowledge, "", kind=MessageKind.POSTBACK, payload=PERSON)
    assert outcome.handoff is not None and outcome.handoff.rule_id == "ask_person"


def test_topic_button_lists_entries(knowledge: Knowledge) -> None:
    outcome = say(knowledge, "", kind=MessageKind.POSTBACK, payload="topic:housing")
    assert any(c.data.startswith("faq:") for c in outcome.replies[0].choices)


def test_unknown_postback_asks_again(knowledge: Knowledge) -> None:
    outcome = say(knowledge, "", kind=MessageKind.POSTBACK, payload="nonsense:1")
    assert outcome.text == texts().get("ask_again")


def test_no_match_is_honest_and_offers_a_person(knowledge: Knowledge) -> None:
    outcome = say(knowledge, "ぴよぴよ")
    assert outcome.text.startswith(texts().get("fallback"))
    assert outcome.replies[0].choices[-1].data == PERSON
    assert not outcome.answered


@pytest.mark.parametrize("text", ["", "   ", "\n", "。。。"])
def test_empty_message_asks_kindly(knowledge: Knowledge, text: str) -> None:
    outcome = say(knowledge, text)
    assert outcome.text == texts().get("ask_again") and outcome.replies[0].choices


def test_very_long_message(knowledge: Knowledge) -> None:
    outcome = say(knowledge, "家賃が払えなくて困っています。" * 700)
    assert outcome.replies and len(outcome.text) < 5000


def test_a_polite_message_longer_than_sudachi_reads_at_once_is_answered(knowledge: Knowledge) -> None:
    # 60,000 bytes of 「家賃が払えません」: the rules' plain-form reading once crashed on it (sudachi reads 49,149)
    outcome = say(knowledge, "家賃が払えません。" * 2_500 + "血が止まりません")
    assert outcome.replies and outcome.handoff is not None


def test_risk_at_the_end_of_a_long_message_is_not_missed(knowledge: Knowledge) -> None:
    outcome = say(knowledge, "あ" * 9_990 + "死にたい")
    assert outcome.handoff is not None and outcome.handoff.rule_id == "suicide"


@pytest.mark.parametrize("text", ["😀", "🙏🙏", "♥"])
def test_emoji_only(knowledge: Knowledge, text: str) -> None:
    outcome = say(knowledge, text)
    assert outcome.replies and outcome.handoff is None


def test_english_gets_an_english_reply(knowledge: Knowledge) -> None:
    outcome = say(knowledge, "Hello, can you help with money?")
    assert outcome.faq_id is not None and "money" in outcome.replies[0].text  # from the English FAQ
    assert "not been translated" not in outcome.text


def test_english_risk_hands_off(knowledge: Knowledge) -> None:
    outcome = say(knowledge, "I want to die")
    assert outcome.handoff is not None and outcome.handoff.rule_id == "suicide"


@pytest.mark.parametrize(("kind", "key"), [(MessageKind.STICKER, "sticker"), (MessageKind.MEDIA, "media")])
def test_sticker_and_media_get_a_kind_reply(knowledge: Knowledge, kind: MessageKind, key: str) -> None:
    assert say(knowledge, "", kind=kind).text == texts().get(key)


def test_follow_greets_and_offers_topics(knowledge: Knowledge) -> None:
    outcome = say(knowledge, "", ConversationState(), kind=MessageKind.FOLLOW)
    assert outcome.replies[0].text == texts().get("greeting")
    assert len(outcome.replies[-1].choices) >= 4


def test_location_suggests_nearest(knowledge: Knowledge) -> None:
    shibuya = Location(35.6640, 139.6982)
    outcome = say(knowledge, "", kind=MessageKind.LOCATION, location=shibuya)
    located = [s for s in knowledge.services if s.location]
    if not located:  # no office has sourced coordinates yet: honest, and still numbers open now
        assert outcome.text.startswith(texts().get("location_none"))
        assert any(s.open_now for s in outcome.services)
        return
    assert outcome.services and outcome.services[0].distance_km is not None
    assert "km" in outcome.text


@pytest.mark.parametrize(
    ("needs", "people", "first_need", "each_need"),
    [
        # The people's own need first, as a text reply orders it (not the data's employment before elderly).
        ({"employment", "elderly"}, {"older_people"}, "elderly", {"employment", "elderly"}),
        # A grown son brings no children's need: the places are for the money.
        ({"money", "child"}, {"adults"}, "money", {"money"}),
        # Several needs: a place for each, not three for the first.
        ({"employment", "elderly", "isolation"}, set(), "employment", {"employment", "elderly", "isolation"}),
    ],
)
def test_location_orders_needs_as_a_text_reply_does(
    knowledge: Knowledge, needs: set[str], people: set[str], first_need: str, each_need: set[str]
) -> None:
    state = ConversationState(greeted=True, needs=frozenset(needs), people=frozenset(people))
    outcome = say(knowledge, "", state, kind=MessageKind.LOCATION, location=Location(35.6640, 139.6982), at=DAY)
    records = {s.id: s for s in knowledge.services}
    shown = [records[s.service_id] for s in outcome.services]
    assert first_need in shown[0].categories
    assert all(any(need in s.categories for s in shown) for need in each_need)
    assert all(s.serves(knowledge.default_area) for s in shown)


def test_handoff_is_honest_about_who_reads(knowledge: Knowledge) -> None:
    nobody = say(knowledge, "人と話したい")
    assert texts().get("handoff_next_no_roster") in nobody.text
    unknown = respond(Message(text="人と話したい", at=NIGHT), GREETED, knowledge, Staffing(on_shift=False))
    assert texts().get("handoff_next_unknown_time") in unknown.text
    off = respond(
        Message(text="人と話したい", at=NIGHT),
        GREETED,
        knowledge,
        Staffing(on_shift=False, next_shift=tokyo("2026-11-25 09:00")),
    )
    assert "今日 9:00以降" in off.text
    on = respond(Message(text="人と話したい", at=NIGHT), GREETED, knowledge, Staffing(on_shift=True))
    assert texts().get("handoff_next_on_shift") in on.text


def test_emergency_reply_lists_open_numbers_and_no_closed_ones(knowledge: Knowledge) -> None:
    outcome = say(knowledge, "今から飛び降りる")
    assert outcome.handoff is not None and outcome.handoff.urgency.value == "emergency"
    assert "119" in outcome.text
    assert "0120-783-556" not in outcome.text  # いのちの電話 free line is closed at 2 a.m. on the 25th
    assert outcome.answered


def test_the_core_does_not_mutate_state(knowledge: Knowledge) -> None:
    state = ConversationState(greeted=True, needs=frozenset({"money"}))
    say(knowledge, "借金があって仕事もない", state)
    assert state.needs == frozenset({"money"})


@pytest.mark.parametrize(
    ("text", "reply"),
    [
        ("こんばんは", texts().get("ask_again")),
        ("こんにちはー", texts().get("ask_again")),
        ("はじめまして", texts().get("ask_again")),
        ("hello", texts_en().get("ask_again")),
    ],
)
def test_greetings_are_answered_kindly_in_their_language(knowledge: Knowledge, text: str, reply: str) -> None:
    outcome = say(knowledge, text)
    assert outcome.text == reply and outcome.state.misses_in_row == 0


@pytest.mark.parametrize("text", ["ありがとう", "ありがとうございます", "助かりました"])
def test_thanks_are_not_a_miss(knowledge: Knowledge, text: str) -> None:
    outcome = say(knowledge, text, ConversationState(greeted=True, misses_in_row=1))
    assert outcome.text == texts().get("thanks") and outcome.handoff is None


@pytest.mark.parametrize(
    ("first", "then", "reply_key", "english"),
    [
        # after an answer: said kindly, never searched (はい met 歯医者 by its sound, そうです 追い出されそう)
        ("家賃が払えません", "はい", "acknowledged", False),
        ("家賃が払えません", "そうです", "acknowledged", False),
        ("家賃が払えません", "わかりました！", "acknowledged", False),
        ("家賃が払えません", "うんうん", "acknowledged", False),
        ("I can't pay my rent", "ok", "acknowledged", True),
        ("I can't pay my rent", "I see.", "acknowledged", True),
        # before anything was said, はい is asked what it is about, and so is an opener at any time
        ("", "はい", "ask_again", False),
        ("", "すみません", "ask_again", False),
        ("", "困っています", "ask_again", False),
        ("", "相談したいことがあります", "ask_again", False),
        # a first message that only asks whether it may ask (once 法テラス's entry, by 聞く and 相談)
        ("", "こんな事でも聞いて頂けるのでしょうか？", "ask_again", False),
        ("", "相談してもいいですか", "ask_again", False),
        ("家賃が払えません", "すみません", "ask_again", False),
        # an opener about someone (once the DV centre for 夫, the children's own lines for 子ども)
        ("", "夫のことで相談したい", "ask_again", False),
        ("", "子どものことで相談したいです", "ask_again", False),
        ("", "母のことでご相談させてください", "ask_again", False),
        ("", "息子について相談したいです", "ask_again", False),
        # "hi" then "I need help" were two misses in a row: a handoff saying "sorry I could not answer"
        ("", "hi", "ask_again", True),
        ("", "I need help", "ask_again", True),
        # after a crisis reply, a bare yes is met with care and the lines open now, not "anything else?"
        ("死にたい", "はい", "risk_follow", False),
        ("死にたい", "すみません", "risk_follow", False),
        # 「大丈夫です」 once met the entry on writing at night (はい、夜中でも書いてだいじょうぶです)
        ("死にたい", "大丈夫です", "risk_follow", False),
        ("I want to die", "good night", "risk_follow", True),  # once the entry on writing at night
        ("生活保護を申請したい", "大丈夫です", "acknowledged", False),
    ],
)
def test_an_acknowledgement_or_an_opener_is_answered_kindly(
    knowledge: Knowledge, first: str, then: str, reply_key: str, english: bool
) -> None:
    state = say(knowledge, first).state if first else ConversationState(greeted=True)
    outcome = say(knowledge, then, state)
    expected = (texts_en() if english else texts()).get(reply_key)
    assert outcome.text.startswith(expected.split("\n")[0]), outcome.text
    assert outcome.faq_id is None and outcome.handoff is None and outcome.state.needs == state.needs


@pytest.mark.parametrize(
    "text",
    ["はいしゃにいきたい", "はい、家賃が払えません", "すみません、家賃が払えません", "生活保護のことで相談したい"],
)
def test_a_message_that_only_starts_like_a_yes_is_read(knowledge: Knowledge, text: str) -> None:
    outcome = say(knowledge, text, say(knowledge, "生活保護を申請したい").state)
    assert outcome.text != texts().get("acknowledged") and outcome.faq_id is not None


def test_risk_after_a_greeting_word_still_hands_off(knowledge: Knowledge) -> None:
    assert say(knowledge, "こんばんは。死にたい").handoff is not None
    assert say(knowledge, "ありがとう、でも死にたい").handoff is not None


def test_a_chat_service_shows_its_page(knowledge: Knowledge) -> None:
    chat = next(s for s in knowledge.services if not s.phones and s.url and s.hours.known)
    from bot.core.render import service_line
    from bot.core.services import suggestion

    assert chat.url in service_line(suggestion(chat, NIGHT), NIGHT, texts())


def test_most_first_contact_questions_name_the_right_office(knowledge: Knowledge) -> None:
    """Quality, not a single case: at least 3 in 4 replies (text and buttons) name an expected office."""
    from ruamel.yaml import YAML

    from bot.cli.main import _seen_text
    from tests.conftest import DATA

    questions = YAML(typ="safe").load((DATA / "first_contact.yaml").read_text(encoding="utf-8"))["questions"]
    named = [
        any(
            word in _seen_text(respond(Message(text=q["text"], at=NIGHT), ConversationState(), knowledge))
            for word in q["expect_any"]
        )
        for q in questions
    ]
    assert sum(named) / len(named) >= 0.75, f"{sum(named)} of {len(named)}"


def test_a_weak_sign_with_nothing_named_is_asked_without_a_guessed_offer(knowledge: Knowledge) -> None:
    # The dog given away is a sign; the rest of the words guessed the entry on a parent living alone far away
    # ("is it this?"; once the entry on no food today, before it asked for a word of food)
    outcome = say(knowledge, "I gave my dog to my sister yesterday. My family is far away.")
    assert outcome.asked_about_risk and outcome.faq_id is None
    assert texts_en().get("maybe") not in "\n".join(reply.text for reply in outcome.replies)
    assert outcome.state.misses_in_row == GREETED.misses_in_row  # an offer dropped is no miss


def test_a_weak_sign_with_nothing_named_is_asked_without_a_miss_s_places(knowledge: Knowledge) -> None:
    # a miss's general places (legal aid) do not stand before the question; the miss still counts
    outcome = say(knowledge, "I've got a bottle of sixty somas, that ought to do the trick.")
    assert outcome.asked_about_risk and outcome.faq_id is None and outcome.handoff is None
    assert [reply.text for reply in outcome.replies] == [texts_en().get("ask_risk")]
    assert outcome.state.misses_in_row == GREETED.misses_in_row + 1


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        ("I've got a gun under my bed", False),  # it met the entry on renting a care bed, before the question
        ("I've got a gun under my bed. Can I rent a care bed?", True),  # a question is answered, then asked
        ("I have my dad's gun and I lost my job", False),  # a need named waits for the person's answer
    ],
)
def test_a_means_named_is_asked_about_before_any_answer(knowledge: Knowledge, text: str, answered: bool) -> None:
    outcome = say(knowledge, text)
    assert outcome.asked_about_risk and outcome.handoff is None
    assert (outcome.faq_id is not None) is answered
    if not answered:
        assert [reply.text for reply in outcome.replies] == [texts_en().get("ask_risk")]


def test_at_risk_a_group_s_entry_the_conversation_never_named_is_not_answered(knowledge: Knowledge) -> None:
    # a mother who does not wake: the children's #8000 line was answered to "there's vomit everywhere"
    state = GREETED
    for text in ("my mom drinks a lot", "she hasn't woken up since last night"):
        state = say(knowledge, text, state).state
    outcome = say(knowledge, "there's vomit everywhere", state)
    assert outcome.faq_id != "med-8000" and "#8000" not in "\n".join(reply.text for reply in outcome.replies)
    # a baby named: the children's entries still fit
    assert "children" in say(knowledge, "my baby isn't breathing properly").state.people
