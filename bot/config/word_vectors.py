"""The word-vector table (bot/data/word_vectors.npz, see bot.core.vectors), read once; None without it."""

from __future__ import annotations

from functools import cache

import numpy as np

from bot.config.catalog import DATA_DIR
from bot.core.vectors import WordVectors

TABLE = DATA_DIR / "word_vectors.npz"


@cache
def word_vectors() -> WordVectors | None:
    if not TABLE.exists():
        return None
    with np.load(TABLE) as data:
        return WordVectors(data["keys"], data["rows"], data["vectors"])
