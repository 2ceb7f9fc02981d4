"""`madoguchi serve` as real processes: kill -9 mid-burst, restart, and two processes on one database."""

from __future__ import annotations

import sqlite3
import threading
import time
from collections import Counter
from pathlib import Path
from typing import Any

import httpx

from tests.channel_harness import line_text
from tests.fakes import FakePlatform
from tests.serve_process import Served, serve_env, serving, start

PEOPLE = 20


def burst(count: int, prefix: str) -> list[dict[str, Any]]:
    return [line_text("社協ってなに", user=f"U{prefix}{n % PEOPLE}", token=f"{prefix}-{n}") for n in range(count)]


def post_all(served: Served, events: list[dict[str, Any]], acknowledged: list[dict[str, Any]]) -> None:
    """Post one webhook per event; those refused or cut off are not acknowledged (LINE would redeliver)."""
    with httpx.Client(timeout=10) as client:
        for event in events:
            try:
                if served.post_line(client, event) == 200:
                    acknowledged.append(event)
            except httpx.TransportError:
                pass


def replies_per_token(fake: FakePlatform) -> Counter[str]:
    return Counter(call.body["replyToken"] for call in fake.delivered if call.path.endswith("/reply"))


def wait_until_answered(fake: FakePlatform, events: list[dict[str, Any]], timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        answered = replies_per_token(fake)
        if all(answered[event["replyToken"]] for event in events):
            time.sleep(0.5)  # a double, if any, would come now
            return
        time.sleep(0.05)
    raise AssertionError("not every acknowledged event was answered")


def steps_taken(db: Path) -> int:
    with sqlite3.connect(db) as connection:
        return int(connection.execute("select count(*) from messages where direction = 'in'").fetchone()[0])


def test_kill_9_mid_burst_then_restart_answers_every_acknowledged_event_exactly_once(
    tmp_path: Path, line_fake: FakePlatform
) -> None:
    line_fake.latency = 0.03  # replies are in flight when the kill lands
    env = serve_env(tmp_path, line_fake, None)
    events, acknowledged = burst(90, "crash"), []
    first = start(tmp_path, env, name="first")
    poster = threading.Thread(target=post_all, args=(first, events, acknowledged))
    poster.start()
    line_fake.wait_for("/reply", 10, timeout=30)
    first.kill()
    poster.join(timeout=30)
    assert 0 < len(acknowledged) < len(events)  # the kill really came mid-burst
    unanswered = [e for e in events if e not in acknowledged]
    with serving(tmp_path, env, name="second") as second:
        redelivered = [dict(e, deliveryContext={"isRedelivery": True}) for e in unanswered + acknowledged[:5]]
        post_all(second, redelivered, acknowledged)
        wait_until_answered(line_fake, events)
    answered = replies_per_token(line_fake)
    assert {token: n for token, n in answered.items() if n != 1} == {}
    assert set(answered) == {event["replyToken"] for event in events}
    assert not [call for call in line_fake.delivered if call.path.endswith("/push")]  # no push fallback doubles
    assert steps_taken(tmp_path / "serve.db") == len(events)  # each conversation step ran once


def test_two_processes_on_one_database_answer_each_event_once(tmp_path: Path, line_fake: FakePlatform) -> None:
    line_fake.latency = 0.01
    env = serve_env(tmp_path, line_fake, None)
    events, acknowledged = burst(70, "pair"), []
    with serving(tmp_path, env, name="one") as one, serving(tmp_path, env, name="two") as two:
        halves = [
            threading.Thread(target=post_all, args=(served, events[i::2], acknowledged))
            for i, served in enumerate((one, two))
        ]
        for thread in halves:
            thread.start()
        for thread in halves:
            thread.join(timeout=60)
        assert len(acknowledged) == len(events)
        wait_until_answered(line_fake, events)
    answered = replies_per_token(line_fake)
    assert set(answered.values()) == {1} and len(answered) == len(events)
    assert steps_taken(tmp_path / "serve.db") == len(events)
