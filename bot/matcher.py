"""FAQ retrieval: a character n-gram index finds candidates, rapidfuzz and idf-weighted overlap rank them.

Scores are absolute (0-100) so the pipeline can tell a confident answer from a guess:
`coverage` is how much of the query (by idf mass) the entry's text contains, `precision` how much of
the text the query contains, `ratio` is rapidfuzz's edit-distance similarity for typos.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from rapidfuzz import fuzz

from bot.faq import FaqEntry, Synonym
from bot.normalize import fold

CANDIDATE_POOL = 40
MAX_QUERY_CHARS = 300  # a long letter is matched on its opening; risk rules still read all of it
_WEIGHTS = {"coverage": 0.5, "precision": 0.2, "ratio": 0.3}
_ANSWER_WEIGHT = 0.15


@dataclass(frozen=True)
class Candidate:
    entry: FaqEntry
    score: float
    matched_text: str
    coverage: float
    precision: float
    ratio: float

    def explain(self) -> str:
        return (
            f"{self.entry.id} score={self.score:.1f} coverage={self.coverage:.2f} "
            f"precision={self.precision:.2f} ratio={self.ratio:.2f} via「{self.matched_text}」"
        )


def grams(folded: str) -> set[str]:
    """Character bigrams, plus each kanji alone: one wrong kana must not hide a word's meaning."""
    if len(folded) < 2:
        return {folded} if folded else set()
    found = {folded[i : i + 2] for i in range(len(folded) - 1)}
    found.update(char for char in folded if "\u4e00" <= char <= "\u9fff")
    return found


class SynonymTable:
    """Rewrites abbreviations and variant spellings to one canonical form (longest first)."""

    def __init__(self, synonyms: Iterable[Synonym]):
        pairs = []
        for synonym in synonyms:
            canonical = fold(synonym.canonical)
            pairs.extend((fold(variant), canonical) for variant in synonym.variants if fold(variant))
        self._pairs = sorted(set(pairs), key=lambda pair: -len(pair[0]))

    def canonical(self, folded: str) -> str:
        for variant, canonical in self._pairs:
            if variant in folded and canonical not in folded:
                folded = folded.replace(variant, canonical)
        return folded


@dataclass(frozen=True)
class _Doc:
    entry_index: int
    text: str
    folded: str
    grams: frozenset[str]


class Matcher:
    def __init__(self, entries: Sequence[FaqEntry], synonyms: Iterable[Synonym] = ()):
        self.entries = list(entries)
        self.synonyms = SynonymTable(synonyms)
        self._docs: list[_Doc] = []
        self._answers: list[frozenset[str]] = []
        postings: dict[str, set[int]] = defaultdict(set)
        for index, entry in enumerate(self.entries):
            for text in (entry.question, *entry.alternates):
                folded = self.synonyms.canonical(fold(text))
                doc = _Doc(index, text, folded, frozenset(grams(folded)))
                self._docs.append(doc)
                for gram in doc.grams:
                    postings[gram].add(index)
            answer_grams = frozenset(grams(self.synonyms.canonical(fold(entry.answer))))
            self._answers.append(answer_grams)
            for gram in answer_grams:
                postings[gram].add(index)
        self._postings = {gram: frozenset(ids) for gram, ids in postings.items()}
        total = max(len(self.entries), 1)
        self._idf = {gram: math.log(1 + total / len(ids)) for gram, ids in self._postings.items()}
        self._docs_by_entry: dict[int, list[_Doc]] = defaultdict(list)
        for doc in self._docs:
            self._docs_by_entry[doc.entry_index].append(doc)

    def prepare(self, folded_query: str) -> str:
        return self.synonyms.canonical(folded_query[:MAX_QUERY_CHARS])

    def rank(self, folded_query: str, top: int = 5) -> list[Candidate]:
        query = self.prepare(folded_query)
        query_grams = grams(query)
        if not query_grams:
            return []
        pool = self._candidate_pool(query_grams)
        scored = [self._score(index, query, query_grams) for index in pool]
        scored.sort(key=lambda candidate: (-candidate.score, candidate.entry.id))
        return scored[:top]

    def _weight(self, items: Iterable[str]) -> float:
        # A gram never seen in the FAQ still counts: it is part of what the person asked.
        return sum(self._idf.get(gram, math.log(1 + len(self.entries))) for gram in items)

    def _candidate_pool(self, query_grams: set[str]) -> list[int]:
        mass: dict[int, float] = defaultdict(float)
        for gram in query_grams:
            for index in self._postings.get(gram, ()):
                mass[index] += self._idf[gram]
        return sorted(mass, key=lambda index: -mass[index])[:CANDIDATE_POOL]

    def _score(self, index: int, query: str, query_grams: set[str]) -> Candidate:
        query_mass = self._weight(query_grams)
        best: Candidate | None = None
        for doc in self._docs_by_entry[index]:
            shared = self._weight(query_grams & doc.grams)
            coverage = shared / query_mass
            precision = shared / max(self._weight(doc.grams), 1e-9)
            ratio = fuzz.ratio(query, doc.folded) / 100
            score = 100 * (
                _WEIGHTS["coverage"] * coverage + _WEIGHTS["precision"] * precision + _WEIGHTS["ratio"] * ratio
            )
            if best is None or score > best.score:
                best = Candidate(self.entries[index], score, doc.text, coverage, precision, ratio)
        assert best is not None
        answer_coverage = self._weight(query_grams & self._answers[index]) / query_mass
        bonus = 100 * _ANSWER_WEIGHT * answer_coverage * (1 - best.score / 100)
        return Candidate(
            best.entry, min(100.0, best.score + bonus), best.matched_text, best.coverage, best.precision, best.ratio
        )
