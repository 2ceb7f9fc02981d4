"""Japanese analysis for retrieval: content words (sudachi normalized forms) and readings.

Sudachi turns 障がい/しょうがい into 障害 and 申請し into 申請, so a question and an answer written
differently meet on the same words; readings (hiragana) let a query typed in kana reach kanji.
Function words and light verbs carry no topic and are dropped. The tokenizer loads once, lazily.
"""

from __future__ import annotations

import multiprocessing
import os
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from functools import cache, lru_cache

from sudachipy import dictionary, tokenizer

from bot.normalize import fold, nfkc

MAX_CHARS = 2000
_CONTENT = {"名詞", "動詞", "形容詞", "形状詞", "代名詞", "副詞"}
_LIGHT = {
    "為る", "する", "有る", "ある", "居る", "いる", "成る", "なる", "出来る", "できる", "れる", "られる",
    "呉れる", "くれる", "貰う", "もらう", "下さる", "くださる", "来る", "くる", "行く", "いく", "言う", "いう",
    "思う", "おもう", "ござる", "御座る", "こと", "事", "もの", "物", "ため", "為", "よう", "様", "ところ", "所",
    "の", "ん",
}


@dataclass(frozen=True)
class Analysis:
    words: tuple[str, ...]  # folded normalized forms of content words (compounds and their parts)
    reading: str  # folded hiragana reading of the whole text


@cache
def _dictionary() -> dictionary.Dictionary:
    return dictionary.Dictionary(dict="core")


@cache
def _tokenizer() -> tokenizer.Tokenizer:
    return _dictionary().tokenizer()


@lru_cache(maxsize=4096)
def _content_pos(pos_id: int) -> bool:
    return _dictionary().pos_of(pos_id)[0] in _CONTENT


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    return fold(word)


def _is_content(morpheme: tokenizer.Morpheme) -> bool:  # type: ignore[name-defined]
    return _content_pos(morpheme.part_of_speech_id()) and morpheme.normalized_form() not in _LIGHT


def analyze(text: str) -> Analysis:
    words: list[str] = []
    morphemes = _tokenizer().tokenize(nfkc(text)[:MAX_CHARS], tokenizer.Tokenizer.SplitMode.C)
    for morpheme in morphemes:
        if not _is_content(morpheme):
            continue
        words.append(_fold_word(morpheme.normalized_form()))
        if morpheme.end() - morpheme.begin() > 2:  # a compound: its parts count too (生活保護 → 生活, 保護)
            parts = morpheme.split(tokenizer.Tokenizer.SplitMode.A)
            if len(parts) > 1:
                words.extend(_fold_word(part.normalized_form()) for part in parts if _is_content(part))
    reading = "".join(m.reading_form() for m in morphemes)
    return Analysis(tuple(word for word in words if word), fold(reading))


PARALLEL_FROM = 400  # texts; below this a second process costs more than it saves


def analyze_many(texts: list[str]) -> dict[str, Analysis]:
    """Each distinct text once; a large corpus is split over the machine's cores (fork, so the
    loaded dictionary is shared), which keeps loading 2,000 FAQ entries under a second."""
    unique = list(dict.fromkeys(texts))
    workers = min(os.cpu_count() or 1, 4)
    if len(unique) < PARALLEL_FROM or workers < 2 or "fork" not in multiprocessing.get_all_start_methods():
        return {text: analyze(text) for text in unique}
    _tokenizer()  # load before forking
    chunks = [unique[i::workers] for i in range(workers)]
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=workers - 1, mp_context=context) as pool:
        futures = [pool.submit(_analyze_chunk, chunk) for chunk in chunks[1:]]
        results = _analyze_chunk(chunks[0])
        for future in futures:
            results.extend(future.result())
    return dict(results)


def _analyze_chunk(chunk: list[str]) -> list[tuple[str, Analysis]]:
    return [(text, analyze(text)) for text in chunk]
