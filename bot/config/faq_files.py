"""`faq/*.yaml` read and validated: every problem with its file and line."""

from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any

from bot.config.catalog import categories, people
from bot.config.status_fields import read_status
from bot.config.yamlsrc import Problem, Reader, duplicate_ids, line_of, load_yaml, read_folder
from bot.core.english import analyze_en
from bot.core.faq import FaqEntry, Synonym, says_each
from bot.core.matcher import OWN_FAQ
from bot.core.normalize import fold
from bot.core.synonyms import SynonymTable, spelling_key

SYNONYMS_FILE = "synonyms.yaml"


_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")
_LATIN = re.compile(r"^[a-z0-9 ']+$")  # an English synonym, folded (hyphens dropped, one space kept)


def check_categories(reader: Reader, item: Any, key: str, values: tuple[str, ...]) -> None:
    known = categories()
    for value in values:
        if value not in known:
            reader.problem(line_of(item, key), f"unknown category '{value}' (known: {', '.join(known)})")


def check_people(reader: Reader, item: Any, key: str = "for") -> tuple[str, ...]:
    """The `for:` of an FAQ entry, a service or a rule (or a rule's `not_for:`): groups listed in
    categories.yaml, with file:line."""
    values = reader.text_list(item, key, required=False)
    known = [group.id for group in people()]
    for value in values:
        if value not in known:
            reader.problem(line_of(item, key), f"unknown '{key}' group '{value}' (known: {', '.join(known)})")
    return tuple(values)


def _read_entry(reader: Reader, line: int, item: Any) -> FaqEntry | None:
    entry_id = reader.text(item, "id")
    if entry_id and not _ID.match(entry_id):
        reader.problem(line_of(item, "id"), f"id '{entry_id}' must be lowercase letters, digits and '-'")
    category = reader.text(item, "category")
    check_categories(reader, item, "category", (category,) if category else ())
    services = reader.text_list(item, "services", required=False)
    check_categories(reader, item, "services", services)
    status = read_status(reader, item, "checked", line)
    entry = FaqEntry(
        id=entry_id,
        category=category,
        question=reader.text(item, "question"),
        alternates=reader.text_list(item, "alternates", required=False),
        answer=reader.text(item, "answer"),
        services=services,
        source=status.source,
        checked=status.checked,
        source_title=reader.text(item, "source_title", required=False),
        where=f"{reader.path}:{line}",
        status=status,
        office=reader.text(item, "office", required=False),
        question_en=reader.text(item, "question_en", required=False),
        alternates_en=reader.text_list(item, "alternates_en", required=False),
        answer_en=reader.text(item, "answer_en", required=False),
        answer_easy=reader.text(item, "answer_easy", required=False),
        for_whom=check_people(reader, item),
        places=reader.text_list(item, "places", required=False) if "places" in item else None,
        only_when=_word_groups(reader, item, "only_when"),
        only_when_en=_word_groups(reader, item, "only_when_en"),
    )
    _check_only_when(reader, item, entry)
    return entry if entry.id and entry.question and entry.answer else None


def _word_groups(reader: Reader, item: Any, key: str) -> tuple[tuple[str, ...], ...]:
    """`only_when`: a list of words (one group), or a list of such lists (a word of each must be said)."""
    value = item.get(key)
    if not (isinstance(value, list) and value and all(isinstance(group, list) for group in value)):
        groups: list[tuple[str, ...]] = [reader.text_list(item, key, required=False)]
    elif not all(isinstance(word, str | int) for group in value for word in group):
        reader.problem(line_of(item, key), f"'{key}' must be a list of text, or a list of such lists")
        return ()
    else:
        groups = [tuple(str(word).strip() for word in group if str(word).strip()) for group in value]
    return tuple(tuple(fold(word) for word in group) for group in groups if group)


def _check_only_when(reader: Reader, item: Any, entry: FaqEntry) -> None:
    """A phrasing that does not say a word of each `only_when` group could never be answered: the admin is
    told which."""
    for key, groups, phrasings in (
        ("only_when", entry.only_when, (entry.question, *entry.alternates)),
        ("only_when_en", entry.only_when_en, (entry.question_en, *entry.alternates_en) if entry.question_en else ()),
    ):
        for phrasing in phrasings:
            if not says_each(fold(phrasing), groups):
                problem = f"'{phrasing}' says no word of a {key} group and could never be answered"
                reader.problem(line_of(item, key), problem)


def _read_synonyms(data: Any, reader: Reader, key: str = "synonyms", required: bool = True) -> list[Synonym]:
    table = data.get(key) if isinstance(data, dict) else None
    if table is None and not required:
        return []
    if not isinstance(table, dict):
        reader.problem(line_of(data, key) or line_of(data), f"expected a mapping '{key}: {{canonical: [variants]}}'")
        return []
    synonyms = []
    for canonical, variants in table.items():
        if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            reader.problem(line_of(table, canonical), f"variants of '{canonical}' must be a list of text")
            continue
        where = f"{reader.path}:{line_of(table, canonical)}"
        synonyms.append(Synonym(str(canonical), tuple(variants), where))
    return synonyms


def _read_english_synonyms(data: Any, reader: Reader) -> list[Synonym]:
    """`synonyms_en` (optional): everyday English words for the ones the English FAQ fields use."""
    owner: dict[str, str] = {}  # spelling → the canonical word it was first listed under
    synonyms = _read_synonyms(data, reader, "synonyms_en", required=False)
    table = SynonymTable(synonyms, whole_words=True)
    for synonym in synonyms:
        line = int(synonym.where.rpartition(":")[2])
        for variant in (synonym.canonical, *synonym.variants):
            problem = _english_variant_problem(variant)
            first = owner.setdefault(spelling_key(fold(variant)), synonym.canonical)
            if problem is None and first != synonym.canonical:
                problem = f"'{variant}' is listed under '{first}' and '{synonym.canonical}'"
            if problem is not None:
                reader.problem(line, f"synonyms_en: {problem}")
        if table.canonical(fold(synonym.canonical)) != fold(synonym.canonical):
            reader.problem(line, f"synonyms_en: '{synonym.canonical}' holds a variant of another word and would change")
    return synonyms


def _english_variant_problem(variant: str) -> str | None:
    """Each variant is rewritten as whole words in every English message: it must be Latin letters and
    say something (not only words like "my", "get", "help", which would rewrite any text)."""
    if not _LATIN.match(fold(variant)):
        return f"'{variant}' must be written in Latin letters"
    if not analyze_en(variant).words:
        return f"'{variant}' is only common words and would rewrite any text"
    return None


@lru_cache(maxsize=8192)  # kept across loads, as the matcher keeps its questions' features
def _english_words(text: str) -> tuple[str, ...]:
    return analyze_en(text).words


def unused_english_synonyms(entries: list[FaqEntry], synonyms: list[Synonym]) -> list[Problem]:
    """A canonical English word must be one the English questions, alternates or answer openings use
    (what the English matcher reads), or its variants would find nothing."""
    used: set[str] = set()
    for entry in entries:
        for text in (entry.question_en, *entry.alternates_en, entry.answer_en[: OWN_FAQ.answer_chars]):
            used.update(_english_words(text))
    problems = []
    for synonym in synonyms:
        missing = [word for word in analyze_en(synonym.canonical).words if word not in used]
        if missing:
            path, _, line = synonym.where.rpartition(":")
            message = f"synonyms_en: '{synonym.canonical}' is in no English question, alternate or answer opening"
            problems.append(Problem(path, int(line or 0), f"{message} ({', '.join(missing)})"))
    return problems


def read_synonyms(path: Path) -> list[Synonym]:
    """Just the synonym table (for another FAQ set); problems are `madoguchi check`'s business."""
    data, problems = load_yaml(path)
    return [] if data is None or problems else _read_synonyms(data, Reader(path))


def load_faq_dir(folder: Path) -> tuple[list[FaqEntry], list[Synonym], list[Synonym], list[Problem]]:
    """The entries, the Japanese synonyms, the English synonyms (`synonyms_en`) and every problem."""
    entries: list[FaqEntry] = []
    synonyms: list[Synonym] = []
    synonyms_en: list[Synonym] = []
    problems: list[Problem] = []
    for path, data, reader in read_folder(folder, "FAQ", problems):
        if path.name == SYNONYMS_FILE:
            synonyms.extend(_read_synonyms(data, reader))
            synonyms_en.extend(_read_english_synonyms(data, reader))
        else:
            for line, item in reader.mapping_items(data, "entries"):
                entry = _read_entry(reader, line, item)
                if entry is not None:
                    entries.append(entry)
        problems.extend(reader.problems)
    problems.extend(duplicate_ids(entries))
    problems.extend(unused_english_synonyms(entries, synonyms_en))
    return entries, synonyms, synonyms_en, problems
