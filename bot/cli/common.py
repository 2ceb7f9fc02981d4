"""What the `madoguchi` commands share: the clock option, loading the knowledge or refusing clearly."""

from __future__ import annotations

import sys
from collections.abc import Iterable
from datetime import datetime

from bot.config.settings import Settings
from bot.config.stores import KnowledgeStore
from bot.config.yamlsrc import Problem
from bot.core.hours import TOKYO

EXIT_BAD_CONFIG = 2


def parse_at(value: str | None) -> datetime:
    if not value:
        return datetime.now(TOKYO)
    moment = datetime.fromisoformat(value)
    return moment if moment.tzinfo else moment.replace(tzinfo=TOKYO)


def load_or_refuse(settings: Settings) -> KnowledgeStore:
    """The knowledge, or a clear refusal: with no valid config the bot must not answer anyone."""
    store = KnowledgeStore(settings.base_dir)
    problems = store.reload()
    if store.current is None:
        print_problems(problems)
        sys.stderr.write(
            f"madoguchi: no valid configuration in {settings.base_dir} (faq/, services/, handoff_rules.yaml);"
            " refusing to start. Fix the problems above, then run `madoguchi check`.\n"
        )
        raise SystemExit(EXIT_BAD_CONFIG)
    return store


def print_problems(problems: Iterable[Problem]) -> None:
    for problem in problems:
        sys.stderr.write(f"{problem}\n")
