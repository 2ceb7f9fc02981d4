"""Lookalike spans blanked before the rules read a message (bot.core.lookalikes)."""

from __future__ import annotations

import re

import pytest

from bot.core.knowledge import Knowledge
from bot.core.lookalikes import MASK, blank, mask_common, unmarked
from bot.core.normalize import normalize


@pytest.mark.parametrize(
    ("text", "lookalikes", "patterns", "never_hidden", "blanked"),
    [
        ("死ぬほど笑った", ("死ぬほど",), (), (), "死ぬほど"),
        # a lookalike hides only itself: the real phrase after it is still read
        ("死ぬほど笑った。でも死にたい", ("死ぬほど",), (), (), "死ぬほど"),
        ("宿題たすけて", (), ("宿題.{0,10}たすけて",), (), "宿題たすけて"),
        # a pattern's span that touches a never-hidden phrase is kept whole
        ("宿題より死にたい たすけて", (), ("宿題.{0,10}たすけて",), ("死にたい",), ""),
        ("今日は晴れ", ("死ぬほど",), (), (), ""),
        # a gap written [^。] stops at a sentence end (`normalize.fold_marked`)
        ("殺人のニュース", (), ("殺[^。]{0,10}ニュース",), (), "殺人のニュース"),
        ("殺される。ニュース", (), ("殺[^。]{0,10}ニュース",), (), ""),
    ],
)
def test_a_lookalike_is_blanked_where_it_stands(
    text: str, lookalikes: tuple[str, ...], patterns: tuple[str, ...], never_hidden: tuple[str, ...], blanked: str
) -> None:
    result = blank(text, lookalikes, tuple(re.compile(p) for p in patterns), None, never_hidden)
    assert len(result) == len(text)  # places in the text do not move
    assert "".join(c for c, r in zip(text, result, strict=True) if r == MASK) == blanked


def test_the_common_lookalikes_are_blanked_for_every_rule(knowledge: Knowledge) -> None:
    masked = mask_common(knowledge.rules, normalize("死ぬほど笑った").folded)
    assert MASK in masked and "死ぬほど" not in masked


def test_the_rules_words_are_read_without_the_sentence_marks(knowledge: Knowledge) -> None:
    marked = mask_common(knowledge.rules, normalize("死ぬほど笑った！血? 吐いた?").marked)
    assert "。" in marked  # kept for the rules' own lookalikes
    assert "血吐いた" in unmarked(marked) and "死ぬほど" not in marked
