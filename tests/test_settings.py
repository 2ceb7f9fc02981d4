import os
from pathlib import Path

import pytest

from bot.config.settings import LINE_API_DEFAULT, TELEGRAM_API_DEFAULT, load_settings, read_dotenv


def test_dotenv_fills_what_the_environment_lacks(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MADOGUCHI_TEST_A", raising=False)
    monkeypatch.setenv("MADOGUCHI_TEST_B", "from-env")
    (tmp_path / ".env").write_text(
        "# comment\nMADOGUCHI_TEST_A='from-file'\nexport MADOGUCHI_TEST_B=from-file\n", encoding="utf-8"
    )
    read_dotenv(tmp_path / ".env")
    assert os.environ["MADOGUCHI_TEST_A"] == "from-file"
    assert os.environ["MADOGUCHI_TEST_B"] == "from-env"
    monkeypatch.delenv("MADOGUCHI_TEST_A")


def test_defaults_and_channel_switches(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    for key in (
        "LINE_CHANNEL_SECRET",
        "LINE_CHANNEL_ACCESS_TOKEN",
        "LINE_API_BASE_URL",
        "TELEGRAM_BOT_TOKEN",
        "TELEGRAM_API_BASE_URL",
        "MADOGUCHI_DB",
    ):
        monkeypatch.delenv(key, raising=False)
    settings = load_settings()
    assert settings.line_api == LINE_API_DEFAULT and settings.telegram_api == TELEGRAM_API_DEFAULT
    assert not settings.line_on and not settings.telegram_on
    assert settings.db_path == tmp_path / ".madoguchi" / "madoguchi.db"
    monkeypatch.setenv("LINE_CHANNEL_SECRET", "s")
    monkeypatch.setenv("LINE_CHANNEL_ACCESS_TOKEN", "t")
    monkeypatch.setenv("LINE_API_BASE_URL", "http://127.0.0.1:9/")
    settings = load_settings()
    assert settings.line_on and settings.line_api == "http://127.0.0.1:9"
