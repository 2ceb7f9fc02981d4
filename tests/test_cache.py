import os
from pathlib import Path

import pytest

from bot.config.cache import KEEP, cache_dir, knowledge_key, load_knowledge_cached


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("MADOGUCHI_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_second_load_comes_from_the_cache(small_data: Path) -> None:
    first, problems = load_knowledge_cached(small_data)
    assert first is not None and problems == []
    [cached] = list(cache_dir().glob("knowledge-*.pickle"))
    second, _ = load_knowledge_cached(small_data)
    assert second is not None and second.entries == first.entries
    assert second.matcher.rank("社協ってなに", 1)[0].entry.id == first.matcher.rank("社協ってなに", 1)[0].entry.id
    assert cached.exists()


def test_any_edit_changes_the_key(small_data: Path) -> None:
    before = knowledge_key(small_data)
    rules = small_data / "handoff_rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n# an admin's comment\n", encoding="utf-8")
    assert knowledge_key(small_data) != before


def test_a_broken_edit_is_never_served_from_an_old_cache(small_data: Path) -> None:
    assert load_knowledge_cached(small_data)[0] is not None
    rules = small_data / "handoff_rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n  - id: [broken\n", encoding="utf-8")
    knowledge, problems = load_knowledge_cached(small_data)
    assert knowledge is None and problems


def test_a_damaged_cache_file_is_ignored(small_data: Path) -> None:
    load_knowledge_cached(small_data)
    [cached] = list(cache_dir().glob("knowledge-*.pickle"))
    cached.write_bytes(b"not a pickle")
    knowledge, problems = load_knowledge_cached(small_data)
    assert knowledge is not None and problems == []


def test_only_the_newest_cached_files_are_kept(small_data: Path, own_cache: Path) -> None:
    own_cache.mkdir(parents=True)
    for number in range(KEEP + 3):
        old = own_cache / f"knowledge-old{number:02}.pickle"
        old.write_bytes(b"stale")
        os.utime(old, (1_000_000 + number, 1_000_000 + number))
    killed = own_cache / "knowledge-abc.partial"  # left by a process killed while writing, hours ago
    killed.write_bytes(b"half")
    os.utime(killed, (1_000_000, 1_000_000))
    other = own_cache / "notes.txt"
    other.write_text("not ours", encoding="utf-8")
    assert load_knowledge_cached(small_data)[0] is not None
    kept = sorted(path.name for path in own_cache.glob("knowledge-*.pickle"))
    assert len(kept) == KEEP and f"knowledge-{knowledge_key(small_data)}.pickle" in kept
    assert "knowledge-old00.pickle" not in kept and "knowledge-old10.pickle" in kept  # the oldest went
    assert other.exists() and not killed.exists()
