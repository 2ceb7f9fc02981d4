"""Fake LINE and Telegram for `bench/load.py`, in a process of their own (their work must not
share a GIL with the load generator's clocks). Run as `python -m bench.platforms --latency-ms 50`:
prints `READY <line url> <telegram url>`, then one line `<channel> <key> <epoch seconds>` per
delivered call (LINE key: the reply token; Telegram key: the chat id), until stdin closes."""

from __future__ import annotations

import argparse
import sys
import threading
import time
from typing import Any

from tests.fakes import Call, FakePlatform, line_app, serve_in_thread, telegram_app

_write = threading.Lock()


class Reported(list[Call]):
    """Stands in for a fake's call lists: reports a delivery at once and keeps nothing, so a long
    run's memory stays flat."""

    def __init__(self, channel: str = ""):
        super().__init__()
        self.channel = channel

    def append(self, call: Call) -> None:
        if not self.channel:
            return
        key = call.body.get("replyToken") if self.channel == "line" else call.body.get("chat_id")
        with _write:
            sys.stdout.write(f"{self.channel} {key} {time.time():.6f}\n")
            sys.stdout.flush()


def fake(channel: str, latency: float) -> FakePlatform:
    platform = FakePlatform(latency=latency)
    platform.calls = Reported()
    platform.delivered = Reported(channel)
    return platform


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--latency-ms", type=float, default=50.0)
    args = parser.parse_args(argv)
    line, telegram = fake("line", args.latency_ms / 1000), fake("telegram", args.latency_ms / 1000)
    apps: list[Any] = [line_app(line), telegram_app(telegram)]
    with serve_in_thread(apps[0]) as line_url, serve_in_thread(apps[1]) as telegram_url:
        with _write:
            sys.stdout.write(f"READY {line_url} {telegram_url}\n")
            sys.stdout.flush()
        sys.stdin.read()  # the parent closes stdin (or dies): stop
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
