"""Weighed signs (限界 2, もう 1, 今夜 1) as a firing's words carry them, and read back (pure).

A rule of `signals` fires when the weights of the signs found add up to its threshold; each sign found
becomes one of the firing's words, 限界(2), or earlier:限界(2) when an earlier message said it, so the
worker sees the weights and a handoff can tell that only weaker signs added up.
"""

from __future__ import annotations

import re


def signal_word(phrase: str, weight: int, prefix: str = "") -> str:
    """A signal as a firing's word says it (限界(2), earlier:限界(2)): the worker sees the weights."""
    return f"{prefix}{phrase}({weight})"


_WEIGHT = re.compile(r"\((\d+)\)$")
EARLIER = "earlier:"  # the prefix of a sign said in an earlier message (`risk.over_turns`)


def signal_weights(words: tuple[str, ...]) -> list[int]:
    """The weights of the signals among a firing's words (`signal_word`); other words have none."""
    return [int(found.group(1)) for word in words if (found := _WEIGHT.search(word))]


def phrases_said(words: tuple[str, ...]) -> tuple[str, ...]:
    """The phrases of a firing's words that this message says (限界(2) -> 限界), not signs of earlier
    messages (earlier:限界(2)) nor counters (misses_in_row=3)."""
    return tuple(
        _WEIGHT.sub("", word) for word in words if not word.startswith(EARLIER) and "=" not in word and word.strip()
    )


def adds_up(found: list[tuple[str, int]], threshold: int) -> bool:
    """Signals found reach the threshold with at least one real sign: time words alone (今夜, 寒い,
    明日) never add up to a risk."""
    return sum(weight for _, weight in found) >= threshold and max((w for _, w in found), default=0) >= 2
