"""What workers read: case notifications, relays and digests (pure text, no I/O).

The first line of a notification shows on lock screens, so it names only the case and urgency.
Messages are shown only with the person's consent, or when a life is at risk.
"""

from __future__ import annotations

import json
from datetime import datetime
from typing import Any

from bot.config.catalog import categories, texts
from bot.core.easy import EASY
from bot.core.hours import TOKYO
from bot.core.languages import ENGLISH, Language
from bot.core.model import Choice, ConversationState, Reply
from bot.core.texts import Texts

URGENCY_LABELS = {"emergency": "緊急", "urgent": "至急", "normal": "通常"}
CLAIM, CLOSE = "claim", "close"


def consent_label(share_consent: bool | None, at_risk: bool) -> str:
    if at_risk:
        return "命の危険のため共有（本人の同意を待たない）"
    return {True: "会話の共有に同意あり", False: "会話の共有に同意なし", None: "共有の同意は未確認"}[share_consent]


def _clock(iso: str) -> str:
    return datetime.fromisoformat(iso).astimezone(TOKYO).strftime("%m/%d %H:%M")


def language_label(state: ConversationState, languages: tuple[Language, ...]) -> str:
    """The person's language when it is not plain Japanese (中国語（ボットは英語で返信）): the bot answers every
    other language in English, and the worker may need an interpreter."""
    if state.language == ENGLISH:
        code = state.speaks or ENGLISH
        language = next((language for language in languages if language.code == code), None)
        name = (language.name_ja or language.name) if language else code
        return f"{name}（ボットは英語で返信）"
    return "やさしい日本語（ボットもやさしい日本語で返信）" if state.language == EASY else ""


SHOWN_MESSAGES = 10  # the person's and the workers' own messages shown, the latest
BOT_LINE = 60  # letters of the bot's first line shown for each run of its messages
_WHO = {"in": "相談者", "worker": "相談員"}  # who wrote a message shown in full (the bot's are runs)


def message_lines(messages: list[dict[str, Any]]) -> list[str]:
    """The latest of the person's and the workers' own messages in full (300 letters each), and between
    them each run of the bot's messages as the first line of its first (「…（ボット 4件）」): what the person
    wrote is what a worker reads first, and the bot's several replies a turn no longer push it out."""
    said = [at for at, m in enumerate(messages) if m["direction"] != "out" and m["text"]][-SHOWN_MESSAGES:]
    start = said[0] if said else max(0, len(messages) - 1)
    lines: list[str] = []
    run: list[dict[str, Any]] = []
    for m in [*messages[start:], None]:
        if m is not None and m["direction"] == "out":
            run += [m] if m["text"] else []
            continue
        if run:
            first = run[0]["text"].splitlines()[0][:BOT_LINE]
            more = f"（ボット {len(run)}件）" if len(run) > 1 else ""
            lines.append(f"{_clock(run[0]['at'])} ボット: {first}…{more}")
            run = []
        if m is not None and m["text"]:
            lines.append(f"{_clock(m['at'])} {_WHO.get(m['direction'], m['direction'])}: {m['text'][:300]}")
    return lines


OFFERED = 5  # the bot's latest places shown in a notification


def offered(messages: list[dict[str, Any]], greetings: tuple[Texts, ...]) -> list[str]:
    """The places the bot gave (its bulleted lines, the latest), less the greeting's own bullets (what is
    kept, that it is free: no place), in whichever language it greeted."""
    greeting = {line for t in greetings for line in t.entries.get("greeting", "").splitlines()}
    bullets = [line for m in messages if m["direction"] == "out" for line in m["text"].splitlines()]
    return [line for line in bullets if line.startswith("・") and line not in greeting][-OFFERED:]


def notification(
    case: dict[str, Any],
    *,
    share_consent: bool | None,
    at_risk: bool,
    area: str | None,
    messages: list[dict[str, Any]],
    offered: list[str],
    heading: str = "新しいケース",
    language: str = "",
) -> Reply:
    labels = categories()
    triggers = json.loads(case["triggers"] or "[]")
    needs = [labels.get(c, c) for c in json.loads(case["categories"] or "[]")]
    lines = [
        f"🔔 {heading} #{case['id']}（{URGENCY_LABELS.get(case['urgency'], case['urgency'])}）",
        f"ルール: {case['rule_id']}",
        f"きっかけ: {', '.join(triggers) or '—'}",
        f"分野: {', '.join(needs) or '—'}",
        f"地域: {area or '不明'}",
        f"同意: {consent_label(share_consent, at_risk)}",
        f"チャネル: {case['channel']}",
    ]
    if language:  # not plain Japanese: the worker may need an interpreter (`language_label`)
        lines.append(f"言語: {language}")
    if at_risk or share_consent:
        lines += ["最近のメッセージ:", *message_lines(messages)]
    if offered:
        lines += ["ボットが案内したもの:", *offered]
    lines.append(texts().get("worker_notification_footer"))
    return Reply("\n".join(lines), (Choice(texts().get("worker_claim_button"), f"{CLAIM}:{case['id']}"),))


def claimed_notice(case_id: int, name: str) -> Reply:
    close = Choice(texts().get("worker_close_button"), f"{CLOSE}:{case_id}")
    return Reply(texts().get("worker_claimed_notice", case=case_id, name=name), (close,))


def relayed_from_person(case_id: int, text: str) -> Reply:
    return Reply(texts().get("worker_relayed", case=case_id, text=text))


def risk_alert(case_id: int, rule_id: str, urgency: str) -> Reply:
    label = URGENCY_LABELS.get(urgency, urgency)
    return Reply(texts().get("worker_risk_alert", case=case_id, rule=rule_id, urgency=label))


def digest(cases: list[dict[str, Any]], since: datetime) -> Reply:
    when = f"{since.astimezone(TOKYO):%m/%d %H:%M}"
    if not cases:
        return Reply(texts().get("worker_digest_none", since=when))
    lines = [texts().get("worker_digest_heading", since=when, count=len(cases))]
    lines += [
        f"・#{c['id']} {URGENCY_LABELS.get(c['urgency'], c['urgency'])} {c['rule_id']} {_clock(c['created_at'])}"
        f" {c['status']}"
        for c in cases
    ]
    return Reply("\n".join(lines))
