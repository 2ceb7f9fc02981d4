from pathlib import Path

import pytest

from bot.config.services_files import load_services_dir
from bot.core.knowledge import Knowledge
from bot.core.model import Location
from bot.core.services import NATIONAL, distance_km, named_places, place_index, suggest, suggest_each
from tests.conftest import ROOT, tokyo

GOOD = """
area: {id: jp-99999, name: テスト市}
services:
  - id: night-line
    name: 夜の電話
    categories: [crisis]
    service_areas: [national]
    phones: [{number: "0120-000-000"}]
    schedules:
      - {byday: [SA], opens_at: "22:00", closes_at: "06:00"}
    source: https://example.org/night
    assured_date: 2026-11-22
    verified: official
  - id: city-office
    name: テスト市 福祉課
    categories: [money, crisis]
    service_areas: [jp-99999]
    phones: [{number: "000-0000-0000"}]
    schedules:
      - {byday: [MO, TU, WE, TH, FR], opens_at: "08:30", closes_at: "17:15"}
    holidays: closed
    year_end: closed
    location: {latitude: 35.0, longitude: 139.0}
    source: https://example.org/city
    assured_date: 2026-11-22
    verified: official
  - id: other-city
    name: 別の市 福祉課
    categories: [money]
    service_areas: [jp-88888]
    source: https://example.org/other
    assured_date: 2026-11-22
"""


def write(tmp_path: Path, text: str) -> Path:
    folder = tmp_path / "services"
    folder.mkdir()
    (folder / "city.yaml").write_text(text, encoding="utf-8")
    return folder


def test_loads_hsds_shaped_records(tmp_path: Path) -> None:
    services, areas, problems = load_services_dir(write(tmp_path, GOOD))
    assert problems == []
    assert [s.id for s in services] == ["night-line", "city-office", "other-city"]
    assert areas[0].id == "jp-99999"
    office = services[1]
    assert office.phone == "000-0000-0000"
    assert office.hours.closed_on_holidays and office.hours.closed_year_end
    assert office.location == Location(35.0, 139.0)


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('opens_at: "22:00"', 'opens_at: "22"', "malformed schedule"),
        ("byday: [SA]", "byday: [SATURDAY]", "unknown byday"),
        ("categories: [crisis]", "categories: [crisiss]", "unknown category 'crisiss'"),
        ("source: https://example.org/night", "source: 見ました", "must be the URL"),
        (
            "    assured_date: 2026-11-22\n    verified: official\n  - id: city-office",
            "    verified: official\n  - id: city-office",
            "'assured_date' must be a date",
        ),
        ("verified: official\n  - id: city-office", "verified: sure\n  - id: city-office", "'verified' must be one of"),
        ("id: other-city", "id: night-line", "duplicate id 'night-line'"),
        ("holidays: closed", "holidays: sometimes", "'holidays' must be open or closed"),
        # languages of a chat and mail need the record to be reached by text at a url
        (
            "categories: [crisis]\n",
            "categories: [crisis]\n    text_languages: [en]\n",
            "text_languages needs text_contact",
        ),
    ],
)
def test_problems_name_file_and_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in GOOD
    _, _, problems = load_services_dir(write(tmp_path, GOOD.replace(old, new, 1)))
    assert any(message in p.message for p in problems), problems
    assert all(p.path.endswith("city.yaml") and p.line > 0 for p in problems if message in p.message)


def test_suggest_open_first_and_area(tmp_path: Path) -> None:
    services, _, _ = load_services_dir(write(tmp_path, GOOD))
    saturday_night = tokyo("2026-11-28 23:00")
    found = suggest(services, ("crisis", "money"), saturday_night, area="jp-99999")
    assert [s.service_id for s in found] == ["night-line", "city-office"]  # other-city serves elsewhere
    assert found[0].open_now is True and found[1].open_now is False
    assert found[1].opens_next == tokyo("2026-11-30 08:30")
    tuesday = tokyo("2026-11-24 10:00")
    found = suggest(services, ("money",), tuesday, area="jp-99999")
    assert [s.service_id for s in found] == ["city-office"]


def test_unknown_hours_rank_as_closed_now(tmp_path: Path) -> None:
    """Neither answers for sure tonight: the data's order decides, and a place opening now goes first."""
    services, _, _ = load_services_dir(write(tmp_path, GOOD))
    found = suggest(services, ("money",), tokyo("2026-11-24 20:00"), area=None)
    assert [(s.service_id, s.open_now) for s in found] == [("city-office", False), ("other-city", None)]
    found = suggest(services, ("money",), tokyo("2026-11-24 10:00"), area=None)
    assert [(s.service_id, s.open_now) for s in found] == [("city-office", True), ("other-city", None)]


def test_one_number_is_shown_once(tmp_path: Path) -> None:
    """A city's #7119 centre and the national #7119 record are one call: the second is not a place."""
    twin = GOOD.replace('phones: [{number: "0120-000-000"}]', 'phones: [{number: "000-0000-0000"}]')
    services, _, _ = load_services_dir(write(tmp_path, twin))
    found = suggest(services, ("crisis", "money"), tokyo("2026-11-28 23:00"), area="jp-99999")
    assert [s.service_id for s in found] == ["night-line"]


def _office(service_id: str, categories: str, phone: str, hours: str = "") -> str:
    return f"""
  - id: {service_id}
    name: {service_id}
    categories: [{categories}]
    service_areas: [national]
    phones: [{{number: "{phone}"}}]{hours}
    source: https://example.org/{service_id}
    assured_date: 2026-11-22
    verified: official"""


ALWAYS = """
    schedules:
      - {byday: [MO, TU, WE, TH, FR, SA, SU], opens_at: "00:00", closes_at: "24:00"}"""


def test_each_need_of_a_story_gets_a_place(tmp_path: Path) -> None:
    """Rent and money: not three money offices, but the best for each need, then the best for all; at
    night a line for the first need that answers now takes the last place."""
    records = [
        _office("money-1", "money", "000-0000-0001"),
        _office("money-2", "money", "000-0000-0002"),
        _office("money-3", "money", "000-0000-0003"),
        _office("rent-1", "housing", "000-0000-0004"),
        _office("money-night", "money, crisis", "000-0000-0005", ALWAYS),
    ]
    services, _, problems = load_services_dir(write(tmp_path, "services:" + "".join(records)))
    assert not problems
    night = tokyo("2026-11-25 02:30")
    assert [s.service_id for s in suggest(services, ("money", "housing"), night)][:2] == ["money-night", "money-1"]
    found = suggest_each(services, ("money", "housing"), night)
    assert [s.service_id for s in found] == ["money-night", "rent-1", "money-1"]
    found = suggest_each(services, ("housing", "money"), night)
    assert [s.service_id for s in found] == ["rent-1", "money-night", "money-1"]


def test_nearest_first_with_a_location(tmp_path: Path) -> None:
    services, _, _ = load_services_dir(write(tmp_path, GOOD))
    found = suggest(services, ("money",), tokyo("2026-11-24 10:00"), near=Location(35.01, 139.0))
    assert found[0].service_id == "city-office"
    assert found[0].distance_km == pytest.approx(1.11, abs=0.01)


def test_distance_km() -> None:
    tokyo_station, osaka_station = Location(35.681, 139.767), Location(34.702, 135.496)
    assert distance_km(tokyo_station, osaka_station) == pytest.approx(403, abs=3)


def test_directory_content(knowledge: Knowledge) -> None:
    """The shipped directory: enough records, all sourced and dated, national night lines present."""
    assert len(knowledge.services) >= 30
    for service in knowledge.services:
        assert service.source.startswith("http"), service.id
        assert service.assured_date is not None, service.id
        assert service.status.verified in ("official", "secondary", "unverified"), service.id
    national = [s for s in knowledge.services if NATIONAL in s.service_areas]
    at_3am = tokyo("2026-11-25 03:00")
    assert sum(1 for s in national if s.open_at(at_3am) and s.phone) >= 3  # on confirmed schedules only


def test_no_known_wrong_number_anywhere() -> None:
    """0570-046-556 circulates as こころの健康相談統一ダイヤル; the right one is 0570-064-556."""
    for path in [*ROOT.glob("services/*.yaml"), *ROOT.glob("faq/*.yaml"), ROOT / "handoff_rules.yaml"]:
        assert "0570-046-556" not in path.read_text(encoding="utf-8"), path


def test_inochi_free_line_is_not_always_open(knowledge: Knowledge) -> None:
    line = next(s for s in knowledge.services for p in s.phones if p.number == "0120-783-556")
    assert line.hours.is_open(tokyo("2026-11-24 03:00")) is False
    assert line.hours.is_open(tokyo("2026-11-24 17:00")) is True


TIERS = """
services:
  - id: shelter
    name: 女性の相談
    categories: [violence, safety, housing]
    service_areas: [national]
    schedules: [{byday: [MO, TU, WE, TH, FR, SA, SU], opens_at: "00:00", closes_at: "24:00"}]
    source: https://example.org/s
    assured_date: 2026-11-22
    verified: official
  - id: housing-desk
    name: 住まいの窓口
    categories: [housing, money]
    service_areas: [national]
    schedules: [{byday: [MO, TU, WE, TH, FR], opens_at: "09:00", closes_at: "17:00"}]
    source: https://example.org/h
    assured_date: 2026-11-22
    verified: official
  - id: money-desk
    name: お金の窓口
    categories: [money, housing]
    service_areas: [national]
    schedules: [{byday: [MO, TU, WE, TH, FR], opens_at: "09:00", closes_at: "17:00"}]
    source: https://example.org/m
    assured_date: 2026-11-22
    verified: official
  - id: all-night
    name: 夜のなんでも電話
    categories: [crisis, general, money]
    service_areas: [national]
    schedules: [{byday: [MO, TU, WE, TH, FR, SA, SU], opens_at: "00:00", closes_at: "24:00"}]
    source: https://example.org/n
    assured_date: 2026-11-22
    verified: official
  - id: kids-line
    name: 子どもの電話
    categories: [housing, crisis]
    for: [children]
    service_areas: [national]
    schedules: [{byday: [MO, TU, WE, TH, FR, SA, SU], opens_at: "00:00", closes_at: "24:00"}]
    source: https://example.org/k
    assured_date: 2026-11-22
    verified: official
"""


@pytest.mark.parametrize(
    ("needs", "at", "people", "expected"),
    [
        # What a service is mainly for comes before what it also does, even when that is open now.
        (("housing",), "2026-11-24 10:00", frozenset({"adults"}), ["housing-desk", "money-desk", "shelter"]),
        # Nothing for the first need open at night: the last place goes to a line for it that answers.
        (("housing",), "2026-11-24 23:00", frozenset({"adults"}), ["housing-desk", "money-desk", "shelter"]),
        (("money",), "2026-11-24 23:00", frozenset(), ["money-desk", "housing-desk", "all-night"]),
        # A line only for the other need never takes the night place.
        (("money", "violence"), "2026-11-24 23:00", frozenset(), ["money-desk", "housing-desk", "all-night"]),
        # A children's line is for a conversation about a child, or about no one in particular.
        (("housing",), "2026-11-24 10:00", frozenset({"children"}), ["housing-desk", "kids-line", "money-desk"]),
        (("housing",), "2026-11-24 10:00", frozenset(), ["housing-desk", "kids-line", "money-desk"]),
        (("housing",), "2026-11-24 10:00", frozenset({"older_people"}), ["housing-desk", "money-desk", "shelter"]),
        # A place for a later need only when that need is what it is for: the housing desk and the night
        # line also list money, and filled the places of someone whose first need has few (2026-12-04).
        (("safety", "money"), "2026-11-24 10:00", frozenset(), ["shelter", "money-desk"]),
    ],
)
def test_suggest_by_purpose_then_open_now_for_the_person(
    tmp_path: Path, needs: tuple[str, ...], at: str, people: frozenset[str], expected: list[str]
) -> None:
    services, _, problems = load_services_dir(write(tmp_path, TIERS))
    assert problems == []
    found = suggest(services, needs, tokyo(at), people=people)
    assert [s.service_id for s in found] == expected


def test_an_unknown_for_group_is_named_with_its_line(tmp_path: Path) -> None:
    _, _, problems = load_services_dir(write(tmp_path, TIERS.replace("for: [children]", "for: [kids]")))
    assert any("unknown 'for' group 'kids'" in p.message and p.line > 0 for p in problems), problems


PLACED = "services:" + "".join(
    [
        _office("child-office", "child", "000-0000-0011").replace(
            "service_areas: [national]", "service_areas: [jp-99999]"
        )
        + "\n    offices: [kodomo-katei]",
        _office("abuse-line", "child, violence", "189", ALWAYS),
        _office("law-line", "debt_legal", "000-0000-0012"),
        _office("law-line-twin", "debt_legal", "000-0000-0012"),
        _office("old-people-line", "elderly", "000-0000-0013").replace(
            "categories: [elderly]", "categories: [elderly]\n    for: [older_people]"
        ),
    ]
)


@pytest.mark.parametrize(
    ("places", "area", "people", "expected"),
    [
        # A kind of local office, then a national line, in the order the answer gives: nothing else, not
        # even the abuse line that shares the need and answers at night.
        (("kodomo-katei", "law-line"), "jp-99999", frozenset(), ["child-office", "law-line"]),
        (("law-line", "kodomo-katei"), "jp-99999", frozenset(), ["law-line", "child-office"]),
        # The office of another city is not the person's.
        (("kodomo-katei", "law-line"), "jp-88888", frozenset(), ["law-line"]),
        # One number is one place.
        (("law-line", "law-line-twin"), None, frozenset(), ["law-line"]),
        # A line for older people is not named for a conversation about a child.
        (("old-people-line", "law-line"), None, frozenset({"children"}), ["law-line"]),
        (("hellowork",), None, frozenset(), []),
    ],
)
def test_named_places_in_the_answers_order(
    tmp_path: Path, places: tuple[str, ...], area: str | None, people: frozenset[str], expected: list[str]
) -> None:
    services, _, problems = load_services_dir(write(tmp_path, PLACED))
    assert problems == []
    found = named_places(place_index(services), places, tokyo("2026-11-25 02:30"), area=area, people=people)
    assert [s.service_id for s in found] == expected
