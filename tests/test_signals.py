"""Weighed signs as a firing's words carry them (bot.core.signals)."""

from __future__ import annotations

import pytest

from bot.core.signals import adds_up, phrases_said, signal_weights, signal_word


def test_a_signal_word_is_read_back_with_its_weight() -> None:
    # The words a firing of weighed signals carries are how a handoff learns that only weaker signs added up.
    words = (signal_word("限界", 2), signal_word("明日", 1, "earlier:"), "今も")
    assert words[:2] == ("限界(2)", "earlier:明日(1)")
    assert signal_weights(words) == [2, 1]


@pytest.mark.parametrize(
    ("words", "said"),
    [
        (("限界(2)", "もう(1)"), ("限界", "もう")),
        (("earlier:限界(2)", "寒い(1)"), ("寒い",)),  # said in an earlier message: not in this one's text
        (("助けて",), ("助けて",)),
        (("misses_in_row=3",), ()),  # a counter says nothing
    ],
)
def test_the_phrases_a_firing_says_in_this_message(words: tuple[str, ...], said: tuple[str, ...]) -> None:
    assert phrases_said(words) == said


@pytest.mark.parametrize(
    ("found", "threshold", "fires"),
    [
        ([("限界", 2), ("もう", 1)], 3, True),
        ([("限界", 2)], 3, False),  # not enough
        ([("今夜", 1), ("寒い", 1), ("明日", 1)], 3, False),  # time words alone never add up
        ([("消える方法", 3)], 3, True),  # one sign enough by itself
    ],
)
def test_signs_add_up_only_with_a_real_sign(found: list[tuple[str, int]], threshold: int, fires: bool) -> None:
    assert adds_up(found, threshold) is fires
