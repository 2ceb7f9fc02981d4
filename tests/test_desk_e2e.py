"""The worker side end to end, one test per flow: LINE and Telegram fakes, a real app, a fake clock for the
scheduler. The rest of the worker side is tested on in-memory channels (test_desk.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.config.catalog import texts
from tests.channel_harness import (
    FakeClock,
    Harness,
    line_event,
    line_text,
    make_settings,
    running,
    texts_sent_line,
    tg_callback,
    tg_message,
)
from tests.conftest import tokyo
from tests.fakes import FakePlatform
from tests.memory_harness import WEDNESDAY_NIGHT, WORKERS, WORKERS_CHAT


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock(WEDNESDAY_NIGHT)


@pytest.fixture
def settings(tmp_path: Path, line_fake: FakePlatform, tg_fake: FakePlatform):  # type: ignore[no-untyped-def]
    (tmp_path / "workers.yaml").write_text(WORKERS, encoding="utf-8")
    return make_settings(tmp_path, line_fake, tg_fake)


@pytest.fixture
def app(settings, clock: FakeClock) -> Iterator[Harness]:  # type: ignore[no-untyped-def]
    with running(settings, clock) as harness:
        yield harness


def workers_chat(fake: FakePlatform) -> list[str]:
    return [c.body["text"] for c in fake.called("/sendMessage") if int(c.body["chat_id"]) == WORKERS_CHAT]


def pushes_to(fake: FakePlatform, user: str) -> list[str]:
    return [t for c in fake.called("/push") if c.body["to"] == user for t in texts_sent_line(c.body)]


def run_due(app: Harness) -> int:
    """Run what is due on the fake clock, then let the outbox send what the jobs recorded."""
    jobs = app.runtime.desk.jobs
    assert jobs is not None
    ran = app.client.portal.call(jobs.run_due)  # type: ignore[union-attr]
    app.drain()
    return int(ran)


def test_risk_on_line_claimed_relayed_and_closed_through_telegram(
    app: Harness, line_fake: FakePlatform, tg_fake: FakePlatform
) -> None:
    app.post_line(line_text("死にたい", user="Uperson"))
    [note] = tg_fake.wait_for("/sendMessage", timeout=1.0)  # the workers hear within a second
    assert int(note.body["chat_id"]) == WORKERS_CHAT
    first_line = note.body["text"].splitlines()[0]
    assert first_line == "🔔 新しいケース #1（至急）" and "死にたい" not in first_line  # lock screens
    assert "死にたい" in note.body["text"]  # a life at risk: shared without waiting for consent
    assert note.body["reply_markup"]["inline_keyboard"][0][0]["callback_data"] == "claim:1"
    app.drain()

    app.post_telegram(tg_callback("claim:1", user=5001, chat=WORKERS_CHAT))
    app.drain()
    assert tg_fake.called("/answerCallbackQuery")
    assert texts().get("claimed_for_person", name="佐藤") in pushes_to(line_fake, "Uperson")
    assert any("佐藤 さんが担当" in t for t in workers_chat(tg_fake))
    case = app.runtime.storage.case(1)
    assert case is not None and case["status"] == "claimed" and case["claimed_by"] == "telegram:5001"

    notification_id = 1  # the fake numbers sent messages from 1; the notification went first
    reply = tg_message(
        "話してくれてありがとう。いま安全な場所にいますか？",
        user=5001,
        chat=WORKERS_CHAT,
        reply_to_message={"message_id": notification_id, "date": 0, "chat": {"id": WORKERS_CHAT, "type": "supergroup"}},
    )
    app.post_telegram(reply)
    app.drain()
    assert "相談員（佐藤）：話してくれてありがとう。いま安全な場所にいますか？" in pushes_to(line_fake, "Uperson")

    replies_before = len(line_fake.called("/reply"))
    app.post_line(line_text("家にいます。少し落ち着きました", user="Uperson"))
    app.drain()
    assert len(line_fake.called("/reply")) == replies_before  # the bot stays quiet while a worker talks
    assert any("💬 #1 相談者: 家にいます。少し落ち着きました" in t for t in workers_chat(tg_fake))

    app.post_telegram(tg_callback("close:1", user=5001, chat=WORKERS_CHAT))
    app.drain()
    assert texts().get("closed_for_person") in pushes_to(line_fake, "Uperson")
    assert app.runtime.storage.case(1)["status"] == "closed"  # type: ignore[index]
    app.post_line(line_text("社協ってなに", user="Uperson"))
    app.drain()
    assert len(line_fake.called("/reply")) == replies_before + 1  # the bot answers again

    actions = [entry["action"] for entry in app.runtime.storage.audit_log(1)]
    for action in ("open", "notify", "claim", "relay_out", "relay_in", "close"):
        assert action in actions, actions


def test_a_restart_rearms_pending_jobs(settings, clock: FakeClock, tg_fake: FakePlatform) -> None:  # type: ignore[no-untyped-def]
    with running(settings, clock) as first:
        first.post_telegram(tg_message("今から飛び降りる", user=7005))
        first.drain()
    with running(settings, clock) as second:
        jobs = second.runtime.desk.jobs
        assert jobs is not None and jobs.scheduler is not None and jobs.scheduler.running
        pending = {job["id"] for job in jobs.pending()}
        assert {"escalate:1", "purge"} <= pending  # kept in SQLite across the restart
        clock.advance(minutes=6)
        assert run_due(second) == 1
        assert any("再通知" in t for t in workers_chat(tg_fake))


def test_consent_decides_what_workers_see(app: Harness, line_fake: FakePlatform, tg_fake: FakePlatform) -> None:
    app.post_line(line_text("相談員につないで。家賃のことで", user="Uconsent"))
    app.drain()
    [note] = workers_chat(tg_fake)
    assert "同意: 共有の同意は未確認" in note and "家賃のことで" not in note
    app.post_line(line_event("postback", user="Uconsent", postback={"data": "consent:share"}))
    app.drain()
    shared = workers_chat(tg_fake)[-1]
    assert "相談者が会話の共有に同意しました" in shared and "家賃のことで" in shared


def test_checkin_only_with_consent(app: Harness, line_fake: FakePlatform, clock: FakeClock) -> None:
    app.post_line(line_text("生活保護の申請はどこでできますか", user="Uyes"))
    app.post_line(line_text("生活保護の申請はどこでできますか", user="Uno"))
    app.drain()
    assert any(
        item["action"]["data"] == "checkin:ask"
        for item in line_fake.called("/reply")[-1].body["messages"][-1]["quickReply"]["items"]
    )
    app.post_line(line_event("postback", user="Uyes", postback={"data": "checkin:ask"}))
    app.drain()
    clock.now = tokyo("2026-11-26 12:01")
    assert run_due(app) >= 1
    [question] = [c for c in line_fake.called("/push") if c.body["to"] == "Uyes"]
    assert question.body["messages"][0]["text"] == texts().get("checkin_question")
    buttons = [i["action"]["data"] for i in question.body["messages"][0]["quickReply"]["items"]]
    assert buttons == ["checkin:done", "checkin:notyet", "checkin:talk"]
    assert pushes_to(line_fake, "Uno") == []
    app.post_line(line_event("postback", user="Uyes", postback={"data": "checkin:done"}))
    app.drain()
    [referral] = list(app.runtime.storage.db["referrals"].rows)
    assert referral["answer"] == "done"


def test_digest_at_shift_start(app: Harness, tg_fake: FakePlatform, clock: FakeClock) -> None:
    app.post_telegram(tg_message("死にたい", user=7006))
    app.drain()
    clock.now = tokyo("2026-11-25 09:00")
    run_due(app)
    digest = [t for t in workers_chat(tg_fake) if t.startswith("🌅")]
    assert digest and "#1" in digest[0]


LINE_WORKERS = """
notify: ["line:Cworkers"]
workers:
  - {id: "line:Uworker", name: 鈴木, role: worker}
"""


def test_line_workers_group_claims_and_replies_with_hash(
    tmp_path: Path, line_fake: FakePlatform, tg_fake: FakePlatform, clock: FakeClock
) -> None:
    (tmp_path / "workers.yaml").write_text(LINE_WORKERS, encoding="utf-8")
    with running(make_settings(tmp_path, line_fake, tg_fake), clock) as app:
        app.post_telegram(tg_message("死にたい", user=7100))
        app.drain()
        [note] = [c for c in line_fake.called("/push") if c.body["to"] == "Cworkers"]
        claim = note.body["messages"][-1]["quickReply"]["items"][0]["action"]
        assert claim["type"] == "postback" and claim["data"] == "claim:1"

        def in_group(event: dict) -> dict:
            event["source"] = {"type": "group", "groupId": "Cworkers", "userId": "Uworker"}
            return event

        app.post_line(in_group(line_event("postback", postback={"data": "claim:1"})))
        app.drain()
        to_person = [c.body["text"] for c in tg_fake.called("/sendMessage") if int(c.body["chat_id"]) == 7100]
        assert texts().get("claimed_for_person", name="鈴木") in to_person
        app.post_line(in_group(line_text("#1 いま話せますか？")))
        app.drain()
        to_person = [c.body["text"] for c in tg_fake.called("/sendMessage") if int(c.body["chat_id"]) == 7100]
        assert "相談員（鈴木）：いま話せますか？" in to_person
        chatter = in_group(line_text("今日は寒いですね"))
        app.post_line(chatter)
        app.drain()
        assert len([c for c in tg_fake.called("/sendMessage") if int(c.body["chat_id"]) == 7100]) == len(to_person)


def test_a_risk_that_grows_over_messages_raises_the_case_and_notifies_again(
    app: Harness, line_fake: FakePlatform, tg_fake: FakePlatform
) -> None:
    app.post_line(line_text("しにたい", user="Ugrow"))
    app.drain()
    app.post_line(line_text("さっきロープかってきた", user="Ugrow"))
    app.drain()
    notes = workers_chat(tg_fake)
    assert notes[0].splitlines()[0] == "🔔 新しいケース #1（至急）"
    assert any("緊急度が上がりました" in note and "#1" in note for note in notes[1:])  # the same case, raised
    [case] = app.runtime.storage.cases()
    assert case["urgency"] == "emergency"
    sent = "\n".join(texts_sent_line(line_fake.called("/reply")[-1].body))
    assert "言い方を変えて" not in sent and "119" in sent
