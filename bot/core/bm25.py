"""Okapi BM25 over one field of a document collection.

Each term's postings hold its precomputed per-document contribution, all terms' in one flat array
(rare terms) or one dense row per document set (frequent terms), so scoring a query is a few whole-
array operations whatever its length: fast enough for thousands of entries per message.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import repeat

import numpy as np
import numpy.typing as npt

K1 = 1.2
B = 0.75
# A term in more than this share of the documents keeps its weights as a dense row: one row in a
# matrix product costs less than gathering a long posting list (a char bigram like です in every answer).
DENSE_SHARE = 0.1
Scores = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Postings:
    """Per-document values of every term: rare terms flat (`docs`/`values` from `starts[code]`, `lengths[code]`
    long), frequent terms as rows of `dense` (code -1 - row). A term the collection never saw gets the code
    `len(lengths) - 1`, an empty span, so it needs no test of its own."""

    codes: dict[str, int]
    starts: npt.NDArray[np.int64]  # by code of a rare term, plus the empty span of an unknown term
    lengths: npt.NDArray[np.int64]
    docs: npt.NDArray[np.int32]
    values: Scores
    dense: Scores  # (frequent terms, documents)

    def total(self, terms: Iterable[str], weights: Scores, size: int) -> Scores:
        """Sum over the terms of weight × the term's per-document values. The terms are looked up in one
        `map` and their postings gathered by whole-array operations: a long message has 200 distinct
        letter pairs, and a Python step per term (or per slice) cost more than the arithmetic."""
        unknown = len(self.lengths) - 1
        codes = np.fromiter(map(self.codes.get, terms, repeat(unknown)), dtype=np.int64, count=len(weights))
        rare = codes >= 0
        frequent = ~rare
        total = weights[frequent] @ self.dense[-1 - codes[frequent]] if frequent.any() else np.zeros(size)
        codes = codes[rare]
        lengths = self.lengths[codes]
        count = int(lengths.sum())
        if count:
            # The positions of every posting of the rare terms, term after term: each term's start,
            # repeated over its postings, plus the posting's place in the joined run.
            shift = self.starts[codes] - (np.cumsum(lengths) - lengths)
            at = np.repeat(shift, lengths) + np.arange(count)
            values = self.values[at] * np.repeat(weights[rare], lengths)
            total = total + np.bincount(self.docs[at], weights=values, minlength=size)
        return total


class Bm25:
    def __init__(self, documents: Iterable[Iterable[str]], cover: bool = False):
        vocabulary: dict[str, int] = {}
        term_parts, tf_parts, lengths_list = [], [], []
        # One document at a time, its counts kept as arrays: a corpus of long answers never holds all
        # its Counters (or a Python int per posting) at once.
        for terms_of_doc in documents:
            count = Counter(terms_of_doc)
            ids = [vocabulary.setdefault(term, len(vocabulary)) for term in count]
            term_parts.append(np.array(ids, dtype=np.int64))
            tf_parts.append(np.array(list(count.values()), dtype=np.float64))
            lengths_list.append(sum(count.values()))
        self.size = len(lengths_list)
        lengths = np.array(lengths_list, dtype=np.float64)
        average = float(lengths.mean()) if self.size and lengths.any() else 1.0
        norms = K1 * (1 - B + B * lengths / average) if self.size else lengths
        sizes = [len(part) for part in term_parts]
        # All postings computed at once, sorted by term.
        terms = np.concatenate(term_parts) if term_parts else np.zeros(0, dtype=np.int64)
        order = np.argsort(terms, kind="stable")
        docs = np.repeat(np.arange(self.size, dtype=np.int32), sizes)[order]
        terms = terms[order]
        tf = (np.concatenate(tf_parts) if tf_parts else np.zeros(0))[order]
        df = np.bincount(terms, minlength=len(vocabulary))
        idf = np.log(1 + (self.size - df + 0.5) / (df + 0.5))
        weights = idf[terms] * tf * (K1 + 1) / (tf + norms[docs]) if len(terms) else tf
        self.idf: dict[str, float] = dict(zip(vocabulary, idf.tolist(), strict=True))
        self.postings = _postings(vocabulary, df, docs, weights, self.size)
        # Coverage: each distinct term's IDF over the IDF of all the document's distinct terms.
        self.covers: Postings | None = None
        if cover and len(terms):
            totals = np.bincount(docs, weights=idf[terms], minlength=self.size)
            self.covers = _postings(vocabulary, df, docs, idf[terms] / totals[docs], self.size)

    def scores(self, terms: Iterable[str] | Counter[str]) -> Scores:
        """BM25 of every document for the terms, or for a Counter of them (`counted`)."""
        count = counted(terms)
        weights = np.fromiter(count.values(), dtype=np.float64, count=len(count))
        return self.postings.total(count, weights, self.size)

    def coverage(self, terms: Iterable[str]) -> Scores:
        """Per document, the share (by IDF) of its distinct terms that the query holds: 1.0 when the
        query contains all of it, however much else the query says. Needs `cover=True`."""
        if self.covers is None:
            return np.zeros(self.size)
        distinct = dict.fromkeys(terms)
        return self.covers.total(distinct, np.ones(len(distinct)), self.size)

    def self_score(self, terms: Iterable[str] | Counter[str]) -> float:
        """What a document made of exactly the query (of average length) would score: the scale
        that turns a raw BM25 score into a fraction comparable across queries."""
        total = 0.0
        unknown = math.log(1 + self.size + 0.5)  # the IDF of a term no document has
        for term, frequency in counted(terms).items():
            idf = self.idf.get(term, unknown)
            total += idf * frequency * (K1 + 1) / (frequency + K1)
        return total


def counted(terms: Iterable[str] | Counter[str]) -> Counter[str]:
    """The terms counted; a Counter is taken as it is, so a query scored over several fields (the
    matcher's four) is counted once, not twice per field."""
    return terms if isinstance(terms, Counter) else Counter(terms)


def _postings(
    vocabulary: dict[str, int], df: npt.NDArray[np.int64], docs: npt.NDArray[np.int32], values: Scores, size: int
) -> Postings:
    """Postings sorted by term id (`df` postings each), split into rare (flat) and frequent (dense rows)."""
    ends = np.cumsum(df)
    starts = ends - df
    frequent = np.flatnonzero(df > DENSE_SHARE * size)
    dense = np.zeros((len(frequent), size))
    for row, term in enumerate(frequent):
        dense[row, docs[starts[term] : ends[term]]] = values[starts[term] : ends[term]]
    rows = {int(term): -1 - row for row, term in enumerate(frequent)}
    codes = {word: rows.get(term, term) for word, term in vocabulary.items()}
    empty = np.zeros(1, dtype=np.int64)  # the span of a term no document has
    return Postings(codes, np.concatenate([starts, empty]), np.concatenate([df, empty]), docs, values, dense)
