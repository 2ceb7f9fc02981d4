"""Okapi BM25 over one field of a document collection.

Each term's postings hold its precomputed per-document contribution (numpy arrays), so scoring a
query is a handful of vector additions: fast enough for thousands of entries per message.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import numpy as np
import numpy.typing as npt

K1 = 1.2
B = 0.75
Scores = npt.NDArray[np.float64]


class Bm25:
    def __init__(self, documents: Sequence[Iterable[str]]):
        counts = [Counter(terms) for terms in documents]
        self.size = len(counts)
        lengths = np.array([sum(count.values()) for count in counts], dtype=np.float64)
        average = float(lengths.mean()) if self.size and lengths.any() else 1.0
        norms = K1 * (1 - B + B * lengths / average) if self.size else lengths
        grouped: dict[str, tuple[list[int], list[int]]] = defaultdict(lambda: ([], []))
        for index, count in enumerate(counts):
            for term, frequency in count.items():
                grouped[term][0].append(index)
                grouped[term][1].append(frequency)
        self.idf: dict[str, float] = {}
        self.postings: dict[str, tuple[npt.NDArray[np.int32], npt.NDArray[np.float64]]] = {}
        for term, (docs, frequencies) in grouped.items():
            idf = math.log(1 + (self.size - len(docs) + 0.5) / (len(docs) + 0.5))
            where = np.array(docs, dtype=np.int32)
            tf = np.array(frequencies, dtype=np.float64)
            self.idf[term] = idf
            self.postings[term] = (where, idf * tf * (K1 + 1) / (tf + norms[where]))

    def scores(self, terms: Iterable[str]) -> Scores:
        total = np.zeros(self.size)
        for term, query_frequency in Counter(terms).items():
            found = self.postings.get(term)
            if found is not None:
                total[found[0]] += query_frequency * found[1]
        return total

    def self_score(self, terms: Iterable[str]) -> float:
        """What a document made of exactly the query (of average length) would score: the scale
        that turns a raw BM25 score into a fraction comparable across queries."""
        total = 0.0
        for term, frequency in Counter(terms).items():
            idf = self.idf.get(term, math.log(1 + self.size + 0.5))
            total += idf * frequency * (K1 + 1) / (frequency + K1)
        return total
