"""`madoguchi check`: every problem in the admin-edited files, as `file:line: problem`."""

from __future__ import annotations

from bot.knowledge import load_knowledge
from bot.settings import Settings
from bot.workers import load_workers
from bot.yamlsrc import Problem


def run_checks(settings: Settings) -> tuple[list[Problem], str]:
    knowledge, problems = load_knowledge(settings.base_dir)
    workers, worker_problems = load_workers(settings.workers_file)
    problems += worker_problems
    if knowledge is None or worker_problems:
        return problems, f"{len(problems)} problem(s) in {settings.base_dir}"
    summary = (
        f"ok: {len(knowledge.entries)} FAQ entries, {len(knowledge.services)} services, "
        f"{len(knowledge.rules.rules)} handoff rules in {settings.base_dir}; "
        + (f"{len(workers.workers)} workers, {len(workers.notify)} notify destinations in {settings.workers_file}"
           if settings.workers_file.exists() else f"no {settings.workers_file}: handoffs are recorded, nobody notified")
    )
    return problems, summary
