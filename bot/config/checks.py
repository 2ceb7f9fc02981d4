"""`madoguchi check`: every problem in the admin-edited files, as `file:line: problem`, and every
unconfirmed or stale fact as `file:line: warning: …` (warnings never fail the check)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from bot.casework.roster import load_workers
from bot.config.content import Ages, warnings
from bot.config.knowledge_store import load_knowledge
from bot.config.settings import Settings
from bot.config.yamlsrc import Problem
from bot.core.easy import digits
from bot.core.english import numbers
from bot.core.knowledge import Knowledge


@dataclass(frozen=True)
class CheckResult:
    problems: list[Problem]
    summary: str
    warnings: list[Problem] = field(default_factory=list)


def run_checks(settings: Settings, today: date, ages: Ages | None = None) -> CheckResult:
    knowledge, problems = load_knowledge(settings.base_dir)
    workers, worker_problems = load_workers(settings.workers_file)
    problems += worker_problems
    if knowledge is None or worker_problems:
        return CheckResult(problems, f"{len(problems)} problem(s) in {settings.base_dir}")
    found = warnings(knowledge, today, ages or Ages())
    english = english_warnings(knowledge)
    easy = easy_warnings(knowledge)
    summary = (
        f"ok: {len(knowledge.entries)} FAQ entries, {len(knowledge.services)} services, "
        f"{len(knowledge.rules.rules)} handoff rules in {settings.base_dir}; "
        + (
            f"{len(workers.workers)} workers, {len(workers.notify)} notify destinations in {settings.workers_file}"
            if settings.workers_file.exists()
            else f"no {settings.workers_file}: handoffs are recorded, nobody notified"
        )
        + f"; {len(found)} warning(s) about unconfirmed or stale facts (madoguchi report content)"
        + f"; {len(english)} warning(s) about English"
        + f"; {len(easy)} warning(s) about やさしい日本語"
    )
    return CheckResult(problems, summary, found + english + easy)


def english_warnings(knowledge: Knowledge) -> list[Problem]:
    """What an English reader would miss: entries answered in Japanese, services named only in Japanese
    or with their hours note only in Japanese, and English answers and hours notes that state other
    numbers than the Japanese (a translation changed a fact)."""
    found = []
    for entry in knowledge.entries:
        if not entry.question_en or not entry.answer_en:
            missing = " and ".join(key for key in ("question_en", "answer_en") if not getattr(entry, key))
            found.append(_warning(entry.where, f"faq {entry.id}: no {missing}: English readers get Japanese"))
        elif numbers(entry.answer_en) != numbers(entry.answer):
            differ = sorted(numbers(entry.answer) ^ numbers(entry.answer_en))
            found.append(_warning(entry.where, f"faq {entry.id}: answer_en and answer differ in numbers {differ}"))
    for service in knowledge.services:
        if not service.name_en:
            found.append(_warning(service.where, f"{service.id}: no name_en: English readers see the Japanese name"))
        if service.hours_note and not service.hours_note_en:
            found.append(_warning(service.where, f"{service.id}: no hours_note_en: English readers get Japanese hours"))
        elif numbers(service.hours_note_en) != numbers(service.hours_note):
            differ = sorted(numbers(service.hours_note) ^ numbers(service.hours_note_en))
            message = f"{service.id}: hours_note_en and hours_note differ in numbers {differ}"
            found.append(_warning(service.where, message))
    return found


def easy_warnings(knowledge: Knowledge) -> list[Problem]:
    """Entries a reader of やさしい日本語 gets in ordinary Japanese, and easy answers that state other
    numbers than the Japanese (a rewrite changed a fact)."""
    found = []
    for entry in knowledge.entries:
        if not entry.answer_easy:
            found.append(_warning(entry.where, f"faq {entry.id}: no answer_easy: easy readers get ordinary Japanese"))
        elif digits(entry.answer_easy) != digits(entry.answer):
            differ = sorted(digits(entry.answer) ^ digits(entry.answer_easy))
            found.append(_warning(entry.where, f"faq {entry.id}: answer_easy and answer differ in numbers {differ}"))
    return found


def _warning(where: str, message: str) -> Problem:
    path, _, line = where.rpartition(":")
    return Problem(path, int(line or 0), f"warning: {message}")
