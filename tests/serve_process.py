"""`madoguchi serve` as a real subprocess against the fake platforms (crash tests and bench/load.py)."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

import httpx

from tests.channel_harness import LINE_SECRET, TG_SECRET, TG_TOKEN
from tests.fakes import FakePlatform, free_port, line_signature

ROOT = Path(__file__).resolve().parent.parent


def outside_env() -> dict[str, str]:
    """This environment without the bot's settings, as a fresh shell has it; the tests' knowledge cache
    (conftest's MADOGUCHI_CACHE_DIR) is kept, so a subprocess neither writes to the user's home nor
    rebuilds the knowledge another process of the run has built."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MADOGUCHI_", "LINE_", "TELEGRAM_"))}
    if "MADOGUCHI_CACHE_DIR" in os.environ:
        env["MADOGUCHI_CACHE_DIR"] = os.environ["MADOGUCHI_CACHE_DIR"]
    return env


def serve_env(folder: Path, line: FakePlatform | None, telegram: FakePlatform | None, **extra: str) -> dict[str, str]:
    env = outside_env()
    env.update(MADOGUCHI_DB=str(folder / "serve.db"), MADOGUCHI_HOME=str(ROOT), **extra)
    if line is not None:
        env.update(LINE_CHANNEL_SECRET=LINE_SECRET, LINE_CHANNEL_ACCESS_TOKEN="line-token", LINE_API_BASE_URL=line.url)
    if telegram is not None:
        env.update(
            TELEGRAM_BOT_TOKEN=TG_TOKEN, TELEGRAM_WEBHOOK_SECRET=TG_SECRET, TELEGRAM_API_BASE_URL=f"{telegram.url}/bot"
        )
    return env


@dataclass
class Served:
    process: subprocess.Popen[str]
    url: str
    log: Path

    def kill(self) -> None:
        """kill -9: no shutdown code runs, as in a power cut of the process."""
        self.process.send_signal(signal.SIGKILL)
        self.process.wait(timeout=20)

    def post_line(self, client: httpx.Client, *events: dict[str, object]) -> int:
        body = json.dumps({"destination": "Ubot", "events": list(events)}).encode()
        headers = {"x-line-signature": line_signature(LINE_SECRET, body), "content-type": "application/json"}
        return client.post(f"{self.url}/webhooks/line", content=body, headers=headers).status_code

    def post_telegram(self, client: httpx.Client, update: dict[str, object]) -> int:
        headers = {"x-telegram-bot-api-secret-token": TG_SECRET}
        return client.post(f"{self.url}/webhooks/telegram", json=update, headers=headers).status_code


def start(folder: Path, env: dict[str, str], port: int | None = None, name: str = "serve") -> Served:
    port = port or free_port()
    log = folder / f"{name}-{port}.log"
    handle = log.open("w", encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--port", str(port)],
        cwd=folder,
        env=env,
        stdout=handle,
        stderr=subprocess.STDOUT,
        text=True,
    )
    served = Served(process, f"http://127.0.0.1:{port}", log)
    deadline = time.monotonic() + 60
    while True:
        try:
            if httpx.get(f"{served.url}/healthz", timeout=2).status_code == 200:
                return served
        except httpx.TransportError:
            pass
        if time.monotonic() > deadline or process.poll() is not None:
            process.kill()
            raise RuntimeError(f"serve did not become healthy:\n{log.read_text(encoding='utf-8')[-3000:]}")
        time.sleep(0.1)


@contextmanager
def serving(folder: Path, env: dict[str, str], port: int | None = None, name: str = "serve") -> Iterator[Served]:
    served = start(folder, env, port, name)
    try:
        yield served
    finally:
        if served.process.poll() is None:
            served.process.terminate()
            try:
                served.process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                served.process.kill()
