from pathlib import Path

from bot.config.knowledge_store import load_knowledge
from bot.config.stores import KnowledgeStore


def test_shipped_files_are_valid(data_copy: Path) -> None:
    knowledge, problems = load_knowledge(data_copy)
    assert problems == [] and knowledge is not None


def test_broken_yaml_keeps_the_last_good_knowledge(small_data: Path) -> None:
    store = KnowledgeStore(small_data)
    assert store.reload() == []
    good = store.current
    rules = small_data / "handoff_rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8") + "\n  - id: [broken\n", encoding="utf-8")
    problems = store.reload()
    assert problems and str(problems[0]).startswith(f"{rules}:")
    assert "invalid YAML" in problems[0].message and problems[0].line > 0
    assert store.current is good


def test_every_problem_is_reported_not_only_the_first(small_data: Path) -> None:
    (small_data / "faq" / "zz_bad.yaml").write_text(
        "entries:\n  - id: a\n    category: nope\n  - id: b\n    category: nope2\n", encoding="utf-8"
    )
    _, problems = load_knowledge(small_data)
    messages = " ".join(p.message for p in problems)
    assert "'nope'" in messages and "'nope2'" in messages and "missing 'source'" in messages


def test_no_config_at_all(tmp_path: Path) -> None:
    store = KnowledgeStore(tmp_path)
    problems = store.reload()
    assert store.current is None
    assert {p.path for p in problems} >= {str(tmp_path / "faq"), str(tmp_path / "services")}


def test_a_running_bot_reloads_good_edits_and_keeps_the_last_good_on_bad_ones(small_data: Path) -> None:
    store = KnowledgeStore(small_data)
    assert store.reload() == []
    first = store.current
    assert store.reload_if_changed() is None  # nothing changed
    faq = small_data / "faq" / "zz_new.yaml"
    faq.write_text(
        "entries:\n  - id: zz-new\n    category: general\n    question: テストの質問です\n"
        "    alternates: [てすと]\n    answer: テストです。\n    source: https://example.org\n    checked: 2026-11-22\n",
        encoding="utf-8",
    )
    assert store.reload_if_changed() == []
    assert store.current is not first and store.current.entry("zz-new") is not None  # type: ignore[union-attr]
    good = store.current
    faq.write_text("entries:\n  - id: zz-new\n    category: [oops\n", encoding="utf-8")
    problems = store.reload_if_changed()
    assert problems and problems[0].path.endswith("zz_new.yaml") and problems[0].line == 3
    assert store.current is good
