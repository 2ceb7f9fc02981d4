"""Shared vocabularies read from the package: need categories, reply texts, intents."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

from bot.core.languages import Language
from bot.core.people import Group
from bot.core.texts import Texts
from bot.core.whereabouts import Gazetteer, Place

DATA_DIR = Path(__file__).resolve().parents[1] / "data"  # bot/data, beside the packages


@cache
def _load(name: str) -> Any:
    return YAML(typ="safe").load((DATA_DIR / name).read_text(encoding="utf-8"))


@cache
def categories() -> dict[str, str]:
    """Category id -> Japanese label."""
    return {str(key): str(value) for key, value in _load("categories.yaml")["categories"].items()}


@cache
def need_offices() -> dict[str, tuple[str, ...]]:
    """Category id -> the kinds of office (offices.yaml) that need can always be taken to."""
    table = _load("categories.yaml").get("offices") or {}
    return {str(key): tuple(str(kind) for kind in kinds) for key, kinds in table.items()}


@cache
def categories_en() -> dict[str, str]:
    """Category id -> English label, where written."""
    return {str(key): str(value) for key, value in (_load("categories.yaml").get("categories_en") or {}).items()}


@cache
def people() -> tuple[Group, ...]:
    """Who a need can be about (children, older people): age ranges and words, folded."""
    from bot.core.normalize import fold

    table = _load("categories.yaml")["people"]
    return tuple(
        Group(
            str(key),
            int(row["ages"][0]),
            int(row["ages"][1]),
            tuple(fold(str(w)) for w in row["words"]),
            tuple(fold(str(w)) for w in row.get("not_words", ())),
            tuple(fold(str(w)) for w in row.get("age_words", ())),
        )
        for key, row in table.items()
    )


@cache
def languages() -> tuple[Language, ...]:
    """Languages of people who do not write Japanese: names, scripts and telling words."""
    table = _load("categories.yaml")["languages"]
    return tuple(
        Language(
            str(code),
            str(row["name"]),
            str(row.get("script", "")),
            frozenset(str(word).lower() for word in row.get("words", ())),
            tuple(str(mark) for mark in row.get("marks", ())),
            str(row.get("name_ja", "")),
        )
        for code, row in table.items()
    )


@cache
def smalltalk() -> dict[str, tuple[str, ...]]:
    """Greetings and thanks, folded, by kind."""
    return _folded_words("smalltalk")


@cache
def answers() -> dict[str, tuple[str, ...]]:
    """Short yes / no answers to the direct question about safety, and times alone ("when"), folded."""
    return _folded_words("answers")


@cache
def feelings() -> dict[str, frozenset[str]]:
    """Words of fear or worry, and the words that may stand beside them in a message of feeling alone
    (as sets, made once: every quiet message is looked up in them)."""
    return {kind: frozenset(words) for kind, words in _folded_words("feelings").items()}


@cache
def vague_words() -> frozenset[str]:
    """Words of trouble or of the kind of help sought that name no topic (`vague` in replies.yaml)."""
    return _word_set("vague")


@cache
def aspects() -> frozenset[str]:
    """Words that ask about a 制度 (who, where, cost, renewal …), in both languages (core.followup)."""
    return _word_set("aspects")


@cache
def intents() -> dict[str, tuple[str, ...]]:
    """Words that say what a person asks of the conversation itself (erase, no police …), folded."""
    return _folded_words("intents")


def _word_set(section: str) -> frozenset[str]:
    """Every word of a vocabulary section of replies.yaml, folded, whatever its kind (ja, en)."""
    return frozenset(word for words in _folded_words(section).values() for word in words)


def _folded_words(section: str) -> dict[str, tuple[str, ...]]:
    """A vocabulary section of replies.yaml, its words folded as messages are."""
    from bot.core.normalize import fold

    table = _load("replies.yaml")[section]
    return {str(kind): tuple(fold(str(word)) for word in words) for kind, words in table.items()}


@cache
def office_kinds() -> dict[str, str]:
    """Kinds of local office an FAQ answer may name with `{office}`, with the wording used where the
    deployment's directory has no such record."""
    return {str(key): str(value).strip() for key, value in _load("offices.yaml")["offices"].items()}


@cache
def office_kinds_en() -> dict[str, str]:
    """The same wording in English, where written (a kind missing here is said in Japanese)."""
    english = _load("offices.yaml").get("offices_en") or {}
    return {**office_kinds(), **{str(key): str(value).strip() for key, value in english.items()}}


@cache
def office_kinds_easy() -> dict[str, str]:
    """The same wording in やさしい日本語, where written (a kind missing here is said as in Japanese)."""
    easy = _load("offices.yaml").get("offices_easy") or {}
    return {**office_kinds(), **{str(key): str(value).strip() for key, value in easy.items()}}


@cache
def texts() -> Texts:
    data = _load("replies.yaml")
    return Texts({str(key): _text(value) for key, value in data["texts"].items()})


def _text(value: object) -> str:
    """A reply text without the line breaks a block scalar leaves around it; spaces stay, as a quoted
    piece may begin or end with one (", or " between offices, " (about 2 km)" after a name)."""
    return str(value).strip("\n")


@cache
def texts_en() -> Texts:
    """English where written, Japanese for any key not translated yet (never a missing text)."""
    data = _load("replies.yaml")
    return Texts({**texts().entries, **{str(k): _text(v) for k, v in data["texts_en"].items()}})


@cache
def texts_easy() -> Texts:
    """やさしい日本語 where written, the ordinary Japanese for any key not written (never a missing text)."""
    data = _load("replies.yaml")
    easy = data.get("texts_easy") or {}
    return Texts({**texts().entries, **{str(k): _text(v) for k, v in easy.items()}})


@cache
def gazetteer() -> Gazetteer:
    """Places people say they live in (`bot/data/places.yaml`), their words folded as messages are."""
    from bot.core.normalize import fold

    data = _load("places.yaml")

    def folded(key: str) -> tuple[str, ...]:
        return tuple(fold(str(word)) for word in data[key])

    places = tuple(
        Place(
            str(row["area"]),
            str(row["name"]),
            str(row.get("name_en", "")),
            tuple(dict.fromkeys(fold(str(word)) for word in (row["name"], *row.get("words", ())))),
        )
        for row in data["places"]
    )
    return Gazetteer(
        places,
        lives_after=folded("lives_after"),
        not_after=folded("not_after"),
        lives_before=folded("lives_before"),
        particles=folded("particles"),
        venues=folded("venues"),
        family=folded("family"),
        family_joins=folded("family_joins"),
        family_homes=folded("family_homes"),
        family_lives_before=folded("family_lives_before"),
        lives_plain=folded("lives_plain"),
    )
