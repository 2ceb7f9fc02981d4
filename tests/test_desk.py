"""The worker side on in-memory channels (tests/memory_harness.py): the real runtime on SQLite and a
fake clock, with no HTTP. One end-to-end test per flow through the platform fakes is in test_desk_e2e.py."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config.catalog import texts, texts_en
from bot.config.stores import KnowledgeStore
from bot.core.model import MessageKind
from tests.channel_harness import FakeClock
from tests.conftest import tokyo
from tests.memory_harness import WEDNESDAY_DAY, WEDNESDAY_NIGHT, WORKERS, WORKERS_CHAT, Bench, bench

CHAT = str(WORKERS_CHAT)


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(WEDNESDAY_NIGHT)


@pytest.fixture
def desk(tmp_path: Path, knowledge_store: KnowledgeStore, clock: FakeClock) -> Iterator[Bench]:
    with bench(tmp_path, knowledge_store, clock, WORKERS) as running:
        yield running


def workers_chat(desk: Bench) -> list[str]:
    return desk.telegram.texts_to(CHAT)


def worker(desk: Bench, text: str, user: str = "5001", **fields: str) -> None:
    desk.say("telegram", user, text, group=CHAT, **fields)


def press_in_chat(desk: Bench, data: str, user: str = "5001") -> None:
    desk.press("telegram", user, data, group=CHAT)


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("我想死", "言語: 中国語（ボットは英語で返信）"),
        ("I want to die", "言語: 英語（ボットは英語で返信）"),
        ("死にたい", None),
    ],
)
def test_a_notification_names_the_persons_language_when_it_is_not_japanese(
    desk: Bench, text: str, says: str | None
) -> None:
    desk.say("line", "Uperson", text)
    [note] = workers_chat(desk)
    if says is None:
        assert "言語:" not in note
    else:
        assert says in note.splitlines()


def test_a_case_is_claimed_relayed_both_ways_and_closed(desk: Bench) -> None:
    desk.say("line", "Uperson", "死にたい")
    [note] = workers_chat(desk)
    assert note.splitlines()[0] == "🔔 新しいケース #1（至急）" and "死にたい" in note
    [sent] = [s for s in desk.telegram.sent if s.target == CHAT]
    assert [choice.data for choice in sent.reply.choices] == ["claim:1"]

    press_in_chat(desk, "claim:1")
    assert texts().get("claimed_for_person", name="佐藤") in desk.line.texts_to("Uperson")
    assert any("佐藤 さんが担当" in t for t in workers_chat(desk))
    worker(desk, "いま安全な場所にいますか？", reply_to=sent.message_id)
    assert desk.line.texts_to("Uperson")[-1] == "相談員（佐藤）：いま安全な場所にいますか？"
    worker(desk, "#1 ゆっくりで大丈夫です")  # the LINE way works in any workers' chat
    assert desk.line.texts_to("Uperson")[-1] == "相談員（佐藤）：ゆっくりで大丈夫です"

    before = len(desk.line.texts_to("Uperson"))
    desk.say("line", "Uperson", "家にいます")
    assert len(desk.line.texts_to("Uperson")) == before  # the bot stays quiet while a worker talks
    assert workers_chat(desk)[-1].startswith("💬 #1 相談者: 家にいます")

    press_in_chat(desk, "close:1")
    assert desk.line.texts_to("Uperson")[-1] == texts().get("closed_for_person")
    desk.say("line", "Uperson", "社協ってなに")
    assert len(desk.line.texts_to("Uperson")) > before + 1  # the bot answers again
    assert desk.audit(1)[:3] == ["open", "notify", "notify_sent"]
    assert {"claim", "relay_out", "relay_in", "close"} <= set(desk.audit(1))


def test_a_person_answered_in_english_is_told_in_english_what_the_worker_does(desk: Bench) -> None:
    """Taking the case, the worker's words and closing it, in the language the person is answered in."""
    desk.say("line", "Uenglish", "I want to die")
    [sent] = [s for s in desk.telegram.sent if s.target == CHAT]
    press_in_chat(desk, "claim:1")
    assert texts_en().get("claimed_for_person", name="佐藤") in desk.line.texts_to("Uenglish")
    worker(desk, "Are you somewhere safe now?", reply_to=sent.message_id)
    assert desk.line.texts_to("Uenglish")[-1] == "Support worker (佐藤): Are you somewhere safe now?"
    press_in_chat(desk, "close:1")
    assert desk.line.texts_to("Uenglish")[-1] == texts_en().get("closed_for_person")


def test_the_worker_is_told_where_the_person_said_they_live(desk: Bench) -> None:
    desk.say("line", "Uhere", "死にたい")
    desk.say("line", "Uaway", "大阪に住んでいます。もう死にたい")
    here, away = workers_chat(desk)
    assert "地域: 渋谷区" in here.splitlines()
    assert "地域: 大阪府（本人の話）" in away.splitlines()


def test_the_worker_is_told_when_the_place_is_a_family_members(desk: Bench) -> None:
    desk.say("line", "Umother", "大阪に住む母が死にたいと言っている")
    [notice] = workers_chat(desk)
    assert "地域: 大阪府（家族の話）" in notice.splitlines()


def test_workers_chatter_and_a_reply_to_no_case_reach_nobody(desk: Bench) -> None:
    desk.say("line", "Uperson", "死にたい")
    press_in_chat(desk, "claim:1")
    before = desk.line.texts_to("Uperson")
    worker(desk, "今日は寒いですね")
    worker(desk, "こちらへの返信", reply_to="999")
    assert desk.line.texts_to("Uperson") == before
    worker(desk, "#7 いますか")
    assert workers_chat(desk)[-1] == texts().get("worker_no_case", case=7)


def test_a_closed_case_takes_no_reply_and_no_second_close(desk: Bench) -> None:
    desk.say("line", "Uperson", "死にたい")
    press_in_chat(desk, "claim:1")
    press_in_chat(desk, "close:1")
    worker(desk, "#1 まだいますか")
    assert workers_chat(desk)[-1] == texts().get("worker_reply_closed", case=1)
    press_in_chat(desk, "close:1")
    assert workers_chat(desk)[-1] == texts().get("worker_already_closed", case=1)


def test_a_reply_to_an_open_case_claims_it_first(desk: Bench) -> None:
    desk.say("line", "Uperson", "死にたい")
    worker(desk, "#1 こんばんは")
    case = desk.storage.case(1)
    assert case is not None and case["status"] == "claimed" and case["claimed_by"] == "telegram:5001"
    person = desk.line.texts_to("Uperson")
    assert person[-2:] == [texts().get("claimed_for_person", name="佐藤"), "相談員（佐藤）：こんばんは"]


def test_risk_while_claimed_alerts_the_worker(desk: Bench) -> None:
    desk.say("line", "Ualert", "人と話したい")
    press_in_chat(desk, "claim:1")
    desk.say("line", "Ualert", "やっぱり今から飛び降りる")
    assert any(t.startswith("⚠️ #1") and "suicide" in t for t in workers_chat(desk))


def test_claim_by_someone_not_listed_is_refused(desk: Bench) -> None:
    desk.say("telegram", "7001", "死にたい")
    press_in_chat(desk, "claim:1", user="6666")
    assert workers_chat(desk)[-1] == texts().get("worker_not_listed")
    assert desk.storage.case(1)["status"] == "open"  # type: ignore[index]
    assert "refused_claim" in desk.audit(1)


def test_the_first_claim_wins(desk: Bench) -> None:
    desk.say("telegram", "7002", "死にたい")
    desk.push("telegram", "5001", kind=MessageKind.POSTBACK, payload="claim:1", group=CHAT)
    desk.push("telegram", "5002", kind=MessageKind.POSTBACK, payload="claim:1", group=CHAT)
    desk.pump()
    assert desk.storage.case(1)["claimed_by"] == "telegram:5001"  # type: ignore[index]
    assert any("すでに佐藤 さんが担当しています" in t for t in workers_chat(desk))


def test_escalation_fires_on_a_fake_clock(desk: Bench, clock: FakeClock) -> None:
    desk.say("telegram", "7003", "今から飛び降りる")
    clock.advance(minutes=4)
    assert desk.run_due() == 0
    clock.advance(minutes=2)
    assert desk.run_due() == 1
    assert any("未対応のまま1回目の再通知" in t for t in workers_chat(desk))
    [alert] = desk.telegram.texts_to("5002")  # the supervisor, directly
    assert "#1" in alert
    assert "escalate" in desk.audit(1)


def test_escalation_stops_after_three_times(desk: Bench, clock: FakeClock) -> None:
    desk.say("telegram", "7003", "今から飛び降りる")
    for _ in range(5):
        clock.advance(minutes=6)
        desk.run_due()
    assert desk.audit(1).count("escalate") == 3 and len(desk.telegram.texts_to("5002")) == 3


def test_a_claimed_case_does_not_escalate(desk: Bench, clock: FakeClock) -> None:
    desk.say("telegram", "7004", "今から飛び降りる")
    jobs = desk.runtime.desk.jobs
    assert jobs is not None and [job["id"] for job in jobs.pending("escalate")] == ["escalate:1"]
    press_in_chat(desk, "claim:1")
    assert jobs.pending("escalate") == []  # cancelled with the claim
    clock.advance(minutes=10)
    desk.run_due()
    assert not any("再通知" in t for t in workers_chat(desk))


def test_off_shift_reply_is_honest(desk: Bench) -> None:
    desk.say("line", "Unight", "人と話したい")
    sent = "\n".join(desk.line.texts_to("Unight"))
    assert "いまは相談員がいない時間です" in sent and "今日 9:00以降" in sent
    assert "0120-279-338" in sent  # a number that answers now


def test_on_shift_reply_says_a_worker_was_told(desk: Bench, clock: FakeClock) -> None:
    clock.now = WEDNESDAY_DAY
    desk.say("line", "Uday", "人と話したい")
    assert texts().get("handoff_next_on_shift") in "\n".join(desk.line.texts_to("Uday"))


def test_consent_decides_what_a_claimed_case_relays(desk: Bench) -> None:
    desk.say("line", "Uconsent", "相談員につないで。家賃のことで")
    [note] = workers_chat(desk)
    assert "同意: 共有の同意は未確認" in note and "家賃のことで" not in note
    asked = [c.data for s in desk.line.sent if s.target == "Uconsent" for c in s.reply.choices]
    assert "consent:share" in asked and "consent:noshare" in asked
    desk.press("line", "Uconsent", "consent:noshare")
    press_in_chat(desk, "claim:1")
    desk.say("line", "Uconsent", "明日は仕事です")
    assert not any("仕事" in t for t in workers_chat(desk))  # refused: not relayed, even to the worker on it
    desk.press("line", "Uconsent", "consent:share")
    shared = [t for t in workers_chat(desk) if "相談者が会話の共有に同意しました" in t]
    assert len(shared) == 1 and "相談者: 明日は仕事です" in shared[0]  # the last messages, now shared
    desk.say("line", "Uconsent", "夜は家にいます")
    assert workers_chat(desk)[-1] == "💬 #1 相談者: 夜は家にいます"


def test_checkin_only_with_consent_and_the_answer_is_recorded(desk: Bench, clock: FakeClock) -> None:
    desk.say("line", "Uyes", "生活保護の申請はどこでできますか")
    desk.say("line", "Uno", "生活保護の申請はどこでできますか")
    offered = [c.data for s in desk.line.sent if s.target == "Uno" for c in s.reply.choices]
    assert "checkin:ask" in offered
    desk.press("line", "Uyes", "checkin:ask")
    clock.now = tokyo("2026-11-26 11:59")
    desk.run_due()
    assert texts().get("checkin_question") not in desk.line.texts_to("Uyes")  # not before checkin_time
    clock.now = tokyo("2026-11-26 12:01")
    assert desk.run_due() >= 1
    [question] = [s.reply for s in desk.line.sent if s.reply.text == texts().get("checkin_question")]
    assert [c.data for c in question.choices] == ["checkin:done", "checkin:notyet", "checkin:talk"]
    assert desk.line.sent[-1].target == "Uyes"  # nobody else is written to
    desk.press("line", "Uyes", "checkin:done")
    [referral] = list(desk.storage.db["referrals"].rows)
    assert referral["answer"] == "done"


def test_the_checkin_of_a_person_answered_in_english_is_in_english(desk: Bench, clock: FakeClock) -> None:
    desk.say("line", "Uen", "Where can I apply for welfare?")
    desk.press("line", "Uen", "checkin:ask")
    clock.now = tokyo("2026-11-26 12:01")
    assert desk.run_due() >= 1
    [question] = [s.reply for s in desk.line.sent if s.reply.text == texts_en().get("checkin_question")]
    assert [c.label for c in question.choices] == [texts_en().get("choice_checkin_done"), "Not yet", "I want to talk"]


def test_no_checkin_after_the_person_erased_the_conversation(desk: Bench, clock: FakeClock) -> None:
    desk.say("line", "Ugone", "生活保護の申請はどこでできますか")
    desk.press("line", "Ugone", "checkin:ask")
    desk.press("line", "Ugone", "forget:yes")
    clock.now = tokyo("2026-11-26 12:01")
    desk.run_due()
    assert texts().get("checkin_question") not in desk.line.texts_to("Ugone")


def test_digest_at_shift_start_lists_only_what_came_off_shift(desk: Bench, clock: FakeClock) -> None:
    desk.say("telegram", "7006", "死にたい")
    clock.now = tokyo("2026-11-25 09:00")
    assert desk.run_due() >= 1
    [digest] = [t for t in workers_chat(desk) if t.startswith("🌅")]
    assert "#1" in digest
    clock.now = tokyo("2026-11-25 10:00")
    desk.say("telegram", "7007", "死にたい")  # on shift: the workers were told at once
    clock.now = tokyo("2026-11-26 09:00")
    desk.run_due()
    latest = [t for t in workers_chat(desk) if t.startswith("🌅")][-1]
    assert "#2" not in latest and latest.startswith("🌅") and latest != digest


def test_purge_erases_old_text(desk: Bench, clock: FakeClock) -> None:
    desk.say("telegram", "7007", "死にたい")
    clock.advance(days=91)
    desk.run_due()
    texts_left = [m["text"] for m in desk.storage.db["messages"].rows]
    assert texts_left and all(t == "" for t in texts_left)
    assert desk.storage.case(1) is not None  # the case record stays, with no text


def test_without_workers_file_cases_are_recorded_not_notified(
    tmp_path: Path, knowledge_store: KnowledgeStore, clock: FakeClock
) -> None:
    with bench(tmp_path, knowledge_store, clock, None) as alone:
        alone.say("line", "Ualone", "死にたい")
        sent = "\n".join(alone.line.texts_to("Ualone"))
        assert texts().get("handoff_next_no_roster") in sent  # nobody will read: said plainly
        assert "相談員が読みます" not in sent
        assert alone.audit(1) == ["open", "not_notified"]
        assert alone.telegram.sent == []


@pytest.mark.parametrize(
    ("turns", "number"),
    [
        (("きえたい", "くすり100こためた"), "119"),
        (("しにたい", "さっきロープかってきた"), "119"),
        (("かれしになぐられた", "いま包丁もってさけんでる"), "110"),
    ],
)
def test_a_risk_that_grows_notifies_again_and_escalates_sooner(
    desk: Bench, clock: FakeClock, turns: tuple[str, str], number: str
) -> None:
    desk.say("line", "Ugrow", turns[0])
    before = len(desk.line.texts_to("Ugrow"))
    desk.say("line", "Ugrow", turns[1])
    notes = [note.splitlines()[0] for note in workers_chat(desk)]
    assert len(notes) == 2 and notes[0].startswith("🔔 新しいケース #1")
    assert notes[1] == "🔔 緊急度が上がりました #1（緊急）"
    [case] = desk.storage.cases()  # one case, raised, not a second one
    assert case["urgency"] == "emergency" and "raise" in desk.audit(1)
    answer = "\n".join(desk.line.texts_to("Ugrow")[before:])
    assert "言い方を変えて" not in answer and number in answer
    clock.advance(minutes=6)  # an emergency escalates after 5 minutes, not the urgent 30
    assert desk.run_due() >= 1 and any("再通知" in t for t in workers_chat(desk))


def test_a_person_erases_their_conversation(desk: Bench) -> None:
    desk.say("line", "Uforget", "しにたい")
    desk.say("line", "Uforget", "けして")
    asked = desk.line.sent[-1].reply
    assert [choice.data for choice in asked.choices] == ["forget:yes", "forget:no"]
    desk.press("line", "Uforget", "forget:yes")
    assert "記録を消しました" in desk.line.texts_to("Uforget")[-1]
    storage = desk.storage
    conversation = desk.runtime.switchboard.door.conversation_id("line", "Uforget")
    assert storage.messages(conversation) == [] and storage.address(conversation) is None
    bodies = [row[0] for row in storage.db.execute("select body from events where conversation = ?", [conversation])]
    assert len(bodies) <= 1 and all(not body or body == "{}" for body in bodies)  # only the erasing event, emptied
    [case] = storage.cases()
    assert case["triggers"] == "[]" and case["urgency"] == "urgent"  # only its kind and urgency are kept


@pytest.mark.parametrize(
    ("channel", "user", "text", "field", "value"),
    [
        ("line", "Urisk", "今から飛び降りる", "urgency", "emergency"),
        ("telegram", "7007", "しにたい", "rule_id", "suicide"),
    ],
)
def test_risk_hands_off_with_numbers_open_now(
    desk: Bench, channel: str, user: str, text: str, field: str, value: str
) -> None:
    desk.say(channel, user, text)
    sent = "\n".join(desk.channel(channel).texts_to(user))
    assert "119" in sent and "0120-279-338" in sent  # both answer at any hour
    [case] = desk.storage.cases()
    assert case[field] == value and case["channel"] == channel


SUPERVISED = """
notify: ["telegram:-100700"]
workers:
  - {id: "telegram:5001", name: 佐藤, role: worker}
  - {id: "line:Usupervisor", name: 田中, role: supervisor}
"""


def test_a_notification_is_recorded_per_destination_and_a_failed_one_reaches_a_supervisor(
    tmp_path: Path, knowledge_store: KnowledgeStore, clock: FakeClock
) -> None:
    """Honest: a case counts as notified only once a workers' chat got it; one refused for good is
    recorded as failed and the supervisors are told directly."""
    with bench(tmp_path, knowledge_store, clock, SUPERVISED) as desk:
        desk.telegram.refused["-100700"] = "Bad Request: chat not found"
        desk.say("line", "Ufirst", "死にたい")
        first = desk.storage.case(1)
        assert first is not None and first["notified_at"] is None  # nobody got it: not "notified"
        assert "notify_failed" in desk.audit(1) and "notify_sent" not in desk.audit(1)
        alert = texts().get("worker_notify_failed", case=1, destination="telegram:-100700")
        assert desk.line.texts_to("Usupervisor") == [alert]

        del desk.telegram.refused["-100700"]
        desk.say("line", "Usecond", "死にたい")
        second = desk.storage.case(2)
        assert second is not None and second["notified_at"] is not None
        assert "notify_sent" in desk.audit(2) and desk.line.texts_to("Usupervisor") == [alert]
