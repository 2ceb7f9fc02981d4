"""Lookalikes: spans that look like a rule's words but are not (死ぬほど笑った, 死ぬほど眠い), blanked
before the rules read a message (pure).

A blanked span can hide only itself: a real risk phrase elsewhere in the same message still fires,
and a pattern's span that touches a `never_hidden` phrase is left as it is. Nor can a span run on past
the end of its sentence: lookalikes are found in the message with its sentence ends kept as 。
(`normalize.fold_marked`), which a pattern's gap written [^。] does not cross (火事で家が焼けてしまった！
子どもが取り残されてる once hid the child). The rules' words are read without the marks (`unmarked`): 「血?
吐いた?」 is 血吐いた to them, as before.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from bot.core.normalize import SENTENCE_MARK
from bot.core.plainform import for_rules

if TYPE_CHECKING:  # the rules hold their lookalikes; this module only blanks them
    from bot.core.rules import Rule, RuleSet

MASK = "\x00"  # a blanked letter: no word of a rule or a concept holds it, and a reading splits on it


def unmarked(text: str) -> str:
    """The text without its sentence marks: how the rules' words and concepts read it."""
    return text.replace(SENTENCE_MARK, "") if SENTENCE_MARK in text else text


def blank(
    folded: str,
    lookalikes: tuple[str, ...],
    patterns: tuple[re.Pattern[str], ...] = (),
    search: re.Pattern[str] | None = None,
    never_hidden: tuple[str, ...] = (),
) -> str:
    """Blank every lookalike span, each found in the text as written (so the order of the lists
    never decides whether one lookalike hides another). `search`, `wordtrie.anywhere(lookalikes)`, tells in
    one step that none of them is there (most messages hold none of the 136). A pattern's span that
    touches a `never_hidden` phrase is left as it is: a lookalike hides only itself."""
    matched = [match.span() for pattern in patterns for match in pattern.finditer(folded)]
    # Looked for only when a pattern matched: this runs for every rule on every message.
    kept = _occurrences(folded, never_hidden) if matched else []
    spans = [(start, end) for start, end in matched if not any(s < end and start < e for s, e in kept)]
    if search is None or search.search(folded):
        spans += _occurrences(folded, lookalikes)
    if not spans:
        return folded
    chars = list(folded)
    for start, end in spans:
        chars[start:end] = MASK * (end - start)
    return "".join(chars)


def own_text(rule: Rule, folded: str, never_hidden: tuple[str, ...] = ()) -> str:
    """The message as one rule reads it: its own lookalikes blanked too."""
    return blank(folded, rule.lookalikes, rule.lookalike_patterns, rule.lookalike_search, never_hidden)


def _occurrences(folded: str, phrases: tuple[str, ...]) -> list[tuple[int, int]]:
    """Where each phrase stands in the text (start, end)."""
    found = []
    for phrase in phrases:
        start = folded.find(phrase)
        while start != -1:
            found.append((start, start + len(phrase)))
            start = folded.find(phrase, start + 1)
    return found


def mask_common(rules: RuleSet, folded: str) -> str:
    """The folded message as every rule reads it: in the plain forms the rules are written in (im -> i'm,
    眠れません -> 眠れない, as the rules' words are at load: `plainform.for_rules`), then the common
    lookalikes blanked. Pass the message with its sentence marks (`Normalized.marked`): they stay, for the
    rules' own lookalikes (`own_text`); read the rules' words on `unmarked` text."""
    text = for_rules(folded)
    return blank(text, rules.lookalikes, rules.lookalike_patterns, rules.lookalike_search, rules.never_hidden)
