"""Rebuild bot/data/word_vectors.npz, the static word-vector table of `search --corpus` (run by hand).

    unzip ja_ginza-5.3.0-py3-none-any.whl -d /tmp/ginza    # the wheel from PyPI (MIT, Megagon Labs)
    .venv/bin/pip install msgpack
    .venv/bin/python bench/word_vectors_table.py /tmp/ginza/ja_ginza/ja_ginza-5.3.0/vocab bot/data/word_vectors.npz

ja_ginza's vectors are chiVe v1.1 mc90 (Apache-2.0, NINJAL and Works Applications) as pruned by spaCy to
20,000 distinct 300-d vectors. Kept: the words sudachi's core dictionary gives as normalized content
words (what `bot.core.analyzer` produces), keyed by `bot.core.vectors.word_key` of their folded form, each
pointing at its vector, quantized to int8 (rows are used at unit length, so the scale is not kept).
bot/data/word_vectors.NOTICE names the sources and their licences.
"""

from __future__ import annotations

import json
import struct
import sys
from pathlib import Path

import msgpack  # type: ignore[import-not-found]
import numpy as np
from sudachipy import dictionary

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.core.normalize import fold  # noqa: E402
from bot.core.vectors import word_key  # noqa: E402

CONTENT = {"名詞", "動詞", "形容詞", "形状詞", "代名詞", "副詞"}
_M64 = (1 << 64) - 1


def spacy_key(data: bytes, seed: int = 1) -> int:
    """MurmurHash64A with seed 1: how spaCy keys the strings of a vocabulary."""
    multiplier, shift, size = 0xC6A4A7935BD1E995, 47, len(data)
    value = (seed ^ (size * multiplier)) & _M64
    for offset in range(0, size // 8 * 8, 8):
        block = (struct.unpack_from("<Q", data, offset)[0] * multiplier) & _M64
        block = ((block ^ (block >> shift)) * multiplier) & _M64
        value = ((value ^ block) * multiplier) & _M64
    tail = data[size // 8 * 8 :]
    if tail:
        for position in range(len(tail) - 1, -1, -1):
            value ^= tail[position] << (8 * position)
        value = (value * multiplier) & _M64
    value = ((value ^ (value >> shift)) * multiplier) & _M64
    return value ^ (value >> shift)


def analyzer_words(vocab: Path) -> dict[str, int]:
    """Folded word -> ja_ginza vector row, for the strings sudachi itself normalizes to (the spelling
    as written wins over one that only folds to it)."""
    key_to_row = msgpack.unpackb((vocab / "key2row").read_bytes(), strict_map_key=False)
    lexicon = dictionary.Dictionary(dict="core")
    table: dict[str, tuple[bool, int]] = {}
    for string in json.loads((vocab / "strings.json").read_text(encoding="utf-8")):
        row = key_to_row.get(spacy_key(string.encode("utf-8")))
        forms = {m.normalized_form() for m in lexicon.lookup(string) if m.part_of_speech()[0] in CONTENT}
        folded = fold(string)
        if row is None or string not in forms or not folded:
            continue
        exact = folded == string
        if folded not in table or (exact and not table[folded][0]):
            table[folded] = (exact, row)
    return {word: row for word, (_, row) in table.items()}


def main() -> None:
    vocab, out = Path(sys.argv[1]), Path(sys.argv[2])
    rows_of = analyzer_words(vocab)
    words = sorted(rows_of, key=word_key)
    keys = np.array([word_key(word) for word in words], dtype=np.uint64)
    assert len(set(keys.tolist())) == len(keys), "two words share a key"
    used = sorted(set(rows_of.values()))
    renumber = {row: number for number, row in enumerate(used)}
    rows = np.array([renumber[rows_of[word]] for word in words], dtype=np.uint16)
    kept = np.load(vocab / "vectors")[used]
    quantized = np.round(kept / np.abs(kept).max(axis=1, keepdims=True) * 127).astype(np.int8)
    np.savez_compressed(out, keys=keys, rows=rows, vectors=quantized)
    print(f"{len(words)} words, {len(used)} vectors, {out.stat().st_size / 1e6:.1f} MB")


if __name__ == "__main__":
    main()
