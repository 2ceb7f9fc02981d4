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
    summary = (
        f"ok: {len(knowledge.entries)} FAQ entries, {len(knowledge.services)} services, "
        f"{len(knowledge.rules.rules)} handoff rules in {settings.base_dir}; "
        + (
            f"{len(workers.workers)} workers, {len(workers.notify)} notify destinations in {settings.workers_file}"
            if settings.workers_file.exists()
            else f"no {settings.workers_file}: handoffs are recorded, nobody notified"
        )
        + f"; {len(found)} warning(s) about unconfirmed or stale facts (madoguchi report content)"
    )
    return CheckResult(problems, summary, found)
