"""The load generator of `bench/load.py`: signed webhooks posted over HTTP/1.1 on 127.0.0.1, closed
loop (as fast as `concurrency` clients can) or open loop (a fixed rate, as platforms send), with the
time of each acknowledgement. Bounded by the list of requests it is given and a deadline."""

from __future__ import annotations

import asyncio
import json
import time
from dataclasses import dataclass
from urllib.parse import urlsplit

from tests.channel_harness import LINE_SECRET, TG_SECRET
from tests.fakes import line_signature

TEXTS = ("社協ってなに", "家賃が払えない", "お金がない", "こんにちは", "ハローワークはどこ", "眠れない")


@dataclass(frozen=True)
class Webhook:
    path: str
    body: bytes
    headers: dict[str, str]
    key: str  # how the fake platform names the reply: LINE reply token or Telegram chat id


@dataclass
class Ack:
    key: str
    sent: float  # epoch seconds, comparable with the fake platforms' process
    acked: float = 0.0
    status: int = 0


def line_webhook(number: int, people: int, run: str) -> Webhook:
    token = f"{run}-{number}"
    event = {
        "type": "message",
        "mode": "active",
        "timestamp": int(time.time() * 1000),
        "webhookEventId": f"{run}E{number:020d}",
        "deliveryContext": {"isRedelivery": False},
        "replyToken": token,
        "source": {"type": "user", "userId": f"U{run}{number % people}"},
        "message": {"id": str(number), "type": "text", "text": TEXTS[number % len(TEXTS)], "quoteToken": "q"},
    }
    body = json.dumps({"destination": "Ubot", "events": [event]}, ensure_ascii=False).encode()
    headers = {"x-line-signature": line_signature(LINE_SECRET, body), "content-type": "application/json"}
    return Webhook("/webhooks/line", body, headers, token)


def telegram_webhook(number: int, base: int) -> Webhook:
    """One new chat per message: Telegram answers in several calls, so a chat of its own is how the
    fake's calls are told apart (the first call is when the person sees an answer)."""
    chat = base + number
    update = {
        "update_id": chat,
        "message": {
            "message_id": 1,
            "date": int(time.time()),
            "chat": {"id": chat, "type": "private"},
            "from": {"id": chat, "is_bot": False, "first_name": "T"},
            "text": TEXTS[number % len(TEXTS)],
        },
    }
    body = json.dumps(update, ensure_ascii=False).encode()
    headers = {"x-telegram-bot-api-secret-token": TG_SECRET, "content-type": "application/json"}
    return Webhook("/webhooks/telegram", body, headers, str(chat))


class Connection:
    """One keep-alive HTTP/1.1 connection on asyncio streams. httpx spends about a millisecond of
    CPU per request, as much as the bare endpoint itself: the generator would measure itself.
    Requests are written as bytes and only the status and Content-Length are read back."""

    def __init__(self, url: str):
        parsed = urlsplit(url)
        self.host, self.port = parsed.hostname or "127.0.0.1", parsed.port or 80
        self.reader: asyncio.StreamReader | None = None
        self.writer: asyncio.StreamWriter | None = None

    async def post(self, hook: Webhook) -> int:
        if self.writer is None or self.reader is None:
            self.reader, self.writer = await asyncio.open_connection(self.host, self.port)
        head = "".join(f"{name}: {value}\r\n" for name, value in hook.headers.items())
        self.writer.write(
            f"POST {hook.path} HTTP/1.1\r\nhost: {self.host}\r\n{head}content-length: {len(hook.body)}\r\n\r\n".encode()
            + hook.body
        )
        status_line = await self.reader.readline()
        length = 0
        while (line := await self.reader.readline()) not in (b"\r\n", b""):
            name, _, value = line.decode("latin-1").partition(":")
            if name.lower() == "content-length":
                length = int(value)
        await self.reader.readexactly(length)
        return int(status_line.split()[1])

    async def close(self) -> None:
        if self.writer is not None:
            self.writer.close()


async def _post(connection: Connection, hook: Webhook, ack: Ack) -> None:
    try:
        ack.status = await connection.post(hook)
    except (OSError, asyncio.IncompleteReadError, IndexError, ValueError):
        ack.status = -1
        await connection.close()
        connection.writer = None
    ack.acked = time.time()


async def closed_loop(urls: list[str], hooks: list[Webhook], concurrency: int, deadline: float) -> list[Ack]:
    """`concurrency` clients, each posting its next webhook when the last is acknowledged."""
    acks: list[Ack] = []
    queue = iter(enumerate(hooks))

    async def client_loop(number: int) -> None:
        connection = Connection(urls[number % len(urls)])  # spread over the serve processes
        for _, hook in queue:
            if time.time() > deadline:
                break
            ack = Ack(hook.key, time.time())
            acks.append(ack)
            await _post(connection, hook, ack)
        await connection.close()

    await asyncio.gather(*(client_loop(number) for number in range(concurrency)))
    return acks


async def open_loop(
    urls: list[str], hooks: list[Webhook], rate: float, deadline: float, connections: int = 256
) -> list[Ack]:
    """One webhook every 1/rate seconds whatever the answers (a platform does not wait for us); the
    time counts from when it was due, so a queue on our side shows in the latency. Connections are
    reused when idle, as a platform keeps them alive; at most `connections` at once."""
    acks: list[Ack] = []
    idle: dict[str, list[Connection]] = {url: [] for url in urls}
    room = asyncio.Semaphore(connections)

    async def send(url: str, hook: Webhook, ack: Ack) -> None:
        async with room:
            connection = idle[url].pop() if idle[url] else Connection(url)
            await _post(connection, hook, ack)
            idle[url].append(connection)

    tasks: list[asyncio.Task[None]] = []
    start = time.time()
    for number, hook in enumerate(hooks):
        due = start + number / rate
        if due > deadline:
            break
        await asyncio.sleep(max(0.0, due - time.time()))
        acks.append(Ack(hook.key, due))
        tasks.append(asyncio.create_task(send(urls[number % len(urls)], hook, acks[-1])))
    await asyncio.gather(*tasks)
    for connection in (c for pool in idle.values() for c in pool):
        await connection.close()
    return acks
