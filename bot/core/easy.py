"""やさしい日本語: telling a message written in it, and answering in it (pure, like the rest of the core).

People who learned Japanese as adults (and anyone typing simply) often write words apart with spaces
(分かち書き), in kana, in short plain forms: 「ビザ きれる。どこ きく？」. Such a person gets the FAQ's
`answer_easy` and the `texts_easy` reply texts: short sentences, one idea each, readings in brackets,
the same facts (see 出入国在留管理庁・文化庁「在留支援のためのやさしい日本語ガイドライン」).

The visible sign is the spacing: a native speaker's ordinary message has none between plain words, and
a keyword search with spaces (「生活保護 申請 方法」) is mostly kanji. Casual native chat with spaces
(「え まって むり」, 「つらいー もう むりー」) carries its own marks, which veto. A message too short to
tell (「はい」, 「どこ？」) keeps the conversation's style.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

from bot.core.faq import FaqEntry

EASY = "easy"  # `ConversationState.language` and `Knowledge.language` for a person writing in やさしい日本語
ORDINARY = "ja"

MIN_CHUNKS = 3  # 「ビザ きれる。どこ きく？」: two words apart is still 「お金 ない」, which anyone types
MAX_WORD = 10  # letters of the longest word or phrase between spaces (がいこくじん, ざいりゅうカード)
# The mean word: 分かち書き parts words (わたし は がいこくじん です: 3), a native's pauses part whole
# clauses (お金がない 家賃も払えない 仕事もない: 5.7), and letters spaced one by one (し に た い) are
# emphasis or a way round a filter, not a learner's words.
MEAN_WORD = (2.0, 5.0)
MAX_LETTERS = 60  # a long message is a story, told in whatever way: no sign either way
MAX_KANJI_SHARE = 0.4  # 「病院 行きたい。お金 ない」 (0.36) is easy; 「在留カード 更新 どこ」 (0.44) a search
ORDINARY_LETTERS = 8  # a message without the signs this long switches back; a shorter one is no sign

_KANA = re.compile(r"[\u3041-\u309f\u30a0-\u30ff]")
_KANJI = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff々]")
_WORDS = re.compile(r"[\s。、．，,.!?！？]+")
# Marks of a native speaker's message: honorific and humble forms, and casual chat (slang, laughter,
# stretched vowels, trailing dots; slang only where a word starts: たてかえ, こまって are not てか, まって).
# Learners' simple writing has none of them.
_NATIVE = re.compile(
    r"いただ|ござい|おりま|申し|させて|でしょうか|いらっしゃ|存じ"
    r"|(?:^|[\s。、!?])(?:まじ|マジ|やば|ヤバ|てか|ってか|なんか|ほんと|ほんま|まって|めっちゃ|ガチ|うざ|だる)"
    r"|じゃん|っす|よね|っけ|笑|w$|[ぁ-ん]ー+(?![ぁ-んァ-ヶ])|[〜～…]|。。|!!"
)


def style(text: str) -> str | None:
    """EASY for やさしい日本語, ORDINARY for a native speaker's Japanese, None when it cannot be told."""
    text = unicodedata.normalize("NFKC", text).strip()
    letters = len(_KANA.findall(text)) + len(_KANJI.findall(text))
    if letters == 0:
        return None
    if _looks_easy(text, letters):
        return EASY
    return ORDINARY if letters >= ORDINARY_LETTERS else None


def _looks_easy(text: str, letters: int) -> bool:
    chunks = [chunk for chunk in text.split() if _KANA.search(chunk) or _KANJI.search(chunk)]
    words = [word for word in _WORDS.split(text) if word]
    return (
        len(chunks) >= MIN_CHUNKS
        and letters <= MAX_LETTERS
        and max(len(word) for word in words) <= MAX_WORD
        and MEAN_WORD[0] <= sum(map(len, words)) / len(words) <= MEAN_WORD[1]
        and len(_KANJI.findall(text)) <= MAX_KANJI_SHARE * letters
        and not _NATIVE.search(text)
    )


def japanese_style(text: str, before: str) -> str:
    """The style to answer a Japanese message in: its own, or the conversation's when it shows none
    (English before: back to ordinary Japanese, as any Japanese message did)."""
    return style(text) or (EASY if before == EASY else ORDINARY)


_DIGITS = re.compile(r"\d+")


def digits(text: str) -> frozenset[str]:
    """The numbers a text states (phones, hours, amounts, ages): a rewrite keeps every one of them."""
    return frozenset(_DIGITS.findall(unicodedata.normalize("NFKC", text)))


def easy_entry(entry: FaqEntry) -> FaqEntry:
    """The entry as a reader of やさしい日本語 sees it: `answer_easy` where written, else the Japanese."""
    return replace(entry, answer=entry.answer_easy) if entry.answer_easy else entry
