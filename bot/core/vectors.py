"""Static word vectors for a dense term beside BM25: an entry and a query that say the same thing in
different words (保育所/保育園, 引っ越し/転居) meet on the cosine of their IDF-weighted mean vectors.

The table is derived from ja_ginza 5.3.0's word2vec vectors (MIT licence, Megagon Labs;
exp/build_table.py): the content words sudachi's core dictionary gives as normalized forms, keyed by
a 64-bit FNV-1a hash of their folded form, each pointing at one of ~19,000 distinct 300-d vectors held
as int8. bot.config.word_vectors reads it from bot/data/word_vectors.npz; the core only computes.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np
import numpy.typing as npt

Matrix = npt.NDArray[np.float32]
_FNV_OFFSET, _FNV_PRIME, _MASK = 0xCBF29CE484222325, 0x100000001B3, (1 << 64) - 1


def word_key(word: str) -> int:
    """64-bit FNV-1a of the UTF-8 bytes: stable across processes (unlike `hash`), and pure Python."""
    key = _FNV_OFFSET
    for byte in word.encode("utf-8"):
        key = ((key ^ byte) * _FNV_PRIME) & _MASK
    return key


class WordVectors:
    def __init__(self, keys: npt.NDArray[np.uint64], rows: npt.NDArray[np.integer], vectors: npt.NDArray[np.int8]):
        self._keys = keys  # sorted word_key of each folded word
        self._rows = rows
        self._vectors = vectors  # one row per distinct vector, any scale (each is used at unit length)
        norms = np.linalg.norm(vectors.astype(np.float32), axis=1)
        self._inverse_norms = (1 / np.maximum(norms, 1e-9)).astype(np.float32)
        self.dimensions = int(vectors.shape[1])
        self.row = lru_cache(maxsize=65536)(self._row)

    def _row(self, word: str) -> int:
        """The word's vector row, -1 when the table does not hold it."""
        key = np.uint64(word_key(word))
        at = int(np.searchsorted(self._keys, key))
        return int(self._rows[at]) if at < len(self._keys) and self._keys[at] == key else -1

    def known(self, words: Sequence[str]) -> tuple[list[str], list[int]]:
        """The distinct words the table holds, and their rows."""
        found = [(word, row) for word in dict.fromkeys(words) if (row := self.row(word)) >= 0]
        return [word for word, _ in found], [row for _, row in found]

    def embed(self, words: Sequence[str], rows: Sequence[int], weight: Callable[[str], float]) -> Matrix:
        """The weighted sum of the words' unit vectors, scaled to unit length (zeros when there are none)."""
        if not rows:
            return np.zeros(self.dimensions, dtype=np.float32)
        weights = np.fromiter(map(weight, words), dtype=np.float32, count=len(words)) * self._inverse_norms[rows]
        total = weights @ self._vectors[rows].astype(np.float32)
        norm = float(np.linalg.norm(total))
        return total / norm if norm > 0 else total

    def matrix(self, documents: Sequence[Sequence[str]], weight: Callable[[str], float]) -> Matrix:
        rows = np.zeros((len(documents), self.dimensions), dtype=np.float32)
        for number, words in enumerate(documents):
            rows[number] = self.embed(*self.known(words), weight)
        return rows
