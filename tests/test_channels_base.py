import asyncio

import pytest

from bot.channels.base import split_text, with_retries


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


def test_retries_temporary_errors_then_succeeds(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.channels.base.BACKOFF_SECONDS", (0.0, 0.0, 0.0))
    attempts = []

    async def flaky() -> str:
        attempts.append(1)
        if len(attempts) < 3:
            raise ConnectionError("503")
        return "ok"

    result = asyncio.run(with_retries(flaky, lambda e: 0.0 if isinstance(e, ConnectionError) else None))
    assert result == "ok" and len(attempts) == 3


def test_permanent_errors_are_not_retried() -> None:
    attempts = []

    async def broken() -> None:
        attempts.append(1)
        raise ValueError("400")

    with pytest.raises(ValueError):
        asyncio.run(with_retries(broken, lambda e: None))
    assert len(attempts) == 1


def test_gives_up_after_the_last_backoff(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("bot.channels.base.BACKOFF_SECONDS", (0.0, 0.0))
    attempts = []

    async def down() -> None:
        attempts.append(1)
        raise ConnectionError("503")

    with pytest.raises(ConnectionError):
        asyncio.run(with_retries(down, lambda e: 0.0))
    assert len(attempts) == 3
