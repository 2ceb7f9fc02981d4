"""Two layers of content: national answers written once, local offices from the deployment's directory.

An FAQ answer says what a 制度 is and who may use it (national, sourced to the ministry or the law)
and names the kind of office with `{office}` and `office: <kind>`; the deployment's directory marks
its own record with `offices: [<kind>]`. At load time the answer is composed: the local record's
name and phone, or, where the directory has none, wording that is true everywhere. A new city edits
only its directory.
"""

from __future__ import annotations

from dataclasses import replace

from bot.config.yamlsrc import Problem
from bot.core.english import shown_name
from bot.core.faq import FaqEntry
from bot.core.services import NATIONAL, Service
from bot.core.texts import Texts

PLACEHOLDER = "{office}"


def local_office(kind: str, services: list[Service], area: str | None) -> Service | None:
    """The deployment's own record of that kind (never a national line)."""
    return next((s for s in services if kind in s.offices and NATIONAL not in s.service_areas and s.serves(area)), None)


def office_text(
    kind: str, services: list[Service], area: str | None, kinds: dict[str, str], texts: Texts, english: bool = False
) -> str:
    found = local_office(kind, services, area)
    if found is None:
        return kinds[kind]
    name = shown_name(found) if english else found.name
    if found.phone:
        return texts.get("local_office", name=name, phone=found.phone)
    return texts.get("local_office_no_phone", name=name)


def with_need_offices(
    texts: Texts, labels: dict[str, str], offices: dict[str, tuple[str, ...]], kinds: dict[str, str]
) -> Texts:
    """The texts with `office_for_<need>`: the offices a need can always be taken to, in words true
    everywhere (`need_office`), for a reply whose listed places serve another need or none."""
    joined = {need: texts.get("need_office_or").join(kinds[kind] for kind in found) for need, found in offices.items()}
    lines = {
        f"office_for_{need}": texts.get("need_office", need=labels.get(need, need), office=office)
        for need, office in joined.items()
    }
    return Texts({**texts.entries, **lines})


def check_offices(entries: list[FaqEntry], services: list[Service], kinds: dict[str, str]) -> list[Problem]:
    problems = []

    def problem(where: str, message: str) -> None:
        path, _, line = where.rpartition(":")
        problems.append(Problem(path, int(line or 0), message))

    known = ", ".join(kinds)
    # A place is a kind of office or a national line: the FAQ is written once for every deployment, and a
    # city's own records differ from one directory to the next.
    lines = {service.id for service in services if NATIONAL in service.service_areas}
    for entry in entries:
        if entry.office and entry.office not in kinds:
            problem(entry.where, f"unknown office '{entry.office}' (known: {known})")
        if bool(entry.office) != (PLACEHOLDER in entry.answer):
            problem(entry.where, "'office' and '{office}' in the answer go together")
        for key in ("answer_en", "answer_easy"):
            text = getattr(entry, key)
            if text and bool(entry.office) != (PLACEHOLDER in text):
                problem(entry.where, f"'office' and '{{office}}' in {key} go together")
        for place in (place for place in entry.places or () if place not in kinds and place not in lines):
            problem(entry.where, f"unknown place '{place}': neither a kind of office ({known}) nor a national line")
    for service in services:
        for kind in (kind for kind in service.offices if kind not in kinds):
            problem(service.where, f"unknown office '{kind}' (known: {known})")
    return problems


def compose_answers(
    entries: list[FaqEntry],
    services: list[Service],
    area: str | None,
    kinds: dict[str, str],
    texts: Texts,
    english: tuple[dict[str, str], Texts] | None = None,
    easy: tuple[dict[str, str], Texts] | None = None,
) -> list[FaqEntry]:
    """Every `{office}` filled, in `answer_en` and `answer_easy` too with the kinds and texts given in
    `english` and `easy`, once with the local office and once (`answer_anywhere` …) with the wording
    true everywhere, for people who live elsewhere; call after `check_offices` found nothing."""

    def filled(entry: FaqEntry, here: list[Service]) -> tuple[str, str, str]:
        """The three answers with `{office}` named from `here` (none: the wording true everywhere)."""
        office = office_text(entry.office, here, area, kinds, texts)
        answer_en, answer_easy = entry.answer_en, entry.answer_easy
        if english is not None:
            answer_en = answer_en.replace(PLACEHOLDER, office_text(entry.office, here, area, *english, True))
        if easy is not None:
            answer_easy = answer_easy.replace(PLACEHOLDER, office_text(entry.office, here, area, *easy))
        return entry.answer.replace(PLACEHOLDER, office), answer_en, answer_easy

    def composed(entry: FaqEntry) -> FaqEntry:
        answer, answer_en, answer_easy = filled(entry, services)
        anywhere, anywhere_en, anywhere_easy = filled(entry, [])
        return replace(
            entry,
            answer=answer,
            answer_en=answer_en,
            answer_easy=answer_easy,
            answer_anywhere=anywhere,
            answer_en_anywhere=anywhere_en if entry.answer_en else "",
            answer_easy_anywhere=anywhere_easy if entry.answer_easy else "",
        )

    return [composed(entry) if entry.office else entry for entry in entries]
