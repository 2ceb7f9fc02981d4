import httpx
import pytest
from linebot.v3.messaging import ApiException
from telegram.error import BadRequest, Forbidden, NetworkError, RetryAfter, TimedOut

from bot.channels import line, telegram
from bot.channels.base import split_text


@pytest.mark.parametrize("limit", [10, 50, 4096])
def test_split_text_respects_the_limit_and_loses_nothing(limit: int) -> None:
    text = "\n\n".join(f"段落{i}。" + "あ" * (i * 7) for i in range(30))
    pieces = split_text(text, limit)
    assert all(0 < len(piece) <= limit for piece in pieces)
    assert "".join(pieces).replace("\n", "") == text.replace("\n", "")


def test_split_prefers_line_boundaries() -> None:
    assert split_text("aaaa\nbbbb\ncccc", 10) == ["aaaa\nbbbb", "cccc"]


def test_short_text_is_one_piece() -> None:
    assert split_text("こんにちは", 4096) == ["こんにちは"]


@pytest.mark.parametrize(
    ("status", "permanent"), [(429, False), (500, False), (503, False), (400, True), (403, True), (404, True)]
)
def test_line_statuses_are_temporary_or_permanent(status: int, permanent: bool) -> None:
    assert line.classify(ApiException(status=status, reason="x")).permanent is permanent


def test_line_retry_after_is_honoured_and_a_dropped_connection_is_in_doubt() -> None:
    error = ApiException(status=429, reason="x")
    error.headers = {"Retry-After": "7"}
    assert line.classify(error).wait == 7.0
    import aiohttp

    verdict = line.classify(aiohttp.ServerDisconnectedError())
    assert not verdict.permanent and verdict.doubt


def test_line_retry_key_is_fixed_per_item_and_batch_not_per_attempt() -> None:
    assert line.retry_key("event:1:reply", 0) == line.retry_key("event:1:reply", 0)
    assert line.retry_key("event:1:reply", 0) != line.retry_key("event:1:reply", 1)


@pytest.mark.parametrize(
    ("error", "permanent", "doubt"),
    [
        (BadRequest("Chat not found"), True, False),  # a NetworkError subclass, yet never worth retrying
        (Forbidden("bot was blocked by the user"), True, False),
        (TimedOut("read timed out"), False, True),  # Telegram may have delivered it
        (NetworkError("Bad Gateway"), False, False),
        (RetryAfter(3), False, False),
    ],
)
def test_telegram_errors(error: Exception, permanent: bool, doubt: bool) -> None:
    verdict = telegram.classify(error)
    assert (verdict.permanent, verdict.doubt) == (permanent, doubt)


def test_telegram_retry_after_waits_as_told() -> None:
    assert telegram.classify(RetryAfter(3)).wait == 3.0
    assert httpx  # the SDK's transport; imported so a missing install fails here, not in a send
