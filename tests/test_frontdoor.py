from pathlib import Path

import pytest

from bot.channels.frontdoor import FrontDoor, NoKnowledge
from bot.config.stores import KnowledgeStore
from bot.core.model import Message
from bot.store.storage import Storage
from tests.conftest import ROOT, tokyo

AT = tokyo("2026-11-25 02:00")


@pytest.fixture
def door(tmp_path: Path) -> FrontDoor:
    store = KnowledgeStore(ROOT)
    assert store.reload() == []
    return FrontDoor(store, Storage(tmp_path / "m.db"), b"key")


def test_conversation_keeps_state_across_messages(door: FrontDoor) -> None:
    first = door.handle("line", "U1", Message(text="こんばんは", at=AT))
    second = door.handle("line", "U1", Message(text="生活保護の申請はどこでできますか", at=AT))
    assert first.outcome.state.greeted and second.outcome.state.turns == 2
    assert "メッセージありがとうございます" not in second.outcome.text  # greeted once


def test_raw_platform_id_is_never_stored(door: FrontDoor, tmp_path: Path) -> None:
    door.handle("line", "Uffffffffffffffffffffffffffffff42", Message(text="死にたい", at=AT))
    door.storage.close()
    raw = b"".join(path.read_bytes() for path in tmp_path.glob("m.db*"))
    assert b"Uffffffffffffffffffffffffffffff42" not in raw


def test_handoff_records_one_case_and_raises_it(door: FrontDoor) -> None:
    first = door.handle("telegram", "42", Message(text="死にたい", at=AT))
    assert first.new_case and first.case_id is not None
    case = door.storage.case(first.case_id)
    assert case is not None and case["rule_id"] == "suicide" and case["urgency"] == "urgent"
    again = door.handle("telegram", "42", Message(text="今から飛び降りる", at=AT))
    assert again.case_id == first.case_id and not again.new_case
    case = door.storage.case(first.case_id)
    assert case is not None and case["urgency"] == "emergency"
    assert [a["action"] for a in door.storage.audit_log(first.case_id)] == ["open", "raise"]


def test_messages_in_and_out_are_stored(door: FrontDoor) -> None:
    handled = door.handle("line", "U2", Message(text="社協ってなに", at=AT))
    rows = door.storage.messages(handled.conversation_id)
    assert rows[0]["direction"] == "in" and rows[0]["text"] == "社協ってなに"
    assert [r["direction"] for r in rows[1:]] == ["out"] * len(handled.outcome.replies)


def test_refuses_without_knowledge(tmp_path: Path) -> None:
    door = FrontDoor(KnowledgeStore(tmp_path), Storage(tmp_path / "m.db"), b"key")
    with pytest.raises(NoKnowledge):
        door.handle("line", "U1", Message(text="こんにちは", at=AT))


def test_the_sealed_address_is_written_once_and_opens_to_the_platform_id(door: FrontDoor) -> None:
    from bot.store.identity import unseal

    first = door.handle("telegram", "7777", Message(text="こんばんは", at=AT))
    sealed = door.storage.address(first.conversation_id)
    door.handle("telegram", "7777", Message(text="社協ってなに", at=AT))
    assert door.storage.address(first.conversation_id) == sealed
    assert sealed is not None and unseal(b"key", sealed) == "7777" and "7777" not in sealed
