"""The service directory as the core sees it, and suggestions from it (pure)."""

from __future__ import annotations

import math
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cached_property

from bot.core.hours import Hours
from bot.core.model import Location, ServiceSuggestion
from bot.core.people import fits
from bot.core.status import Status

NATIONAL = "national"
NOT_FOR_IT = 99  # the tier of a service that does not serve the first need
_NOT_DIALLED = re.compile(r"[^0-9#]")
_Ranked = tuple[tuple[float, ...], "Service", bool | None]  # (sort key, record, open now)


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
    # Languages its chat and mail take where its phone does not (DV相談＋: the phone in Japanese, chat and mail
    # in ten languages): a person is told to write, never that the phone speaks them (`languages`).
    text_languages: tuple[str, ...] = ()
    # Languages its staff bring an interpreter into the call for (119: a three-way call through an
    # interpreting centre), where the line itself does not speak them.
    interpreted_languages: tuple[str, ...] = ()
    name_en: str = ""  # shown to English readers as "name_en (name)"
    hours_note_en: str = ""  # the hours note in English, shown to English readers in its place
    for_whom: tuple[str, ...] = ()  # for these groups of people only (children, older_people)

    @property
    def verification(self) -> str:
        return self.status.verified

    def reached_in(self, language: str) -> bool:
        """Whether a person can reach it in the language: by phone, by its chat and mail, or through the
        interpreter its staff bring into the call."""
        return language in self.languages or language in self.text_languages or language in self.interpreted_languages

    # A record's numbers are asked for every time it is ranked (dozens a message), and never change.
    @cached_property
    def shown_phones(self) -> tuple[Phone, ...]:
        """A number no page we trust gives is never shown to a person."""
        return tuple(phone for phone in self.phones if phone.status.verified != "unverified")

    @cached_property
    def phone(self) -> str | None:
        shown = self.shown_phones
        return shown[0].number if shown else None

    @cached_property
    def dialled(self) -> str:
        """The number as dialled (#7119, 0120…), "" when none is shown: one call under two records."""
        return _dialled(self.phone)

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


def distance_km(a: Location, b: Location) -> float:
    """Great-circle distance (haversine)."""
    lat1, lat2 = math.radians(a.latitude), math.radians(b.latitude)
    dlat, dlon = lat2 - lat1, math.radians(b.longitude - a.longitude)
    h = math.sin(dlat / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin(dlon / 2) ** 2
    return 6371.0 * 2 * math.asin(math.sqrt(h))


def suggestion(service: Service, at: datetime, near: Location | None = None) -> ServiceSuggestion:
    """What a person sees of a record: an unconfirmed schedule is never called open (「受付時間は電話で
    確認してください」, or closed without a next time), and its hours note stays unsaid."""
    return _suggestion(service, at, near, service.open_at(at))


def _suggestion(service: Service, at: datetime, near: Location | None, open_now: bool | None) -> ServiceSuggestion:
    """`suggestion` of a record whose opening now is known already (`suggest` ranked by it)."""
    confirmed = service.hours_status.confirmed
    return ServiceSuggestion(
        service_id=service.id,
        name=service.name,
        phone=service.phone,
        open_now=open_now,
        opens_next=service.hours.next_opening(at) if confirmed else None,
        hours_note=service.hours_note if confirmed else "",
        distance_km=distance_km(near, service.location) if near and service.location else None,
        url=service.url,
    )


def suggest(
    services: list[Service],
    needs: tuple[str, ...],
    at: datetime,
    area: str | None = None,
    limit: int = 3,
    near: Location | None = None,
    people: frozenset[str] = frozenset(),
) -> tuple[ServiceSuggestion, ...]:
    """Services for the needs, in the person's area, for the people the need is about. The more the
    first need is what a service is for, the earlier it comes (a 地域包括 question is not answered
    with a labour line that happens to be open, a rent question not with a women's shelter); open
    now first within each tier, then the rest alike (closed or hours unknown); then local before national, then
    the order in the data. If none of those shown answers now, the last place goes to the best line
    for the first need that does: at night there is someone to call."""
    ranked: list[_Ranked] = []
    wanted = set(needs)
    for order, service in enumerate(services):
        if wanted.isdisjoint(service.categories):  # most of the directory, passed over in one step
            continue
        matches = [needs.index(c) for c in service.categories if c in needs]
        if not service.serves(area) or not fits(service.for_whom, people) or _aside(service, needs):
            continue
        # Ranking needs only whether it is open and how far; when it opens next is worked out for the
        # few shown (it walks the calendar, and a directory has dozens of candidates per message).
        open_now = service.open_at(at)
        # Open now first; a place with unknown hours is no nearer than one closed now. Ranking unknown
        # hours ahead made the 188 consumer line (hours vary) the debt place of a story at night, ahead of
        # 法テラス (closed till 9:00) listed before it; the data's order says which place comes first.
        openness = 0 if open_now else 1
        local = 1 if NATIONAL in service.service_areas else 0
        distance = distance_km(near, service.location) if near and service.location else math.inf
        key = (distance if near else 0, _tier(service, needs), openness, min(matches), local, order)
        ranked.append((key, service, open_now))
    ranked.sort(key=lambda row: row[0])
    ranked = _one_per_number(ranked)
    shown = [_suggestion(service, at, near, is_open) for _, service, is_open in ranked[:limit]]
    if near:  # the nearest places, whatever their hours: the person asked where, not who answers now
        return tuple(shown)
    # Made only as far as the first one taken: the rest of the ranking is never shown.
    open_later = (
        _suggestion(service, at, near, True)
        for key, service, is_open in ranked[limit:]
        if is_open and key[1] < NOT_FOR_IT
    )
    return open_line_last(shown, open_later)


PlaceIndex = dict[str, tuple[tuple[int, Service], ...]]


def place_index(services: Iterable[Service]) -> PlaceIndex:
    """Each record under its id and its kinds of office, with its position in the directory: built once per
    loaded directory (`Knowledge.places`), as every answer looks up the few places it names."""
    index: dict[str, list[tuple[int, Service]]] = {}
    for order, service in enumerate(services):
        for key in dict.fromkeys((service.id, *service.offices)):
            index.setdefault(key, []).append((order, service))
    return {key: tuple(rows) for key, rows in index.items()}


def named_places(
    by_place: PlaceIndex,
    places: tuple[str, ...],
    at: datetime,
    area: str | None = None,
    limit: int = 3,
    people: frozenset[str] = frozenset(),
) -> tuple[ServiceSuggestion, ...]:
    """The places an answer names (`places:` in faq/: kinds of local office, national lines), in its order,
    those of the person's area and for the people the conversation is about. Only these: a 児童手当
    answer sends people to the city's child and family office, not to the abuse line (189) that shares
    its need and answers at night."""
    first_named: dict[str, tuple[int, int]] = {}  # record id -> (first place naming it, its directory order)
    services: dict[str, Service] = {}
    for position, place in enumerate(places):
        for order, service in by_place.get(place, ()):
            if service.id not in first_named and service.serves(area) and fits(service.for_whom, people):
                first_named[service.id], services[service.id] = (position, order), service
    ranked: list[_Ranked] = [(key, services[service_id], None) for service_id, key in first_named.items()]
    ranked.sort(key=lambda row: row[0])
    return tuple(suggestion(service, at) for _, service, _ in _one_per_number(ranked)[:limit])


def suggest_each(
    services: list[Service],
    needs: tuple[str, ...],
    at: datetime,
    area: str | None = None,
    limit: int = 3,
    people: frozenset[str] = frozenset(),
) -> tuple[ServiceSuggestion, ...]:
    """For a story of several needs and no answer: the best place for each need in turn (rent, work and
    debt each get theirs, not three places for the first), then the best for all; at night the last
    place goes to a line for the first need that answers now if none shown does, as in `suggest`."""
    ranked = suggest(services, needs, at, area=area, limit=limit * 4, people=people)
    # The first need's ranking serves twice: its best opens the list, and its open lines the night rule.
    for_first_need = suggest(services, needs[:1], at, area=area, limit=limit * 4, people=people)
    others = [suggest(services, (need,), at, area=area, limit=limit, people=people) for need in needs[1:limit]]
    firsts = [for_first_need, *others]
    shown: list[ServiceSuggestion] = []
    for candidates in [*firsts, ranked]:
        each_need = candidates is not ranked  # one place per need, then fill from the whole ranking
        for place in candidates:
            if len(shown) < limit and not any(_same_place(place, other) for other in shown):
                shown.append(place)
                if each_need:
                    break
    return open_line_last(shown, for_first_need)


def open_line_last(
    shown: Iterable[ServiceSuggestion], pool: Iterable[ServiceSuggestion]
) -> tuple[ServiceSuggestion, ...]:
    """At night, places none of which answers now end with the first of `pool` that does: there is
    someone to call (as `suggest` does within one ranking)."""
    shown = tuple(shown)
    if not shown or any(place.open_now for place in shown):
        return shown
    opened = next((p for p in pool if p.open_now and not any(_same_place(p, o) for o in shown)), None)
    return (*shown[:-1], opened) if opened else shown


def _same_place(one: ServiceSuggestion, other: ServiceSuggestion) -> bool:
    """The same record, or the same number under another record (#7119 of a city and of the nation)."""
    return (
        one.service_id == other.service_id or bool(_dialled(one.phone)) and _dialled(one.phone) == _dialled(other.phone)
    )


def _dialled(phone: str | None) -> str:
    return _NOT_DIALLED.sub("", phone or "")


def _one_per_number(ranked: list[_Ranked]) -> list[_Ranked]:
    """The best-placed record of each number: a city's #7119 centre and the national #7119 entry are
    one call, and a second line of three must not repeat it."""
    seen: set[str] = set()
    kept = []
    for row in ranked:
        number = row[1].dialled
        if number and number in seen:
            continue
        seen.add(number)
        kept.append(row)
    return kept


# The need that is about a group of people: a story about a mother with dementia who is anxious is first
# an older person's need (地域包括), then a mental-health one.
def _aside(service: Service, needs: tuple[str, ...]) -> bool:
    """A service that meets only the later needs, and none of them as what it is for: 法テラス (first a debt
    and legal line) lists "money" too, and filled the places for someone sleeping in a net café in Osaka,
    where the directory has no housing office."""
    return needs[0] not in service.categories and service.categories[0] not in needs


def _tier(service: Service, needs: tuple[str, ...]) -> int:
    """How central the first need is to the service: 0 when it is what the service is for (its first
    category), 1 when second, and so on; NOT_FOR_IT when it serves only the other needs."""
    return service.categories.index(needs[0]) if needs[0] in service.categories else NOT_FOR_IT
