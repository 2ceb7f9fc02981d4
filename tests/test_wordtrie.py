"""`core.wordtrie`: one pattern for many words finds what the longest-first alternation found."""

from __future__ import annotations

import re

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.wordtrie import anywhere, says, words_pattern


def _alternation(words: set[str], starts: bool, ends: bool) -> re.Pattern[str]:
    """The plain pattern the trie stands for: every word escaped, the longest first."""

    def one(word: str) -> str:
        english = word.isascii()
        before = "(?<![a-z])" if english and starts else ""
        after = "(?![a-z])" if english and ends else ""
        return before + re.escape(word) + after

    ordered = sorted(words, key=lambda word: (-len(word), word))
    return re.compile("|".join(map(one, ordered)) or r"(?!x)x")


def _found(pattern: re.Pattern[str], text: str) -> list[tuple[int, str]]:
    return [(match.start(), match.group(0)) for match in pattern.finditer(text)]


@pytest.mark.parametrize(
    ("words", "starts", "ends", "text", "expected"),
    [
        # The longest word at a position wins, and a shorter one is found where the longer stops.
        (("死に", "死にたい", "死にたくない"), False, False, "死にたくないけど死にそう", ["死にたくない", "死に"]),
        # A word that shares its start with a longer one that does not go on is still found.
        (("しにたい", "しにた"), False, False, "しにたく", ["しにた"]),
        # English words only where a word starts ("dv" is not in "advice") ...
        (("dv", "hit me"), True, False, "advice: he hit me, dv", ["hit me", "dv"]),
        # ... and, asked for, where it ends ("hell" is not in "hello"), falling back to a shorter word.
        (("hell", "hello"), True, True, "hello hell helloo", ["hello", "hell"]),
        (("kill", "kill me"), True, True, "kill meat", ["kill"]),
        # Bounds off: English words anywhere, as `phrase in text` finds them.
        (("dv",), False, False, "advice", ["dv"]),
        # A Japanese form that starts with Latin letters is longer than the Latin word at its position.
        (("od", "odした"), True, True, "odしたかも od", ["odした", "od"]),
        # Letters with a meaning in patterns are taken as letters.
        (("a.b", "(笑)", "?"), False, False, "axb a.b (笑) ?", ["a.b", "(笑)", "?"]),
        # No words: nothing matches, not even the empty text.
        ((), True, True, "", []),
    ],
)
def test_words_pattern_finds_the_longest_word_at_each_place(
    words: tuple[str, ...], starts: bool, ends: bool, text: str, expected: list[str]
) -> None:
    pattern = words_pattern(words, english_starts=starts, english_ends=ends)
    assert [word for _, word in _found(pattern, text)] == expected


_LETTERS = st.sampled_from(list("abし死にた ー'"))


@settings(max_examples=300, deadline=None)
@given(
    words=st.sets(st.text(_LETTERS, min_size=1, max_size=5), max_size=8),
    text=st.text(_LETTERS, max_size=30),
    starts=st.booleans(),
    ends=st.booleans(),
)
def test_words_pattern_matches_as_the_longest_first_alternation(
    words: set[str], text: str, starts: bool, ends: bool
) -> None:
    trie = words_pattern(words, english_starts=starts, english_ends=ends)
    assert _found(trie, text) == _found(_alternation(words, starts, ends), text)


@settings(max_examples=300, deadline=None)
@given(words=st.lists(st.text(_LETTERS, min_size=1, max_size=5), max_size=8), text=st.text(_LETTERS, max_size=30))
def test_anywhere_is_any_word_in_the_text(words: list[str], text: str) -> None:
    assert (anywhere(tuple(words)).search(text) is not None) == any(word in text for word in words)


@pytest.mark.parametrize(
    ("word", "text", "found"),
    [
        ("cat", "i cannot keep my cat anymore", True),
        ("cat", "education costs", False),  # an English word only where a word starts (FAQ `only_when`)
        ("born", "my stubborn son", False),
        ("産後", "産後うつかもしれない", True),  # Japanese anywhere
    ],
)
def test_a_word_is_said_as_a_word(word: str, text: str, found: bool) -> None:
    assert says(text, word) is found
