"""Okapi BM25 over one field of a document collection.

Each term's postings hold its precomputed per-document contribution (numpy arrays), so scoring a
query is a handful of vector additions: fast enough for thousands of entries per message.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

K1 = 1.2
B = 0.75
Scores = npt.NDArray[np.float64]
Postings = dict[str, tuple[npt.NDArray[np.int32], Scores]]


class Bm25:
    def __init__(self, documents: Sequence[Iterable[str]], cover: bool = False):
        counts = [Counter(terms) for terms in documents]
        self.size = len(counts)
        lengths = np.array([sum(count.values()) for count in counts], dtype=np.float64)
        average = float(lengths.mean()) if self.size and lengths.any() else 1.0
        norms = K1 * (1 - B + B * lengths / average) if self.size else lengths
        vocabulary: dict[str, int] = {}
        term_ids, doc_ids, frequencies = [], [], []
        for index, count in enumerate(counts):
            for term, frequency in count.items():
                term_ids.append(vocabulary.setdefault(term, len(vocabulary)))
                doc_ids.append(index)
                frequencies.append(frequency)
        # All postings computed at once, then cut per term (views, no copies).
        terms = np.array(term_ids, dtype=np.int64)
        order = np.argsort(terms, kind="stable")
        terms, docs = terms[order], np.array(doc_ids, dtype=np.int32)[order]
        tf = np.array(frequencies, dtype=np.float64)[order]
        df = np.bincount(terms, minlength=len(vocabulary))
        idf = np.log(1 + (self.size - df + 0.5) / (df + 0.5))
        weights = idf[terms] * tf * (K1 + 1) / (tf + norms[docs]) if len(terms) else tf
        bounds = np.cumsum(df)[:-1]
        doc_parts, weight_parts = np.split(docs, bounds), np.split(weights, bounds)
        self.idf: dict[str, float] = dict(zip(vocabulary, idf.tolist(), strict=True))
        self.postings: Postings = {
            term: (doc_parts[number], weight_parts[number]) for term, number in vocabulary.items()
        }
        # Coverage postings: each distinct term's IDF over the IDF of all the document's distinct terms.
        self.covers: Postings = {}
        if cover and len(terms):
            totals = np.bincount(docs, weights=idf[terms], minlength=self.size)
            shares = np.split(idf[terms] / totals[docs], bounds)
            self.covers = {term: (doc_parts[number], shares[number]) for term, number in vocabulary.items()}

    def scores(self, terms: Iterable[str]) -> Scores:
        total = np.zeros(self.size)
        for term, query_frequency in Counter(terms).items():
            found = self.postings.get(term)
            if found is not None:
                total[found[0]] += query_frequency * found[1]
        return total

    def coverage(self, terms: Iterable[str]) -> Scores:
        """Per document, the share (by IDF) of its distinct terms that the query holds: 1.0 when the
        query contains all of it, however much else the query says. Needs `cover=True`."""
        total = np.zeros(self.size)
        for term in set(terms):
            found = self.covers.get(term)
            if found is not None:
                total[found[0]] += found[1]
        return total

    def self_score(self, terms: Iterable[str]) -> float:
        """What a document made of exactly the query (of average length) would score: the scale
        that turns a raw BM25 score into a fraction comparable across queries."""
        total = 0.0
        for term, frequency in Counter(terms).items():
            idf = self.idf.get(term, math.log(1 + self.size + 0.5))
            total += idf * frequency * (K1 + 1) / (frequency + K1)
        return total
