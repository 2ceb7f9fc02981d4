"""What a pressed button means (`buttons.press`): answered at once, or given back as the words it stands for."""

import pytest

from bot.core.buttons import TOPIC_BUTTONS, Written, ask_again, press
from bot.core.knowledge import Knowledge
from bot.core.model import ConversationState, Message, MessageKind, Outcome
from tests.conftest import tokyo

NIGHT = tokyo("2026-11-25 02:00")
STATE = ConversationState(greeted=True)


def pressed(knowledge: Knowledge, payload: str, state: ConversationState = STATE) -> Outcome | Written:
    return press(Message(text="", at=NIGHT, kind=MessageKind.POSTBACK, payload=payload), state, knowledge)


@pytest.mark.parametrize(
    ("payload", "text_key", "asked_risk", "checkin_answer"),
    [
        ("risk:yes", "choice_risk_yes", True, None),  # the same answer as writing it
        ("risk:no", "choice_risk_no", True, None),
        ("person", "choice_person", False, None),  # the same request as writing it
        ("checkin:talk", "choice_person", False, "talk"),  # a person wanted, and the check-in answered
    ],
)
def test_a_button_that_stands_for_words_is_given_back_as_them(
    knowledge: Knowledge, payload: str, text_key: str, asked_risk: bool, checkin_answer: str | None
) -> None:
    written = pressed(knowledge, payload)
    assert isinstance(written, Written)
    assert written.message.kind is MessageKind.TEXT and written.message.text == knowledge.texts.get(text_key)
    assert written.state.asked_risk is asked_risk
    assert written.checkin_answer == checkin_answer


@pytest.mark.parametrize(
    ("payload", "check"),
    [
        ("consent:share", lambda o: o.state.share_consent is True),
        ("consent:noshare", lambda o: o.state.share_consent is False),
        ("checkin:ask", lambda o: o.checkin_requested and o.state.checkin_consent is True),
        ("checkin:done", lambda o: o.checkin_answer == "done"),
        ("checkin:notyet", lambda o: o.checkin_answer == "notyet"),
        ("faq:jukyo-kakuho-what", lambda o: o.faq_id == "jukyo-kakuho-what"),
        ("topic:housing", lambda o: all(c.data.startswith("faq:") for c in o.replies[0].choices[:-1])),
    ],
)
def test_a_button_that_answers_at_once(knowledge: Knowledge, payload: str, check) -> None:  # type: ignore[no-untyped-def]
    outcome = pressed(knowledge, payload)
    assert isinstance(outcome, Outcome) and check(outcome)


@pytest.mark.parametrize(
    "payload", ["nonsense:1", "faq:no-such-entry", "topic:no-such-topic", "consent:maybe", "checkin:x"]
)
def test_an_unknown_button_asks_again_with_the_topics(knowledge: Knowledge, payload: str) -> None:
    outcome = pressed(knowledge, payload)
    assert outcome == ask_again(STATE, knowledge)
    assert [c.data for c in outcome.replies[0].choices][: len(TOPIC_BUTTONS)] == [f"topic:{t}" for t in TOPIC_BUTTONS]
