"""LINE through line-bot-sdk v3: signature check, event parsing, reply with push fallback."""

from __future__ import annotations

import hashlib
import json
import logging
import uuid
from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import Any

from linebot.v3.messaging import (
    ApiException,
    AsyncApiClient,
    AsyncMessagingApi,
    Configuration,
    PostbackAction,
    PushMessageRequest,
    QuickReply,
    QuickReplyItem,
    ReplyMessageRequest,
    TextMessage,
)
from linebot.v3.webhook import SignatureValidator
from linebot.v3.webhooks import (
    Event,
    GroupSource,
    RoomSource,
)

from bot.channels.base import Incoming, split_text, with_retries
from bot.model import Location, Message, MessageKind, Reply

log = logging.getLogger(__name__)
TEXT_LIMIT = 5000
MESSAGES_PER_CALL = 5
QUICK_REPLY_ITEMS = 13
LABEL_LIMIT = 20
_RETRY_NAMESPACE = uuid.UUID("6f1d3b52-8a47-4c1e-9a55-0c3a8d1e2f70")

Deliver = Callable[[tuple[Reply, ...]], Awaitable[None]]
OnIncoming = Callable[[Incoming, Deliver], Awaitable[None]]


class ForgedWebhook(Exception):
    """Missing or wrong X-Line-Signature: refuse, process nothing."""


def split_events(validator: SignatureValidator, body: str, signature: str | None) -> list[tuple[str, str]]:
    """Verify the signature on the raw body, then return (event id, event JSON) for each event.
    Events are parsed one by one later, so one the SDK cannot model does not sink the others."""
    if not signature:
        raise ForgedWebhook("missing X-Line-Signature")
    if not validator.validate(body, signature):
        raise ForgedWebhook("invalid X-Line-Signature")
    events = json.loads(body).get("events") or []
    found = []
    for raw in events:
        text = json.dumps(raw, ensure_ascii=False, sort_keys=True)
        event_id = raw.get("webhookEventId") or hashlib.sha256(text.encode()).hexdigest()[:26]
        found.append((f"line:{event_id}", text))
    return found


def to_incoming(event: Event, at: datetime) -> Incoming | None:
    """What a person sent, or None for events that need no answer (unfollow, join, beacon, …)."""
    source = event.source
    user = getattr(source, "user_id", None) or ""
    group = getattr(source, "group_id", None) or getattr(source, "room_id", None) or ""
    in_group = isinstance(source, GroupSource | RoomSource)
    message = _message(event, at)
    if message is None or not (user or group):
        return None
    return Incoming("line", user, message, in_group=in_group, group_id=group)


def raw_incoming(raw: dict[str, Any], at: datetime) -> Incoming | None:
    """For an event the SDK's strict models reject (a field missing or new): read the few fields
    needed by hand rather than leave a person unanswered."""
    source, content = raw.get("source") or {}, raw.get("message") or {}
    message = _compose(raw.get("type"), content.get("type"), content.get("text"),
                       (raw.get("postback") or {}).get("data"), content.get("latitude"), content.get("longitude"), at)
    user, group = source.get("userId") or "", source.get("groupId") or source.get("roomId") or ""
    if message is None or not (user or group):
        return None
    return Incoming("line", user, message, in_group=source.get("type") in ("group", "room"), group_id=group)


def _message(event: Event, at: datetime) -> Message | None:
    content = getattr(event, "message", None)
    postback = getattr(event, "postback", None)
    return _compose(event.type, getattr(content, "type", None), getattr(content, "text", None),
                    getattr(postback, "data", None), getattr(content, "latitude", None),
                    getattr(content, "longitude", None), at)


def _compose(event_type: object, content_type: object, text: object, data: object, latitude: object,
             longitude: object, at: datetime) -> Message | None:
    """What a LINE event means for the core, from the fields both parsers (SDK and by hand) read;
    None for events that need no answer (unfollow, join, beacon, …)."""
    if event_type == "follow":
        return Message(text="", at=at, kind=MessageKind.FOLLOW)
    if event_type == "postback":
        return Message(text="", at=at, kind=MessageKind.POSTBACK, payload=str(data or ""))
    if event_type not in ("message", "messageEdited"):
        return None
    if content_type == "text":
        return Message(text=str(text or ""), at=at)
    if content_type == "sticker":
        return Message(text="", at=at, kind=MessageKind.STICKER)
    if content_type == "location" and isinstance(latitude, int | float) and isinstance(longitude, int | float):
        return Message(text="", at=at, kind=MessageKind.LOCATION, location=Location(float(latitude), float(longitude)))
    return Message(text="", at=at, kind=MessageKind.MEDIA)


def to_line_messages(replies: tuple[Reply, ...]) -> list[TextMessage]:
    """Long texts split at 5,000 characters; the last reply's buttons become quick replies."""
    texts = [piece for reply in replies for piece in split_text(reply.text, TEXT_LIMIT)]
    choices = next((reply.choices for reply in reversed(replies) if reply.choices), ())
    messages = [TextMessage(text=text) for text in texts]
    if choices and messages:
        items = [
            QuickReplyItem(action=PostbackAction(label=c.label[:LABEL_LIMIT], data=c.data, display_text=c.label))
            for c in choices[:QUICK_REPLY_ITEMS]
        ]
        messages[-1] = TextMessage(text=messages[-1].text, quick_reply=QuickReply(items=items))
    return messages


def _retry_after(error: Exception) -> float | None:
    if isinstance(error, ApiException) and (error.status == 429 or (error.status or 0) >= 500):
        headers = error.headers or {}
        value = headers.get("Retry-After") or headers.get("retry-after")
        return float(value) if value and str(value).isdigit() else 0.0
    return None


class LineChannel:
    name = "line"

    def __init__(self, secret: str, token: str, api_base: str, on_incoming: OnIncoming,
                 clock: Callable[[], datetime]):
        self.validator = SignatureValidator(secret)
        self.client = AsyncApiClient(Configuration(host=api_base, access_token=token))
        self.api = AsyncMessagingApi(self.client)
        self.on_incoming = on_incoming
        self.clock = clock

    def split(self, body: str, signature: str | None) -> list[tuple[str, str]]:
        return split_events(self.validator, body, signature)

    async def process(self, body: str) -> None:
        raw: dict[str, Any] = json.loads(body)
        try:
            event: Event | None = Event.from_dict(raw)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            log.warning("LINE SDK could not parse a %r event (%s); reading it by hand", raw.get("type"), error)
            event = None
        incoming = to_incoming(event, self.clock()) if event is not None else raw_incoming(raw, self.clock())
        if incoming is None:
            log.info("LINE event of type %r needs no answer", raw.get("type"))
            return
        retry_key = raw.get("webhookEventId") or hashlib.sha256(body.encode()).hexdigest()
        token = raw.get("replyToken")

        async def deliver(replies: tuple[Reply, ...]) -> None:
            await self.send(incoming.group_id if incoming.in_group else incoming.platform_user, replies, token,
                            retry_key)

        await self.on_incoming(incoming, deliver)

    async def send(self, to: str, replies: tuple[Reply, ...], reply_token: str | None, retry_key: str) -> list[str]:
        """Reply with the token (five messages per call); push the rest, or all when the token has
        expired or was used. The same X-Line-Retry-Key on every try makes a retried push safe.
        Returns the ids LINE gave the sent messages."""
        messages = to_line_messages(replies)
        batches = [messages[i : i + MESSAGES_PER_CALL] for i in range(0, len(messages), MESSAGES_PER_CALL)]
        sent: list[str] = []
        if batches and reply_token and (replied := await self._reply(reply_token, batches[0])) is not None:
            sent, batches = replied, batches[1:]
        for index, batch in enumerate(batches):
            sent += await self._push(to, batch, str(uuid.uuid5(_RETRY_NAMESPACE, f"{retry_key}:{index}")))
        return sent

    async def push(self, to: str, replies: tuple[Reply, ...], retry_key: str) -> list[str]:
        return await self.send(to, replies, None, retry_key)

    async def _reply(self, token: str, batch: list[TextMessage]) -> list[str] | None:
        request = ReplyMessageRequest(reply_token=token, messages=batch)
        try:
            response = await with_retries(lambda: self.api.reply_message(request), _retry_after)
        except ApiException as error:
            if error.status == 400:
                log.info("LINE reply token expired or used; pushing instead")
                return None
            raise
        return [str(m.id) for m in (response.sent_messages or [])]

    async def _push(self, to: str, batch: list[TextMessage], retry_key: str) -> list[str]:
        request = PushMessageRequest(to=to, messages=batch)
        try:
            response = await with_retries(lambda: self.api.push_message(request, x_line_retry_key=retry_key),
                                          _retry_after)
        except ApiException as error:
            if error.status != 409:  # 409: this retry key was already accepted, so the push went out
                raise
            return []
        return [str(m.id) for m in (response.sent_messages or [])]

    async def close(self) -> None:
        await self.client.close()
