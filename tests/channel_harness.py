"""A running app with real SDKs pointed at fake platforms, for the channel tests."""

from __future__ import annotations

import json
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path
from typing import Any

from starlette.testclient import TestClient

from bot.channels.web import Runtime, build_runtime, create_app
from bot.config.settings import Policy, Settings
from bot.config.stores import KnowledgeStore
from bot.store.storage import Storage
from tests.conftest import ROOT
from tests.fakes import FakePlatform, line_signature

LINE_SECRET = "line-channel-secret"
TG_TOKEN = "123456:TEST-token"
TG_SECRET = "telegram-webhook-secret"
QUICK = Policy(first_wait=0.05, max_wait=0.2, max_attempts=4, poll_seconds=0.05)  # retries within a test's patience


def make_settings(tmp: Path, line: FakePlatform | None, telegram: FakePlatform | None, base: Path = ROOT) -> Settings:
    return Settings(
        base_dir=base,
        db_path=tmp / "serve.db",
        key_path=tmp / "serve.key",
        workers_file=tmp / "workers.yaml",
        line_secret=LINE_SECRET if line else "",
        line_token="line-token" if line else "",
        line_api=line.url if line else "",
        telegram_token=TG_TOKEN if telegram else "",
        telegram_secret=TG_SECRET if telegram else "",
        telegram_api=f"{telegram.url}/bot" if telegram else "",
        job_tick_seconds=3600.0,  # tests move the fake clock and call run_due themselves
        delivery=QUICK,
    )


@dataclass
class Harness:
    client: TestClient
    runtime: Runtime

    def drain(self) -> None:
        self.client.portal.call(self.runtime.drain)  # type: ignore[union-attr]

    def post_line(self, *events: dict[str, Any], signature: str | None = None) -> Any:
        body = json.dumps({"destination": "Ubot", "events": list(events)}).encode()
        return self.post_line_raw(body, signature)

    def post_line_raw(self, body: bytes, signature: str | None = None) -> Any:
        headers = {
            "content-type": "application/json",
            "x-line-signature": signature if signature is not None else line_signature(LINE_SECRET, body),
        }
        return self.client.post("/webhooks/line", content=body, headers=headers)

    def post_telegram(self, update: dict[str, Any], secret: str = TG_SECRET) -> Any:
        return self.client.post("/webhooks/telegram", json=update, headers={"x-telegram-bot-api-secret-token": secret})


_SHIPPED: list[KnowledgeStore] = []


def knowledge_for(base: Path) -> KnowledgeStore:
    """The shipped data is loaded once per test process (a runtime only reads it); a test's own
    copy of the data is loaded fresh."""
    if base == ROOT and _SHIPPED:
        return _SHIPPED[0]
    store = KnowledgeStore(base)
    assert store.reload() == []
    if base == ROOT:
        _SHIPPED.append(store)
    return store


@contextmanager
def running(settings: Settings, clock: Callable[[], datetime] | None = None) -> Iterator[Harness]:
    store = knowledge_for(settings.base_dir)
    storage = Storage(settings.db_path)
    runtime = build_runtime(settings, store, storage, clock)
    with TestClient(create_app(runtime)) as client:
        yield Harness(client, runtime)
    storage.close()


_counter = iter(range(1, 10_000_000))


def line_text(
    text: str, user: str = "U1", token: str | None = None, event_id: str | None = None, redelivery: bool = False
) -> dict[str, Any]:
    number = next(_counter)
    return {
        "type": "message",
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "webhookEventId": event_id or f"01TEST{number:020d}",
        "deliveryContext": {"isRedelivery": redelivery},
        "replyToken": token or f"token-{number}",
        "source": {"type": "user", "userId": user},
        "message": {"id": str(number), "type": "text", "text": text, "quoteToken": "q"},
    }


def line_event(kind: str, user: str = "U1", **fields: Any) -> dict[str, Any]:
    number = next(_counter)
    return {
        "type": kind,
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "webhookEventId": f"01TEST{number:020d}",
        "deliveryContext": {"isRedelivery": False},
        "replyToken": f"token-{number}",
        "source": {"type": "user", "userId": user},
        **fields,
    }


def tg_message(text: str | None = None, user: int = 5001, chat: int | None = None, **extra: Any) -> dict[str, Any]:
    number = next(_counter)
    chat_id = chat if chat is not None else user
    message = {
        "message_id": number,
        "date": int(time.time()),
        "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
        "from": {"id": user, "is_bot": False, "first_name": "T"},
        **extra,
    }
    if text is not None:
        message["text"] = text
    return {"update_id": number, "message": message}


def tg_callback(data: str, user: int = 5001, chat: int | None = None) -> dict[str, Any]:
    number = next(_counter)
    chat_id = chat if chat is not None else user
    chat_type = "private" if chat_id > 0 else "supergroup"
    return {
        "update_id": number,
        "callback_query": {
            "id": f"cb{number}",
            "from": {"id": user, "is_bot": False, "first_name": "T"},
            "chat_instance": "ci",
            "data": data,
            "message": {
                "message_id": 1,
                "date": int(time.time()),
                "chat": {"id": chat_id, "type": chat_type},
                "from": {"id": 999, "is_bot": True, "first_name": "Madoguchi"},
                "text": "x",
            },
        },
    }


class FakeClock:
    def __init__(self, start: datetime):
        self.now = start

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> datetime:
        from datetime import timedelta

        self.now += timedelta(**delta)
        return self.now


def texts_sent_line(call_body: dict[str, Any]) -> list[str]:
    return [message["text"] for message in call_body["messages"]]


def with_long_answer(data_copy: Path) -> Path:
    """A data copy (`data_copy` or `small_data`) whose first food FAQ answer is longer than both platforms'
    limits."""
    faq = data_copy / "faq" / "food.yaml"
    text = faq.read_text(encoding="utf-8")
    marker = "    answer: |-\n"
    index = text.index(marker) + len(marker)
    long_line = "      " + "長い説明です。" * 1000 + "\n"
    faq.write_text(text[:index] + long_line + text[index:], encoding="utf-8")
    return data_copy


def settings_with_base(settings: Settings, base: Path) -> Settings:
    return replace(settings, base_dir=base)
