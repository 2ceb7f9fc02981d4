"""`madoguchi chat`: the same front door in a terminal, buttons as numbers."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime
from typing import TextIO

from bot.channels.frontdoor import FrontDoor
from bot.core.hours import TOKYO
from bot.core.model import Choice, Message, MessageKind, Outcome

QUIT = {"/quit", "/exit", "/q"}
STICKER = "/sticker"  # lets a tester try what LINE or Telegram would send


def render(outcome: Outcome) -> tuple[str, tuple[Choice, ...]]:
    """All reply texts, then the buttons of the last reply that has any, numbered."""
    choices = next((reply.choices for reply in reversed(outcome.replies) if reply.choices), ())
    text = "\n\n".join(reply.text for reply in outcome.replies)
    buttons = "".join(f"\n  [{number}] {choice.label}" for number, choice in enumerate(choices, start=1))
    return text + buttons, choices


def to_message(line: str, choices: tuple[Choice, ...], at: datetime) -> Message:
    stripped = line.strip()
    if stripped.isdigit() and 1 <= int(stripped) <= len(choices):
        return Message(text="", at=at, kind=MessageKind.POSTBACK, payload=choices[int(stripped) - 1].data)
    if stripped == STICKER:
        return Message(text="", at=at, kind=MessageKind.STICKER)
    return Message(text=line, at=at)


def run_chat(
    door: FrontDoor,
    read: Callable[[], str],
    out: TextIO,
    user: str = "local",
    clock: Callable[[], datetime] = lambda: datetime.now(TOKYO),
) -> None:
    out.write("窓口（まどぐち）コンソール。終わるときは /quit。番号を書くとボタンを押せます。\n\n")
    first = door.handle("console", user, Message(text="", at=clock(), kind=MessageKind.FOLLOW))
    text, choices = render(first.outcome)
    out.write(f"bot> {text}\n\n")
    while True:
        out.write("you> ")
        out.flush()
        try:
            line = read()
        except EOFError:
            break
        if line.strip() in QUIT:
            break
        handled = door.handle("console", user, to_message(line, choices, clock()))
        text, choices = render(handled.outcome)
        out.write(f"\nbot> {text}\n")
        if handled.new_case and handled.outcome.handoff:
            out.write(f"  （記録: ケース #{handled.case_id}, {handled.outcome.handoff.rule_id}）\n")
        out.write("\n")
