"""Risk triage on a labelled set of messages: how many are handed off, asked about, or raised wrongly.

    .venv/bin/python bench/risk_eval.py                      # the public holdout (never tuned on)
    .venv/bin/python bench/risk_eval.py tests/data/public_risk_dev.yaml --misses

Each message is a fresh first contact. A set is YAML with `items: [{text, label, kind}]` where label is
life_at_risk, urgent, complex, ask_for_person or ordinary, and optional `conversations:
[{turns: [...], label}]`: a conversation shows the urgency of its last handoff ("ends at") and the
highest of them ("case at"), which is what the open case holds for the worker (a later, milder handoff
never lowers it); it counts as handed off when the case is at emergency or urgent. `--misses` lists
the lines that were missed (only for sets you may tune on).
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.config.stores import KnowledgeStore
from bot.core.hours import TOKYO
from bot.core.model import ConversationState, Message, Outcome
from bot.core.pipeline import respond

AT = datetime(2026, 12, 2, 2, 30, tzinfo=TOKYO)  # a weeknight at 2:30, when the bot matters most
SHOULD_HAND_OFF = {"life_at_risk", "urgent", "complex", "ask_for_person"}


def outcome_of(text: str, knowledge: object) -> Outcome:
    return respond(Message(text=text, at=AT), ConversationState(), knowledge)  # type: ignore[arg-type]


def conversation_urgency(turns: list[str], knowledge: object) -> tuple[str | None, str | None]:
    """The last handoff's urgency and the highest one (the case's)."""
    state, last, highest = ConversationState(), None, None
    for text in turns:
        outcome = respond(Message(text=text, at=AT), state, knowledge)  # type: ignore[arg-type]
        state = outcome.state
        if outcome.handoff is not None:
            last = outcome.handoff.urgency
            highest = last if highest is None or last.rank > highest.rank else highest
    return (last.value if last else None), (highest.value if highest else None)


def evaluate(path: Path, show_misses: bool) -> None:
    store = KnowledgeStore(ROOT)
    assert store.reload() == [], "the data does not load: run madoguchi check"
    data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
    totals: Counter[str] = Counter()
    handed: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    misses = []
    for item in data.get("items") or []:
        label, outcome = item["label"], outcome_of(item["text"], store.current)
        totals[label] += 1
        handed[label] += outcome.handoff is not None
        asked[label] += outcome.asked_about_risk
        wrong = (label in SHOULD_HAND_OFF) != (outcome.handoff is not None)
        if wrong and not (label == "life_at_risk" and outcome.asked_about_risk):
            misses.append((label, item.get("kind"), item["text"]))
    print(f"{path.name}")
    for label in ("life_at_risk", "urgent", "complex", "ask_for_person", "ordinary"):
        if totals[label]:
            print(
                f"  {label:15} n={totals[label]:3}  handed off {handed[label] / totals[label]:.2f}"
                f"  handed off or asked {(handed[label] + asked[label]) / totals[label]:.2f}"
                f"  asked {asked[label] / totals[label]:.2f}"
            )
    for conversation in data.get("conversations") or []:
        last, highest = conversation_urgency(conversation["turns"], store.current)
        print(
            f"  conversation of {len(conversation['turns'])} turns ({conversation['label']}): ends at {last},"
            f" case at {highest}"
        )
    if show_misses:
        for label, kind, text in misses:
            print(f"  MISS {label}/{kind}: {text}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("path", nargs="?", default=str(ROOT / "bench" / "data" / "public_risk_holdout.yaml"))
    parser.add_argument("--misses", action="store_true", help="list the missed lines (dev sets only)")
    args = parser.parse_args()
    evaluate(Path(args.path), args.misses)


if __name__ == "__main__":
    main()
