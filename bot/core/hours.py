"""Opening hours in Asia/Tokyo: weekly and monthly windows, midnight crossings, 祝日 and 年末年始."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import cached_property
from zoneinfo import ZoneInfo

import jpholiday

TOKYO = ZoneInfo("Asia/Tokyo")
DAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")  # HSDS byday, as the directory writes them


def weekday(name: object) -> int | None:
    """0 for Monday … 6 for Sunday, from either spelling admins use: HSDS `MO` (services/) or `mon`
    (workers.yaml). One vocabulary, two ways to write it; None when it is neither."""
    key = str(name).strip().upper()[:2]
    return DAYS.index(key) if key in DAYS and len(str(name).strip()) in (2, 3) else None


LOOKAHEAD_DAYS = 15  # long enough to pass 年末年始 and Golden Week
MEMO_DAYS = 8  # days whose windows an `Hours` keeps (`is_open` asks for today and yesterday)


@dataclass(frozen=True)
class Window:
    """One schedule row, shaped after HSDS `schedule` (byday / bymonthday, opens_at, closes_at)."""

    opens: int  # minutes after midnight
    closes: int  # minutes after midnight; <= opens means the window ends the next day
    byday: frozenset[int] = frozenset()  # 0 = Monday
    bymonthday: frozenset[int] = frozenset()
    valid_from: date | None = None
    valid_to: date | None = None

    def applies_on(self, day: date) -> bool:
        if self.valid_from and day < self.valid_from or self.valid_to and day > self.valid_to:
            return False
        return day.weekday() in self.byday or day.day in self.bymonthday

    @property
    def ends(self) -> int:
        """Minutes after the midnight of the day it opens (past 1440 when it ends the next day)."""
        return self.closes if self.closes > self.opens else self.closes + 24 * 60

    def span_on(self, day: date) -> tuple[datetime, datetime]:
        midnight = datetime.combine(day, time(), TOKYO)
        return midnight + timedelta(minutes=self.opens), midnight + timedelta(minutes=self.ends)


@dataclass(frozen=True)
class Hours:
    windows: tuple[Window, ...]
    closed_on_holidays: bool = False
    closed_year_end: bool = False  # 12/29 - 1/3, as most public offices

    @property
    def known(self) -> bool:
        return bool(self.windows)

    def is_closed_day(self, day: date) -> bool:
        if self.closed_year_end and ((day.month == 12 and day.day >= 29) or (day.month == 1 and day.day <= 3)):
            return True
        return self.closed_on_holidays and jpholiday.is_holiday(day)

    def is_open(self, at: datetime) -> bool | None:
        """None when the hours are not known: the person is told so, never guessed at."""
        if not self.known:
            return None
        local = at.astimezone(TOKYO)
        # In whole seconds after each day's midnight (Tokyo keeps no summer time), not as datetimes:
        # every candidate place is asked this for every message.
        second = local.hour * 3600 + local.minute * 60 + local.second
        for back in (1, 0):
            since = second + back * 86400
            if any(opens <= since < ends for opens, ends in self._seconds_on(local.date() - timedelta(days=back))):
                return True
        return False

    def _seconds_on(self, day: date) -> tuple[tuple[int, int], ...]:
        """The windows open on a day, as (opens, ends) in seconds after its midnight; none on a closed day.
        Kept for the last few days: a day's windows are the same for every message that day."""
        spans = self._days.get(day)
        if spans is None:
            if len(self._days) >= MEMO_DAYS:
                self._days.clear()
            windows = () if self.is_closed_day(day) else (w for w in self.windows if w.applies_on(day))
            spans = self._days[day] = tuple((w.opens * 60, w.ends * 60) for w in windows)
        return spans

    @cached_property
    def _days(self) -> dict[date, tuple[tuple[int, int], ...]]:
        return {}

    def next_opening(self, at: datetime) -> datetime | None:
        if not self.known:
            return None
        local = at.astimezone(TOKYO)
        # In seconds after each day's midnight through `_seconds_on`'s memo, as `is_open`: every place
        # an answer names is asked this for every message.
        now = local.hour * 3600 + local.minute * 60 + local.second + local.microsecond / 1e6
        for offset in range(LOOKAHEAD_DAYS):
            day = local.date() + timedelta(days=offset)
            starts = [opens for opens, _ in self._seconds_on(day) if offset or opens > now]
            if starts:
                return datetime.combine(day, time(), TOKYO) + timedelta(seconds=min(starts))
        return None


def parse_clock(value: str) -> int:
    """'09:00' -> 540; '24:00' is allowed as the end of a day."""
    hours, _, minutes = value.strip().partition(":")
    if not (hours.isdigit() and minutes.isdigit() and len(minutes) == 2):
        raise ValueError(f"time '{value}' must look like 09:00")
    total = int(hours) * 60 + int(minutes)
    if int(minutes) >= 60 or total > 24 * 60:
        raise ValueError(f"time '{value}' is not a time of day")
    return total


def describe_opening(at: datetime, now: datetime, words: Mapping[str, str]) -> str:
    """「明日 9:00」「11月27日(金) 8:30」, "tomorrow 9:00": short, for a phone screen, in the reply's
    language (`words`: the templates opens_today, opens_tomorrow, opens_on and the weekday names)."""
    local, today = at.astimezone(TOKYO), now.astimezone(TOKYO).date()
    clock = f"{local.hour}:{local.minute:02d}"
    if local.date() == today:
        return words["opens_today"].format(clock=clock)
    if local.date() == today + timedelta(days=1):
        return words["opens_tomorrow"].format(clock=clock)
    weekday = words["weekday_names"].split()[local.weekday()]
    return words["opens_on"].format(month=local.month, day=local.day, weekday=weekday, clock=clock)
