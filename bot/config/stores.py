"""The last good configuration, one pattern for every file admins edit: a broken edit is reported and
the previous good version keeps serving; an unchanged file is not read again."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Generic, TypeVar

from bot.config.cache import load_knowledge_cached
from bot.config.knowledge_store import RULES_FILE
from bot.config.yamlsrc import Problem
from bot.core.analyzer import warm_up
from bot.core.knowledge import Knowledge

T = TypeVar("T")
Signature = tuple[tuple[str, float, int], ...]


class LastGood(Generic[T]):
    """`current` is the last value that loaded without a problem; `reload_if_changed` is cheap (stat only)."""

    def __init__(self, paths: Callable[[], list[Path]], load: Callable[[], tuple[T | None, list[Problem]]], initial: T):
        self.paths, self.load, self.current = paths, load, initial
        self._seen: Signature | None = None

    def __call__(self) -> T:
        return self.current

    def _signature(self) -> Signature:
        return tuple(sorted((str(p), p.stat().st_mtime, p.stat().st_size) for p in self.paths() if p.exists()))

    def reload(self) -> list[Problem]:
        self._seen = self._signature()
        value, problems = self.load()
        if value is not None and not problems:
            self.current = value
            self.swapped(value)
        return problems

    def reload_if_changed(self) -> list[Problem] | None:
        """For a running bot: None when no file changed, else the problems (empty when swapped in)."""
        return None if self._signature() == self._seen else self.reload()

    def swapped(self, value: T) -> None:
        """Called after a new value is taken; nothing by default."""


class KnowledgeStore(LastGood["Knowledge | None"]):
    """The FAQ, the directory and the rules, as one unit."""

    def __init__(self, base: Path):
        self.base = base
        super().__init__(
            lambda: [*base.glob("faq/*.yaml"), *base.glob("services/*.yaml"), base / RULES_FILE],
            lambda: load_knowledge_cached(base),
            None,
        )

    def swapped(self, value: Knowledge | None) -> None:
        warm_up()  # the dictionary is loaded here, at the edge, not inside the first answer
