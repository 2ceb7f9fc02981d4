"""Load test of `madoguchi serve`, run by hand (never in the suite); prints figures, asserts nothing.

    .venv/bin/python bench/load.py [--platform-latency-ms 50] [--processes 1] [--rate 500] [--seconds 10]

Starts fake LINE and Telegram (`bench/platforms.py`, answering after `--platform-latency-ms`),
`--processes` × `madoguchi serve` on one database (webhooks spread over them), and the bare
endpoint (`bench/bare.py`), all on 127.0.0.1. Then, from one load generator (`bench/loadgen.py`):
1. acknowledgements: `--ack-webhooks` signed webhooks, `--concurrency` clients in a closed loop,
   against the bare endpoint and then against serve (whose workers answer them meanwhile);
2. end to end: webhooks at a fixed `--rate` for `--seconds` (an open loop, as platforms send),
   each timed from when it was due until the fake platform saw the reply (Telegram: the first of
   its calls, as a chat shows the first message at once; the last is printed too).
Everything stops by itself: bounded counts, a deadline per phase, children ended in `finally`.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import platform
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench.loadgen import Ack, Webhook, closed_loop, line_webhook, open_loop, telegram_webhook  # noqa: E402
from tests.fakes import FakePlatform, free_port  # noqa: E402
from tests.serve_process import Served, serve_env, serving  # noqa: E402


class Deliveries:
    """What the fake platforms reported: first and last call seen per key, read by a thread."""

    def __init__(self, stream: object):
        self.first: dict[str, float] = {}
        self.last: dict[str, float] = {}
        self.thread = threading.Thread(target=self._read, args=(stream,), daemon=True)
        self.thread.start()

    def _read(self, stream: object) -> None:
        for line in stream:  # type: ignore[attr-defined]
            _, key, at = line.split()
            self.first.setdefault(key, float(at))
            self.last[key] = float(at)

    def wait(self, keys: list[str], timeout: float) -> int:
        """Until every key has a reply (then a short quiet time for Telegram's later calls)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline and not all(key in self.first for key in keys):
            time.sleep(0.05)
        time.sleep(0.5)
        return sum(key in self.first for key in keys)


@contextmanager
def platforms(latency_ms: float) -> Iterator[tuple[str, str, Deliveries]]:
    child = subprocess.Popen(
        [sys.executable, "-m", "bench.platforms", "--latency-ms", str(latency_ms)],
        cwd=ROOT,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert child.stdout is not None and child.stdin is not None
        ready = child.stdout.readline().split()
        if not ready or ready[0] != "READY":
            raise RuntimeError("the fake platforms did not start")
        yield ready[1], ready[2], Deliveries(child.stdout)
    finally:
        if child.stdin is not None:
            child.stdin.close()
        try:
            child.wait(timeout=10)
        except subprocess.TimeoutExpired:
            child.kill()


@contextmanager
def bare(folder: Path) -> Iterator[str]:
    port = free_port()
    with (folder / "bare.log").open("w") as log:
        child = subprocess.Popen(
            [sys.executable, "-m", "bench.bare", "--port", str(port)], cwd=ROOT, stdout=log, stderr=subprocess.STDOUT
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url, child)
        yield url
    finally:
        child.terminate()
        child.wait(timeout=20)


def _wait_healthy(url: str, child: subprocess.Popen[bytes]) -> None:
    import httpx

    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and child.poll() is None:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.TransportError:
            time.sleep(0.1)
    raise RuntimeError(f"{url} did not start")


def webhooks(count: int, share: float, people: int, run: str, base: int) -> list[Webhook]:
    """LINE and Telegram mixed evenly: every 1/share-th webhook goes to Telegram."""
    every = round(1 / share) if share > 0 else 0
    return [
        telegram_webhook(n, base) if every and n % every == every - 1 else line_webhook(n, people, run)
        for n in range(count)
    ]


def percentiles(values: list[float]) -> str:
    if not values:
        return "n/a"
    ordered = sorted(values)
    pick = lambda q: ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000  # noqa: E731
    return f"p50 {pick(0.50):6.1f} ms  p99 {pick(0.99):6.1f} ms"


def ack_line(name: str, acks: list[Ack]) -> tuple[float, str]:
    good = [a for a in acks if a.status == 200]
    span = max((a.acked for a in acks), default=0) - min((a.sent for a in acks), default=0)
    rate = len(good) / span if span > 0 else 0.0
    bad = len(acks) - len(good)
    return rate, f"{name:<12} {rate:8.0f} acks/s  {percentiles([a.acked - a.sent for a in good])}  errors {bad}"


def e2e_lines(acks: list[Ack], deliveries: Deliveries, answered: int) -> list[str]:
    first = [deliveries.first[a.key] - a.sent for a in acks if a.key in deliveries.first]
    last = [deliveries.last[a.key] - a.sent for a in acks if a.key in deliveries.last]
    start = min(a.sent for a in acks)
    end = max(deliveries.first[a.key] for a in acks if a.key in deliveries.first)
    return [
        f"end to end   {answered / (end - start):8.0f} messages/s  {percentiles(first)}  "
        f"answered {answered}/{len(acks)}",
        f"  whole answer (Telegram's last call)      {percentiles(last)}",
        f"  acknowledged in this phase              {percentiles([a.acked - a.sent for a in acks])}",
    ]


def parse(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description="load test of madoguchi serve against fake platforms")
    parser.add_argument("--platform-latency-ms", type=float, default=50.0, help="fake platforms answer after this")
    parser.add_argument("--processes", type=int, default=1, help="serve processes on one database")
    parser.add_argument("--ack-webhooks", type=int, default=3000, help="webhooks in the acknowledgement phase")
    parser.add_argument("--concurrency", type=int, default=32, help="clients in the acknowledgement phase")
    parser.add_argument("--rate", type=float, default=500.0, help="webhooks per second, end to end")
    parser.add_argument("--seconds", type=float, default=10.0, help="length of the end-to-end phase")
    parser.add_argument("--people", type=int, default=500, help="LINE people the messages come from")
    parser.add_argument("--telegram-share", type=float, default=0.5, help="share of webhooks to Telegram")
    args = parser.parse_args(argv)
    args.ack_webhooks = min(args.ack_webhooks, 100_000)  # bounded whatever is asked
    args.seconds = min(args.seconds, 120.0)
    return args


def header(args: argparse.Namespace) -> list[str]:
    return [
        f"madoguchi serve load test, {datetime.now(UTC):%Y-%m-%d %H:%M} UTC",
        f"machine: {os.cpu_count()} cores, {platform.machine()}, {platform.system()} {platform.release()}, "
        f"Python {platform.python_version()}, load average before the run {os.getloadavg()[0]:.2f}",
        f"fake platforms answer in {args.platform_latency_ms:.0f} ms; {args.processes} serve process(es) on one "
        f"database; Telegram share {args.telegram_share:.0%}; {args.people} LINE people",
    ]


def run(args: argparse.Namespace, folder: Path) -> list[str]:
    lines = header(args)
    with ExitStack() as stack:
        line_url, telegram_url, deliveries = stack.enter_context(platforms(args.platform_latency_ms))
        env = serve_env(folder, FakePlatform(url=line_url), FakePlatform(url=telegram_url))
        served: list[Served] = [
            stack.enter_context(serving(folder, env, name=f"serve{n}")) for n in range(args.processes)
        ]
        urls = [s.url for s in served]
        bare_url = stack.enter_context(bare(folder))
        hooks = webhooks(args.ack_webhooks, args.telegram_share, args.people, "ack", 10_000_000)
        deadline = time.time() + 120
        bare_rate, text = ack_line("bare", asyncio.run(closed_loop([bare_url], hooks, args.concurrency, deadline)))
        lines.append(f"acknowledgements ({args.ack_webhooks} webhooks, {args.concurrency} clients):")
        lines.append("  " + text)
        acks = asyncio.run(closed_loop(urls, hooks, args.concurrency, time.time() + 120))
        serve_rate, text = ack_line("serve", acks)
        lines += ["  " + text, f"  serve / bare = {serve_rate / bare_rate:.2f}"]
        answered = deliveries.wait([a.key for a in acks], timeout=180)
        lines.append(f"  (answered {answered}/{len(acks)} of them before the next phase)")
        hooks = webhooks(int(args.rate * args.seconds), args.telegram_share, args.people, "e2e", 20_000_000)
        acks = asyncio.run(open_loop(urls, hooks, args.rate, time.time() + args.seconds + 1))
        answered = deliveries.wait([a.key for a in acks], timeout=120)
        lines.append(f"end to end (offered {args.rate:.0f} webhooks/s for {args.seconds:.0f} s):")
        lines += ["  " + line for line in e2e_lines(acks, deliveries, answered)]
    return lines


def main(argv: list[str] | None = None) -> int:
    args = parse(argv)
    with tempfile.TemporaryDirectory(prefix="madoguchi-load-") as folder:
        for line in run(args, Path(folder)):
            print(line)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
