"""Reading a fact's status fields from the data files."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any

from bot.config.yamlsrc import Reader, line_of
from bot.core.status import LEVELS, Status

LEGACY_KEYS = {"verified": "verification", "admin_note": "note"}  # older names still read


def parse_date(reader: Reader, item: Any, key: str) -> date | None:
    value = item.get(key)
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    reader.problem(line_of(item, key) or line_of(item), f"'{key}' must be a date like 2026-11-22")
    return None


def check_source(reader: Reader, item: Any, key: str = "source") -> str:
    source = reader.text(item, key)
    if source and not source.startswith(("https://", "http://")):
        reader.problem(line_of(item, key), f"'{key}' must be the URL of the page the facts come from")
    return source


def _value(item: Any, key: str) -> Any:
    legacy = LEGACY_KEYS.get(key)
    return item.get(key, item.get(legacy) if legacy else None)


def _level(reader: Reader, item: Any, fallback: str) -> str:
    level = _value(item, "verified")
    if level is None:
        return fallback
    if str(level) not in LEVELS:
        reader.problem(line_of(item, "verified") or line_of(item), f"'verified' must be one of {', '.join(LEVELS)}")
        return "unverified"
    return str(level)


def read_status(reader: Reader, item: Any, date_key: str, line: int) -> Status:
    """The status of a whole entry or record: source and date are required; no level means unverified."""
    return Status(
        verified=_level(reader, item, "unverified"),
        source=check_source(reader, item),
        checked=parse_date(reader, item, date_key),
        admin_note=str(_value(item, "admin_note") or "").strip(),
        disputed=str(item.get("disputed") or "").strip(),
        where=f"{reader.path}:{line}",
    )


def read_part_status(reader: Reader, item: Any, parent: Status, line: int) -> Status:
    """A part (the hours, one phone) keeps its parent's status unless it names its own."""
    source = check_source(reader, item) if item.get("source") else parent.source
    checked = parse_date(reader, item, "checked") if "checked" in item else parent.checked
    own_level = _value(item, "verified") is not None
    return replace(
        parent,
        verified=_level(reader, item, parent.verified),
        source=source,
        checked=checked,
        admin_note=str(_value(item, "admin_note") or "").strip() if own_level else parent.admin_note,
        disputed=str(item.get("disputed") or "").strip() or (parent.disputed if not own_level else ""),
        where=f"{reader.path}:{line}",
    )
