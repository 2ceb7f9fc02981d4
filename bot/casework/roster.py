"""`workers.yaml`: where notifications go, who may act on cases, shifts, escalation and retention."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

from bot.config.stores import LastGood
from bot.config.yamlsrc import Problem, Reader, item_line, line_of, load_yaml
from bot.core.hours import TOKYO, Window, parse_clock, weekday
from bot.core.model import Staffing, Urgency

DAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")  # how workers.yaml writes them (HSDS MO…SU works too)
ROLES = ("worker", "supervisor")
CHANNELS = ("telegram", "line")
DEFAULT_ESCALATE = {Urgency.EMERGENCY: 5, Urgency.URGENT: 30}  # normal cases escalate only if configured


@dataclass(frozen=True)
class Worker:
    id: str  # "telegram:<user id>" or "line:<user id>"
    name: str
    role: str


Shift = Window  # a shift is the same time-window type as opening hours (byday, may cross midnight)


@dataclass(frozen=True)
class WorkersConfig:
    notify: tuple[str, ...] = ()
    workers: tuple[Worker, ...] = ()
    shifts: tuple[Shift, ...] = ()
    escalate_minutes: dict[Urgency, int] = field(default_factory=lambda: dict(DEFAULT_ESCALATE))
    retention_days: int = 90
    checkin_time: int = 12 * 60  # the next day's check-in goes out at this time

    def worker(self, worker_id: str) -> Worker | None:
        return next((worker for worker in self.workers if worker.id == worker_id), None)

    @property
    def supervisors(self) -> tuple[Worker, ...]:
        return tuple(worker for worker in self.workers if worker.role == "supervisor")

    def _spans_around(self, at: datetime) -> list[tuple[datetime, datetime]]:
        local = at.astimezone(TOKYO)
        spans = []
        for offset in range(-1, 8):
            day = local + timedelta(days=offset)
            spans += [shift.span_on(day.date()) for shift in self.shifts if shift.applies_on(day.date())]
        return spans

    def staffing(self, at: datetime) -> Staffing:
        """Whether someone is on shift now, and when the next shift starts (Asia/Tokyo)."""
        if not self.shifts or not self.notify:
            return Staffing(on_shift=False if self.notify else None)
        spans = self._spans_around(at)
        on_shift = any(start <= at < end for start, end in spans)
        upcoming = [start for start, _ in spans if start > at]
        return Staffing(on_shift=on_shift, next_shift=min(upcoming) if upcoming else None)


def _read_destinations(reader: Reader, data: Any) -> tuple[str, ...]:
    destinations = reader.text_list(data, "notify", required=False)
    for destination in destinations:
        channel, _, target = destination.partition(":")
        if channel not in CHANNELS or not target:
            reader.problem(line_of(data, "notify"), f"notify '{destination}' must be telegram:<chat id> or line:<id>")
    return destinations


def _read_workers(reader: Reader, data: Any) -> tuple[Worker, ...]:
    workers = []
    for _line, item in reader.mapping_items(data, "workers"):
        role = reader.text(item, "role", required=False) or "worker"
        worker = Worker(reader.text(item, "id"), reader.text(item, "name"), role)
        if worker.id and worker.id.partition(":")[0] not in CHANNELS:
            reader.problem(line_of(item, "id"), f"worker id '{worker.id}' must be telegram:<user id> or line:<user id>")
        if worker.role not in ROLES:
            reader.problem(line_of(item, "role"), f"role '{worker.role}' must be worker or supervisor")
        workers.append(worker)
    return tuple(worker for worker in workers if worker.id)


def _read_shifts(reader: Reader, data: Any) -> tuple[Shift, ...]:
    rows = data.get("shifts") or []
    shifts = []
    for index, row in enumerate(rows if isinstance(rows, list) else []):
        line = item_line(rows, index)
        days = [str(day).lower() for day in (row.get("days") or [])] if isinstance(row, dict) else []
        unknown = [day for day in days if weekday(day) is None]
        try:
            start, end = parse_clock(str(row.get("start", ""))), parse_clock(str(row.get("end", "")))
        except (ValueError, AttributeError) as error:
            reader.problem(line, f"malformed shift: {error}")
            continue
        if unknown or not days:
            reader.problem(line, f"malformed shift: days must be some of {', '.join(DAY_NAMES)}")
            continue
        byday = frozenset(number for day in days if (number := weekday(day)) is not None)
        shifts.append(Window(start, end, byday=byday))
    return tuple(shifts)


def _read_escalation(reader: Reader, data: Any) -> dict[Urgency, int]:
    given = data.get("escalate_minutes")
    if given is None:
        return dict(DEFAULT_ESCALATE)
    minutes: dict[Urgency, int] = {}
    for key, value in given.items() if isinstance(given, dict) else ():
        if key not in {u.value for u in Urgency} or not isinstance(value, int) or value < 1:
            reader.problem(line_of(given, key), f"escalate_minutes: '{key}: {value}' needs an urgency and minutes >= 1")
            continue
        minutes[Urgency(key)] = value
    return minutes


def load_workers(path: Path) -> tuple[WorkersConfig, list[Problem]]:
    """A missing file is not an error: handoffs are then recorded and nobody is notified."""
    if not path.exists():
        return WorkersConfig(), []
    data, problems = load_yaml(path)
    if not isinstance(data, dict):
        return WorkersConfig(), problems or [Problem(str(path), 0, "expected a mapping (notify, workers, shifts)")]
    reader = Reader(path)
    retention = data.get("retention_days", 90)
    if not isinstance(retention, int) or retention < 1:
        reader.problem(line_of(data, "retention_days"), "retention_days must be a whole number of days")
        retention = 90
    try:
        checkin = parse_clock(str(data.get("checkin_time", "12:00")))
    except ValueError as error:
        reader.problem(line_of(data, "checkin_time"), f"checkin_time: {error}")
        checkin = 12 * 60
    config = WorkersConfig(
        _read_destinations(reader, data),
        _read_workers(reader, data),
        _read_shifts(reader, data),
        _read_escalation(reader, data),
        retention,
        checkin,
    )
    return config, problems + reader.problems


class WorkersStore(LastGood[WorkersConfig]):
    """The last good workers.yaml; call it for the current config (a bad edit keeps the old one).
    A missing file is a valid roster: nobody is notified."""

    def __init__(self, path: Path):
        self.path = path
        super().__init__(lambda: [path], lambda: load_workers(path), WorkersConfig())
