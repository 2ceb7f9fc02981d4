"""Japanese analysis for retrieval: content words (sudachi normalized forms) and readings.

Sudachi turns 障がい/しょうがい into 障害 and 申請し into 申請, so a question and an answer written
differently meet on the same words; readings (hiragana) let a query typed in kana reach kanji.
Function words and light verbs carry no topic and are dropped. The tokenizer loads once, lazily.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from functools import cache, lru_cache

from sudachipy import dictionary, tokenizer

from bot.core.normalize import fold, nfkc

MAX_CHARS = 2000
_CONTENT = {"名詞", "動詞", "形容詞", "形状詞", "代名詞", "副詞"}
_LIGHT = {
    "為る",
    "する",
    "有る",
    "ある",
    "居る",
    "いる",
    "成る",
    "なる",
    "出来る",
    "できる",
    "れる",
    "られる",
    "呉れる",
    "くれる",
    "貰う",
    "もらう",
    "下さる",
    "くださる",
    "来る",
    "くる",
    "行く",
    "いく",
    "言う",
    "いう",
    "思う",
    "おもう",
    "ござる",
    "御座る",
    # てしまう (借りてしまった, 失ってしまった): how it went, not what about; alone it tied a lost home to
    # an entry whose phrasing said 応募してしまった
    "仕舞う",
    "しまう",
    # 大丈夫 asks whether it is all right, not about what: 「ねんきん みのう だいじょうぶ」 met the entry on a
    # grandmother living alone (ばあちゃん ひとりで だいじょうぶかな)
    "大丈夫",
    # 見つかる says something was found, not what: 「母にがんが見つかりました」 met 「仕事が見つからない」 (work)
    "見付かる",
    "見つかる",
    "こと",
    "事",
    "もの",
    "物",
    "ため",
    "為",
    "よう",
    "様",
    "ところ",
    "所",
    "の",
    "ん",
    # How people ask, not what about (教えてください, どうすればいいですか, 知りたい): on localgovFAQ's dev
    # queries dropping these raised Recall@10 by about 0.015. どこ and 困る stay: our own FAQ's phrasings
    # (どこに相談, 困っている) lean on them (bench/retrieval.py lost a held-out query without どこ).
    "良い",
    "善い",
    "好い",
    "どう",
    "どの",
    "どのよう",
    "どのような",
    "何",
    "いつ",
    "教える",
    "欲しい",
    "知る",
    "方法",
    "場合",
    "可能",
    "頂く",
    "分かる",
    "考える",
    # かもしれない (うつ病かもしれない): a hedge, not a topic; as a word it met 「発達障害かもしれない 大人」
    "知れる",
    "遣る",
    "件",
    "方",
    # まま (このままだと, しないまま): a formal noun like こと and ため; as a word, 「このままだとどうなるんだろう」
    # was sure of the child-support entry, whose phrasing said 取り決めをしないまま離婚した
    "侭",
    "儘",
    "まま",
}


@dataclass(frozen=True)
class Analysis:
    words: tuple[str, ...]  # folded normalized forms of content words (compounds and their parts)
    reading: str  # folded hiragana reading of the whole text


@cache
def _dictionary() -> dictionary.Dictionary:
    return dictionary.Dictionary(dict="core")


_PER_THREAD = threading.local()


def _tokenizer() -> tokenizer.Tokenizer:
    """One tokenizer per thread over the one dictionary: a reload analysing the FAQ in a worker thread
    never shares a tokenizer with the event loop answering a message."""
    found = getattr(_PER_THREAD, "tokenizer", None)
    if found is None:
        found = _PER_THREAD.tokenizer = _dictionary().tokenizer()
    return found


@lru_cache(maxsize=4096)
def _pos(pos_id: int) -> tuple[str, ...]:
    return tuple(_dictionary().pos_of(pos_id))


def _content_pos(pos_id: int) -> bool:
    return _pos(pos_id)[0] in _CONTENT


@lru_cache(maxsize=65536)
def _fold_word(word: str) -> str:
    return fold(word)


def warm_up() -> None:
    """Load the dictionary now (the edge calls this), so analysing a message does no file I/O."""
    _tokenizer()


def _is_content(morpheme: tokenizer.Morpheme) -> bool:  # type: ignore[name-defined]
    return _content_pos(morpheme.part_of_speech_id()) and morpheme.normalized_form() not in _LIGHT


_COUNTERS = {"助数詞", "助数詞可能"}


def _counter_after(morphemes: tokenizer.MorphemeList, index: int) -> str:  # type: ignore[name-defined]
    """The counter a numeral is read with (40度, 40代, 110番, 3日): a number means nothing apart from it, and
    alone "40" of a child's 40度ある met the 40代 of the 8050 entry. "" after any other word. Parts of speech
    by id through `_pos`'s cache, as `_is_content` reads them: this runs for every word of every message."""
    if _pos(morphemes[index].part_of_speech_id())[1] != "数詞" or index + 1 >= len(morphemes):
        return ""
    following = morphemes[index + 1]
    return following.normalized_form() if _pos(following.part_of_speech_id())[2] in _COUNTERS else ""


# Kept for the texts of the last messages: a story's sentence is read once to see whether it names
# anything (`Matcher.specific`) and again to be ranked. Sized for the FAQ's own texts too (a load reads
# about 2,000): with room for 1,024 a reload after an admin's edit read every text again (0.97 s instead
# of 0.36 s), and so did each test that loads edited data. Some 4 MB.
@lru_cache(maxsize=4096)
def analyze(text: str) -> Analysis:
    words: list[str] = []
    morphemes = _tokenizer().tokenize(nfkc(text)[:MAX_CHARS], tokenizer.Tokenizer.SplitMode.C)
    for index, morpheme in enumerate(morphemes):
        if not _is_content(morpheme):
            continue
        words.append(_fold_word(morpheme.normalized_form() + _counter_after(morphemes, index)))
        if morpheme.end() - morpheme.begin() > 2:  # a compound: its parts count too (生活保護 → 生活, 保護)
            parts = morpheme.split(tokenizer.Tokenizer.SplitMode.A)
            if len(parts) > 1:
                words.extend(_fold_word(part.normalized_form()) for part in parts if _is_content(part))
    reading = "".join(m.reading_form() for m in morphemes)
    return Analysis(tuple(word for word in words if word), fold(reading))
