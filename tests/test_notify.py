"""Honest worker side: a notification counts as sent only when a workers' chat got it; one that
fails after every retry is recorded as failed and the supervisors are told directly."""

from __future__ import annotations

from pathlib import Path

from bot.config.catalog import texts
from tests.channel_harness import line_text, make_settings, running, texts_sent_line
from tests.fakes import FakePlatform

WORKERS = """
notify: ["telegram:-100700"]
workers:
  - {id: "telegram:5001", name: 佐藤, role: worker}
  - {id: "line:Usupervisor", name: 田中, role: supervisor}
"""


def test_a_notification_is_recorded_per_destination_and_a_failed_one_reaches_a_supervisor(
    tmp_path: Path, line_fake: FakePlatform, tg_fake: FakePlatform
) -> None:
    (tmp_path / "workers.yaml").write_text(WORKERS, encoding="utf-8")
    with running(make_settings(tmp_path, line_fake, tg_fake)) as app:
        tg_fake.fail_next(
            "/sendMessage", 400, {"ok": False, "error_code": 400, "description": "Bad Request: chat not found"}
        )
        app.post_line(line_text("死にたい", user="Ufirst"))
        app.drain()
        first = app.runtime.storage.case(1)
        assert first is not None and first["notified_at"] is None  # nobody got it: not "notified"
        actions = [entry["action"] for entry in app.runtime.storage.audit_log(1)]
        assert "notify_failed" in actions and "notify_sent" not in actions
        alerts = [t for c in line_fake.delivered if c.body.get("to") == "Usupervisor" for t in texts_sent_line(c.body)]
        assert alerts == [texts().get("worker_notify_failed", case=1, destination="telegram:-100700")]

        app.post_line(line_text("死にたい", user="Usecond"))
        app.drain()
        second = app.runtime.storage.case(2)
        assert second is not None and second["notified_at"] is not None
        assert "notify_sent" in [entry["action"] for entry in app.runtime.storage.audit_log(2)]
