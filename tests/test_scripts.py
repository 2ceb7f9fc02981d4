"""`core.scripts`: the letters every match of a pattern must hold, and the rules that skip patterns a
text cannot match."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.knowledge import Knowledge
from bot.core.lookalikes import mask_common, unmarked
from bot.core.normalize import normalize
from bot.core.scripts import LATIN, OTHER, held, needed
from tests.test_rules import PHRASES, RULE_IDS

NEEDED = [  # pattern, the scripts each of its matches holds a letter of
    (r"死にたい", OTHER),
    (r"(?<![a-z])kill myself(?![a-z])", LATIN),
    (r"(首|くび)(つろ|吊ろ)", OTHER),
    (r"路上[0-9一二三]+日", OTHER),
    (r"[0-9]+日", OTHER),
    (r"[0-9]+", 0),  # digits are no letter
    (r"(死にたい|want to die)", 0),  # either script alone may match
    (r"(死|die).{0,4}(たい|now)", 0),
    (r"(死|die).{0,4}(たい|いま)", OTHER),  # the second group is Japanese either way
    (r"(?:i )?(want|wanna) to die", LATIN),
    (r"(please )?help", LATIN),
    (r"(please)?", 0),  # nothing sure: it may match nothing
    (r"x*", 0),
    (r"x+", LATIN),
    (r"x{0,3}死", OTHER),
    (r"[^a-z]", 0),  # a negated class may match anything else
    (r"\w+", 0),
    (r".", 0),
    (r"(?<=死)ぬ", OTHER),
    (r"(?<=死)1", 0),  # a lookbehind consumes nothing
    (r"(?i)k", 0),  # the Kelvin sign matches k when case is ignored: nothing sure
    (r"(?i:k)死", OTHER),  # ... and so in a group that ignores case, while 死 stays sure
    (r"[a-zA-Z]", LATIN),
    (r"[a-z死]", 0),
    (r"[ぁ-ん]", OTHER),
    (r"(?>ab|cd)", LATIN),
    (r"a死", LATIN | OTHER),
]


@pytest.mark.parametrize(("source", "scripts"), NEEDED)
def test_needed(source: str, scripts: int) -> None:
    assert needed(re.compile(source)) == scripts


HELD = [
    ("死にたい", OTHER),
    ("i want to die", LATIN),
    ("help 助けて", LATIN | OTHER),
    ("119!", 0),
    ("", 0),
    ("\x00\x00", 0),
    ("ＡＢＣ", OTHER),  # full width is outside ASCII (the fold turns it into abc before any rule reads it)
]


@pytest.mark.parametrize(("text", "scripts"), HELD)
def test_held(text: str, scripts: int) -> None:
    assert held(text) == scripts


_PIECES = st.sampled_from(["a", "z", "死", "ぬ", "1", " ", "[a-c]", "[死殺]", "[0-9]", ".", r"\d"])


@st.composite
def _patterns(draw: st.DrawFn, depth: int = 0) -> str:
    """A small pattern of literals, classes, groups, alternatives and repeats, in both scripts."""
    parts = []
    for _ in range(draw(st.integers(1, 3))):
        if depth < 2 and draw(st.booleans()):
            branches = draw(st.lists(_patterns(depth + 1), min_size=1, max_size=3))
            # a group repeats a bounded number of times: (a*)* would make the matching itself exponential
            part = "(" + "|".join(branches) + ")" + draw(st.sampled_from(["", "", "?", "{0,2}", "{1,2}"]))
        else:
            part = draw(_PIECES) + draw(st.sampled_from(["", "", "?", "*", "+", "{0,2}", "{1,2}"]))
        parts.append(part)
    return "".join(parts)


@settings(max_examples=300, deadline=None, derandomize=True)
@given(data=st.data(), source=_patterns())
def test_every_match_holds_what_is_needed(data: st.DataObject, source: str) -> None:
    pattern = re.compile(source)
    text = data.draw(st.from_regex(pattern, fullmatch=True))
    assert not needed(pattern) & ~held(text), (source, text)


def test_no_rule_loses_a_match_it_made(knowledge: Knowledge) -> None:
    """Every span a rule's pattern finds in the table's texts holds the letters the pattern is said to
    need: a pattern skipped for a text's scripts could not have matched it."""
    texts = [
        text for rule_id in RULE_IDS for kind in PHRASES[rule_id].values() if isinstance(kind, list) for text in kind
    ]
    wrong = []
    for text in texts:
        read = unmarked(mask_common(knowledge.rules, normalize(text).marked))
        for rule in knowledge.rules.rules:
            for pattern in rule.patterns + rule.emergency_patterns:
                found = pattern.search(read)
                if found and needed(pattern) & ~held(found.group(0)):
                    wrong.append((rule.id, pattern.pattern[:60], text))
    assert not wrong
    assert len(texts) > 1000  # the table is read, not skipped


def test_rules_split_their_patterns_by_script(knowledge: Knowledge) -> None:
    for rule in knowledge.rules.rules:
        everything = rule.by_script[LATIN | OTHER]
        assert everything == (rule.emergency_patterns, rule.patterns)
        for scripts in (LATIN, OTHER):
            emergency, ordinary = rule.by_script[scripts]
            assert set(emergency) <= set(rule.emergency_patterns) and set(ordinary) <= set(rule.patterns)
    english = [p for rule in knowledge.rules.rules for p in rule.patterns if needed(p) == LATIN]
    japanese = [p for rule in knowledge.rules.rules for p in rule.patterns if needed(p) == OTHER]
    assert english and japanese  # both kinds are there to skip
