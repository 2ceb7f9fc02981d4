"""The forms a vocabulary entry stands for: a word as sudachi reads it, inflected the way people type it.

`expand("殴る@passive")` gives 殴られ and なぐられ; `死ぬ@want` gives 死にたい, しにたく, 死にたかっ …; an adjective
its く, かっ and さ forms; a negative with the same stem before て its progressive too (もらえていない). The
concepts (`core.concepts`) are alternations of these forms. Pure: the dictionary is fixed for the process.
"""

from __future__ import annotations

import re
from functools import lru_cache

from sudachipy import tokenizer

from bot.core.analyzer import _fold_word, _pos, _tokenizer
from bot.core.normalize import fold
from bot.core.plainform import GODAN_ROWS, for_rules, keeps_stem

_WANT = ("たい", "たく", "たかっ")  # 死にたい, 死にたくて, 楽になりたかった


def morpheme_reading(morpheme: tokenizer.Morpheme) -> str:  # type: ignore[name-defined]
    """A word's reading, folded (殴ら -> なぐら), for the reading view of messages and of entries."""
    pos = _pos(morpheme.part_of_speech_id())  # by id through the analyzer's cache: every word of every message
    surface, reading = str(morpheme.surface()), morpheme.reading_form()
    # Digits, symbols and Latin words read as themselves: sudachi reads English in katakana, and "but"
    # read as バット (a bat) was a weapon in every English message that said it, "the knife" a knife.
    if pos[0] in ("補助記号", "空白") or pos[1] == "数詞" or not reading or surface.isascii():
        return surface
    return _fold_word(reading)  # a word's reading is folded once, not in every message


@lru_cache(maxsize=8192)  # pure: a reload expands no entry again (nor `check`'s test of each)
def expand(entry: str) -> tuple[str, ...]:
    """Every form an entry stands for, written and read: `殴る@passive` -> 殴られ, なぐられ.
    A final `!` keeps the written forms only, and they are looked for only in the message as written,
    for words whose reading has homophones (吊る・釣る, がない in かぞくがなくなった)."""
    word, _, voice = entry.removesuffix("!").partition("@")
    # One kanji read aloud (錠 -> じょう) is inside too many other words (たんじょうび) to mean it.
    written_only = entry.endswith("!") or entry.isascii() or len(word.strip()) == 1
    morphemes = list(_tokenizer().tokenize(word.strip(), tokenizer.Tokenizer.SplitMode.C))
    if not morphemes:
        return ()
    last = morphemes[-1]
    head_written = "".join(m.surface() for m in morphemes[:-1])
    head_read = "".join(morpheme_reading(m) for m in morphemes[:-1])
    kind = last.part_of_speech()
    forms = []
    spellings = [(head_written, last.surface())] + ([] if written_only else [(head_read, last.reading_form())])
    for head, tail in spellings:
        forms += [for_rules(fold(head + stem)) for stem in _inflect(fold(tail), kind, voice.strip())]
        if _negative_of_same_stem(morphemes):  # もらえない: もらえていない, もらえてない too
            forms += [for_rules(fold(head + progressive)) for progressive in ("ていない", "てない")]
    katakana = bool(re.fullmatch(r"[\u30a1-\u30ffー]+", word))  # パパ: short, but written to mean it
    return tuple(dict.fromkeys(form for form in forms if katakana or _usable(form)))


def _negative_of_same_stem(morphemes: list[tokenizer.Morpheme]) -> bool:  # type: ignore[name-defined]
    """A verb + ない whose stem is the same before て (一段, サ変, カ変: もらえ-ない, もらえ-て): its progressive
    negative is the stem + ていない. A 五段 stem changes (帰ら-ない, 帰っ-て) and is left alone."""
    if len(morphemes) < 2 or morphemes[-1].dictionary_form() != "ない" or morphemes[-1].part_of_speech()[0] != "助動詞":
        return False
    verb = morphemes[-2].part_of_speech()
    return verb[0] == "動詞" and keeps_stem(verb[4])


def _inflect(tail: str, pos: tuple[str, ...], voice: str) -> list[str]:
    conjugation = pos[4]
    if pos[0] == "動詞" and conjugation.startswith("五段") and tail[-1:] in GODAN_ROWS:
        endings = GODAN_ROWS[tail[-1]]
        stem = tail[:-1]
        if voice == "passive":
            return [stem + endings[0] + "れ", stem + endings[0] + "る"]
        if voice == "want":
            return [stem + endings[1] + want for want in _WANT]
        euphonic = stem + endings[-1]
        voiced = tail[-1] in "ぐぬぶむ"  # 死んで・死んだ, but 叩いて・叩いた
        return [stem + ending for ending in endings[:5]] + [
            euphonic + ("で" if voiced else "て"),
            euphonic + ("だ" if voiced else "た"),
        ]
    if pos[0] == "動詞" and ("一段" in conjugation or conjugation.startswith("カ行")):
        stem = tail[:-1]
        plain = [stem, tail, stem + "て", stem + "た", stem + "ない", stem + "ず"]
        return {"passive": [stem + "られ"], "want": [stem + want for want in _WANT]}.get(voice, plain)
    if pos[0] == "動詞" and conjugation.startswith("サ行"):
        stem = tail[:-2]
        plain = [stem + "し", stem + "す", stem + "さ"]
        return {"passive": [stem + "され"], "want": [stem + "し" + want for want in _WANT]}.get(voice, plain)
    if pos[0] == "形容詞" and tail.endswith("い"):
        return [tail[:-1] + ending for ending in ("い", "く", "かっ", "けれ", "さ", "す")]
    return [tail]


def _usable(form: str) -> bool:
    """A form of two kana (しん, なぐ) is found inside too many other words to mean anything."""
    return len(form) >= 3 or bool(re.search(r"[^\u3041-\u309f]", form))
