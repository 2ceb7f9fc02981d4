"""FAQ retrieval: BM25 over content words, readings and character bigrams, then a rapidfuzz rerank.

- words: sudachi normalized content words of the questions and alternates (障がい → 障害);
- reading: character bigrams of the hiragana reading, so せいかつほご reaches 生活保護;
- chars: character bigrams of the folded text, for typos and words the dictionary does not know;
- answer: content words of the answer text, so a question worded like the answer still lands.
For a plain corpus (`search --corpus`), a dense term joins them when the word-vector table is given: the
cosine of IDF-weighted mean word vectors (bot.core.vectors), query against the questions and against
question + answer, which finds an entry that names the query's thing in other words.
Each field's BM25 is scaled by what the query would score against itself (1.0: as good as the query
itself), so the score is absolute and the pipeline can tell a confident answer from a guess. It is
not capped at 100: an entry that matches in its questions and its answer scores above one that
matches in its questions alone, and that difference is what ranks them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from itertools import accumulate, chain
from typing import Any

import numpy as np
import numpy.typing as npt
from rapidfuzz import fuzz, process

from bot.core.analyzer import Analysis, analyze
from bot.core.bm25 import Bm25
from bot.core.faq import FaqEntry, Synonym
from bot.core.features import Features, features, grams, kept_features, reader, words_of
from bot.core.normalize import drop_readings, fold, has_kanji
from bot.core.synonyms import SynonymTable
from bot.core.vectors import WordVectors

CANDIDATE_POOL = 12
# Weights and shares tuned on bench/retrieval.py (held-out alternates and questions-only splits).
FIELD_WEIGHTS = {"words": 1.0, "reading": 1.0, "chars": 0.5}  # over the questions and alternates


@dataclass(frozen=True)
class Tuning:
    """How much the answer text counts. Our FAQ has alternates written for the way people ask, so its
    answers only fill gaps (and its confidence thresholds were set on these scores); a plain FAQ
    (`search --corpus`) has one question per entry, and there the answer carries much of the evidence."""

    answer_weight: float  # the answer's share beside the questions
    answer_chars: int  # how much of the answer is read
    answer_grams: float = 0.0  # the answer's character bigrams, beside its words (0: not indexed)
    coverage: float = 0.0  # the share of an entry's question words, and of its letters, in the query
    dense_questions: float = 0.0  # cosine of word vectors, query against the questions (0: off)
    dense_whole: float = 0.0  # the same against the questions and the answer together
    # A query with kanji is judged on its sounds alone only against entries that share a letter with it:
    # 天気 (てんき) read as 転居 (てんきょ), 映画 (えいが) inside 公営が, and chatter was answered.
    sounds_share_a_letter: bool = False
    # Scores this close are a tie, won by the phrasing closer to what was typed (`_ties_by_phrasing`).
    tie: float = 0.0


# An opening says what it is about. Judging kanji queries on sounds only where a letter is shared left
# bench/retrieval.py and the first-contact dev halves as they were; on localgovFAQ's dev half it cost
# 0.001 nDCG@10 (its queries are long, and never chatter), so the corpus keeps sounds alone.
# Our FAQ breaks near ties by phrasing: an entry added elsewhere moves every IDF by a hair, and 「お金がない」
# went from 自立相談 (its phrasing 0.71 alike) to a stolen purse (0.59) on a difference of 0.1. A corpus does
# not: on localgovFAQ's dev half the same rule cost 0.002 Recall@10.
OWN_FAQ = Tuning(answer_weight=0.4, answer_chars=120, sounds_share_a_letter=True, tie=0.5)
# Tuned on localgovFAQ's dev half (bench/faq_benchmark.py): the whole answer at 1.2 against the opening at
# 0.4 took Recall@10 from 0.60 to 0.64 and nDCG@10 from 0.49 to 0.54. A corpus question is one short line
# and people write long ones around it, so the share of the question's own words and letters found in
# the query tells the entry that is asked about from one that only shares a topic word.
# Word vectors (bot.core.vectors) then took dev Recall@10 from 0.669 to 0.72 and nDCG@10 from 0.559 to 0.60:
# people and the FAQ name one thing in different words, and a cosine of IDF-weighted mean vectors finds it.
CORPUS = Tuning(
    answer_weight=1.2, answer_chars=1000, answer_grams=0.5, coverage=0.5, dense_questions=1.5, dense_whole=3.0
)
EXACT = 0.95  # rapidfuzz similarity to a question or alternate that counts as typing it
SPECIFIC_SHARE = 0.2  # a word in more of the entries than this (相談 40%, どこ 31%) names no topic
LEXICAL_SHARE = 0.85  # the rest is rapidfuzz's edit-distance similarity to the closest phrasing


@dataclass(frozen=True)
class Candidate:
    entry: FaqEntry
    score: float
    matched_text: str
    ratio: float
    fields: dict[str, float] = field(default_factory=dict)

    def explain(self) -> str:
        parts = " ".join(f"{name}={value:.2f}" for name, value in self.fields.items())
        return f"{self.entry.id} score={self.score:.1f} {parts} ratio={self.ratio:.2f} via「{self.matched_text}」"


class Matcher:
    def __init__(
        self,
        entries: Sequence[FaqEntry],
        synonyms: Iterable[Synonym] | SynonymTable = (),
        analyzer: Callable[[str], Analysis] = analyze,
        tuning: Tuning = OWN_FAQ,
        mapper: Callable[[Callable[[Any], Any], list[Any]], list[Any]] | None = None,
        vectors: WordVectors | None = None,
        names_nothing: frozenset[str] = frozenset(),
    ):
        self.entries = list(entries)
        self.tuning = tuning
        self.vectors = vectors  # for the dense terms of the tuning (none without it)
        # Words of trouble or of the help sought, not of what about (`vague` in replies.yaml): see `specific`.
        self.names_nothing = names_nothing
        self.synonyms = synonyms if isinstance(synonyms, SynonymTable) else SynonymTable(synonyms)
        self._phrasings = [(entry.question, *entry.alternates) for entry in self.entries]
        self.analyzer = analyzer
        self._reader = reader(self.synonyms, analyzer)
        answers = [entry.answer[: tuning.answer_chars] for entry in self.entries]
        texts = [text for phrasings in self._phrasings for text in phrasings]
        # Every text at once (a loader may spread a large corpus over the cores), then regrouped per entry.
        items = [(True, text) for text in texts] + [(False, answer) for answer in answers]
        prepared = (mapper or _in_order)(self._prepare, items)
        found = iter(prepared[: len(texts)])
        per_entry = [[next(found) for _ in phrasings] for phrasings in self._phrasings]
        self._folded = [[f.folded for f in features] for features in per_entry]
        # Each phrasing's entries, by its folded text: a phrasing typed exactly joins the pool whatever its
        # lexical score, so the rule that it ranks first (`_rerank`, EXACT) holds when a dozen entries of
        # its topic share its words (「申請に何がいる」 among fourteen 生活保護 entries).
        self._typed: dict[str, list[int]] = {}
        for index, folded in enumerate(self._folded):
            for text in dict.fromkeys(folded):
                self._typed.setdefault(text, []).append(index)
        cover = tuning.coverage > 0
        self.fields = {
            "words": Bm25([[w for f in features for w in f.words] for features in per_entry], cover),
            "reading": Bm25([[g for f in features for g in f.reading] for features in per_entry]),
            "chars": Bm25([[g for f in features for g in f.chars] for features in per_entry], cover),
            "answer": Bm25(prepared[len(texts) :]),
        }
        if tuning.answer_grams > 0:
            # A generator: each answer's thousand bigrams are counted and dropped, never all held at once.
            self.fields["answer_grams"] = Bm25(grams(self.synonyms.canonical(fold(answer))) for answer in answers)
        self._dense = self._dense_matrices(per_entry, prepared[len(texts) :])

    def _dense_matrices(self, per_entry: list[list[Features]], answers: list[list[str]]) -> Any:
        """The entries' word vectors, weighted and summed over the dense terms in use (None when all are off
        or without the table): one product with the query's vector scores every entry on both terms."""
        table = self.vectors
        if table is None or not self.entries or self.tuning.dense_questions + self.tuning.dense_whole <= 0:
            return None
        questions = [[w for f in features for w in f.words] for features in per_entry]
        total = np.zeros((len(self.entries), table.dimensions), dtype=np.float32)
        for weight, index, documents in (
            (self.tuning.dense_questions, self.fields["words"], questions),
            (self.tuning.dense_whole, self.fields["answer"], [q + a for q, a in zip(questions, answers, strict=True)]),
        ):
            if weight > 0:
                total += weight * table.matrix(documents, _idf(index))
        return total

    def _prepare(self, item: tuple[bool, str]) -> Any:
        question, text = item
        return kept_features(text, self._reader) if question else self.words(text)

    def features(self, text: str) -> Features:
        return features(text, self.synonyms, self.analyzer)

    def words(self, text: str) -> list[str]:
        """Content words only (for answers, read up to `tuning.answer_chars`), for less work than `features`."""
        text = drop_readings(text)
        return words_of(text, self.analyzer(text[: self.tuning.answer_chars]), self.synonyms, self.analyzer)[0]

    def specific(self, text: str, fillers: frozenset[str] = frozenset()) -> bool:
        """Whether the text names something: a content word found in at most a fifth of the entries, other
        than `fillers` (もう, なんか) and `names_nothing` (困る, 窓口). 「この場合、どこに相談したらよいのか」
        (どこ, 相談: in most entries) asks, but says nothing of what."""
        idf, size = self.fields["words"].idf, len(self.entries)
        floor = math.log(1 + (size - SPECIFIC_SHARE * size + 0.5) / (SPECIFIC_SHARE * size + 0.5))
        words = (word for word in self.words(text) if word not in self.names_nothing and word not in fillers)
        return any(idf.get(word, 0.0) >= floor for word in words)

    def only_vague(self, text: str) -> bool:
        """Whether every content word of the text is one of `names_nothing` ("what's wrong with me"): it says
        that there is trouble and nothing of what. A text without content words is not (it is asked anyway)."""
        words = self.words(text)
        return bool(words) and all(word in self.names_nothing for word in words)

    def rank(self, text: str, top: int = 5) -> list[Candidate]:
        query = self.features(text)
        if not query.folded or not self.entries:
            return []
        words, chars = Counter(query.words), Counter(query.chars)
        terms = {"words": words, "reading": Counter(query.reading), "chars": chars, "answer": words}
        terms["answer_grams"] = chars  # indexed for a corpus only (Tuning.answer_grams)
        parts = {name: self._field(index, terms[name]) for name, index in self.fields.items()}
        weighted = {name: FIELD_WEIGHTS[name] * parts[name] for name in FIELD_WEIGHTS}  # each product once
        main = sum(weighted.values()) / sum(FIELD_WEIGHTS.values())
        # A query typed in kana often has no dictionary words; judge it on its sounds and letters alone.
        sounds = (weighted["reading"] + weighted["chars"]) / (FIELD_WEIGHTS["reading"] + FIELD_WEIGHTS["chars"])
        if self.tuning.sounds_share_a_letter and has_kanji(query.folded):
            sounds = np.where(parts["chars"] > 0, sounds, 0.0)
        main = np.maximum(main, sounds)
        lexical = main + self.tuning.answer_weight * parts["answer"]
        if "answer_grams" in parts:
            lexical = lexical + self.tuning.answer_grams * parts["answer_grams"]
        if self.tuning.coverage > 0:
            covered = self.fields["words"].coverage(query.words) + self.fields["chars"].coverage(query.chars)
            lexical = lexical + self.tuning.coverage * covered
        if self._dense is not None:
            table = self.vectors
            assert table is not None
            # The query weighs its words by the answers' IDF (a wider sample of the corpus than the questions).
            query_vector = table.embed(*table.known(query.words), _idf(self.fields["answer"]))
            # einsum, not `@`: OpenBLAS spreads a product this size over threads, and on a busy two-core
            # host waiting for the other thread cost 7 ms a query; einsum's own loop is 0.1 ms.
            lexical = lexical + np.einsum("ij,j->i", self._dense, query_vector)
        size = min(CANDIDATE_POOL, len(self.entries))
        pool = np.argpartition(-lexical, size - 1)[:size]
        pool = pool[lexical[pool] > 0]
        ids = pool.tolist()  # a list: `in` over a numpy array costs microseconds each
        if typed := [index for index in self._typed.get(query.folded, ()) if index not in ids]:
            ids += typed
            pool = np.array(ids, dtype=pool.dtype)
        pooled = {name: values[pool].tolist() for name, values in parts.items()}
        return self._rerank(ids, lexical[pool].tolist(), pooled, query.folded, top)

    @staticmethod
    def _field(index: Bm25, terms: Counter[str]) -> npt.NDArray[np.float64]:
        scale = index.self_score(terms)
        if scale <= 0:
            return np.zeros(index.size)
        ratio = index.scores(terms) / scale
        # 1.0 where the entry scores as the query would against itself; a soft curve above that,
        # so entries that match more strongly still rank higher instead of all saturating at 1.
        return 2 * ratio / (1 + ratio)

    def _rerank(
        self, pool: list[int], lexical: list[float], parts: dict[str, list[float]], folded: str, top: int
    ) -> list[Candidate]:
        """The pool's entries (with their lexical scores and fields, in the pool's order) scored with the
        similarity of their closest phrasing, best first; the `top` of them as candidates. Every phrasing
        of the pool is compared in one rapidfuzz call: a call per phrasing (ninety a message) cost more
        than the comparisons."""
        if not pool:
            return []
        counts = [len(self._folded[index]) for index in pool]
        phrasings = list(chain.from_iterable(map(self._folded.__getitem__, pool)))
        similar = process.cdist([folded], phrasings, scorer=fuzz.ratio, dtype=np.float64)[0]
        starts = list(accumulate(counts[:-1], initial=0))
        # Per pooled entry its closest phrasing's similarity (0..1); which phrasing, only for the candidates.
        best = (np.maximum.reduceat(similar, starts) / 100).tolist()
        scores = [100 * (LEXICAL_SHARE * lexical[at] + (1 - LEXICAL_SHARE) * ratio) for at, ratio in enumerate(best)]
        # A phrasing an admin wrote, typed (almost) exactly, is authoritative: it ranks first.
        keys = [
            (ratio < EXACT, -score, self.entries[index].id)
            for ratio, score, index in zip(best, scores, pool, strict=True)
        ]
        order = sorted(range(len(pool)), key=keys.__getitem__)
        if self.tuning.tie > 0:
            order = _ties_by_phrasing(order, scores, best, self.tuning.tie)
        similar_list = similar.tolist()
        candidates = []
        for at in order[:top]:
            ratios = similar_list[starts[at] : starts[at] + counts[at]]
            closest = self._phrasings[pool[at]][ratios.index(max(ratios))]
            fields = {name: values[at] for name, values in parts.items()}
            candidates.append(Candidate(self.entries[pool[at]], scores[at], closest, best[at], fields))
        return candidates


def _ties_by_phrasing(order: list[int], scores: list[float], ratios: list[float], tie: float) -> list[int]:
    """The order with each run of candidates within `tie` of the run's first put by the closer phrasing.
    The phrasings typed exactly (ranked first, each by score) are never in one run with the others."""
    ranked: list[int] = []
    run: list[int] = []
    for at in order:
        if run and (scores[run[0]] - scores[at] >= tie or (ratios[run[0]] >= EXACT) != (ratios[at] >= EXACT)):
            ranked += sorted(run, key=lambda i: -ratios[i])
            run = []
        run.append(at)
    return ranked + sorted(run, key=lambda i: -ratios[i])


def _idf(index: Bm25) -> Callable[[str], float]:
    """A word's IDF in the index; a word it never saw counts as one seen once."""
    unknown = math.log(1 + index.size + 0.5)
    return lambda word: index.idf.get(word, unknown)


def _in_order(function: Callable[[Any], Any], items: list[Any]) -> list[Any]:
    """The default: one process. A loader may pass `config.parallel.parallel_map` for a large corpus."""
    return [function(item) for item in items]
