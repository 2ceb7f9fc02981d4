"""English beside the Japanese: entries and directory records as an English reader sees them, and an
English matcher over the English fields (pure, like the rest of the core).

The matcher is the Japanese one (`matcher.Matcher`: BM25 fields, self-scaled, rapidfuzz rerank) with an
English analyzer in place of sudachi, so its scores mean the same and answering's thresholds hold:
- words: lower-cased content words, lightly stemmed (renting, rents → rent), stop words dropped;
- reading: the stems written out, whose character bigrams forgive a typo in a word;
- chars: character bigrams of the folded text, as for Japanese.
It reads `question_en`, `alternates_en` and `answer_en`; an entry without English is not in it. English
synonyms (faq/synonyms.yaml `synonyms_en`) put the words the entries use in place of the everyday words
people write (recluse → hikikomori), in the messages and in the entries alike.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import partial

from bot.core.analyzer import Analysis
from bot.core.faq import FaqEntry, Synonym
from bot.core.matcher import Matcher
from bot.core.normalize import fold, nfkc
from bot.core.services import Service
from bot.core.synonyms import SynonymTable

_WORD = re.compile(r"[a-z0-9]+")
_NOT = re.compile(r"n't\b|n’t\b")
# How people ask, not what about (help, want, need, know …, like 教える and 知る in `analyzer`); "no" and
# "not" go too (I have no …, I can not …): they are in nearly every question and tie unrelated entries,
# and so do the fillers around them ("What should I do now?" stood alone as a sentence about 'now'), and
# words that judge without naming ("Is this normal?" answered about job training, "Does it get better?"
# about guardianship), words that say how often ("harassed by my boss every day" drew the stalker
# entry's "waiting outside my apartment every day" level with the workplace one), and hedges and the
# auxiliary "being" ("I think I'm being scammed" met "i think my neighbour is abusing their child"), and
# "way" ("Is there a way you can help me?" drew the commuting injury's "on my way to work"), and "happen"
# ("And then COVID-19 happened" met "what happens after I apply for public assistance").
STOP_WORDS = frozenset(
    """a about am an and any anyone are as at be been but by can could do does did for from get got had
    hello hi hey help want need know ask should may might must ok okay also has have he her him his
    how i if im in into is it its just me my no not of on or our please she so some someone
    something tell than that the their them then there they this to us was we were what when where
    which who why will with would you your yours ca cannot dont don t s ll ve d m re question
    questions now still really very even already q dear thank thanks normal better worse fine good bad
    anything everything thing things other others possible every everyday always often sometimes constantly
    think guess being way see anymore happen much""".split()
)
_HELLO_WORK = re.compile(r"\bhello ?works?\b")  # the job centre is one word; hello alone is a greeting
# "my 2-year-old", "aged 80": who the need is about (`people` reads it), not what it is about; "year"
# would tie a child's fever to an entry about years of withdrawal.
_AGE = re.compile(r"\b\d{1,3}[\s-]*(?:years?|yrs?|months?)[\s-]*old\b|\baged \d{1,3}\b")
# A number of one or two digits is an age, a count or a date ("I'm 65", "2 million yen", "for 3 months"),
# never what a question is about: "I'm 65 and my pension is very small" met the disability pension's
# "before 65". Longer numbers name things (8050, #8000, 7119) and stay. On the English dev halves this
# answered one more story; bench/retrieval.py's English splits moved by 0.002 or less.
_SMALL_NUMBER = re.compile(r"\d{1,2}")
_VOWELS = "aeiou"
_SUFFIXES = (("ies", "y"), ("ied", "y"), ("sses", "ss"), ("ing", ""), ("ed", ""), ("s", ""))
# Nouns in -ing that are no form of the verb before it: "a parking ticket" met "sleeping in the park" (the
# homeless entry: probe, 2026-12-06, tenth round), and evening read as even.
_ING_NOUNS = frozenset({"parking", "morning", "evening", "ceiling", "wedding", "spring"})


def stem(word: str) -> str:
    """A light stemmer so the forms people type meet the written ones: plurals and -ing/-ed go (a short
    stem gets its e back: living, lives → live; caring → care, never car), a doubled last letter is
    undoubled (stopped → stop), and a final e of a longer word dropped (abuse, abused → abus)."""
    if word in _ING_NOUNS:
        return word
    for suffix, replacement in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= 3 and not word.endswith(("ss", "us", "is")):
            word = word[: -len(suffix)] + replacement
            if suffix in ("ing", "ed") and len(word) == 3 and _short_syllable(word):
                word += "e"
            break
    if len(word) > 3 and word[-1] == word[-2] and word[-1] not in "aeiousl":
        word = word[:-1]
    return word[:-1] if len(word) > 4 and word.endswith("e") else word


def _short_syllable(word: str) -> bool:
    """Consonant, vowel, consonant (liv, car, hop): the stem of a word that ends in e."""
    return word[0] not in _VOWELS and word[1] in _VOWELS and word[2] not in _VOWELS + "wxy"


_KANJI, _KANJI_COUNT = 0x4E00, 0x9FFF - 0x4E00 + 1


def _sign(word: str) -> str:
    """One CJK character standing for a word (FNV-1a: stable across runs, unlike `hash`)."""
    value = 0x811C9DC5
    for byte in word.encode():
        value = ((value ^ byte) * 0x01000193) & 0xFFFFFFFF
    return chr(_KANJI + value % _KANJI_COUNT)


def analyze_en(text: str, synonyms: SynonymTable | None = None) -> Analysis:
    """The English counterpart of `analyzer.analyze`: content word stems, and as the "reading" each stem
    written as one CJK character, so the matcher's bigrams of it are word pairs and its single-kanji
    grams the words (letter bigrams there would tie every English text to every other). `synonyms`
    replace everyday words with the FAQ's own before anything else, on both sides of a match: a variant
    left beside its canonical word would count as a word no entry has ("recluse" halved the score)."""
    folded = fold(text)
    if synonyms is not None:
        folded = synonyms.canonical(folded)
    folded = _AGE.sub(" ", _HELLO_WORK.sub("hellowork", _NOT.sub(" not", folded)))
    stems = (stem(word) for word in _WORD.findall(folded) if word not in STOP_WORDS)
    words = tuple(word for word in stems if word not in STOP_WORDS and not _SMALL_NUMBER.fullmatch(word))
    return Analysis(words, "".join(_sign(word) for word in words))


_NUMBER = re.compile(r"\d+")
_MONTHS = "January February March April May June July August September October November December".split()
_DATE = re.compile(rf"\b({'|'.join(_MONTHS)}) (\d+)\b")


def numbers(text: str) -> frozenset[str]:
    """The numbers a text states (phones, amounts, days, ages, hours, dates), to hold a translation to
    its original: ":00" of a clock time (9時 → 9:00) and a lone 1 (1回, 1つ: English says "once", "one")
    are left out, and an English date counts its month (December 29 as 12月29日)."""
    text = _DATE.sub(lambda date: f"{_MONTHS.index(date[1]) + 1}/{date[2]}", nfkc(text))
    return frozenset(_NUMBER.findall(text.replace(":00", ""))) - {"1"}


def english_entry(entry: FaqEntry) -> FaqEntry:
    """The entry as an English reader sees it: English question and alternates, and the English answer
    where one is written (else the Japanese one, which `answering` introduces as such)."""
    if not entry.question_en:
        return entry
    return replace(
        entry,
        question=entry.question_en,
        alternates=entry.alternates_en,
        answer=entry.answer_en or entry.answer,
        only_when=entry.only_when_en,
    )


def english_matcher(
    entries: tuple[FaqEntry, ...] | list[FaqEntry],
    synonyms: tuple[Synonym, ...] | list[Synonym] = (),
    names_nothing: frozenset[str] = frozenset(),
) -> Matcher:
    """Matches English text against the English fields of the entries that have them."""
    return matcher_in_english([english_entry(entry) for entry in entries if entry.question_en], synonyms, names_nothing)


def matcher_in_english(
    english: list[FaqEntry],
    synonyms: tuple[Synonym, ...] | list[Synonym] = (),
    names_nothing: frozenset[str] = frozenset(),
) -> Matcher:
    """The matcher over entries already in their English view (`english_entry`; the bench holds some of
    their alternates out). `synonyms` (the `synonyms_en` of faq/synonyms.yaml) bring everyday words to the
    ones the entries use (let go → fired, recluse → hikikomori), only as whole words: in the words the
    analyzer finds, and in the letters and the phrasing the matcher compares."""
    table = SynonymTable(synonyms, whole_words=True)
    return Matcher(english, table, analyzer=partial(analyze_en, synonyms=table), names_nothing=names_nothing)


def shown_name(service: Service) -> str:
    """An English reader sees "English name (日本語名)": the Japanese is what to say at a counter."""
    return f"{service.name_en} ({service.name})" if service.name_en else service.name


@dataclass(frozen=True)
class LanguageMarks:
    """What an English reader is told after a line's name: it takes calls in English (`languages`), its
    chat and mail do while its phone does not (`text_languages`, `{url}`), or its staff bring an
    interpreter into the call (`interpreted_languages`: 119)."""

    speaks: str = ""
    writes: str = ""
    interpreted: str = ""


def english_service(service: Service, marks: LanguageMarks = LanguageMarks()) -> Service:
    """The record as an English reader sees it: English name beside the Japanese, the English hours note
    where one is written (else the Japanese), and how the line takes English (`LanguageMarks`)."""
    mark = ""
    if marks.speaks and "en" in service.languages:
        mark = f" ({marks.speaks})"
    elif marks.writes and "en" in service.text_languages:
        mark = f" ({marks.writes.format(url=service.url)})"
    elif marks.interpreted and "en" in service.interpreted_languages:
        mark = f" ({marks.interpreted})"
    return replace(service, name=shown_name(service) + mark, hours_note=service.hours_note_en or service.hours_note)
