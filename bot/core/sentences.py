"""A message cut into sentences, and a long sentence into its clauses (pure): how a story is read.

An English full stop ends a sentence too, but not after a letter or a short capitalised word ("Jr. high
school", "Mr. Sato", "J. Smith" go on). Clauses are cut at 、 only: cut at English commas, four English
stories of the first-contact dev halves lost their office to a clause's answer.
"""

from __future__ import annotations

import re

MAX_SENTENCES = 20  # each is matched on its own: a 10,000-letter paste must not hold the event loop
CLAUSE_SENTENCE = 60  # a sentence longer than this is also read clause by clause
MIN_CLAUSE = 8  # letters: a shorter clause says too little to be read alone
QUESTION_ENDINGS = ("か", "かな", "かね", "かしら")
_ENDS = re.compile(r"[。！？!?\n]+|(?<!\b[A-Za-z])(?<!\b[A-Z][a-z])(?<!\b[A-Z][a-z]{2})\.(?:\s+|$)")
_ENDS_KEPT = re.compile(f"({_ENDS.pattern})")
_CLAUSES = re.compile(r"[、,]+")
# A space between Japanese letters is a pause typed on a phone where 、 would be (「…信じたいですが このまま
# 引き籠りになってしまう事を恐れています」): a clause ends there too.
_JAPANESE = r"[\u3041-\u30ff\u4e00-\u9fff]"  # kana and kanji
_JAPANESE_LETTER = re.compile(_JAPANESE)
_JAPANESE_CLAUSES = re.compile(f"、+|(?<={_JAPANESE})[ \u3000]+(?={_JAPANESE})")


def split_sentences(text: str) -> list[str]:
    """The text cut at every sentence end, as written (empty pieces and all): for a reader that needs each
    sentence alone, like the place a person lives in (大阪にいます。母が… is not 大阪にいる母)."""
    return _ENDS.split(text)


def one_latin_sentence(text: str) -> bool:
    """A message in Latin letters with no sentence end inside it, which `sentences` would cut at its commas: "I
    heard the old health insurance card cannot be used anymore, what do I show at the clinic?" is one question,
    and its second half alone met the mental clinic's entry (probe, twenty-second round)."""
    pieces = [part for part in split_sentences(text) if len(part.strip()) >= 4]
    return len(pieces) <= 1 and _JAPANESE_LETTER.search(text) is None


def is_question(unit: str) -> bool:
    """Ends with a question mark or a question's ending (か, かな, かしら)."""
    return unit.endswith(("？", "?")) or unit.rstrip("。 ").endswith(QUESTION_ENDINGS)


def clauses(units: list[str]) -> list[str]:
    """The clauses of the long sentences, cut at 、: one sentence often carries two needs (会社が倒産し
    …日雇いで食いつないでいましたが…家賃が払えなくなってしまいました), and read whole it is sure of
    neither. English commas are left alone: cut there, four English stories of the dev halves lost their
    office to a clause's answer."""
    found = [
        part.strip()
        for unit in units
        if len(unit) > CLAUSE_SENTENCE
        for part in _JAPANESE_CLAUSES.split(unit)
        if len(part.strip()) >= MIN_CLAUSE
    ]
    return [part for part in found if part not in units][:MAX_SENTENCES]


def sentences(text: str) -> list[str]:
    """Sentences; a paragraph written without 。 is cut at its commas instead."""
    pieces = _ENDS_KEPT.split(text)  # sentence, its end, sentence, its end …
    ends = [*pieces[1::2], ""]
    # A question mark is kept: a story is answered first for the sentence that asks (`asks`).
    marked = [
        part.strip() + ("？" if "?" in end or "？" in end else "") for part, end in zip(pieces[::2], ends, strict=True)
    ]
    parts = [part for part in marked if len(part.rstrip("？")) >= 4]
    if len(parts) <= 1:
        parts = [part.strip() for part in _CLAUSES.split(text) if len(part.strip()) >= 4]
    return parts
