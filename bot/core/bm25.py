"""Okapi BM25 over one field of a document collection.

Each term's postings hold its precomputed per-document contribution, all terms' in one run sorted by
term, so scoring a query gathers a few slices and sums them in one `bincount`: fast enough for
thousands of entries per message.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import cast

import numpy as np
import numpy.typing as npt

K1 = 1.2
B = 0.75
Scores = npt.NDArray[np.float64]


@dataclass(frozen=True)
class Postings:
    """Per-document values of every term: the term coded `code` has the documents
    `docs[starts[code]:starts[code + 1]]` and their `values`."""

    codes: dict[str, int]
    starts: list[int]  # one more than the terms: each term's end is the next one's start
    docs: npt.NDArray[np.intp]
    values: Scores

    def total(self, weights: Mapping[str, float], size: int) -> Scores:
        """Sum over the terms of weight × the term's per-document values. A query has a handful of
        distinct terms (a long message 200 letter pairs): a slice per term and one `bincount` over them
        all cost less than whole-array gathers of the postings (which needed a dense matrix for the
        frequent terms and a dozen numpy calls per field)."""
        docs, values = [], []
        for term, weight in weights.items():
            code = self.codes.get(term)
            if code is None:
                continue  # a term no document has adds nothing
            start, end = self.starts[code], self.starts[code + 1]
            docs.append(self.docs[start:end])
            values.append(self.values[start:end] if weight == 1 else weight * self.values[start:end])
        if not docs:
            return np.zeros(size)
        # bincount with weights sums in float64; numpy's stubs type it by the counts.
        return cast(Scores, np.bincount(np.concatenate(docs), weights=np.concatenate(values), minlength=size))


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
        self.postings = _postings(vocabulary, df, docs, weights)
        # Coverage: each distinct term's IDF over the IDF of all the document's distinct terms.
        self.covers: Postings | None = None
        if cover and len(terms):
            totals = np.bincount(docs, weights=idf[terms], minlength=self.size)
            self.covers = _postings(vocabulary, df, docs, idf[terms] / totals[docs])

    def scores(self, terms: Iterable[str] | Counter[str]) -> Scores:
        """BM25 of every document for the terms, or for a Counter of them (`counted`)."""
        return self.postings.total(counted(terms), self.size)

    def coverage(self, terms: Iterable[str]) -> Scores:
        """Per document, the share (by IDF) of its distinct terms that the query holds: 1.0 when the
        query contains all of it, however much else the query says. Needs `cover=True`."""
        if self.covers is None:
            return np.zeros(self.size)
        return self.covers.total(dict.fromkeys(terms, 1), self.size)

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
    vocabulary: dict[str, int], df: npt.NDArray[np.int64], docs: npt.NDArray[np.int32], values: Scores
) -> Postings:
    """Postings sorted by term id (`df` postings each)."""
    starts = np.concatenate([np.zeros(1, dtype=np.int64), np.cumsum(df)])
    return Postings(vocabulary, starts.tolist(), docs.astype(np.intp), values)
