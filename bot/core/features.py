"""How a FAQ text is read for matching: its content words (with those of its synonyms' expansion), the
bigrams of its reading and of its letters. A question's reading is kept across loads (`kept_features`),
so a reload after one edited entry reads only that entry's texts again.

Pure, like the rest of the core.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable
from dataclasses import dataclass, field
from functools import lru_cache, partial

from bot.core.analyzer import Analysis
from bot.core.normalize import drop_readings, fold
from bot.core.synonyms import SynonymTable

MAX_QUERY_CHARS = 300  # a long letter is matched on its opening; risk rules still read all of it


def grams(folded: str) -> list[str]:
    """Character bigrams, plus each kanji alone: one wrong kana must not hide a word's meaning."""
    if len(folded) < 2:
        return [folded] if folded else []
    found = [folded[i : i + 2] for i in range(len(folded) - 1)]
    found.extend(char for char in folded if "\u4e00" <= char <= "\u9fff")
    return found


@dataclass(frozen=True)
class Features:
    """A text as the matcher's fields read it; never changed once made (loads share them)."""

    words: list[str]
    reading: list[str]
    chars: list[str]
    folded: str


@dataclass(frozen=True)
class Reader:
    """How a question is read, as a key: the synonyms by value, the analyzer by what it calls."""

    key: Hashable
    synonyms: SynonymTable = field(compare=False, hash=False)
    analyzer: Callable[[str], Analysis] = field(compare=False, hash=False)


def reader(synonyms: SynonymTable, analyzer: Callable[[str], Analysis]) -> Reader:
    """A `partial` analyzer goes by its function and arguments (each load makes a new one), a table by its key."""
    how: Hashable = analyzer
    if isinstance(analyzer, partial):
        keywords = sorted((name, getattr(value, "key", value)) for name, value in analyzer.keywords.items())
        how = (analyzer.func, analyzer.args, tuple(keywords))
    return Reader((synonyms.key, how), synonyms, analyzer)


# Kept across loads: a reload after one edited entry reads only its own texts again (the FAQ's ~4,000
# questions and alternates took 0.8 s of every load, in the bot and in each test that loads a copy).
# Features are never changed once made, so the matchers of two loads may share them.
@lru_cache(maxsize=16384)
def kept_features(text: str, reader: Reader) -> Features:
    return features(text, reader.synonyms, reader.analyzer)


def features(text: str, synonyms: SynonymTable, analyzer: Callable[[str], Analysis]) -> Features:
    text = drop_readings(text)
    analysis = analyzer(text[:MAX_QUERY_CHARS])
    words, canonical = words_of(text, analysis, synonyms, analyzer)
    return Features(words, grams(synonyms.canonical(analysis.reading)), grams(canonical), canonical)


def words_of(
    text: str, analysis: Analysis, synonyms: SynonymTable, analyzer: Callable[[str], Analysis]
) -> tuple[list[str], str]:
    """The text's content words, plus those of its expanded form when an abbreviation was in it."""
    folded = fold(text[:MAX_QUERY_CHARS])
    canonical = synonyms.canonical(folded)
    words = list(analysis.words)
    if canonical != folded:
        words += [w for w in analyzer(canonical).words if w not in words]
    return words, canonical
