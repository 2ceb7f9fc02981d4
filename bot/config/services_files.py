"""`services/*.yaml` (HSDS-3-shaped) read and validated: every problem with its file and line."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any

from bot.config.faq_files import check_categories, check_people
from bot.config.status_fields import parse_date, read_part_status, read_status
from bot.config.yamlsrc import Problem, Reader, duplicate_ids, item_line, line_of, read_folder
from bot.core.hours import DAYS, Hours, Window, parse_clock, weekday
from bot.core.model import Location
from bot.core.services import Area, Phone, Service
from bot.core.status import Status


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
    unknown = [day for day in byday if weekday(day) is None]
    if unknown:
        reader.problem(line, f"malformed schedule: unknown byday {unknown} (use {', '.join(DAYS)})")
    monthdays = [day for day in row.get("bymonthday") or [] if isinstance(day, int) and 1 <= day <= 31]
    if not byday and not monthdays:
        reader.problem(line, "malformed schedule: give byday or bymonthday")
        return None
    valid = {key: parse_date(reader, row, key) for key in ("valid_from", "valid_to") if key in row}
    return Window(
        opens,
        closes,
        frozenset(index for day in byday if (index := weekday(day)) is not None),
        frozenset(monthdays),
        valid.get("valid_from"),
        valid.get("valid_to"),
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
        text_languages=_read_text_languages(reader, item),
        interpreted_languages=reader.text_list(item, "interpreted_languages", required=False),
        name_en=reader.text(item, "name_en", required=False),
        hours_note_en=reader.text(item, "hours_note_en", required=False),
        for_whom=check_people(reader, item),
    )
    return service if service.id and service.name else None


def _read_text_languages(reader: Reader, item: Any) -> tuple[str, ...]:
    """`text_languages`: only for a record reached by text at its url (`text_contact: true`, `url`)."""
    languages = reader.text_list(item, "text_languages", required=False)
    if languages and not (item.get("text_contact") is True and item.get("url")):
        reader.problem(
            line_of(item, "text_languages"), "text_languages needs text_contact: true and the url where people write"
        )
    return languages


def load_services_dir(folder: Path) -> tuple[list[Service], list[Area], list[Problem]]:
    services: list[Service] = []
    areas: list[Area] = []
    problems: list[Problem] = []
    for _path, data, reader in read_folder(folder, "service", problems):
        if isinstance(data, dict) and isinstance(data.get("area"), dict):
            areas.append(Area(str(data["area"].get("id", "")), str(data["area"].get("name", ""))))
        for line, item in reader.mapping_items(data, "services"):
            if service := _read_service(reader, line, item):
                services.append(service)
        problems.extend(reader.problems)
    return services, areas, problems + duplicate_ids(services)
