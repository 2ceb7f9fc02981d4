"""Which language a person who does not write Japanese writes in (pure, like the rest of the core).

Replies to them are in English, the only other language the bot speaks; but knowing the person's own
language lets the lines that speak it come first (法テラス's multilingual line, DV相談＋ …). A script
tells Korean, Thai or Nepali at once; Latin-script languages are told by a few common words
(`languages:` in bot/data/categories.yaml). Chinese shares its letters with Japanese: a text without kana
is Chinese only where it holds a mark Japanese does not write (们, 钱, 我想). Japanese is never decided
here: kana, or kanji without such a mark, stays with `core.easy`, which tells plain from やさしい日本語.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from bot.core.easy import japanese_style
from bot.core.model import ConversationState, Message, MessageKind
from bot.core.normalize import is_mostly_latin

ENGLISH = "en"
_KANA = re.compile(r"[\u3041-\u30ff]")
_SCRIPTS = {  # Unicode blocks of scripts that are not Japanese
    "hangul": re.compile(r"[\uac00-\ud7af\u1100-\u11ff\u3130-\u318f]"),
    "thai": re.compile(r"[\u0e00-\u0e7f]"),
    "devanagari": re.compile(r"[\u0900-\u097f]"),
    "cyrillic": re.compile(r"[\u0400-\u04ff]"),
    "arabic": re.compile(r"[\u0600-\u06ff]"),
}
_WORD = re.compile(r"[^\W\d_]+")
HAN = "han"  # the script of a language told among kanji by its marks (Chinese)
_HAN = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")


@dataclass(frozen=True)
class Language:
    code: str  # ISO 639-1, as in a service's `languages:`
    name: str  # in English, for the reply
    script: str = ""  # a non-Latin script that alone tells the language
    words: frozenset[str] = frozenset()  # common words of a Latin-script language, lower case
    marks: tuple[str, ...] = ()  # for the han script: letters and words Japanese does not write (们, 我想)
    name_ja: str = ""  # in Japanese, for a worker's case notification


_LATIN = re.compile(r"[A-Za-z\u00c0-\u024f]")
LETTERS_PER_KANA = 3  # an English text takes about three letters for what Japanese says in one
LONG_MESSAGE = 40  # letters (`story_length`): a story, read sentence by sentence and told its main need's office


def story_length(text: str) -> int:
    """How long a message is in Japanese letters: a Latin letter counts a third, so "I lost my job and
    can't pay the rent" (36 letters) is as short as 仕事をなくして家賃が払えません (15)."""
    latin = len(_LATIN.findall(text))
    return len(text) - latin + latin // LETTERS_PER_KANA


def foreign_script(text: str, languages: tuple[Language, ...] = ()) -> str | None:
    """The non-Latin, non-Japanese script most of the letters are in, if any (한국어, ภาษาไทย, नेपाली),
    or `HAN` for kanji-only text with a mark of a language written in them (我想死, 我没有钱)."""
    return _script_of(text, languages)[0]


def _script_of(text: str, languages: tuple[Language, ...]) -> tuple[str | None, Language | None]:
    """`foreign_script`, and for `HAN` the language whose marks told it (looked up once, for `detect`)."""
    if _KANA.search(text):
        return None, None
    letters = [char for char in text if char.isalpha()]
    counts = {name: len(pattern.findall(text)) for name, pattern in _SCRIPTS.items()}
    script, count = max(counts.items(), key=lambda item: item[1])
    if letters and count * 2 > len(letters):
        return script, None
    language = _han_language(text, languages)
    return (HAN, language) if language is not None else (None, None)


def _han_language(text: str, languages: tuple[Language, ...]) -> Language | None:
    """The language whose marks a text mostly in kanji holds: 「生活保護申請」 holds none, and stays Japanese."""
    letters = sum(char.isalpha() for char in text)
    if not letters or len(_HAN.findall(text)) * 2 <= letters:
        return None
    return next((language for language in languages if any(mark in text for mark in language.marks)), None)


def detect(text: str, languages: tuple[Language, ...]) -> str:
    """The person's language code: by script, else by the most common words found; English when
    nothing tells (it is what they are answered in anyway)."""
    script, han_language = _script_of(text, languages)
    if han_language is not None:
        return han_language.code
    if script is not None:
        return next((language.code for language in languages if language.script == script), ENGLISH)
    words = set(_WORD.findall(unicodedata.normalize("NFC", text).lower()))
    hits = {language.code: len(words & language.words) for language in languages if language.words}
    best = max(hits.items(), key=lambda item: item[1], default=(ENGLISH, 0))
    return best[0] if best[1] > 0 else ENGLISH


def name_of(code: str, languages: tuple[Language, ...]) -> str:
    return next((language.name for language in languages if language.code == code), code)


def reply_language(message: Message, state: ConversationState, languages: tuple[Language, ...] = ()) -> str:
    """English, another Latin-script language or another script (한국어, ภาษาไทย) is answered in English;
    Japanese in やさしい日本語 or ordinary Japanese by its style (`core.easy`); buttons and stickers keep
    the conversation's language, and so does a Latin aside in a Japanese conversation (`_latin_aside`)."""
    if not is_written(message) or _latin_aside(message.text, state):
        return state.language
    foreign = is_mostly_latin(message.text) or foreign_script(message.text, languages) is not None
    return ENGLISH if foreign else japanese_style(message.text, state.language)


def is_written(message: Message) -> bool:
    """Words a language can be told from: not a button, a sticker, or a command (/forget, /start)."""
    command = message.text.lstrip().startswith("/")
    return message.kind is MessageKind.TEXT and not command and any(char.isalpha() for char in message.text)


ASIDE_LETTERS = 4  # ok, OK!, yes, thx: typed by Japanese writers too


def _latin_aside(text: str, state: ConversationState) -> bool:
    """A few Latin letters alone (「OK」) in a conversation already under way in Japanese: "ok" after
    家賃が払えません was answered in English."""
    letters = [char for char in text if char.isalpha()]
    short_latin = len(letters) <= ASIDE_LETTERS and all(char.isascii() for char in letters)
    return bool(state.turns) and state.language != ENGLISH and short_latin
