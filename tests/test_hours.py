from datetime import date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.config import catalog
from bot.core.hours import LOOKAHEAD_DAYS, TOKYO, Hours, Window, describe_opening, parse_clock
from bot.core.texts import Texts
from tests.conftest import tokyo

WEEKDAYS = frozenset(range(5))
OFFICE = Hours((Window(8 * 60 + 30, 17 * 60 + 15, byday=WEEKDAYS),), closed_on_holidays=True, closed_year_end=True)
# Saturday 22:00 to Sunday 06:00, as a night line might run.
NIGHT = Hours((Window(22 * 60, 6 * 60, byday=frozenset({5})),))
# Every day 16:00-21:00, plus the 10th of each month from 08:00 to the next day 08:00 (いのちの電話 style).
MONTHLY = Hours(
    (Window(16 * 60, 21 * 60, byday=frozenset(range(7))), Window(8 * 60, 8 * 60, bymonthday=frozenset({10})))
)


@pytest.mark.parametrize(
    ("hours", "at", "is_open"),
    [
        (OFFICE, "2026-11-24 10:00", True),  # Tuesday
        (OFFICE, "2026-11-24 08:29", False),
        (OFFICE, "2026-11-24 17:15", False),  # closes_at is exclusive
        (OFFICE, "2026-11-23 10:00", False),  # 勤労感謝の日 (a Monday holiday in 2026)
        (OFFICE, "2026-12-29 10:00", False),  # 年末年始
        (OFFICE, "2027-01-04 10:00", True),
        (OFFICE, "2026-11-22 10:00", False),  # Sunday
        (NIGHT, "2026-11-28 23:00", True),  # Saturday night
        (NIGHT, "2026-11-29 02:00", True),  # Sunday 2 a.m., still Saturday's window
        (NIGHT, "2026-11-29 06:00", False),
        (NIGHT, "2026-11-28 02:00", False),  # Saturday 2 a.m. is Friday night: closed
        (MONTHLY, "2026-11-10 09:00", True),
        (MONTHLY, "2026-11-11 07:59", True),  # the 10th's window runs into the 11th
        (MONTHLY, "2026-11-11 08:00", False),
        (MONTHLY, "2026-11-11 16:30", True),
        (MONTHLY, "2026-11-12 03:00", False),
    ],
)
def test_is_open(hours: Hours, at: str, is_open: bool) -> None:
    assert hours.is_open(tokyo(at)) is is_open


def test_is_open_converts_other_time_zones() -> None:
    from datetime import UTC, datetime

    # 01:00 UTC on Tuesday is 10:00 in Tokyo.
    assert OFFICE.is_open(datetime(2026, 11, 24, 1, 0, tzinfo=UTC)) is True


def test_unknown_hours_are_none_not_a_guess() -> None:
    unknown = Hours(())
    assert unknown.is_open(tokyo("2026-11-24 10:00")) is None
    assert unknown.next_opening(tokyo("2026-11-24 10:00")) is None


@pytest.mark.parametrize(
    ("hours", "at", "expected"),
    [
        (OFFICE, "2026-11-24 18:00", "2026-11-25 08:30"),
        (OFFICE, "2026-11-21 12:00", "2026-11-24 08:30"),  # Saturday -> past the Monday holiday
        (OFFICE, "2026-12-28 18:00", "2027-01-04 08:30"),  # over 年末年始
        (NIGHT, "2026-11-24 12:00", "2026-11-28 22:00"),
    ],
)
def test_next_opening(hours: Hours, at: str, expected: str) -> None:
    assert hours.next_opening(tokyo(at)) == tokyo(expected)


def test_valid_from_and_to() -> None:
    window = Window(0, 24 * 60, byday=frozenset(range(7)), valid_from=date(2026, 12, 1), valid_to=date(2026, 12, 31))
    hours = Hours((window,))
    assert hours.is_open(tokyo("2026-11-30 12:00")) is False
    assert hours.is_open(tokyo("2026-12-15 12:00")) is True
    assert hours.is_open(tokyo("2027-01-01 12:00")) is False


@pytest.mark.parametrize(("text", "minutes"), [("09:00", 540), ("24:00", 1440), ("0:30", 30)])
def test_parse_clock(text: str, minutes: int) -> None:
    assert parse_clock(text) == minutes


@pytest.mark.parametrize("text", ["9", "25:00", "09:60", "nine", "09:0"])
def test_parse_clock_rejects(text: str) -> None:
    with pytest.raises(ValueError):
        parse_clock(text)


@pytest.mark.parametrize(
    ("texts", "expected"),
    [
        (catalog.texts(), ["今日 8:30", "明日 8:30", "11月27日(金) 8:30"]),
        (catalog.texts_en(), ["today 8:30", "tomorrow 8:30", "Fri 11/27 8:30"]),
    ],
)
def test_describe_opening_in_the_replys_language(texts: Texts, expected: list[str]) -> None:
    now = tokyo("2026-11-24 02:00")
    openings = [tokyo("2026-11-24 08:30"), tokyo("2026-11-25 08:30"), tokyo("2026-11-27 08:30")]
    assert [describe_opening(at, now, texts.entries) for at in openings] == expected


# One weekly window and a moment across 年末年始 (元日 a 祝日 too): midnight crossings and closed days.
ONE_WINDOW_AT_A_MOMENT = given(
    opens=st.integers(0, 24 * 60 - 1),
    closes=st.integers(1, 24 * 60),
    byday=st.frozensets(st.integers(0, 6)),
    at=st.datetimes(datetime(2026, 12, 20), datetime(2027, 1, 10)),
)


@settings(max_examples=400, deadline=None)
@ONE_WINDOW_AT_A_MOMENT
def test_is_open_means_inside_one_of_the_days_spans(
    opens: int, closes: int, byday: frozenset[int], at: datetime
) -> None:
    """The second-counting `is_open` agrees with the windows' spans as datetimes, at any moment,
    across midnight, 祝日 and 年末年始."""
    hours = Hours((Window(opens, closes, byday=byday),), closed_on_holidays=True, closed_year_end=True)
    local = at.replace(tzinfo=TOKYO)
    days = (local.date() - timedelta(days=1), local.date())
    inside = any(
        start <= local < end for day in days if not hours.is_closed_day(day) for start, end in _spans(hours, day)
    )
    assert hours.is_open(local) is inside


@settings(max_examples=400, deadline=None)
@ONE_WINDOW_AT_A_MOMENT
def test_next_opening_is_the_first_span_start_after_the_moment(
    opens: int, closes: int, byday: frozenset[int], at: datetime
) -> None:
    """The second-counting `next_opening` (a moment's microseconds too) agrees with the spans as datetimes."""
    hours = Hours((Window(opens, closes, byday=byday),), closed_on_holidays=True, closed_year_end=True)
    local = at.replace(tzinfo=TOKYO)
    days = [local.date() + timedelta(days=offset) for offset in range(LOOKAHEAD_DAYS)]
    starts = [start for day in days if not hours.is_closed_day(day) for start, _ in _spans(hours, day) if start > local]
    assert hours.next_opening(local) == (min(starts) if starts else None)


def _spans(hours: Hours, day: date) -> list[tuple[datetime, datetime]]:
    return [window.span_on(day) for window in hours.windows if window.applies_on(day)]
