from pathlib import Path

import pytest

from bot.casework.roster import WorkersStore, load_workers
from bot.core.model import Urgency
from tests.conftest import ROOT, tokyo

GOOD = """
notify: ["telegram:-1001234567890", "line:Cgroup"]
workers:
  - {id: "telegram:5001", name: 佐藤, role: worker}
  - {id: "line:U0123", name: 鈴木, role: supervisor}
shifts:
  - {days: [mon, tue, wed, thu, fri], start: "09:00", end: "18:00"}
  - {days: [sat], start: "22:00", end: "06:00"}
escalate_minutes: {emergency: 5, urgent: 30}
"""


def write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "workers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


def test_example_file_is_valid() -> None:
    config, problems = load_workers(ROOT / "workers.example.yaml")
    assert problems == [] and config.notify and config.workers and config.shifts


def test_loads(tmp_path: Path) -> None:
    config, problems = load_workers(write(tmp_path, GOOD))
    assert problems == []
    assert config.worker("telegram:5001").name == "佐藤"  # type: ignore[union-attr]
    assert [w.id for w in config.supervisors] == ["line:U0123"]
    assert config.escalate_minutes == {Urgency.EMERGENCY: 5, Urgency.URGENT: 30}
    assert config.retention_days == 90


@pytest.mark.parametrize(
    ("at", "on_shift", "next_shift"),
    [
        ("2026-11-25 10:00", True, "2026-11-26 09:00"),  # Wednesday day
        ("2026-11-25 02:00", False, "2026-11-25 09:00"),
        ("2026-11-28 23:00", True, "2026-11-30 09:00"),  # Saturday night shift
        ("2026-11-29 05:59", True, "2026-11-30 09:00"),  # ... crossing midnight into Sunday
        ("2026-11-29 06:00", False, "2026-11-30 09:00"),
    ],
)
def test_staffing(tmp_path: Path, at: str, on_shift: bool, next_shift: str) -> None:
    config, _ = load_workers(write(tmp_path, GOOD))
    staffing = config.staffing(tokyo(at))
    assert staffing.on_shift is on_shift and staffing.next_shift == tokyo(next_shift)


def test_missing_file_means_nobody_is_notified(tmp_path: Path) -> None:
    config, problems = load_workers(tmp_path / "nope.yaml")
    assert problems == [] and config.notify == () and config.staffing(tokyo("2026-11-25 10:00")).on_shift is None


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('"telegram:-1001234567890"', '"slack:#help"', "must be telegram:<chat id> or line:<id>"),
        ('"telegram:5001"', '"5001"', "worker id '5001'"),
        ("role: supervisor", "role: boss", "role 'boss'"),
        ('start: "09:00"', 'start: "9"', "malformed shift"),
        ("days: [sat]", "days: [saturday]", "malformed shift"),
        ("emergency: 5", "emergency: 0", "escalate_minutes"),
        ("notify:", "notify: [", "invalid YAML"),
    ],
)
def test_problems_name_file_and_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in GOOD
    _, problems = load_workers(write(tmp_path, GOOD.replace(old, new, 1)))
    found = [p for p in problems if message in p.message]
    assert found and found[0].line > 0 and found[0].path.endswith("workers.yaml"), problems


def test_store_keeps_the_last_good_config(tmp_path: Path) -> None:
    path = write(tmp_path, GOOD)
    store = WorkersStore(path)
    assert store.reload() == [] and store().notify
    path.write_text(GOOD.replace("role: supervisor", "role: boss") + "\n", encoding="utf-8")
    assert store.reload_if_changed()
    assert store().supervisors  # still the old, good one
    assert store.reload_if_changed() is None  # unchanged since
