"""Every fact carries its status; an unconfirmed schedule is never called open; check and report say
what is unverified, disputed or stale, with file:line."""

from datetime import date
from pathlib import Path

import pytest

from bot.cli.main import main
from bot.config.catalog import texts
from bot.config.content import Ages, audit, render_report, warnings
from bot.config.knowledge_store import load_knowledge
from bot.config.services_files import load_services_dir
from bot.core.knowledge import Knowledge
from bot.core.render import handoff_numbers, service_line
from bot.core.services import suggest, suggestion
from tests.conftest import tokyo

RECORDS = """
services:
  - id: confirmed-night
    name: 確かな夜の電話
    categories: [crisis]
    service_areas: [national]
    phones: [{number: "0120-000-001"}]
    schedules:
      - {byday: [MO, TU, WE, TH, FR, SA, SU], opens_at: "22:00", closes_at: "06:00"}
    source: https://example.org/official
    assured_date: 2026-12-02
    verified: official
  - id: article-night
    name: 記事だけの夜の電話
    categories: [crisis]
    service_areas: [national]
    phones:
      - {number: "0120-000-002"}
      - {number: "0120-000-003", verified: unverified, source: https://example.org/blog, checked: 2026-12-02}
    schedules:
      - {byday: [MO, TU, WE, TH, FR, SA, SU], opens_at: "00:00", closes_at: "24:00"}
    hours_note: 2020年の記事では24時間
    source: https://example.org/article
    assured_date: 2026-12-02
    verified: secondary
  - id: disputed-night
    name: 出典が食い違う電話
    categories: [crisis]
    service_areas: [national]
    phones: [{number: "0120-000-004"}]
    schedules:
      - {byday: [MO, TU, WE, TH, FR, SA, SU], opens_at: "18:00", closes_at: "08:00"}
    hours_status:
      verified: official
      source: https://example.org/official-old
      checked: 2025-01-10
      disputed: another official page says 18:00-23:00
    source: https://example.org/official
    assured_date: 2026-12-02
    verified: official
"""


def line_of(text: str) -> int:
    return RECORDS.splitlines().index(text) + 1


@pytest.fixture
def records(tmp_path: Path):  # type: ignore[no-untyped-def]
    folder = tmp_path / "services"
    folder.mkdir()
    (folder / "lines.yaml").write_text(RECORDS, encoding="utf-8")
    services, _, problems = load_services_dir(folder)
    assert problems == []
    return {service.id: service for service in services}


def test_status_is_read_for_records_hours_and_phones(records) -> None:  # type: ignore[no-untyped-def]
    article = records["article-night"]
    assert article.status.verified == "secondary" and article.hours_status.verified == "secondary"
    assert [p.status.verified for p in article.phones] == ["secondary", "unverified"]
    assert article.phones[1].status.source == "https://example.org/blog"
    disputed = records["disputed-night"]
    assert disputed.hours_status.disputed and not disputed.hours_status.confirmed
    assert disputed.hours_status.where.endswith(f"lines.yaml:{line_of('    hours_status:')}")


@pytest.mark.parametrize("service_id", ["article-night", "disputed-night"])
def test_an_unconfirmed_schedule_is_never_called_open(records, service_id: str) -> None:  # type: ignore[no-untyped-def]
    at_3am = tokyo("2026-12-03 03:00")
    found = suggestion(records[service_id], at_3am)
    assert found.open_now is None and found.opens_next is None and found.hours_note == ""
    line = service_line(found, at_3am, texts())
    assert "いま受付中" not in line and "受付時間は電話で確認してください" in line


def test_an_unconfirmed_schedule_that_says_closed_counts_as_closed(records) -> None:  # type: ignore[no-untyped-def]
    """Toward the safer claim: no next opening is promised, and a person at risk is not sent there."""
    afternoon = tokyo("2026-12-03 12:00")
    found = suggestion(records["disputed-night"], afternoon)
    assert found.open_now is False and found.opens_next is None
    assert "次は" not in service_line(found, afternoon, texts())


def test_at_night_a_confirmed_line_comes_first(records) -> None:  # type: ignore[no-untyped-def]
    found = suggest(list(records.values()), ("crisis",), tokyo("2026-12-03 03:00"))
    assert [(s.service_id, s.open_now) for s in found][0] == ("confirmed-night", True)
    assert {s.open_now for s in found[1:]} == {None}


def test_an_unverified_number_is_not_shown(records) -> None:  # type: ignore[no-untyped-def]
    article = records["article-night"]
    assert article.phone == "0120-000-002" and [p.number for p in article.shown_phones] == ["0120-000-002"]


def test_check_refuses_coverage_by_unconfirmed_hours(data_copy: Path) -> None:
    """yorisoi-hotline's 24 hours count only while an official page confirms them."""
    path = data_copy / "services" / "national.yaml"
    text = path.read_text(encoding="utf-8")
    for sid in ("police-110", "fire-ambulance-119", "yorisoi-hotline"):
        start = text.index(f"  - id: {sid}\n")
        end = text.index("\n  - id: ", start + 1)
        record = text[start:end].replace("verified: official", "verified: secondary")
        text = text[:start] + record + text[end:]
    path.write_text(text, encoding="utf-8")
    knowledge, problems = load_knowledge(data_copy)
    assert knowledge is None
    assert any("no listed number answers" in p.message for p in problems), problems


def test_shipped_crisis_numbers_answer_every_hour_on_confirmed_hours(knowledge: Knowledge) -> None:
    for rule in knowledge.rules.rules:
        for hour in range(0, 24 * 7, 5):
            at = tokyo("2026-12-28 00:30").replace(hour=0) + __import__("datetime").timedelta(hours=hour)
            numbers = handoff_numbers(rule, knowledge, at)
            assert any(n.open_now for n in numbers), (rule.id, at)


def test_warnings_name_file_line_and_what_is_wrong(tmp_path: Path, records) -> None:  # type: ignore[no-untyped-def]
    knowledge, _ = load_knowledge(Path(__file__).resolve().parent.parent)
    assert knowledge is not None
    from dataclasses import replace

    mine = replace(knowledge, services=tuple(records.values()), entries=())
    found = {str(w) for w in warnings(mine, date(2026, 12, 2))}
    article = f"lines.yaml:{line_of('  - id: article-night')}: warning: article-night: secondary source: confirm on"
    assert any(article in w for w in found), found
    assert any("article-night phone 0120-000-003: not shown to people; unverified" in w for w in found), found
    hours = f":{line_of('    hours_status:')}: warning: disputed-night hours: hours not confirmed"
    assert any(hours in w and "sources disagree" in w and "stale: checked 2025-01-10" in w for w in found), found
    assert not any("confirmed-night" in w for w in found)
    later = {str(w) for w in warnings(mine, date(2027, 7, 1), Ages(hours=180, phones=180, facts=365))}
    assert any("confirmed-night hours: stale" in w for w in later)


def test_report_groups_crisis_lines_first(knowledge: Knowledge) -> None:
    findings = audit(knowledge, date(2026, 12, 2))
    groups = [finding.group for finding in findings]
    assert groups[0] == "crisis lines" and groups[-1] == "FAQ answers"
    assert groups == sorted(groups, key=["crisis lines", "national lines", "local directory", "FAQ answers"].index)
    text = render_report(findings)
    assert text.splitlines()[0].startswith("crisis lines:")
    assert {f.item for f in findings} >= {"yorisoi-hotline", "yorisoi-hotline hours", "faq seikatsu-hogo-flow"}


def test_check_prints_warnings_but_passes_and_report_content_runs(capsys: pytest.CaptureFixture[str]) -> None:
    # In this process (the command line through a real process is tests/test_cli.py's job).
    assert main(["check", "--today", "2026-12-02"]) == 0
    out = capsys.readouterr().out
    warned = [line for line in out.splitlines() if ": warning: " in line]
    assert warned and all(line.split(":")[1].isdigit() for line in warned)
    assert out.splitlines()[-1].startswith("ok:")
    assert main(["report", "content", "--today", "2026-12-02"]) == 0
    assert capsys.readouterr().out.startswith("crisis lines:")
    assert main(["check", "--today", "2027-12-02", "--stale-days", "30"]) == 0
    assert "stale: checked" in capsys.readouterr().out
