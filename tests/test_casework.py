import json

import pytest

from bot.casework.worker_texts import (
    SHOWN_MESSAGES,
    claimed_notice,
    consent_label,
    digest,
    language_label,
    message_lines,
    notification,
    offered,
)
from bot.config.catalog import languages, texts, texts_en
from bot.core.model import ConversationState
from tests.conftest import tokyo

CASE = {
    "id": 7,
    "urgency": "emergency",
    "rule_id": "suicide",
    "triggers": json.dumps(["死にたい", "今夜"]),
    "categories": json.dumps(["crisis"]),
    "channel": "line",
    "created_at": "2026-11-24T17:00:00+00:00",
    "status": "open",
}
MESSAGES = [{"at": "2026-11-24T17:00:00+00:00", "direction": "in", "text": "今夜死にたい"}]


def test_first_line_reveals_nothing_sensitive() -> None:
    reply = notification(CASE, share_consent=None, at_risk=True, area="渋谷区", messages=MESSAGES, offered=[])
    first, *rest = reply.text.splitlines()
    assert first == "🔔 新しいケース #7（緊急）"
    assert "死にたい" in "\n".join(rest) and "02:00 相談者: 今夜死にたい" in reply.text  # Tokyo time
    assert reply.choices[0].data == "claim:7"


def test_messages_only_with_consent_unless_at_risk() -> None:
    hidden = notification(CASE, share_consent=False, at_risk=False, area=None, messages=MESSAGES, offered=["・x"])
    assert "今夜死にたい" not in hidden.text and "同意なし" in hidden.text and "・x" in hidden.text
    shown = notification(CASE, share_consent=True, at_risk=False, area=None, messages=MESSAGES, offered=[])
    assert "今夜死にたい" in shown.text


@pytest.mark.parametrize(
    ("language", "speaks", "label"),
    [
        ("ja", "", ""),  # plain Japanese: no line
        ("easy", "", "やさしい日本語（ボットもやさしい日本語で返信）"),
        ("en", "en", "英語（ボットは英語で返信）"),
        ("en", "zh", "中国語（ボットは英語で返信）"),
        ("en", "", "英語（ボットは英語で返信）"),
        ("en", "xx", "xx（ボットは英語で返信）"),  # a code the data does not name is shown as it is
    ],
)
def test_the_persons_language_as_a_worker_reads_it(language: str, speaks: str, label: str) -> None:
    assert language_label(ConversationState(language=language, speaks=speaks), languages()) == label


def test_a_language_line_only_when_given() -> None:
    plain = notification(CASE, share_consent=None, at_risk=True, area=None, messages=MESSAGES, offered=[])
    assert "言語:" not in plain.text
    told = notification(
        CASE,
        share_consent=None,
        at_risk=True,
        area=None,
        messages=MESSAGES,
        offered=[],
        language="中国語（ボットは英語で返信）",
    )
    assert "言語: 中国語（ボットは英語で返信）" in told.text.splitlines()


def test_consent_labels() -> None:
    assert "命の危険" in consent_label(None, True)
    assert consent_label(None, False) == "共有の同意は未確認"


def test_claimed_notice_offers_close() -> None:
    assert claimed_notice(7, "佐藤").choices[0].data == "close:7"


def test_digest() -> None:
    assert "ありません" in digest([], tokyo("2026-11-25 09:00")).text
    assert "#7" in digest([CASE], tokyo("2026-11-24 18:00")).text


def _said(direction: str, text: str) -> dict[str, str]:
    return {"at": "2026-11-24T17:00:00+00:00", "direction": direction, "text": text}


def test_the_persons_words_are_shown_whatever_the_bot_said_after_them() -> None:
    # an answer, its places and a handoff's lines after one message: ten messages held only the bot's
    messages = [_said("in", "相談員につないで。家賃のことで"), *(_said("out", f"返信{n}\n・窓口") for n in range(12))]
    lines = message_lines(messages)
    assert lines[0].endswith("相談者: 相談員につないで。家賃のことで")
    assert lines[1].endswith("ボット: 返信0…（ボット 12件）") and len(lines) == 2


def test_the_latest_of_the_persons_and_workers_messages_are_shown() -> None:
    messages = [_said("in" if n % 2 else "worker", f"m{n}") for n in range(SHOWN_MESSAGES + 5)]
    lines = message_lines(messages)
    assert len(lines) == SHOWN_MESSAGES and lines[-1].endswith(f"m{SHOWN_MESSAGES + 4}")
    assert "相談員: " in lines[0] or "相談者: " in lines[0]


def test_the_places_offered_are_the_bots_bullets_less_its_greetings() -> None:
    greeting = texts().get("greeting")
    messages = [_said("out", greeting), _said("out", "ご案内できる窓口：\n・福祉事務所")]
    assert offered(messages, (texts(), texts_en())) == ["・福祉事務所"]
