"""Configuration from the environment (and an optional `.env` file in the working folder)."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from bot.config.knowledge_store import find_base_dir

LINE_API_DEFAULT = "https://api.line.me"
TELEGRAM_API_DEFAULT = "https://api.telegram.org/bot"


def read_dotenv(path: Path) -> None:
    """KEY=value lines; the real environment wins over the file."""
    if not path.is_file():
        return
    for raw in path.read_text(encoding="utf-8").splitlines():
        line = raw.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, _, value = line.removeprefix("export ").partition("=")
        os.environ.setdefault(key.strip(), value.strip().strip("'\""))


@dataclass(frozen=True)
class Policy:
    """How hard to try. The defaults ride out a platform outage of about ten minutes."""

    senders: int = 64  # concurrent sends per platform: 50 ms a call needs ~25 at 500 messages/s
    first_wait: float = 0.5
    max_wait: float = 60.0
    max_attempts: int = 16
    lease_seconds: float = 120.0  # longer than the slowest call (30 s timeouts) plus margin
    poll_seconds: float = 0.5  # how often idle senders look for other processes' work and retries


@dataclass(frozen=True)
class Settings:
    base_dir: Path
    db_path: Path
    key_path: Path
    workers_file: Path
    line_secret: str = ""
    line_token: str = ""
    line_api: str = LINE_API_DEFAULT
    telegram_token: str = ""
    telegram_secret: str = ""
    telegram_api: str = TELEGRAM_API_DEFAULT
    job_tick_seconds: float = 15.0  # how often the scheduler asks the jobs table what is due
    delivery: Policy = Policy()  # how outgoing messages are retried (tests shorten it)

    @property
    def line_on(self) -> bool:
        return bool(self.line_secret and self.line_token)

    @property
    def telegram_on(self) -> bool:
        return bool(self.telegram_token)


def load_settings() -> Settings:
    read_dotenv(Path.cwd() / ".env")
    env = os.environ.get
    db_path = Path(env("MADOGUCHI_DB") or Path.cwd() / ".madoguchi" / "madoguchi.db")
    return Settings(
        base_dir=find_base_dir(),
        db_path=db_path,
        key_path=Path(env("MADOGUCHI_KEY_FILE") or db_path.with_suffix(".key")),
        workers_file=Path(env("MADOGUCHI_WORKERS_FILE") or "workers.yaml"),
        line_secret=env("LINE_CHANNEL_SECRET", ""),
        line_token=env("LINE_CHANNEL_ACCESS_TOKEN", ""),
        line_api=(env("LINE_API_BASE_URL") or LINE_API_DEFAULT).rstrip("/"),
        telegram_token=env("TELEGRAM_BOT_TOKEN", ""),
        telegram_secret=env("TELEGRAM_WEBHOOK_SECRET", ""),
        telegram_api=env("TELEGRAM_API_BASE_URL") or TELEGRAM_API_DEFAULT,
        job_tick_seconds=_positive_float(env("MADOGUCHI_JOB_TICK_SECONDS"), 15.0),
    )


def _positive_float(raw: str | None, default: float) -> float:
    try:
        value = float(raw) if raw else default
    except ValueError:
        return default
    return value if value > 0 else default
