"""What the rules make of one message (`reading.read`), before anything is said: table-driven."""

from __future__ import annotations

import pytest

from bot.core.knowledge import Knowledge
from bot.core.model import ConversationState, Urgency
from bot.core.normalize import normalize
from bot.core.reading import read

# (message, the rule handed to or None, its urgency, needs the message names (at least these), people it is about)
READ = [
    ("生活保護を申請したい", None, None, {"money"}, set()),
    ("家賃が払えない", "no_money", Urgency.NORMAL, {"money", "housing"}, set()),  # answered, and a person offered
    ("もう死にたい", "suicide", Urgency.URGENT, {"mental_health"}, set()),
    ("今から飛び降りる", "suicide", Urgency.EMERGENCY, set(), set()),  # a means and a time
    ("夫に殴られた", "violence_dv", Urgency.URGENT, {"violence"}, {"adults"}),  # a spouse is an adult's
    ("80歳の母が熱を出した", None, None, {"medical"}, {"older_people"}),
    ("今日は天気がいいですね", None, None, set(), set()),
]


@pytest.mark.parametrize(("text", "rule", "urgency", "needs", "about"), READ)
def test_a_message_is_read_for_risk_needs_and_people(
    knowledge: Knowledge, text: str, rule: str | None, urgency: Urgency | None, needs: set[str], about: set[str]
) -> None:
    reading, state = read(normalize(text), ConversationState(), knowledge)
    decision = reading.decision
    assert (decision.rule_id if decision else None) == rule
    assert (decision.urgency if decision else None) == urgency
    assert needs <= reading.named and reading.named <= reading.needs
    assert state.people == about
    assert reading.folded == normalize(text).folded and reading.masked  # what the rules read is kept


def test_the_conversations_needs_are_carried_into_the_reading(knowledge: Knowledge) -> None:
    reading, _ = read(normalize("どうしよう"), ConversationState(needs=frozenset({"housing"})), knowledge)
    assert "housing" in reading.needs and not reading.named


def test_a_yes_is_read_as_the_answer_to_the_question_asked_only_when_one_was(knowledge: Knowledge) -> None:
    asked, _ = read(normalize("はい"), ConversationState(asked_risk=True), knowledge)
    not_asked, _ = read(normalize("はい"), ConversationState(), knowledge)
    assert asked.reply_to_question == "yes" and not_asked.reply_to_question is None


@pytest.mark.parametrize(
    ("text", "only_signs"),
    [
        ("つかれた", True),
        ("なんかもう疲れちゃった", True),  # fillers name nothing
        ("どうしたらいいかわからない", True),
        ("離婚したいけどどうしたらいいかわからない", False),  # a question about divorce beside the sign
        ("家賃が払えない", True),  # no sign at all: nothing to ask about
    ],
)
def test_whether_a_weak_sign_is_all_a_message_says(knowledge: Knowledge, text: str, only_signs: bool) -> None:
    reading, _ = read(normalize(text), ConversationState(), knowledge)
    assert reading.only_signs is only_signs
