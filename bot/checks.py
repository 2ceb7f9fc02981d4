"""`madoguchi check`: every problem in the admin-edited files, as `file:line: problem`."""

from __future__ import annotations

from bot.knowledge import load_knowledge
from bot.settings import Settings
from bot.yamlsrc import Problem


def run_checks(settings: Settings) -> tuple[list[Problem], str]:
    knowledge, problems = load_knowledge(settings.base_dir)
    if knowledge is None:
        return problems, f"{len(problems)} problem(s) in {settings.base_dir}"
    summary = (
        f"ok: {len(knowledge.entries)} FAQ entries, {len(knowledge.services)} services, "
        f"{len(knowledge.rules.rules)} handoff rules in {settings.base_dir}"
    )
    return problems, summary
