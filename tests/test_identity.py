import stat
from pathlib import Path

import pytest

from bot.store.identity import load_or_create_key, person_key


def test_key_is_created_once_and_private(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MADOGUCHI_SECRET", raising=False)
    path = tmp_path / "m.key"
    first = load_or_create_key(path)
    assert load_or_create_key(path) == first and len(first) == 64
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


def test_secret_from_environment_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MADOGUCHI_SECRET", "s3cret")
    assert load_or_create_key(tmp_path / "m.key") == b"s3cret"
    assert not (tmp_path / "m.key").exists()


def test_person_key_is_keyed_and_hides_the_id() -> None:
    one = person_key(b"k1", "line", "U1234567890")
    assert one == person_key(b"k1", "line", "U1234567890")
    assert one != person_key(b"k2", "line", "U1234567890")
    assert one != person_key(b"k1", "telegram", "U1234567890")
    assert "U1234567890" not in one and one.startswith("line:")
