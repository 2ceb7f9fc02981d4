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
        topic="seikatsu-hogo-where",
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


def test_an_old_database_keeps_its_pending_jobs_as_items_of_the_queue(tmp_path: Path) -> None:
    """Version 7 kept jobs in a table of their own (run_at as text); version 8 makes them queue items."""
    import sqlite3

    import sqlite_utils

    from bot.casework.jobs import Jobs
    from bot.store.migrations import MIGRATIONS
    from tests.channel_harness import FakeClock

    path = tmp_path / "m.db"
    old = sqlite_utils.Database(sqlite3.connect(path))
    old["meta"].create({"key": str, "value": str}, pk="key")
    for migration in MIGRATIONS[:7]:
        migration(old)
    old["meta"].insert({"key": "schema_version", "value": "7"})
    old["jobs"].insert_all(
        [
            {"id": "escalate:1", "kind": "escalate", "run_at": "2026-11-25T02:05:00+09:00", "payload": "{}"},
            {"id": "purge", "kind": "purge", "run_at": "2026-11-26T04:00:00+09:00", "payload": "{}"},
            {"id": "digest", "kind": "digest", "run_at": "2026-11-25T01:00:00+09:00", "payload": "{}"},
        ]
    )
    old.execute("update jobs set status = case id when 'digest' then 'running' else 'pending' end, created_at = ''")
    old.conn.commit()
    old.conn.close()

    storage = Storage(path)
    assert storage.meta("schema_version") == str(SCHEMA_VERSION)
    assert "run_at" not in storage.db["jobs"].columns_dict
    ran: list[str] = []
    handlers = {kind: (lambda payload, kind=kind: ran.append(kind)) for kind in ("escalate", "purge", "digest")}
    clock = FakeClock(tokyo("2026-11-25 02:04"))
    jobs = Jobs(storage, handlers, clock, "new")
    assert {job["id"] for job in jobs.pending()} == {"escalate:1", "purge"}
    assert jobs.run_due() == 1 and ran == ["digest"]  # stuck 'running' with no lease: taken again
    clock.advance(minutes=1)
    assert jobs.run_due() == 1 and ran == ["digest", "escalate"]  # due at the same instant as before
    assert [job["id"] for job in jobs.pending()] == ["purge"]
    storage.close()
