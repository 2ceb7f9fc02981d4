"""Telegram through python-telegram-bot's Bot: updates read with its models, replies sent one call at a time.

Every call is tried once here; the outbox retries with backoff. Telegram has no retry key, so a
timeout leaves doubt, which the outbox records."""

from __future__ import annotations

import hmac
import json
import logging
import ssl
from datetime import datetime, timedelta
from functools import lru_cache
from typing import Any

import httpx
from telegram import Bot, CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram import Message as TgMessage
from telegram.error import BadRequest, ChatMigrated, Forbidden, InvalidToken, NetworkError, RetryAfter, TimedOut
from telegram.request import HTTPXRequest

from bot.channels.base import ForgedWebhook, Incoming, OutItem, Parsed, Progress, Verdict, split_text
from bot.core.model import Location, Message, MessageKind, Reply

log = logging.getLogger(__name__)
TEXT_LIMIT = 4096
CALLBACK_DATA_BYTES = 64
READ_TIMEOUT = 30.0


def repair_update(data: Any) -> Any:
    """Old samples (2015-16) lack fields current Telegram always sends (`is_bot`, `chat.type`).
    Fill safe defaults so the real parser takes them; a current update passes unchanged."""
    if isinstance(data, list):
        return [repair_update(item) for item in data]
    if not isinstance(data, dict):
        return data
    fixed = {key: repair_update(value) for key, value in data.items()}
    if "id" in fixed and "first_name" in fixed and "is_bot" not in fixed:
        fixed["is_bot"] = False
    chat = fixed.get("chat")
    if isinstance(chat, dict) and "type" not in chat and isinstance(chat.get("id"), int):
        chat["type"] = "private" if chat["id"] > 0 else "supergroup"
    return fixed


def source_of(update: dict[str, Any]) -> str:
    """Whose conversation an update belongs to (a group chat, else the person), to keep its order."""

    def field(value: Any, key: str) -> Any:
        return value.get(key) if isinstance(value, dict) else None

    query = field(update, "callback_query")
    body = field(update, "message") or field(update, "edited_message") or field(query, "message")
    sender = field(field(query, "from") or field(body, "from"), "id")
    chat = field(field(body, "chat"), "id") or sender
    return str(chat if chat is not None else update.get("update_id"))


def raw_incoming(update: dict[str, Any], at: datetime) -> tuple[Incoming, int] | None:
    """For an update python-telegram-bot's strict models reject (old or new fields): read the few
    fields needed by hand, so the person still gets an answer. Returns (incoming, chat id)."""
    query = update.get("callback_query")
    if isinstance(query, dict) and isinstance(query.get("from"), dict):
        user = query["from"].get("id")
        chat = ((query.get("message") or {}).get("chat") or {}).get("id", user)
        message = Message(text="", at=at, kind=MessageKind.POSTBACK, payload=str(query.get("data") or ""))
        return Incoming("telegram", str(user), message), int(chat)
    body = update.get("message") or update.get("edited_message")
    if not isinstance(body, dict) or not isinstance(body.get("from"), dict) or body["from"].get("is_bot"):
        return None
    chat = body.get("chat") or {}
    chat_id = int(chat.get("id", body["from"].get("id")))
    in_group = chat.get("type", "private" if chat_id > 0 else "group") != "private"
    where = body.get("location")
    location = Location(float(where["latitude"]), float(where["longitude"])) if isinstance(where, dict) else None
    kind, text = _classify(location, "sticker" in body, body.get("text"), body.get("caption"))
    message = Message(text=text, at=at, kind=kind, location=location)
    reply_to = str((body.get("reply_to_message") or {}).get("message_id", ""))
    group = str(chat_id) if in_group else ""
    return Incoming("telegram", str(body["from"]["id"]), message, in_group, group, reply_to), chat_id


def _classify(
    location: Location | None,
    sticker: bool,
    text: str | None,
    caption: str | None,
) -> tuple[MessageKind, str]:
    """What a Telegram message is, from the few fields both parsers (SDK and by hand) can read.
    A caption is kept as the text of media, so nothing the person wrote is lost."""
    if location is not None:
        return MessageKind.LOCATION, ""
    if sticker:
        return MessageKind.STICKER, ""
    written = str(text or caption or "")
    if written.split("@")[0].strip() == "/start":
        return MessageKind.FOLLOW, ""
    return (MessageKind.TEXT if text is not None else MessageKind.MEDIA), written


def message_incoming(message: TgMessage, at: datetime) -> Incoming | None:
    user = message.from_user
    if user is None or user.is_bot:
        return None
    where = message.location
    location = Location(where.latitude, where.longitude) if where is not None else None
    kind, text = _classify(location, message.sticker is not None, message.text, message.caption)
    in_group = message.chat.type != "private"
    reply_to = str(message.reply_to_message.message_id) if message.reply_to_message else ""
    return Incoming(
        "telegram",
        str(user.id),
        Message(text=text, at=at, kind=kind, location=location),
        in_group=in_group,
        group_id=str(message.chat.id) if in_group else "",
        reply_to=reply_to,
    )


def callback_incoming(query: CallbackQuery, at: datetime) -> Incoming:
    chat = query.message.chat if query.message is not None else None
    in_group = chat is not None and chat.type != "private"
    message = Message(text="", at=at, kind=MessageKind.POSTBACK, payload=query.data or "")
    return Incoming(
        "telegram",
        str(query.from_user.id),
        message,
        in_group=in_group,
        group_id=str(chat.id) if in_group and chat else "",
    )


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    buttons = [
        [InlineKeyboardButton(c.label, callback_data=c.data)]
        for c in reply.choices
        if len(c.data.encode()) <= CALLBACK_DATA_BYTES
    ]
    return InlineKeyboardMarkup(buttons) if buttons else None


def classify(error: Exception) -> Verdict:
    """BadRequest ("chat not found") and Forbidden ("blocked by the user") will not change by
    retrying; python-telegram-bot's BadRequest is a NetworkError, so it is checked first. A timeout
    may come after Telegram delivered (it has no retry key): retried, in doubt, and logged so."""
    if isinstance(error, RetryAfter):
        wait = error.retry_after
        return Verdict(False, wait.total_seconds() if isinstance(wait, timedelta) else float(wait))
    if isinstance(error, BadRequest | Forbidden | InvalidToken | ChatMigrated):
        return Verdict(True)
    if isinstance(error, TimedOut):
        return Verdict(False, doubt=True)
    return Verdict(False)


def pieces(replies: tuple[Reply, ...]) -> list[tuple[str, InlineKeyboardMarkup | None]]:
    """Each reply as its own messages, split at 4,096 characters; its buttons on its last piece."""
    found: list[tuple[str, InlineKeyboardMarkup | None]] = []
    for reply in replies:
        parts = split_text(reply.text, TEXT_LIMIT)
        found += [(part, keyboard(reply) if index == len(parts) - 1 else None) for index, part in enumerate(parts)]
    return found


def verify(secret: str, given: str | None) -> None:
    """Telegram sends the secret set with setWebhook in X-Telegram-Bot-Api-Secret-Token on every update."""
    if not hmac.compare_digest((given or "").encode("latin-1"), secret.encode()):  # header text is latin-1
        raise ForgedWebhook("wrong or missing X-Telegram-Bot-Api-Secret-Token")


@lru_cache(maxsize=1)
def _tls() -> ssl.SSLContext:
    """httpx's own default context, made once: each client made its own (certifi's bundle read anew), a
    tenth of a second per channel, paid by every restart of a channel and every test that starts one."""
    return httpx.create_ssl_context()


class TelegramChannel:
    name = "telegram"

    def __init__(self, token: str, api_base: str):
        # Long read timeouts: a slow Telegram must not be taken for a lost message and sent again.
        request = HTTPXRequest(
            connection_pool_size=64,
            connect_timeout=10,
            read_timeout=READ_TIMEOUT,
            write_timeout=READ_TIMEOUT,
            pool_timeout=10,
            httpx_kwargs={"verify": _tls()},
        )
        updates = HTTPXRequest(read_timeout=READ_TIMEOUT + 30, httpx_kwargs={"verify": _tls()})
        self.bot = Bot(token, base_url=api_base, request=request, get_updates_request=updates)

    async def start(self) -> None:
        try:
            await self.bot.initialize()
        except NetworkError as error:  # Telegram down at start: LINE still serves, sends retry later
            log.warning("Telegram not reachable at start, continuing: %s", type(error).__name__)

    async def close(self) -> None:
        await self.bot.shutdown()

    def parse(self, body: str, at: datetime) -> Parsed | None:
        data = json.loads(body)
        try:
            update = Update.de_json(repair_update(data), self.bot)
        except (TypeError, ValueError, KeyError) as error:
            log.warning(
                "python-telegram-bot could not parse update %s (%s); reading it by hand", data.get("update_id"), error
            )
            try:
                found = raw_incoming(data, at)
            except (TypeError, ValueError, KeyError, AttributeError) as unreadable:
                # Fields of the wrong type (a list for a chat, text for an id): nobody to answer.
                log.warning("update %s cannot be read by hand either (%s)", data.get("update_id"), unreadable)
                return None
            query = data.get("callback_query")
            callback = str(query.get("id") or "") if isinstance(query, dict) else ""
            return Parsed(found[0], str(found[1]), callback_id=callback) if found else None
        query = update.callback_query
        if query is not None:
            chat = query.message.chat.id if query.message is not None else query.from_user.id
            return Parsed(callback_incoming(query, at), str(chat), callback_id=query.id)
        message = update.message or update.edited_message
        incoming = message_incoming(message, at) if message is not None else None
        return Parsed(incoming, str(message.chat.id)) if incoming and message else None

    async def deliver(self, item: OutItem, progress: Progress) -> None:
        """The button press is acknowledged first (it stops the spinner), then each piece; a retry
        starts after the pieces already confirmed, so none is sent twice by us."""
        steps: list[tuple[str, InlineKeyboardMarkup | None] | None] = [None] if item.callback_id else []
        steps += pieces(item.replies)
        chat: int | str = int(item.target) if item.target.lstrip("-").isdigit() else item.target
        for index in range(item.progress, len(steps)):
            step = steps[index]
            if step is None:
                await self._answer(item.callback_id)
                progress(index + 1, [])
                continue
            sent = await self.bot.send_message(chat, step[0], reply_markup=step[1])
            progress(index + 1, [str(sent.message_id)])

    async def _answer(self, callback_id: str) -> None:
        try:
            await self.bot.answer_callback_query(callback_id)
        except BadRequest as error:  # too old or already answered: nothing to stop any more
            log.info("callback query could not be answered: %s", error)

    def classify(self, error: Exception) -> Verdict:
        return classify(error)

    async def set_webhook(self, url: str, secret: str) -> bool:
        return bool(
            await self.bot.set_webhook(
                url, secret_token=secret or None, allowed_updates=["message", "edited_message", "callback_query"]
            )
        )

    async def poll_once(self, offset: int, timeout: int = 25) -> list[Update]:
        return list(
            await self.bot.get_updates(
                offset=offset, timeout=timeout, allowed_updates=["message", "edited_message", "callback_query"]
            )
        )
