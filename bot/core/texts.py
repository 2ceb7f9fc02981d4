"""Reply texts, carried by the knowledge so the core never opens a file."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Texts:
    """Reply texts keyed by name; `{placeholders}` are filled by the core."""

    entries: dict[str, str]

    def get(self, key: str, **values: object) -> str:
        template = self.entries[key]
        return template.format(**values) if values else template
