"""Which fired rule speaks, table-driven over the shipped rules (`verdict.decide`)."""

import pytest

from bot.core.knowledge import Knowledge
from bot.core.model import Urgency
from bot.core.verdict import decide, only_added_up
from tests.conftest import firings

U, E, N = Urgency.URGENT, Urgency.EMERGENCY, Urgency.NORMAL
Fired = list[tuple[str, Urgency, tuple[str, ...]]]


@pytest.mark.parametrize(
    ("fired", "ongoing", "winner", "urgency"),
    [
        # the most urgent speaks, and the decision carries its urgency
        ([("no_money", N, ("お金がない",)), ("suicide", U, ("死にたい",))], None, "suicide", U),
        ([("suicide", U, ("死にたい",)), ("self_harm", E, ("切った",))], None, "self_harm", E),
        # among equals, the one that fired first (`fire_rules` keeps the data's order)
        ([("suicide", U, ("死にたい",)), ("self_harm", U, ("リスカ",))], None, "suicide", U),
        ([("self_harm", U, ("リスカ",)), ("suicide", U, ("死にたい",))], None, "self_harm", U),
        # the catch-all gives way to a specific urgent rule and lends it its urgency
        ([("risk_signals", E, ("今夜(1)", "限界(2)")), ("child_abuse", U, ("ご飯がない",))], None, "child_abuse", E),
        # ... but speaks when only normal rules fired beside it
        ([("risk_signals", U, ("限界(2)", "疲れた(2)")), ("no_money", N, ("お金がない",))], None, "risk_signals", U),
        # the conversation's own rule stays the reply when it fires again among the specific ones
        ([("child_abuse", U, ("殴られた",)), ("violence_dv", U, ("殴られた",))], "violence_dv", "violence_dv", U),
        ([("child_abuse", U, ("殴られた",)), ("violence_dv", U, ("殴られた",))], None, "child_abuse", U),
    ],
)
def test_which_rule_speaks(
    knowledge: Knowledge, fired: Fired, ongoing: str | None, winner: str, urgency: Urgency
) -> None:
    decision = decide(firings(knowledge, fired), ongoing)
    assert decision is not None
    assert (decision.rule_id, decision.urgency) == (winner, urgency)
    assert set(decision.also_fired) == {rule_id for rule_id, _, _ in fired} - {winner}


def test_nothing_fired_decides_nothing() -> None:
    assert decide([]) is None


@pytest.mark.parametrize(
    ("fired", "added_up"),
    [
        ((("risk_signals", U, ("限界(2)", "小学生(1)"))), True),  # weaker signs, none enough alone
        ((("risk_signals", U, ("消える方法(3)",))), False),  # a sign enough by itself
        ((("suicide", U, ("死にたい",))), False),  # not the catch-all's weighed signs
    ],
)
def test_only_added_up(knowledge: Knowledge, fired: tuple[str, Urgency, tuple[str, ...]], added_up: bool) -> None:
    (firing,) = firings(knowledge, [fired])
    assert only_added_up(firing) is added_up
    decision = decide([firing])
    assert decision is not None and decision.signs_only is added_up
