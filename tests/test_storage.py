from pathlib import Path

from bot.core.model import ConversationState, HandoffDecision, Urgency
from bot.store.storage import SCHEMA_VERSION, Storage, state_from_json, state_to_json
from tests.conftest import tokyo

AT = tokyo("2026-11-25 02:00")


def test_schema_is_created_and_versioned(tmp_path: Path) -> None:
    storage = Storage(tmp_path / "db" / "m.db")
    assert set(storage.db.table_names()) >= {"meta", "conversations", "messages", "cases", "events", "audit"}
    assert storage.meta("schema_version") == str(SCHEMA_VERSION)
    storage.close()


def test_migration_from_an_older_version_keeps_data(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    storage = Storage(path)
    storage.save_state("c1", "line", ConversationState(greeted=True), AT)
    storage.db["events"].drop()
    storage.set_meta("schema_version", "1")
    storage.close()
    reopened = Storage(path)
    assert "events" in reopened.db.table_names()
    assert reopened.load_state("c1").greeted
    reopened.close()


def test_state_round_trip() -> None:
    state = ConversationState(
        greeted=True,
        misses_in_row=1,
        needs=frozenset({"money", "housing"}),
        offered_faq_ids=("a", "b"),
        handed_off=True,
        last_rule="suicide",
        turns=3,
    )
    assert state_from_json(state_to_json(state)) == state
    assert state_from_json(None) == ConversationState()


def test_state_from_json_ignores_unknown_fields() -> None:
    assert state_from_json('{"greeted": true, "future_field": 1}') == ConversationState(greeted=True)


def test_messages_and_cases_persist_on_disk(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    storage = Storage(path)
    storage.add_message("c1", "in", "text", "こんばんは", AT)
    decision = HandoffDecision("suicide", Urgency.URGENT, ("死にたい",), ("crisis",), "d")
    case_id = storage.open_case("c1", "line", decision, AT)
    storage.close()
    reopened = Storage(path)
    assert [m["text"] for m in reopened.messages("c1")] == ["こんばんは"]
    case = reopened.active_case("c1")
    assert case is not None and case["id"] == case_id and case["status"] == "open" and case["urgency"] == "urgent"
    assert [a["action"] for a in reopened.audit_log(case_id)] == ["open"]
    reopened.close()


def test_unanswered_since(tmp_path: Path) -> None:
    storage = Storage(tmp_path / "m.db")
    storage.add_message("c1", "in", "text", "old", tokyo("2026-11-01 02:00"))
    storage.db["messages"].update(1, {"answered": 0})
    storage.add_message("c1", "in", "text", "new", AT)
    storage.db["messages"].update(2, {"answered": 0})
    assert [m["text"] for m in storage.unanswered(tokyo("2026-11-20 00:00"))] == ["new"]
    storage.close()
