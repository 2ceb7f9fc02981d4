"""Patterns pickled with their compiled program come back equal to `re.compile`'s and match alike."""

from __future__ import annotations

import pickle
import re
from pathlib import Path

import pytest

from bot.config import compiled_patterns
from bot.config.cache import load_knowledge_cached

# (pattern, flags, text that must match, text that must not)
PATTERNS = [
    ("死にたい|消えたい", 0, "もう死にたい", "死ぬほど眠い"),
    (r"(?<![a-z])kill myself(?![a-z])", 0, "i want to kill myself", "skill myselfie"),
    (r"(?P<amount>\d+)円", 0, "所持金5000円", "円だけ"),
    (r"(?:く(?:び|ビ)を(?:つ|吊)(?:る|り|っ))", 0, "くびをつる", "くびをかしげる"),
    (r"HELP\s+me", re.IGNORECASE, "help  ME", "helpme"),
    (r"^薬(?:を)?\d+錠$", re.MULTILINE, "前置き\n薬を30錠", "薬を錠"),
]


def _rebuilt(pattern: re.Pattern[str]) -> re.Pattern[str]:
    loaded: re.Pattern[str] = pickle.loads(compiled_patterns.dumps(pattern))
    return loaded


@pytest.mark.parametrize(("source", "flags", "matching", "other"), PATTERNS)
def test_a_pattern_comes_back_equal_and_matching_alike(source: str, flags: int, matching: str, other: str) -> None:
    original = re.compile(source, flags)
    rebuilt = _rebuilt(original)
    assert rebuilt == original  # source, flags and compiled program
    assert rebuilt.search(matching) and not rebuilt.search(other)
    assert rebuilt.groupindex == original.groupindex and rebuilt.groups == original.groups


def test_the_compiled_program_is_pickled_and_used(monkeypatch: pytest.MonkeyPatch) -> None:
    original = re.compile("死にたい|消えたい")
    _, (source, flags, tag, program) = compiled_patterns._reduce(original)
    assert program is not None and (source, flags) == (original.pattern, original.flags)

    def no_parsing(*_: object) -> None:
        raise AssertionError("parsed again")

    monkeypatch.setattr(re, "compile", no_parsing)
    assert compiled_patterns.rebuild(source, flags, tag, program) == original


@pytest.mark.parametrize("tag", [("2.7.18 (other)", None), ("", 0)])
def test_a_program_from_another_python_is_compiled_from_its_source(tag: tuple[str, object]) -> None:
    original = re.compile("死にたい|消えたい")
    _, (source, flags, _, program) = compiled_patterns._reduce(original)
    assert compiled_patterns.rebuild(source, flags, tag, program) == original


def test_a_damaged_program_is_compiled_from_its_source() -> None:
    original = re.compile("死にたい|消えたい")
    _, (source, flags, tag, program) = compiled_patterns._reduce(original)
    code, groups, groupindex, indexgroup = program
    broken = (code[: len(code) // 2], groups, groupindex, indexgroup)  # the engine refuses a cut program
    assert compiled_patterns.rebuild(source, flags, tag, broken) == original


def test_every_rule_pattern_survives_the_knowledge_cache(data_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("MADOGUCHI_CACHE_DIR", str(data_copy / "cache"))
    fresh, _ = load_knowledge_cached(data_copy)
    cached, _ = load_knowledge_cached(data_copy)
    assert fresh is not None and cached is not None and cached is not fresh
    for before, after in zip(fresh.rules.rules, cached.rules.rules, strict=True):
        assert after.patterns == before.patterns and after.lookalike_patterns == before.lookalike_patterns
        assert after.emergency_patterns == before.emergency_patterns
        assert after.__dict__.get("phrase_search") == before.phrase_search  # made before the cache was written
