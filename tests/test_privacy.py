"""Private by construction: no raw platform id left in the database once handled, no token in logs,
and the retention purge takes events and outgoing messages too."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import httpx

from tests.channel_harness import TG_TOKEN, FakeClock, line_text, make_settings, running, tg_message
from tests.conftest import tokyo
from tests.fakes import FakePlatform
from tests.serve_process import serve_env, serving

RAW_LINE, RAW_TELEGRAM = "Uprivacy0123456789", 7770001


def every_stored_text(db: Path) -> str:
    with sqlite3.connect(db) as connection:
        tables = [row[0] for row in connection.execute("select name from sqlite_master where type = 'table'")]
        return "\n".join(str(row) for table in tables for row in connection.execute(f"select * from {table}"))


def test_no_raw_platform_id_is_left_once_handled_and_the_purge_takes_events_and_outbox(
    tmp_path: Path, line_fake: FakePlatform, tg_fake: FakePlatform
) -> None:
    clock = FakeClock(tokyo("2026-11-25 02:00"))
    with running(make_settings(tmp_path, line_fake, tg_fake), clock) as app:
        app.post_line(line_text("社協ってなに", user=RAW_LINE))
        app.post_telegram(tg_message("社協ってなに", user=RAW_TELEGRAM))
        app.drain()
        stored = every_stored_text(tmp_path / "serve.db")
        assert RAW_LINE not in stored and str(RAW_TELEGRAM) not in stored
        clock.advance(days=91)
        jobs = app.runtime.desk.jobs
        assert jobs is not None
        app.client.portal.call(jobs.run_due)  # type: ignore[union-attr]
        assert app.runtime.storage.db["events"].count == 0 and app.runtime.storage.db["outbox"].count == 0


def test_the_bot_token_is_not_written_to_the_log(tmp_path: Path, tg_fake: FakePlatform) -> None:
    env = serve_env(tmp_path, None, tg_fake)
    with serving(tmp_path, env) as served, httpx.Client() as client:
        assert served.post_telegram(client, tg_message("社協ってなに", user=RAW_TELEGRAM)) == 200
        tg_fake.wait_for("/sendMessage", 2)
        served.process.terminate()
        served.process.wait(timeout=20)
    log = served.log.read_text(encoding="utf-8")
    assert "sendMessage" not in log  # no per-request line of the HTTP client, whose URL carries the token
    assert TG_TOKEN not in log and TG_TOKEN.split(":")[1] not in log
