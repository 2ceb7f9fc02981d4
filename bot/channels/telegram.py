"""Telegram through python-telegram-bot: updates go through its Application (no web server of its own)."""

from __future__ import annotations

import json
import logging
from collections.abc import Awaitable, Callable
from datetime import datetime, timedelta
from functools import partial
from typing import Any

from telegram import CallbackQuery, InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram import Message as TgMessage
from telegram.error import NetworkError, RetryAfter, TelegramError
from telegram.ext import Application, ApplicationBuilder, CallbackQueryHandler, ContextTypes, MessageHandler, filters

from bot.channels.base import Incoming, split_text, with_retries
from bot.model import Location, Message, MessageKind, Reply

log = logging.getLogger(__name__)
TEXT_LIMIT = 4096
CALLBACK_DATA_BYTES = 64

Deliver = Callable[[tuple[Reply, ...]], Awaitable[None]]
OnIncoming = Callable[[Incoming, Deliver], Awaitable[None]]


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
    location: Location | None, sticker: bool, text: str | None, caption: str | None,
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
    return Incoming("telegram", str(user.id), Message(text=text, at=at, kind=kind, location=location),
                    in_group=in_group, group_id=str(message.chat.id) if in_group else "", reply_to=reply_to)


def callback_incoming(query: CallbackQuery, at: datetime) -> Incoming:
    chat = query.message.chat if query.message is not None else None
    in_group = chat is not None and chat.type != "private"
    message = Message(text="", at=at, kind=MessageKind.POSTBACK, payload=query.data or "")
    return Incoming("telegram", str(query.from_user.id), message, in_group=in_group,
                    group_id=str(chat.id) if in_group and chat else "")


def keyboard(reply: Reply) -> InlineKeyboardMarkup | None:
    buttons = [[InlineKeyboardButton(c.label, callback_data=c.data)] for c in reply.choices
               if len(c.data.encode()) <= CALLBACK_DATA_BYTES]
    return InlineKeyboardMarkup(buttons) if buttons else None


def _retry_after(error: Exception) -> float | None:
    if isinstance(error, RetryAfter):
        wait = error.retry_after
        return wait.total_seconds() if isinstance(wait, timedelta) else float(wait)
    if isinstance(error, NetworkError):  # 5xx, timeouts and dropped connections
        return 0.0
    return None


class TelegramChannel:
    name = "telegram"

    def __init__(self, token: str, api_base: str, on_incoming: OnIncoming, clock: Callable[[], datetime]):
        self.app: Application = (  # type: ignore[type-arg]
            ApplicationBuilder().token(token).base_url(api_base).updater(None).job_queue(None).build()
        )
        self.app.add_handler(CallbackQueryHandler(self._on_callback))
        self.app.add_handler(MessageHandler(filters.UpdateType.MESSAGES, self._on_message))
        self.app.add_error_handler(self._on_error)
        self.on_incoming = on_incoming
        self.clock = clock
        self._failure: BaseException | None = None

    async def start(self) -> None:
        await self.app.initialize()

    async def close(self) -> None:
        await self.app.shutdown()

    async def process(self, body: str) -> None:
        data = json.loads(body)
        try:
            update = Update.de_json(repair_update(data), self.app.bot)
        except (TypeError, ValueError, KeyError) as error:
            log.warning("python-telegram-bot could not parse update %s (%s); reading it by hand",
                        data.get("update_id"), error)
            found = raw_incoming(data, self.clock())
            if found is not None:
                await self.on_incoming(found[0], self._deliverer(found[1]))
            return
        self._failure = None
        await self.app.process_update(update)
        if self._failure is not None:
            raise self._failure

    async def _on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        self._failure = context.error

    async def _on_message(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.effective_message
        incoming = message_incoming(message, self.clock()) if message is not None else None
        if incoming is not None:
            await self.on_incoming(incoming, self._deliverer(message.chat.id))  # type: ignore[union-attr]

    async def _on_callback(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        if query is None:
            return
        try:
            await with_retries(query.answer, _retry_after)  # stops the button's spinner
        except TelegramError as error:
            log.info("callback query could not be answered: %s", error)
        chat_id = query.message.chat.id if query.message is not None else query.from_user.id
        await self.on_incoming(callback_incoming(query, self.clock()), self._deliverer(chat_id))

    def _deliverer(self, chat_id: int) -> Deliver:
        async def deliver(replies: tuple[Reply, ...]) -> None:
            await self.send(chat_id, replies)

        return deliver

    async def send(self, chat_id: int | str, replies: tuple[Reply, ...]) -> list[TgMessage]:
        """Each reply as its own message, split at 4,096 characters; buttons on the last piece."""
        sent: list[TgMessage] = []
        for reply in replies:
            pieces = split_text(reply.text, TEXT_LIMIT)
            for index, piece in enumerate(pieces):
                markup = keyboard(reply) if index == len(pieces) - 1 else None
                sent.append(await with_retries(partial(self.app.bot.send_message, chat_id, piece, reply_markup=markup),
                                               _retry_after))
        return sent

    async def push(self, to: str, replies: tuple[Reply, ...], retry_key: str) -> list[str]:
        chat: int | str = int(to) if to.lstrip("-").isdigit() else to
        return [str(sent.message_id) for sent in await self.send(chat, replies)]

    async def set_webhook(self, url: str, secret: str) -> bool:
        return bool(await self.app.bot.set_webhook(
            url, secret_token=secret or None, allowed_updates=["message", "edited_message", "callback_query"]
        ))

    async def poll_once(self, offset: int, timeout: int = 25) -> list[Update]:
        return list(await self.app.bot.get_updates(offset=offset, timeout=timeout,
                                                   allowed_updates=["message", "edited_message", "callback_query"]))
