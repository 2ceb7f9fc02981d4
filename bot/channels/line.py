"""LINE through line-bot-sdk v3: signature check, event parsing, reply with push fallback.

Every call is tried once here; the outbox retries with backoff and keeps each item's retry key."""

from __future__ import annotations

import asyncio
import base64
import hashlib
import hmac
import json
import logging
import uuid
from datetime import datetime
from typing import Any

import aiohttp
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
from linebot.v3.webhooks import (
    Event,
    GroupSource,
    RoomSource,
)

from bot.channels.base import ForgedWebhook, Incoming, OutItem, Parsed, Progress, Verdict, split_text
from bot.core.model import Location, Message, MessageKind, Reply

log = logging.getLogger(__name__)
TEXT_LIMIT = 5000
MESSAGES_PER_CALL = 5
QUICK_REPLY_ITEMS = 13
LABEL_LIMIT = 20
_RETRY_NAMESPACE = uuid.UUID("6f1d3b52-8a47-4c1e-9a55-0c3a8d1e2f70")


def verify(secret: str, raw: bytes, signature: str | None) -> None:
    """X-Line-Signature is the HMAC-SHA256 of the raw body: checked on the bytes, before reading them."""
    if not signature:
        raise ForgedWebhook("missing X-Line-Signature")
    expected = base64.b64encode(hmac.new(secret.encode(), raw, hashlib.sha256).digest())
    if not hmac.compare_digest(signature.encode("latin-1"), expected):  # header text is latin-1 by HTTP
        raise ForgedWebhook("invalid X-Line-Signature")


def split_events(events: list[dict[str, Any]]) -> list[tuple[str, str, str]]:
    """(event id, event JSON, source id) for each event of a verified webhook; the source (a user,
    group or room) orders one conversation's events. Events are parsed one by one later, so one the
    SDK cannot model does not sink the others."""
    found = []
    for raw in events:
        text = json.dumps(raw, ensure_ascii=False, sort_keys=True)
        event_id = str(raw.get("webhookEventId") or hashlib.sha256(text.encode()).hexdigest()[:26])
        given = raw.get("source")
        source: dict[str, Any] = given if isinstance(given, dict) else {}
        found.append(
            (
                f"line:{event_id}",
                text,
                str(source.get("groupId") or source.get("roomId") or source.get("userId") or event_id),
            )
        )
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
    message = _compose(
        raw.get("type"),
        content.get("type"),
        content.get("text"),
        (raw.get("postback") or {}).get("data"),
        content.get("latitude"),
        content.get("longitude"),
        at,
    )
    user, group = source.get("userId") or "", source.get("groupId") or source.get("roomId") or ""
    if message is None or not (user or group):
        return None
    return Incoming("line", user, message, in_group=source.get("type") in ("group", "room"), group_id=group)


def _message(event: Event, at: datetime) -> Message | None:
    content = getattr(event, "message", None)
    postback = getattr(event, "postback", None)
    return _compose(
        event.type,
        getattr(content, "type", None),
        getattr(content, "text", None),
        getattr(postback, "data", None),
        getattr(content, "latitude", None),
        getattr(content, "longitude", None),
        at,
    )


def _compose(
    event_type: object,
    content_type: object,
    text: object,
    data: object,
    latitude: object,
    longitude: object,
    at: datetime,
) -> Message | None:
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


def retry_key(item_key: str, batch: int) -> str:
    """Fixed per outgoing message and batch, never per attempt: LINE then refuses a repeat (409)."""
    return str(uuid.uuid5(_RETRY_NAMESPACE, f"{item_key}:{batch}"))


def classify(error: Exception) -> Verdict:
    """429 and 5xx are temporary; any other status (400, 403 blocked, 404) will not change by retrying.
    A dropped connection or a timeout may have reached LINE: temporary, in doubt (a retried push
    carries the same retry key, so LINE itself drops a repeat)."""
    if isinstance(error, ApiException):
        status = error.status or 0
        if status == 429 or status >= 500:
            headers = error.headers or {}
            value = headers.get("Retry-After") or headers.get("retry-after")
            return Verdict(False, float(value) if value and str(value).isdigit() else 0.0)
        return Verdict(True)
    if isinstance(error, aiohttp.ClientError | asyncio.TimeoutError):
        return Verdict(False, doubt=True)
    return Verdict(False)


class LineChannel:
    name = "line"

    def __init__(self, secret: str, token: str, api_base: str):
        self.secret = secret
        self.client = AsyncApiClient(Configuration(host=api_base, access_token=token))
        self.api = AsyncMessagingApi(self.client)

    def verify(self, raw: bytes, signature: str | None) -> None:
        verify(self.secret, raw, signature)

    def parse(self, body: str, at: datetime) -> Parsed | None:
        raw: dict[str, Any] = json.loads(body)
        try:
            event: Event | None = Event.from_dict(raw)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            log.warning("LINE SDK could not parse a %r event (%s); reading it by hand", raw.get("type"), error)
            event = None
        incoming = to_incoming(event, at) if event is not None else raw_incoming(raw, at)
        if incoming is None:
            log.info("LINE event of type %r needs no answer", raw.get("type"))
            return None
        target = incoming.group_id if incoming.in_group else incoming.platform_user
        return Parsed(incoming, target, reply_token=str(raw.get("replyToken") or ""))

    async def deliver(self, item: OutItem, progress: Progress) -> None:
        """The first five messages by reply token (free), the rest by push; all by push when the token
        has expired. A fresh token refused after an interrupted attempt was used by that attempt: the
        batch went out, and pushing it again would answer twice."""
        messages = to_line_messages(item.replies)
        batches = [messages[i : i + MESSAGES_PER_CALL] for i in range(0, len(messages), MESSAGES_PER_CALL)]
        for index in range(item.progress, len(batches)):
            sent: list[str] | None = None
            if index == 0 and item.reply_token:
                sent = await self._reply(item.reply_token, batches[0])
                if sent is None and item.doubt and item.token_fresh:
                    log.info("LINE reply token already used by an interrupted attempt: not sent again")
                    sent = []
            if sent is None:
                sent = await self._push(item.target, batches[index], retry_key(item.key, index))
            progress(index + 1, sent)

    def classify(self, error: Exception) -> Verdict:
        return classify(error)

    async def _reply(self, token: str, batch: list[TextMessage]) -> list[str] | None:
        request = ReplyMessageRequest(reply_token=token, messages=batch)
        try:
            response = await self.api.reply_message(request)
        except ApiException as error:
            if error.status == 400:
                log.info("LINE reply token expired or used; pushing instead")
                return None
            raise
        return [str(m.id) for m in (response.sent_messages or [])]

    async def _push(self, to: str, batch: list[TextMessage], key: str) -> list[str]:
        request = PushMessageRequest(to=to, messages=batch)
        try:
            response = await self.api.push_message(request, x_line_retry_key=key)
        except ApiException as error:
            if error.status != 409:  # 409: this retry key was already accepted, so the push went out
                raise
            return []
        return [str(m.id) for m in (response.sent_messages or [])]

    async def close(self) -> None:
        await self.client.close()
