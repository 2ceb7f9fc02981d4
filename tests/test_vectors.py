import numpy as np

from bot.config.word_vectors import word_vectors
from bot.core.faq import FaqEntry
from bot.core.matcher import CORPUS, Matcher
from bot.core.normalize import fold
from bot.core.vectors import WordVectors, word_key


def _entry(entry_id: str, question: str, answer: str = "") -> FaqEntry:
    return FaqEntry(entry_id, "general", question, (), answer, (), "", None)


def _table(words: dict[str, int], vectors: list[list[int]]) -> WordVectors:
    ordered = sorted(words, key=word_key)
    keys = np.array([word_key(w) for w in ordered], dtype=np.uint64)
    return WordVectors(keys, np.array([words[w] for w in ordered]), np.array(vectors, dtype=np.int8))


def test_word_key_is_64_bit_fnv_1a() -> None:
    assert word_key("") == 0xCBF29CE484222325
    assert word_key("a") == 0xAF63DC4C8601EC8C


def test_an_entry_worded_differently_is_found_by_its_vectors() -> None:
    # 転居 and 引っ越し share no letter, reading or word: only their vectors meet.
    table = _table({"転居": 0, "引っ越し": 0, "犬": 1, "登録": 2, "手続き": 2}, [[100, 0, 0], [0, 100, 0], [0, 0, 100]])
    entries = [_entry("dog", "犬の登録"), _entry("move", "引っ越しの届け出")]
    query = fold("転居の手続き")
    assert Matcher(entries, tuning=CORPUS, vectors=table).rank(query, top=1)[0].entry.id == "move"
    assert Matcher(entries, tuning=CORPUS).rank(query, top=1) == []  # without vectors nothing is shared


def test_the_shipped_table_knows_the_analyzers_words() -> None:
    table = word_vectors()
    assert table is not None
    words, rows = table.known(["生活保護", "障害", "ごみ", "保育所", "ないはずのことば"])
    assert words == ["生活保護", "障害", "ごみ", "保育所"]
    near = table.embed(["保育所"], rows[3:], lambda _: 1.0) @ table.embed(
        ["保育園"], table.known(["保育園"])[1], lambda _: 1.0
    )
    assert near > 0.5
