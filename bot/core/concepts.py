"""Concept rules: named vocabularies matched in every inflection and script, and patterns over them.

An admin writes a vocabulary once, in dictionary form (`疲れる`, `殴る@passive`, `死ぬ@want`, `居場所`);
sudachi tells each entry's part of speech and reading when the rules load, and the entry is expanded
into the forms people actually type: 疲れ・つかれ (疲れた, つかれてしまった), 殴られ・なぐられ, 死にたい・しにたい.
A message is read in two views, both folded: as written (kanji stay kanji) and as a hiragana reading
(so kanji entries meet kana messages and the other way round). A pattern such as
`living + weariness /12 - fiction` fires when every named concept is found within 12 letters of the
others in one view, and no concept after `-` stands within that span.

Pure: the dictionary is loaded at the edge (`analyzer.warm_up`); nothing here reads a file or a clock.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from sudachipy import tokenizer

from bot.core.analyzer import MAX_CHARS, _tokenizer
from bot.core.forms import expand, morpheme_reading
from bot.core.lookalikes import MASK
from bot.core.normalize import has_kanji
from bot.core.wordtrie import words_pattern

DEFAULT_WITHIN = 12


@dataclass(frozen=True)
class Concept:
    name: str
    entries: tuple[str, ...]
    pattern: re.Pattern[str]  # every expanded form, longest first: searched in the message as written
    read_pattern: re.Pattern[str]  # the same less written-only entries (`!`): searched in its reading
    # The first two letters of every form (`heads`), so a message without any of them is passed over
    # without running the pattern: a hundred concepts are looked for in every message.
    heads: frozenset[str] = frozenset()
    read_heads: frozenset[str] = frozenset()


@dataclass(frozen=True)
class ConceptPattern:
    source: str  # as written in the YAML, for explanations
    concepts: tuple[str, ...]
    within: int = DEFAULT_WITHIN
    unless: tuple[str, ...] = ()


@dataclass(frozen=True)
class Hit:
    concept: str
    view: int  # 0: as written, 1: reading
    start: int
    form: str


@dataclass(frozen=True)
class Views:
    written: str
    reading: str
    # Places in `reading` strictly inside the reading of a word written with kanji, where no form read
    # aloud may start (医師に対応, いしにたいおう, holds しにたい) nor end (診断, しんだん, holds しんだ; 首は
    # 痛い, くびはいたい, held 吐いた's はいた, and a neck in pain in a conversation at risk was an emergency).
    # A form written in kanji meets such a word in the written view (歯が痛 in 歯が痛くて).
    no_start: frozenset[int] = frozenset()
    no_end: frozenset[int] = frozenset()
    # Where the message wrote a word in katakana, in each view (start, end): a form may lie inside one (くすり in
    # オクスリ, ねっとかふぇ in インターネットカフェ) or hold it whole (リスカした), but not reach into it from outside:
    # 抵抗したためナイフで folds to したためないふで, and ためない (a hoard of pills) is no word of it.
    katakana: tuple[tuple[int, int], ...] = ()
    read_katakana: tuple[tuple[int, int], ...] = ()


def views(masked_folded: str, katakana: tuple[str, ...] = ()) -> Views:
    """The folded message (lookalikes already blanked) and its hiragana reading; `katakana`, the message's
    katakana words folded (`normalize.katakana_words`), bound the forms found in both."""
    reading, no_start, no_end = _reading(masked_folded[:MAX_CHARS])
    if not katakana:
        return Views(masked_folded, reading, no_start, no_end)
    return Views(masked_folded, reading, no_start, no_end, _spans(masked_folded, katakana), _spans(reading, katakana))


def _spans(text: str, words: tuple[str, ...]) -> tuple[tuple[int, int], ...]:
    """Every place where one of the words stands in the text."""
    spans = []
    for word in words:
        at = text.find(word)
        while at >= 0:
            spans.append((at, at + len(word)))
            at = text.find(word, at + 1)
    return tuple(spans)


def _straddles(start: int, end: int, spans: tuple[tuple[int, int], ...]) -> bool:
    """Whether a form at start:end crosses one edge of a span and ends or starts strictly inside it."""
    return any(start < low < end < high or low < start < high < end for low, high in spans)


@lru_cache(maxsize=2048)
def _reading(folded: str) -> tuple[str, frozenset[int], frozenset[int]]:
    """The hiragana reading, and the places where a form read in it may not start or end (`Views`)."""
    parts: list[str] = []
    no_start: set[int] = set()
    no_end: set[int] = set()
    at = 0
    for number, chunk in enumerate(folded.split(MASK)):
        at += number > 0  # the mask letter between chunks
        morphemes = _tokenizer().tokenize(chunk, tokenizer.Tokenizer.SplitMode.C) if chunk else []
        for morpheme in morphemes:
            read = morpheme_reading(morpheme)
            if has_kanji(morpheme.surface()):
                inside = range(at + 1, at + len(read))
                no_start.update(inside)
                no_end.update(inside)
            parts.append(read)
            at += len(read)
        parts.append(MASK)
    return "".join(parts)[:-1], frozenset(no_start), frozenset(no_end)


@dataclass(frozen=True)
class Vocabulary:
    """The concepts, and for each head the ones with a form that starts with it (by position), so a
    message is looked for only the few concepts whose heads it holds, not all hundred."""

    concepts: tuple[Concept, ...]
    by_head: dict[str, tuple[int, ...]]
    by_read_head: dict[str, tuple[int, ...]]


def vocabulary(concepts: tuple[Concept, ...]) -> Vocabulary:
    by_head: dict[str, list[int]] = {}
    by_read_head: dict[str, list[int]] = {}
    for position, concept in enumerate(concepts):
        for head in concept.heads:
            by_head.setdefault(head, []).append(position)
        for head in concept.read_heads:
            by_read_head.setdefault(head, []).append(position)
    return Vocabulary(
        concepts,
        {head: tuple(found) for head, found in by_head.items()},
        {head: tuple(found) for head, found in by_read_head.items()},
    )


def find_hits(concepts: tuple[Concept, ...] | Vocabulary, seen: Views) -> tuple[Hit, ...]:
    """Every concept form found, concept by concept in their order. Places in the reading view are
    scaled to the written one, so one window means the same stretch of the message in both."""
    known = concepts if isinstance(concepts, Vocabulary) else vocabulary(concepts)
    scale = len(seen.written) / len(seen.reading) if seen.reading else 1.0
    hits = []
    written = _having(known.by_head, seen.written)
    reading = _having(known.by_read_head, seen.reading)
    for position in sorted(written | reading):
        concept = known.concepts[position]
        if position in written:
            hits += [
                Hit(concept.name, 0, m.start(), m.group(0))
                for m in concept.pattern.finditer(seen.written)
                if not (seen.katakana and _straddles(m.start(), m.end(), seen.katakana))
            ]
        if position in reading:
            hits += [
                Hit(concept.name, 1, round(m.start() * scale), m.group(0))
                for m in concept.read_pattern.finditer(seen.reading)
                if m.start() not in seen.no_start
                and m.end() not in seen.no_end
                and not (seen.read_katakana and _straddles(m.start(), m.end(), seen.read_katakana))
            ]
    return tuple(hits)


def _having(by_head: dict[str, tuple[int, ...]], text: str) -> set[int]:
    """The concepts with a head in the text (a letter or a pair of letters in it): a form can start
    only where its head is."""
    heads = {text[i : i + 2] for i in range(len(text))} | set(text)
    return {position for head in by_head.keys() & heads for position in by_head[head]}  # the few heads it has


def _heads(forms: set[str]) -> frozenset[str]:
    return frozenset(form[:2] for form in forms)


def match(pattern: ConceptPattern, hits: tuple[Hit, ...]) -> tuple[str, ...] | None:
    """The words that fired the pattern (`concept:form`), or None."""
    found_concepts = {hit.concept for hit in hits}
    if not found_concepts.issuperset(pattern.concepts):
        return None  # most patterns are over at once: one of their concepts is not in the message
    # An exception counts in either view (places are scaled to the written one): 費用額 is one word read aloud,
    # so 費用 is found only as written, while 負担 is found read aloud too (ふたん) and fired there alone.
    unless = [hit for hit in hits if hit.concept in pattern.unless]
    for view in (0, 1):
        found = _match_in_view(pattern, [h for h in hits if h.view == view], pattern.within, unless)
        if found is not None:
            return found
    return None


def matched_words(patterns: tuple[ConceptPattern, ...], hits: tuple[Hit, ...]) -> list[str]:
    """The words of every pattern that matched, as `concept:form`. The concepts found are gathered once
    for all the patterns: eighty patterns are tried on every message, and most name a concept it lacks."""
    if not hits:
        return []
    found = {hit.concept for hit in hits}
    return [
        word
        for pattern in patterns
        if found.issuperset(pattern.concepts) and (words := match(pattern, hits))
        for word in words
    ]


def _match_in_view(pattern: ConceptPattern, hits: list[Hit], within: int, unless: list[Hit]) -> tuple[str, ...] | None:
    # The hits by concept, in their order, once: a long story holds hundreds of hits, and looking through
    # all of them for each anchor and each other concept cost a quarter of a millisecond a pattern.
    by_concept: dict[str, list[Hit]] = {}
    for hit in hits:
        by_concept.setdefault(hit.concept, []).append(hit)
    first, *rest = pattern.concepts
    for anchor in by_concept.get(first, ()):
        chosen = [anchor]
        for name in rest:
            near = [h for h in by_concept.get(name, ()) if abs(h.start - anchor.start) <= within]
            if not near:
                break
            chosen.append(min(near, key=lambda h: abs(h.start - anchor.start)))
        else:
            low, high = min(h.start for h in chosen), max(h.start for h in chosen) + 1
            if not any(low - within <= h.start <= high + within for h in unless):
                return tuple(f"{h.concept}:{h.form}" for h in chosen)
    return None


def parse_pattern(source: str) -> ConceptPattern | str:
    """`a + b /20 - c - d` -> a pattern, or a sentence saying what is wrong."""
    text, _, unless_text = source.partition(" - ")
    within = DEFAULT_WITHIN
    if "/" in text:
        text, _, number = text.rpartition("/")
        if not number.strip().isdigit():
            return f"'{source}': the window after '/' must be a whole number"
        within = int(number)
    concepts = tuple(name.strip() for name in text.split("+") if name.strip())
    unless = tuple(name.strip() for name in unless_text.split(" - ") if name.strip())
    if not concepts:
        return f"'{source}': name at least one concept"
    return ConceptPattern(source, concepts, within, unless)


@lru_cache(maxsize=1024)  # ~140 concepts: a reload after an edit elsewhere compiles none of them again
def compile_concept(name: str, entries: tuple[str, ...]) -> Concept:
    """Pure (the dictionary is fixed for the process), so one compile serves every load; each entry is
    expanded once, not once per view (a third of a cold load went to expanding the concepts)."""
    forms = {entry: expand(entry) for entry in entries}
    everywhere = {form for entry in entries for form in forms[entry]}
    read_too = {form for entry in entries if not entry.endswith("!") for form in forms[entry]}
    return Concept(
        name, entries, _alternation(everywhere), _alternation(read_too), _heads(everywhere), _heads(read_too)
    )


def _alternation(forms: set[str]) -> re.Pattern[str]:
    """English forms match whole words only ("hell" is not in "hello")."""
    return words_pattern(forms, english_starts=True, english_ends=True)
