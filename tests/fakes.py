"""Small fake LINE and Telegram API servers on 127.0.0.1 that record every call.

They run under a real uvicorn in a thread, so the real SDKs talk real HTTP to them.
"""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import socket
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse
from starlette.routing import Route


@dataclass
class Call:
    path: str
    headers: dict[str, str]
    body: dict[str, Any]


@dataclass
class FakePlatform:
    url: str = ""
    calls: list[Call] = field(default_factory=list)
    delivered: list[Call] = field(default_factory=list)  # only the calls that put a message in front of someone
    failures: dict[str, list[tuple[int, dict[str, Any], dict[str, str]]]] = field(default_factory=dict)
    expired_reply_tokens: set[str] = field(default_factory=set)
    used_reply_tokens: set[str] = field(default_factory=set)  # LINE refuses a token's second use (400)
    retry_keys: set[str] = field(default_factory=set)  # LINE refuses a push retry key seen before (409)
    updates: list[dict[str, Any]] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)
    latency: float = 0.0  # seconds before each answer (a slow platform)
    sent_messages: int = 0  # Telegram numbers a chat's sent messages from 1 (reset with the platform)
    down: bool = False  # every call answers 502 (an outage)

    def reset(self) -> None:
        """A clean platform for the next test, on the same server (starting one per test cost 0.4 s)."""
        with self.lock:
            for name, spec in type(self).__dataclass_fields__.items():
                if name not in ("url", "lock"):
                    default = spec.default_factory() if callable(spec.default_factory) else spec.default
                    setattr(self, name, default)

    def next_message_id(self) -> int:
        with self.lock:
            self.sent_messages += 1
            return self.sent_messages

    def fail_next(
        self,
        suffix: str,
        status: int,
        body: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        times: int = 1,
    ) -> None:
        for _ in range(times):
            self.failures.setdefault(suffix, []).append((status, body or {"message": "fail"}, headers or {}))

    def take_failure(self, path: str) -> tuple[int, dict[str, Any], dict[str, str]] | None:
        with self.lock:
            for suffix, queued in self.failures.items():
                if path.endswith(suffix) and queued:
                    return queued.pop(0)
        return None

    def called(self, suffix: str) -> list[Call]:
        return [call for call in self.calls if call.path.endswith(suffix)]

    def wait_for(self, suffix: str, count: int = 1, timeout: float = 10.0) -> list[Call]:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            found = self.called(suffix)
            if len(found) >= count:
                return found
            time.sleep(0.02)
        raise AssertionError(f"expected {count} call(s) to {suffix}, got {[c.path for c in self.calls]}")


async def _record(fake: FakePlatform, request: Request) -> tuple[Call, JSONResponse | None]:
    raw = await request.body()
    content_type = request.headers.get("content-type", "")
    if "json" in content_type:
        body = json.loads(raw or b"{}")
    else:  # python-telegram-bot posts form fields, with nested values as JSON strings
        body = {}
        for key, value in parse_qsl(raw.decode(), keep_blank_values=True):
            try:
                body[key] = json.loads(value)
            except json.JSONDecodeError:
                body[key] = value
    if fake.latency:
        await asyncio.sleep(fake.latency)
    call = Call(request.url.path, dict(request.headers), body)
    if fake.down:
        return call, JSONResponse({"ok": False, "error_code": 502, "description": "Bad Gateway"}, status_code=502)
    fake.calls.append(call)
    failure = fake.take_failure(call.path)
    if failure is not None:
        status, payload, headers = failure
        return call, JSONResponse(payload, status_code=status, headers=headers)
    return call, None


def line_app(fake: FakePlatform) -> Starlette:
    async def reply(request: Request) -> JSONResponse:
        call, failure = await _record(fake, request)
        if failure is not None:
            return failure
        token = call.body.get("replyToken")
        with fake.lock:
            refused = token in fake.expired_reply_tokens or token in fake.used_reply_tokens
            fake.used_reply_tokens.add(token)
        if refused:
            return JSONResponse({"message": "Invalid reply token"}, status_code=400)
        fake.delivered.append(call)
        return JSONResponse(
            {"sentMessages": [{"id": str(i), "quoteToken": "q"} for i, _ in enumerate(call.body["messages"])]}
        )

    async def push(request: Request) -> JSONResponse:
        call, failure = await _record(fake, request)
        if failure is not None:
            return failure
        key = call.headers.get("x-line-retry-key")
        with fake.lock:
            repeated = key in fake.retry_keys
            fake.retry_keys.add(key or "")
        if key and repeated:
            return JSONResponse({"message": "The retry key is already accepted"}, status_code=409)
        fake.delivered.append(call)
        return JSONResponse({"sentMessages": [{"id": "1", "quoteToken": "q"}]})

    return Starlette(
        routes=[
            Route("/v2/bot/message/reply", reply, methods=["POST"]),
            Route("/v2/bot/message/push", push, methods=["POST"]),
        ]
    )


BOT_USER = {"id": 999, "is_bot": True, "first_name": "Madoguchi", "username": "madoguchi_bot"}


def telegram_app(fake: FakePlatform) -> Starlette:

    async def method(request: Request) -> JSONResponse:
        call, failure = await _record(fake, request)
        if failure is not None:
            return failure
        name = call.path.rsplit("/", 1)[-1]
        if name == "getMe":
            return JSONResponse({"ok": True, "result": BOT_USER})
        if name in ("sendMessage", "editMessageText"):
            chat_id = int(call.body["chat_id"])
            message = {
                "message_id": fake.next_message_id(),
                "date": int(time.time()),
                "from": BOT_USER,
                "chat": {"id": chat_id, "type": "private" if chat_id > 0 else "supergroup"},
                "text": call.body.get("text", ""),
            }
            if "reply_markup" in call.body:
                message["reply_markup"] = call.body["reply_markup"]
            fake.delivered.append(call)
            return JSONResponse({"ok": True, "result": message})
        if name == "getUpdates":
            with fake.lock:
                updates, fake.updates = fake.updates, []
            return JSONResponse({"ok": True, "result": updates})
        return JSONResponse({"ok": True, "result": True})

    return Starlette(routes=[Route("/bot{token}/{method}", method, methods=["POST", "GET"])])


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@contextmanager
def serve_in_thread(app: Any, port: int | None = None) -> Iterator[str]:
    port = port or free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning", lifespan="on"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("server did not start")
        time.sleep(0.01)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)


@contextmanager
def fake_platform(make_app: Callable[[FakePlatform], Starlette]) -> Iterator[FakePlatform]:
    fake = FakePlatform()
    with serve_in_thread(make_app(fake)) as url:
        fake.url = url
        yield fake


def line_signature(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()
