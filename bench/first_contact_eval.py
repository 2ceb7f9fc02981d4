"""First-contact questions: how many replies name the right office or 制度, by language.

    .venv/bin/python bench/first_contact_eval.py                                   # the blind set, both halves
    .venv/bin/python bench/first_contact_eval.py --split dev --misses              # tune only on dev
    .venv/bin/python bench/first_contact_eval.py tests/data/first_contact.yaml     # the older colleague's set

A set is YAML with `questions: [{text, expect_any, lang?}]`. Each question is a fresh first contact at
2:30 on a weeknight; a reply "names" the office when any `expect_any` word is in what the person sees
(the text and the button labels). The blind set is split by a hash of each text, fixed before anyone
looked at the replies: `dev` may be tuned on, `holdout` may not (`--misses` refuses it).
"""

from __future__ import annotations

import argparse
import hashlib
import re
import sys
from collections import defaultdict
from datetime import datetime
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.cli.main import _seen_text  # noqa: E402
from bot.config.stores import KnowledgeStore  # noqa: E402
from bot.core.hours import TOKYO  # noqa: E402
from bot.core.knowledge import Knowledge  # noqa: E402
from bot.core.model import ConversationState, Message  # noqa: E402
from bot.core.pipeline import respond  # noqa: E402

AT = datetime(2026, 12, 2, 2, 30, tzinfo=TOKYO)
BLIND = ROOT / "bench" / "data" / "first_contact_blind.yaml"


def half(text: str) -> str:
    return "dev" if hashlib.sha256(text.encode()).digest()[0] % 2 == 0 else "holdout"


_GLOSS = re.compile(r"(.+?)[(（].+[)）]$")
_JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def names(expected: str) -> list[str]:
    """The Japanese names an expectation allows: "福祉事務所/区役所子ども家庭課 (city hall …)" is either
    name, without the English gloss (English replies give the Japanese name in brackets). A Japanese
    gloss written without a space, "福祉事務所(生活保護)", goes too: 29 of the 2,852 names of the sets are
    written so, and read whole they asked a reply to quote the gloss and its brackets as well."""
    found = []
    head, _, gloss = expected.partition(" (")
    for name in (part.strip() for part in head.split("/")):
        glossed = _GLOSS.match(name)
        found.append(glossed.group(1).strip() if glossed else name)
    # A few English lines' expectations are written the other way round, "Labor Standards Inspection Office
    # (労働基準監督署)": the Japanese name in the brackets counts too, as an English reply gives it there.
    if head.isascii() and _JAPANESE.search(gloss):
        found.append(gloss.rstrip(")）").strip())
    return [name for name in found if name]


def judge(question: dict[str, Any], knowledge: Knowledge) -> tuple[bool, bool, bool]:
    """(names an expected office, answered from the FAQ, handed to a person)."""
    outcome = respond(Message(text=question["text"], at=AT), ConversationState(), knowledge)
    seen = _seen_text(outcome)
    # English names are matched whatever their case: "Community Comprehensive Support Center" is named by a
    # reply that writes "a community comprehensive support center".
    seen = seen.lower()
    named = any(name.lower() in seen for expected in question["expect_any"] for name in names(expected))
    return named, outcome.faq_id is not None, bool(outcome.handoff)


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("path", nargs="?", type=Path, default=BLIND)
    parser.add_argument("--split", choices=["dev", "holdout", "all"], default="all")
    parser.add_argument("--misses", action="store_true", help="list the dev lines whose reply names no office")
    args = parser.parse_args()
    if args.misses and args.split != "dev":
        parser.error("--misses only with --split dev: the holdout is never looked into")
    store = KnowledgeStore(ROOT)
    assert store.reload() == [], "the data does not load: run madoguchi check"
    knowledge = store.current
    assert knowledge is not None
    questions = YAML(typ="safe").load(args.path.read_text(encoding="utf-8"))["questions"]
    rows: dict[str, list[tuple[bool, bool, bool]]] = defaultdict(list)
    for question in questions:
        split = half(question["text"])
        if args.split not in ("all", split):
            continue
        result = judge(question, knowledge)
        rows[f"{question.get('lang', 'ja')} {split}"].append(result)
        if args.misses and not result[0]:
            print(f"  miss: {question['text']}  (expect {question['expect_any']})")
    print(f"{args.path.name}  at {AT:%a %H:%M}")
    for key in sorted(rows):
        named, answered, handed = (sum(column) / len(rows[key]) for column in zip(*rows[key], strict=True))
        figures = f"names the office {named:.2f}  FAQ answer {answered:.2f}  handoff {handed:.2f}"
        print(f"  {key:<12} n={len(rows[key]):>3}  {figures}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
