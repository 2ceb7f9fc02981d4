"""Never blocked: one platform's outage does not hold the other; failed sends retry, then show."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from bot.channels.outbox import undelivered
from bot.config.settings import Policy
from tests.channel_harness import QUICK, Harness, line_text, make_settings, running, tg_message
from tests.fakes import FakePlatform


@pytest.fixture
def app_with_fakes(
    tmp_path: Path, line_fake: FakePlatform, tg_fake: FakePlatform
) -> Iterator[tuple[Harness, FakePlatform, FakePlatform]]:
    with running(make_settings(tmp_path, line_fake, tg_fake)) as harness:
        yield harness, line_fake, tg_fake


PATIENT = Policy(first_wait=0.05, max_wait=0.2, max_attempts=200, poll_seconds=0.05)


def outbox_statuses(harness) -> list[str]:  # type: ignore[no-untyped-def]
    return [row["status"] for row in harness.runtime.storage.db["outbox"].rows]


def test_telegram_down_does_not_delay_line_and_is_delivered_after_recovery_without_restart(
    tmp_path: Path, line_fake: FakePlatform, tg_fake: FakePlatform
) -> None:
    settings = replace(make_settings(tmp_path, line_fake, tg_fake), delivery=PATIENT)
    with running(settings) as app:
        tg_fake.down = True
        for number in range(5):
            app.post_telegram(tg_message("社協ってなに", user=6100 + number))
        app.post_line(line_text("社協ってなに", user="Uunaffected"))
        line_fake.wait_for("/reply", timeout=5)  # answered while every Telegram call fails
        assert not tg_fake.delivered
        tg_fake.down = False
        app.drain()
        chats = {int(call.body["chat_id"]) for call in tg_fake.delivered}
        assert chats == {6100 + number for number in range(5)}
        assert set(outbox_statuses(app)) == {"done"}


def test_a_permanent_telegram_error_is_not_retried_and_is_shown_to_admins(
    app_with_fakes,  # type: ignore[no-untyped-def]
) -> None:
    app, _, tg_fake = app_with_fakes
    tg_fake.fail_next(
        "/sendMessage", 400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
    )
    app.post_telegram(tg_message("社協ってなに", user=6200))
    app.drain()
    assert len(tg_fake.called("/sendMessage")) == 1  # BadRequest is a NetworkError, yet not retried
    [line] = undelivered(app.runtime.storage)
    assert "undelivered" in line and "Chat not found" in line and "attempts=1" in line


def test_temporary_failures_retry_with_backoff_then_give_up_visibly(app_with_fakes) -> None:  # type: ignore[no-untyped-def]
    app, line_fake, _ = app_with_fakes
    line_fake.fail_next("/v2/bot/message/reply", 500, times=2)
    app.post_line(line_text("社協ってなに", user="Uflaky", token="tok-flaky"))
    app.drain()
    assert len(line_fake.called("/reply")) == 3  # 500, 500, then delivered once
    assert [call.body["replyToken"] for call in line_fake.delivered] == ["tok-flaky"]

    line_fake.expired_reply_tokens.add("tok-old")
    line_fake.fail_next("/v2/bot/message/push", 503, times=100)
    app.post_line(line_text("社協ってなに", user="Ugone", token="tok-old"))
    app.drain()
    pushes = line_fake.called("/push")
    assert len(pushes) == QUICK.max_attempts  # then given up, not retried for ever
    assert len({call.headers["x-line-retry-key"] for call in pushes}) == 1  # one key for every attempt
    [line] = undelivered(app.runtime.storage)
    assert f"attempts={QUICK.max_attempts}" in line and "503" in line


def test_random_platform_faults_deliver_each_answer_once(app_with_fakes) -> None:  # type: ignore[no-untyped-def]
    app, line_fake, tg_fake = app_with_fakes
    line_fake.latency = tg_fake.latency = 0.02
    for suffix, status in (("/reply", 429), ("/reply", 500), ("/sendMessage", 429), ("/sendMessage", 502)):
        fake = line_fake if suffix == "/reply" else tg_fake
        body = {"ok": False, "error_code": status, "description": "x", "parameters": {"retry_after": 0}}
        fake.fail_next(suffix, status, body, times=3)
    for number in range(10):
        app.post_line(line_text("社協ってなに", user=f"Ufault{number}", token=f"fault-{number}"))
        app.post_telegram(tg_message("社協ってなに", user=6300 + number))
    app.drain()
    tokens = [call.body["replyToken"] for call in line_fake.delivered]
    assert sorted(tokens) == sorted(f"fault-{number}" for number in range(10))
    per_chat = [int(call.body["chat_id"]) for call in tg_fake.delivered]
    first_contact = len(per_chat) // 10
    assert sorted(per_chat) == sorted(6300 + n for n in range(10) for _ in range(first_contact))
    assert set(outbox_statuses(app)) == {"done"}
