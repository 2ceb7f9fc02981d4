"""Japanese text normalization for matching. The original text is always kept beside it.

Night-time writing is hiragana, half-width katakana, full-width letters, stretched vowels and
spaces between letters. Everything the matcher and the rules compare goes through `fold`, on
both sides (messages and the phrases in data files), so the two always meet in the same form.
"""

from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

# Emoji presentation selectors and joiners carry no meaning for matching.
_INVISIBLE = dict.fromkeys(map(ord, "\ufe0e\ufe0f\u200b\u200c\u200d\u2060\ufeff"), None)
# Three or more of the same letter: しにたいいいい, つらーーーい, ！！！ (not digits: 所持金5000円 stays 5000,
# the amount a worker reads in the trigger, and #8000 stays 8000)
_STRETCH = re.compile(r"([^0-9])\1{2,}")
# A thousands comma (63,000 yen) is one number, not two words
_THOUSANDS = re.compile(r"(?<=[0-9]),(?=[0-9]{3}(?![0-9]))")
# One table for the per-character steps of folding: katakana to hiragana, and small vowels, which
# stretch casual writing (しにたぃ, つらぁ), to their full size; invisible characters go.
_FOLD_TABLE: dict[int, int | None] = {code: code - 0x60 for code in range(0x30A1, 0x30F7)}
_FOLD_TABLE.update({ord(s): ord(b) for s, b in zip("ぁぃぅぇぉァィゥェォ", "あいうえおあいうえお", strict=True)})
_FOLD_TABLE.update(_INVISIBLE)
# The small ヵ and ヶ of counters (1ヶ月, 3ヵ所) are か: as hiragana they were ゕ and ゖ, letters nobody types,
# so 1歳5ヶ月 met no か月 of the FAQ and sudachi split it into unknown words.
_FOLD_TABLE.update(dict.fromkeys(map(ord, "ヵヶゕゖ"), ord("か")))
# A phone keyboard types the curly apostrophe (don’t, can’t): it folds to the straight one, or "I don’t
# want to live" met no rule written "don't want to live".
_FOLD_TABLE.update(dict.fromkeys(map(ord, "\u2019\u2018\u02bc"), ord("'")))
_LONG_VOWELS = re.compile("ー+")
# A wish or a negative drawn out as it is said (死にたーい, しにたぁい, 生きたくなーい): たい and ない as
# written. Read before small vowels become full size, so 他愛 (たあい) and ばあい keep their あ.
_STRETCHED_END = re.compile(r"(?<=[たな])[ぁーｰ〜~]+(?=い)")
# タヒ, 氏 and 市 are well-known ways of writing 死 so filters miss it (タヒにたい, 氏んで, 市ぬ).
# タヒる is the verb made of it (タヒりたい, タヒろう, タヒった): its forms are read too, never たひ before
# anything else (ひるね, ひらく stay as they are).
_TAHI = re.compile(r"たひ(?=[にぬねのん]|りたい|りそう|ろう|った|って)|氏(?=[ぬねん]|にた)|市(?=ぬ)")
# Latin words keep one space (and an apostrophe) between them, so English phrases keep their word
# boundaries ("i want to die", "od'd"); every other space goes (し に た い -> しにたい). A quote beside a
# space is a gap too: "typed ‘speak to a human’ six times" once read "typedspeak to a humansix". So is
# a run of punctuation or one comma, colon, bracket or "!?" with no space ("tonight....at a shelter" once read
# "tonightat"); one full stop or hyphen alone joins (a.m., e-mail), as before.
_LATIN_GAP = re.compile(r"(?<=[a-z0-9])(\W*\s\W*|'|[^\w\s']{2,}|[,;:!?…/()\[\]])(?=[a-z0-9])")
_LATIN_KEEP = {" ": "\x01", "'": "\x02"}  # sentinels that survive the filter below
# Contractions typed without the apostrophe on a phone (im homeless, dont want to live): written out as
# the rules write them (`spell_out`). Not ill, id, well, were, its, hell: they are words.
_CONTRACTIONS = {
    bare: bare[:-1] + "'" + bare[-1]
    for bare in (
        "dont",
        "doesnt",
        "didnt",
        "cant",
        "couldnt",
        "wouldnt",
        "shouldnt",
        "isnt",
        "arent",
        "wasnt",
        "werent",
        "havent",
        "hasnt",
        "hadnt",
        "wont",
    )
} | {
    "im": "i'm",
    "ive": "i've",
    "youre": "you're",
    "theyre": "they're",
    "youve": "you've",
    "weve": "we've",
    "theyve": "they've",
    "thats": "that's",
    "whats": "what's",
    "theres": "there's",
    "hes": "he's",
    "shes": "she's",
    # spoken forms ("i dont wanna be here anymore" is "don't want to be here anymore")
    "wanna": "want to",
    "gonna": "going to",
}
_CONTRACTION = re.compile(r"(?<![a-z'])(" + "|".join(_CONTRACTIONS) + r")(?![a-z'])")


@dataclass(frozen=True)
class Normalized:
    original: str
    display: str  # NFKC, trimmed: safe to show and log
    folded: str  # the matching form
    marked: str  # the matching form with its sentence ends marked (`fold_marked`), for the rules' lookalikes
    # Its katakana words, folded (`katakana_words`): a concept's form may not cross the edge of one.
    katakana: tuple[str, ...] = ()

    @property
    def is_empty(self) -> bool:
        return not self.folded


def nfkc(text: str) -> str:
    return unicodedata.normalize("NFKC", text).translate(_INVISIBLE)


# What the folded form keeps: letters and digits (\w, less "_"), the symbol blocks where emoji and
# ♥ live, and the three sentinels. Everything else (punctuation, spaces, math, currency) goes.
# One regex pass: looking up the Unicode category per character was the hot spot.
_DROPPED = re.compile(r"[^\w\u2190-\u21ff\u2300-\u27bf\u2b00-\u2bff\U0001f000-\U0001faff\x01\x02\x03]|_")
# Where a Japanese sentence ends (。 ！ ？ or a new line after a letter that is not Latin): kept as one
# SENTENCE_MARK by `fold_marked`, for the rules' lookalikes (`lookalikes`). Not after Latin letters:
# English keeps its word gaps, and "a.m." or "3.5" end nothing. "…" (NFKC "...") trails off, ends nothing,
# and so does an end inside quotation marks: 「…負担してほしい。」と迫られた is one sentence.
_SENTENCE_END = re.compile(r"(?<=[^\x00-\x7f])(?>[ \t\u3000]*[。!?\n][。!?\s]*)(?![」』)\]\"”’'])")
_END = "\x03"  # the end while folding (a sentinel the filter keeps), SENTENCE_MARK after
SENTENCE_MARK = "。"  # folding drops every other 。


# Readings printed after kanji for children and やさしい日本語 (家(いえ)を追(お)い出(だ)された): dropped,
# so the kanji meet the rules and the FAQ as usual.
_FURIGANA = re.compile(r"(?<=[\u4e00-\u9fff々])[(（][\u3041-\u309fー]{1,8}[)）]")


def drop_readings(text: str) -> str:
    """The text without readings printed after kanji, as written (not folded): for the dictionary, which
    would read 部屋(へや) as two words and a bracket."""
    return _FURIGANA.sub("", text)


# Kept for the last texts: one message is folded five times on its way (normalize, the reading of
# needs, the matcher, a story's sentences, the places said), and the folds were 3 % of its time.
@lru_cache(maxsize=4096)
def fold(text: str) -> str:
    """The matching form: NFKC, lower case, katakana as hiragana, no spaces or punctuation,
    stretched letters collapsed (a drawn-out たい or ない closed), タヒ read as 死, furigana dropped."""
    return _folded(text, marked=False)


@lru_cache(maxsize=4096)
def fold_marked(text: str) -> str:
    """`fold`, with each sentence end kept as one SENTENCE_MARK (none at the start or the end)."""
    return _folded(text, marked=True).strip(_END).replace(_END, SENTENCE_MARK)


def _folded(text: str, marked: bool) -> str:
    text = text.replace(_END, "")  # the sentinel is ours: typed, it would split a word in either fold
    folded = _STRETCHED_END.sub("", _FURIGANA.sub("", unicodedata.normalize("NFKC", text)))
    folded = folded.lower().translate(_FOLD_TABLE)
    if marked:
        folded = _SENTENCE_END.sub(_END, folded)
    folded = _THOUSANDS.sub("", folded)
    folded = _LATIN_GAP.sub(lambda gap: _LATIN_KEEP.get(gap.group(0), "\x01"), folded)
    folded = _DROPPED.sub("", folded).replace("\x01", " ").replace("\x02", "'")
    folded = _STRETCH.sub(r"\1", folded)
    folded = _LONG_VOWELS.sub("ー", folded)
    return _TAHI.sub("死", folded)


def spell_out(folded: str) -> str:
    """Contractions typed without the apostrophe written out (im homeless -> i'm homeless), for the rules
    only (`plainform.for_rules`), on both sides: the English FAQ matcher was tuned on the words as typed."""
    return _CONTRACTION.sub(lambda word: _CONTRACTIONS[word.group(0)], folded)


def fold_letters(text: str) -> str:
    """Only the per-letter steps of `fold` (katakana as hiragana, small vowels full size): for a rule's
    regular expression, which must keep its case, spaces and symbols but meets folded text, where a
    katakana letter never is (a pattern written ダイエット would otherwise never match)."""
    return text.translate(_FOLD_TABLE)


def normalize(text: str) -> Normalized:
    display = drop_readings(nfkc(text)).strip()
    folded = fold(text)
    return Normalized(text, display, folded, fold_marked(text), katakana_words(display, folded))


# Two katakana letters or more (ー among them), as NFKC writes them (half-width ones are full width by then).
_KATAKANA_WORD = re.compile(r"[\u30a1-\u30fa][\u30a1-\u30faー]+")


def katakana_words(display: str, folded: str) -> tuple[str, ...]:
    """The katakana words of the text, folded as the text is (`folded`): folding writes them in hiragana, and a
    word of the rules could then be read across the seam (抵抗したためナイフで, したためないふで, held ためない,
    a hoard of pills: a parent asking about compensation after a burglary was a suicide emergency). The rules find
    a word by its letters, so one whose letters the folded text holds more often than it was written in
    katakana is left out: ケガ beside わけがない would shield the けが of わけが, and the がない after it (a money
    trouble) would be lost."""
    written = Counter(fold(word) for word in _KATAKANA_WORD.findall(display))
    return tuple(word for word, times in written.items() if folded.count(word) <= times)


def is_mostly_latin(text: str) -> bool:
    """True for messages written in English or another Latin-script language."""
    letters = [char for char in text if char.isalpha()]
    if not letters:
        return False
    latin = sum(1 for char in letters if char.isascii())
    return latin / len(letters) > 0.6


def leading_word(folded: str, words: tuple[str, ...], slack: int) -> str | None:
    """The word a short message starts with (ありがとうございます -> ありがとう, はい、少し -> はい);
    None when no word starts it or the message runs on past `slack` letters (then it says more)."""
    if not folded.startswith(words):  # one call for the whole list: most messages start with none of them
        return None
    return next((word for word in words if folded.startswith(word) and len(folded) <= len(word) + slack), None)


def has_kanji(text: str) -> bool:
    """Whether the text holds a kanji (CJK unified ideograph): kana alone is matched on its sounds."""
    return any("\u4e00" <= char <= "\u9fff" for char in text)
