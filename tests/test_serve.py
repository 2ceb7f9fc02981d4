"""`madoguchi serve`, `set-webhook` and `telegram-polling` as a person would run them."""

from __future__ import annotations

import asyncio
import json
import subprocess
import sys
import time
from pathlib import Path

import httpx

from bot.channels.polling import poll
from bot.channels.web import build_runtime
from bot.config.stores import KnowledgeStore
from bot.store.storage import Storage
from tests.channel_harness import LINE_SECRET, TG_SECRET, TG_TOKEN, line_text, make_settings, tg_message
from tests.conftest import ROOT
from tests.fakes import FakePlatform, free_port, line_signature
from tests.serve_process import outside_env


def env_for(tmp: Path, **values: str) -> dict[str, str]:
    env = outside_env()
    env.update(MADOGUCHI_DB=str(tmp / "serve.db"), **values)
    return env


def test_serve_without_channels_says_so(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "bot", "serve"],
        cwd=tmp_path,
        env=env_for(tmp_path),
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1 and "no channel is configured" in result.stderr


def test_serve_process_holds_a_conversation_on_both_channels(
    tmp_path: Path, line_fake: FakePlatform, tg_fake: FakePlatform
) -> None:
    port = free_port()
    env = env_for(
        tmp_path,
        MADOGUCHI_HOME=str(ROOT),
        LINE_CHANNEL_SECRET=LINE_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN="line-token",
        LINE_API_BASE_URL=line_fake.url,
        TELEGRAM_BOT_TOKEN=TG_TOKEN,
        TELEGRAM_WEBHOOK_SECRET=TG_SECRET,
        TELEGRAM_API_BASE_URL=f"{tg_fake.url}/bot",
    )
    server = subprocess.Popen(
        [sys.executable, "-m", "bot", "serve", "--port", str(port)],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                if httpx.get(f"{url}/healthz").status_code == 200:
                    break
            except httpx.TransportError:
                pass
            assert time.monotonic() < deadline and server.poll() is None, "serve did not become healthy"
            time.sleep(0.1)
        body = json.dumps({"destination": "U", "events": [line_text("死にたい", user="Userve")]}).encode()
        assert (
            httpx.post(
                f"{url}/webhooks/line", content=body, headers={"x-line-signature": line_signature(LINE_SECRET, body)}
            ).status_code
            == 200
        )
        assert (
            httpx.post(
                f"{url}/webhooks/telegram",
                json=tg_message("社協ってなに"),
                headers={"x-telegram-bot-api-secret-token": TG_SECRET},
            ).status_code
            == 200
        )
        [reply] = line_fake.wait_for("/v2/bot/message/reply")
        said = "\n".join(m["text"] for m in reply.body["messages"])
        assert "0120-279-338" in said and "119" in said  # both answer at any hour
        sent = tg_fake.wait_for("/sendMessage", 2)  # the greeting, then the answer
        assert any("社会福祉協議会" in call.body["text"] for call in sent)
    finally:
        server.terminate()
        server.wait(timeout=20)


def test_set_webhook_registers_url_and_secret(tmp_path: Path, tg_fake: FakePlatform) -> None:
    env = env_for(
        tmp_path,
        TELEGRAM_BOT_TOKEN=TG_TOKEN,
        TELEGRAM_WEBHOOK_SECRET=TG_SECRET,
        TELEGRAM_API_BASE_URL=f"{tg_fake.url}/bot",
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", "set-webhook", "https://bot.example.org/webhooks/telegram"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 0, result.stderr
    [call] = tg_fake.called("/setWebhook")
    assert call.body["url"] == "https://bot.example.org/webhooks/telegram"
    assert call.body["secret_token"] == TG_SECRET


def test_polling_takes_updates_through_the_same_inbox(tmp_path: Path, tg_fake: FakePlatform) -> None:
    update = tg_message("社協ってなに")
    tg_fake.updates.extend([update, update])  # the same update twice: answered once
    settings = make_settings(tmp_path, None, tg_fake)
    store = KnowledgeStore(ROOT)
    store.reload()
    storage = Storage(settings.db_path)
    asyncio.run(poll(build_runtime(settings, store, storage), rounds=1, timeout=0))
    assert any("社会福祉協議会" in call.body["text"] for call in tg_fake.called("/sendMessage"))
    assert storage.meta("telegram_offset") == str(update["update_id"] + 1)
    assert storage.db["events"].count == 1
    storage.close()


def test_serve_refuses_a_broken_workers_file(tmp_path: Path, line_fake: FakePlatform) -> None:
    (tmp_path / "workers.yaml").write_text("notify: [nowhere]\nworkers: []\n", encoding="utf-8")
    env = env_for(
        tmp_path,
        MADOGUCHI_HOME=str(ROOT),
        LINE_CHANNEL_SECRET=LINE_SECRET,
        LINE_CHANNEL_ACCESS_TOKEN="t",
        LINE_API_BASE_URL=line_fake.url,
    )
    result = subprocess.run(
        [sys.executable, "-m", "bot", "serve", "--port", str(free_port())],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert "workers.yaml:1: notify 'nowhere'" in result.stderr and "refusing to start" in result.stderr
