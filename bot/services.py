"""The service directory (HSDS-3-shaped YAML in `services/`) and suggestions from it."""

from __future__ import annotations

import math
from dataclasses import dataclass, field, replace
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bot.faq import check_categories
from bot.hours import DAYS, Hours, Window, parse_clock
from bot.model import Location, ServiceSuggestion
from bot.status import Status, parse_date, read_part_status, read_status
from bot.yamlsrc import Problem, Reader, duplicate_ids, item_line, line_of, load_yaml

NATIONAL = "national"


@dataclass(frozen=True)
class Phone:
    number: str
    description: str = ""
    status: Status = field(default_factory=lambda: Status("unverified"))


@dataclass(frozen=True)
class Service:
    id: str
    name: str
    description: str
    categories: tuple[str, ...]
    service_areas: tuple[str, ...]
    phones: tuple[Phone, ...]
    hours: Hours
    source: str
    assured_date: date | None
    hours_note: str = ""
    url: str = ""
    languages: tuple[str, ...] = ()
    fees_description: str = ""
    location: Location | None = None
    address: str = ""
    where: str = ""
    status: Status = field(default_factory=lambda: Status("unverified"))
    hours_status: Status = field(default_factory=lambda: Status("unverified"))
    offices: tuple[str, ...] = ()  # kinds of local office this record is, for FAQ answers' `{office}`
    text_contact: bool = False  # reached by text (chat, mail, LINE) at its url: for people who cannot call

    @property
    def verification(self) -> str:
        return self.status.verified

    @property
    def shown_phones(self) -> tuple[Phone, ...]:
        """A number no page we trust gives is never shown to a person."""
        return tuple(phone for phone in self.phones if phone.status.verified != "unverified")

    @property
    def phone(self) -> str | None:
        shown = self.shown_phones
        return shown[0].number if shown else None

    def open_at(self, at: datetime) -> bool | None:
        """Open only on a confirmed schedule. An unconfirmed one resolves toward the safer claim:
        closed when it says closed, else unknown (the person is told to ask by phone)."""
        recorded = self.hours.is_open(at)
        if self.hours_status.confirmed:
            return recorded
        return False if recorded is False else None

    def serves(self, area: str | None) -> bool:
        """National lines serve everyone; a local one serves its area and the areas inside it."""
        if NATIONAL in self.service_areas or area is None:
            return True
        return any(area == key or area.startswith(key) for key in self.service_areas)


@dataclass(frozen=True)
class Area:
    id: str
    name: str


def _read_window(reader: Reader, row: Any, line: int) -> Window | None:
    if not isinstance(row, dict):
        reader.problem(line, "a schedule row must be a mapping")
        return None
    try:
        opens, closes = parse_clock(str(row.get("opens_at", ""))), parse_clock(str(row.get("closes_at", "")))
    except ValueError as error:
        reader.problem(line, f"malformed schedule: {error}")
        return None
    byday = row.get("byday") or []
    unknown = [day for day in byday if day not in DAYS]
    if unknown:
        reader.problem(line, f"malformed schedule: unknown byday {unknown} (use {', '.join(DAYS)})")
    monthdays = [day for day in row.get("bymonthday") or [] if isinstance(day, int) and 1 <= day <= 31]
    if not byday and not monthdays:
        reader.problem(line, "malformed schedule: give byday or bymonthday")
        return None
    valid = {key: parse_date(reader, row, key) for key in ("valid_from", "valid_to") if key in row}
    return Window(
        opens, closes, frozenset(DAYS.index(day) for day in byday if day in DAYS), frozenset(monthdays),
        valid.get("valid_from"), valid.get("valid_to"),
    )


def _read_hours(reader: Reader, item: Any) -> Hours:
    rows = item.get("schedules") or []
    if not isinstance(rows, list):
        reader.problem(line_of(item, "schedules"), "'schedules' must be a list")
        rows = []
    windows = [_read_window(reader, row, item_line(rows, index)) for index, row in enumerate(rows)]
    for key in ("holidays", "year_end"):
        if item.get(key, "open") not in ("open", "closed"):
            reader.problem(line_of(item, key), f"'{key}' must be open or closed")
    return Hours(
        tuple(window for window in windows if window),
        closed_on_holidays=item.get("holidays") == "closed",
        closed_year_end=item.get("year_end") == "closed",
    )


def _read_phones(reader: Reader, item: Any, parent: Status) -> tuple[Phone, ...]:
    phones = []
    for index, row in enumerate(item.get("phones") or []):
        number = str(row.get("number", "")).strip() if isinstance(row, dict) else ""
        line = item_line(item["phones"], index)
        if not number:
            reader.problem(line, "a phone needs a 'number'")
            continue
        status = read_part_status(reader, row, parent, line)
        phones.append(Phone(number, str(row.get("description", "")).strip(), status))
    return tuple(phones)


def _read_hours_status(reader: Reader, item: Any, parent: Status) -> Status:
    own = item.get("hours_status")
    if own is None:
        return replace(parent, where=f"{reader.path}:{line_of(item, 'schedules') or line_of(item)}")
    if not isinstance(own, dict):
        reader.problem(line_of(item, "hours_status"), "'hours_status' must be a mapping {verified, source, checked}")
        return replace(parent, verified="unverified")
    return read_part_status(reader, own, parent, line_of(item, "hours_status"))


def _read_location(item: Any) -> tuple[Location | None, str]:
    place = item.get("location")
    if not isinstance(place, dict):
        return None, ""
    address = str(place.get("address", "") or "").strip()
    lat, lon = place.get("latitude"), place.get("longitude")
    if isinstance(lat, int | float) and isinstance(lon, int | float):
        return Location(float(lat), float(lon)), address
    return None, address


def _read_service(reader: Reader, line: int, item: Any) -> Service | None:
    service_categories = reader.text_list(item, "categories")
    check_categories(reader, item, "categories", service_categories)
    location, address = _read_location(item)
    status = read_status(reader, item, "assured_date", line)
    service = Service(
        id=reader.text(item, "id"),
        name=reader.text(item, "name"),
        description=reader.text(item, "description", required=False),
        categories=service_categories,
        service_areas=reader.text_list(item, "service_areas"),
        phones=_read_phones(reader, item, status),
        hours=_read_hours(reader, item),
        source=status.source,
        assured_date=status.checked,
        hours_note=reader.text(item, "hours_note", required=False),
        url=reader.text(item, "url", required=False),
        languages=reader.text_list(item, "languages", required=False),
        fees_description=reader.text(item, "fees_description", required=False),
        location=location,
        address=address,
        where=f"{reader.path}:{line}",
        status=status,
        hours_status=_read_hours_status(reader, item, status),
        offices=reader.text_list(item, "offices", required=False),
        text_contact=item.get("text_contact") is True,
    )
    return service if service.id and service.name else None


def load_services_dir(folder: Path) -> tuple[list[Service], list[Area], list[Problem]]:
    services: list[Service] = []
    areas: list[Area] = []
    problems: list[Problem] = []
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        problems.append(Problem(str(folder), 0, "no service files (*.yaml) found"))
    for path in files:
        data, load_problems = load_yaml(path)
        problems.extend(load_problems)
        if data is None:
            continue
        reader = Reader(path)
        if isinstance(data, dict) and isinstance(data.get("area"), dict):
            areas.append(Area(str(data["area"].get("id", "")), str(data["area"].get("name", ""))))
        for line, item in reader.mapping_items(data, "services"):
            if service := _read_service(reader, line, item):
                services.append(service)
        problems.extend(reader.problems)
    return services, areas, problems + duplicate_ids(services)


def distance_km(a: Location, b: Location) -> float:
    """Great-circle distance (haversine)."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat, dlon = lat2 - lat1, math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def suggestion(service: Service, at: datetime, near: Location | None = None) -> ServiceSuggestion:
    """What a person sees of a record: an unconfirmed schedule is never called open (「受付時間は電話で
    確認してください」, or closed without a next time), and its hours note stays unsaid."""
    confirmed = service.hours_status.confirmed
    return ServiceSuggestion(
        service_id=service.id,
        name=service.name,
        phone=service.phone,
        open_now=service.open_at(at),
        opens_next=service.hours.next_opening(at) if confirmed else None,
        hours_note=service.hours_note if confirmed else "",
        distance_km=distance_km(near, service.location) if near and service.location else None,
        url=service.url,
    )


def suggest(
    services: list[Service], needs: tuple[str, ...], at: datetime, area: str | None = None,
    limit: int = 3, near: Location | None = None,
) -> tuple[ServiceSuggestion, ...]:
    """Services for the needs, in the person's area: open now first, then unknown hours, then closed;
    the need listed first wins ties, then local before national, then the order in the data."""
    ranked = []
    for order, service in enumerate(services):
        matches = [needs.index(c) for c in service.categories if c in needs]
        if not matches or not service.serves(area):
            continue
        found = suggestion(service, at, near)
        openness = {True: 0, None: 1, False: 2}[found.open_now]
        local = 1 if NATIONAL in service.service_areas else 0
        distance = found.distance_km if found.distance_km is not None else math.inf
        ranked.append(((distance if near else 0, openness, min(matches), local, order), found))
    ranked.sort(key=lambda pair: pair[0])
    return tuple(found for _, found in ranked[:limit])
