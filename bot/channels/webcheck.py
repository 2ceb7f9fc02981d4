"""What a webhook body must be before anything is stored: small, UTF-8 without BOM or lone
surrogates, JSON of bounded nesting with no absurd numbers. Anything else is a 4xx, never a 5xx
and never a stored event that would fail later (Python's own json module fails on such input with
RecursionError or ValueError, which would otherwise surface as a server error)."""

from __future__ import annotations

import json
import math
import re
from typing import Any

from starlette.requests import Request

MAX_BODY_BYTES = 1_000_000  # LINE and Telegram send a few KB; a megabyte is generous
MAX_DEPTH = 32  # real webhooks nest about 6 deep
MAX_INT_DIGITS = 20  # ids and timestamps fit; Python refuses 4,300+ digits with a ValueError
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")


class BadBody(ValueError):
    """The body is not something we could process: answered 4xx (status), stored nowhere."""

    def __init__(self, status: int, reason: str):
        self.status = status
        super().__init__(reason)


async def read_body(request: Request) -> bytes:
    """Stop reading at the limit, so a huge body costs no memory (413)."""
    declared = request.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > MAX_BODY_BYTES:
        raise BadBody(413, "body too large")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > MAX_BODY_BYTES:
            raise BadBody(413, "body too large")
        chunks.append(chunk)
    return b"".join(chunks)


def _depth(raw: bytes) -> int:
    deepest = depth = 0
    for bracket in _BRACKETS.findall(_STRINGS.sub(b'""', raw)):
        depth += 1 if bracket in (b"[", b"{") else -1
        deepest = max(deepest, depth)
    return deepest


def _int(text: str) -> int:
    if len(text.lstrip("-")) > MAX_INT_DIGITS:
        raise ValueError("integer too long")
    return int(text)


def _float(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise ValueError("number out of range")
    return value


def _constant(name: str) -> Any:
    raise ValueError(f"{name} is not JSON")


def read_json(raw: bytes) -> Any:
    """The JSON value of a webhook body, or BadBody(400)."""
    if raw.startswith(b"\xef\xbb\xbf"):
        raise BadBody(400, "a byte order mark is not allowed (JSON is UTF-8 without one)")
    try:
        text = raw.decode("utf-8")  # strict: UTF-16/32 and encoded surrogates fail here
    except UnicodeDecodeError as error:
        raise BadBody(400, "body is not UTF-8") from error
    if _depth(raw) > MAX_DEPTH:
        raise BadBody(400, "JSON nested too deep")
    try:
        value = json.loads(text, parse_int=_int, parse_float=_float, parse_constant=_constant)
        json.dumps(value, ensure_ascii=False).encode("utf-8")  # "\ud800" escapes: lone surrogates
    except (ValueError, RecursionError, UnicodeEncodeError) as error:
        raise BadBody(400, f"body is not acceptable JSON: {type(error).__name__}") from error
    return value


def line_events(value: Any) -> list[dict[str, Any]]:
    """A LINE webhook: an object whose `events` (absent on Verify: empty) is a list of objects."""
    if not isinstance(value, dict):
        raise BadBody(400, "a LINE webhook is a JSON object")
    events = value.get("events") or []
    if not isinstance(events, list) or not all(isinstance(event, dict) for event in events):
        raise BadBody(400, "LINE 'events' must be a list of objects")
    return events


def telegram_update(value: Any) -> dict[str, Any] | None:
    """A Telegram update (an object with a non-negative integer update_id); None for another object,
    which is acknowledged and ignored, as before (nothing to answer, nothing stored)."""
    if not isinstance(value, dict):
        raise BadBody(400, "a Telegram update is a JSON object")
    update_id = value.get("update_id")
    return value if type(update_id) is int and update_id >= 0 else None
