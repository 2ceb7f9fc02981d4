"""Which letters every match of a pattern must hold, told from the pattern itself (pure).

The rules hold some 420 patterns, about 190 of them English, and a message is searched for every one of a
rule's patterns once a rule is read: a Japanese message was searched for every English pattern, about half
the time its pattern searches took. A pattern whose every match holds an ASCII letter cannot match a text
without one, and a pattern whose every match holds a character outside ASCII cannot match an ASCII text;
the rules skip those (`Rule.by_script`).

The pattern is read by CPython's own parser of regular expressions, a module `re` uses internally.
Where it is missing, or a pattern is compiled with flags that let a letter match another script
(IGNORECASE: the Kelvin sign K matches k), nothing is skipped: the answer is then 0, "no letter is sure".
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

Letter = Callable[[int, int], bool]  # whether every code point from low to high is of the script asked about

LATIN = 1  # an ASCII letter, a-z or A-Z
OTHER = 2  # any character outside ASCII (kana, kanji, the sentence mark 。, full-width forms left after folding)
_ASCII_LETTER = re.compile(r"[A-Za-z]")

_parser: Any
_ops: Any
try:  # CPython's internals (3.11+), untyped; without them no pattern is skipped
    import re._constants as _ops  # type: ignore[import-not-found,no-redef]
    import re._parser as _parser  # type: ignore[import-not-found,no-redef]
except ImportError:  # pragma: no cover - other Pythons
    _parser = None


def held(text: str) -> int:
    """What the text holds: an ASCII letter (LATIN), a character outside ASCII (OTHER), both or neither."""
    return (LATIN if _ASCII_LETTER.search(text) else 0) | (0 if text.isascii() else OTHER)


def needed(pattern: re.Pattern[str]) -> int:
    """What every match of the pattern holds (LATIN, OTHER, both or neither, as `held` tells of a text): it
    cannot match a text that lacks it."""
    if _parser is None or pattern.flags & re.IGNORECASE:
        return 0
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
    except Exception:  # pragma: no cover - a pattern `re` compiled always parses; be safe all the same
        return 0
    return (LATIN if _sequence_holds(parsed, _is_latin) else 0) | (OTHER if _sequence_holds(parsed, _is_other) else 0)


def _is_latin(low: int, high: int) -> bool:
    return ord("a") <= low <= high <= ord("z") or ord("A") <= low <= high <= ord("Z")


def _is_other(low: int, high: int) -> bool:
    return low >= 0x80


def _sequence_holds(items: Any, letter: Letter) -> bool:
    """Whether every match of a sequence holds a letter for which `letter(low, high)` is true."""
    return any(_item_holds(op, value, letter) for op, value in items)


def _item_holds(op: Any, value: Any, letter: Letter) -> bool:
    # Only what a match must consume counts: lookarounds, anchors, classes such as \w and negated
    # letters consume nothing sure, so they hold nothing.
    if op is _ops.LITERAL:
        return letter(value, value)
    if op is _ops.IN:
        return _class_holds(value, letter)
    if op is _ops.SUBPATTERN:
        _, added_flags, _, body = value
        # a group that ignores case, (?i:k), may match the Kelvin sign for k: nothing sure
        return not added_flags & re.IGNORECASE and _sequence_holds(body, letter)
    if op is _ops.ATOMIC_GROUP:
        return _sequence_holds(value, letter)
    if op in (_ops.MAX_REPEAT, _ops.MIN_REPEAT, _ops.POSSESSIVE_REPEAT):
        least, _, body = value
        return bool(least >= 1 and _sequence_holds(body, letter))
    if op is _ops.BRANCH:
        return all(_sequence_holds(branch, letter) for branch in value[1])
    return False


def _class_holds(members: Any, letter: Letter) -> bool:
    """A character class holds the letter only when each of its members does ([a-z], [死殺])."""
    for op, value in members:
        if op is _ops.LITERAL:
            sure = letter(value, value)
        elif op is _ops.RANGE:
            sure = letter(*value)
        else:  # a negation, a category (\d), anything else: not sure
            sure = False
        if not sure:
            return False
    return bool(members)
