"""`faq/*.yaml` read and validated: every problem with its file and line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bot.config.catalog import categories, people
from bot.config.status_fields import read_status
from bot.config.yamlsrc import Problem, Reader, duplicate_ids, line_of, load_yaml, read_folder
from bot.core.faq import FaqEntry, Synonym

SYNONYMS_FILE = "synonyms.yaml"


_ID = re.compile(r"^[a-z0-9][a-z0-9-]*$")


def check_categories(reader: Reader, item: Any, key: str, values: tuple[str, ...]) -> None:
    known = categories()
    for value in values:
        if value not in known:
            reader.problem(line_of(item, key), f"unknown category '{value}' (known: {', '.join(known)})")


def check_people(reader: Reader, item: Any) -> tuple[str, ...]:
    """The `for:` of an FAQ entry or a service: groups listed in categories.yaml, with file:line."""
    values = reader.text_list(item, "for", required=False)
    known = [group.id for group in people()]
    for value in values:
        if value not in known:
            reader.problem(line_of(item, "for"), f"unknown 'for' group '{value}' (known: {', '.join(known)})")
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
    )
    return entry if entry.id and entry.question and entry.answer else None


def _read_synonyms(path: Path, data: Any, reader: Reader) -> list[Synonym]:
    table = data.get("synonyms") if isinstance(data, dict) else None
    if not isinstance(table, dict):
        reader.problem(line_of(data), "expected a mapping 'synonyms: {canonical: [variants]}'")
        return []
    synonyms = []
    for canonical, variants in table.items():
        if not isinstance(variants, list) or not all(isinstance(v, str) for v in variants):
            reader.problem(line_of(table, canonical), f"variants of '{canonical}' must be a list of text")
            continue
        synonyms.append(Synonym(str(canonical), tuple(variants)))
    return synonyms


def read_synonyms(path: Path) -> list[Synonym]:
    """Just the synonym table (for another FAQ set); problems are `madoguchi check`'s business."""
    data, problems = load_yaml(path)
    return [] if data is None or problems else _read_synonyms(path, data, Reader(path))


def load_faq_dir(folder: Path) -> tuple[list[FaqEntry], list[Synonym], list[Problem]]:
    entries: list[FaqEntry] = []
    synonyms: list[Synonym] = []
    problems: list[Problem] = []
    for path, data, reader in read_folder(folder, "FAQ", problems):
        if path.name == SYNONYMS_FILE:
            synonyms.extend(_read_synonyms(path, data, reader))
        else:
            for line, item in reader.mapping_items(data, "entries"):
                entry = _read_entry(reader, line, item)
                if entry is not None:
                    entries.append(entry)
        problems.extend(reader.problems)
    problems.extend(duplicate_ids(entries))
    return entries, synonyms, problems
