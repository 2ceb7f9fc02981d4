"""`madoguchi telegram-polling`: Telegram without a public URL. Updates go through the same inbox."""

from __future__ import annotations

import asyncio
import json
import logging

from telegram.error import NetworkError

from bot.channels.telegram import source_of
from bot.channels.web import Runtime, _start, _stop

log = logging.getLogger(__name__)


async def poll(runtime: Runtime, rounds: int | None = None, timeout: int = 25) -> None:
    """Fetch updates and hand each to the inbox (stored, deduplicated, processed once)."""
    await _start(runtime)
    assert runtime.telegram is not None
    offset = int(runtime.storage.meta("telegram_offset") or 0)
    try:
        while rounds is None or rounds > 0:
            rounds = None if rounds is None else rounds - 1
            try:
                updates = await runtime.telegram.poll_once(offset, timeout)
            except NetworkError as error:
                log.warning("getUpdates failed, retrying: %s", error)
                await asyncio.sleep(2)
                continue
            for update in updates:
                data = update.to_dict()
                runtime.inbox.accept(
                    f"telegram:{update.update_id}",
                    "telegram",
                    json.dumps(data),
                    runtime.lane("telegram", source_of(data)),
                )
                offset = max(offset, update.update_id + 1)
            runtime.storage.set_meta("telegram_offset", str(offset))
        await runtime.drain()
    finally:
        await _stop(runtime)


def run_polling(runtime: Runtime) -> int:
    try:
        asyncio.run(poll(runtime))
    except KeyboardInterrupt:
        pass
    return 0
