"""False alarms on ordinary Japanese prose, run by hand: `python bench/ordinary_text.py [--split tune|check|all]`.

Risk sets measure how often danger is read; they hold few plain sentences. This bench sends the
sentences of a city's own FAQ answers (localgovFAQ's corpus: Amagasaki city's pages on taxes, care,
childcare, waste, permits …; none of the benchmark's queries) to the core one by one, each a fresh
first contact at 2:30, and counts the ones that raise an urgent or emergency rule or a question about
safety. Nobody at risk wrote them: each one flagged is a false alarm (a few name DV or 虐待 as a topic).

The sentences are shuffled with a fixed seed and split before looking: `tune` (the first 4,000) may be
read to find what raises them; `check` (the rest) is only counted. The corpus is not in this repo
(bench/data/README.md); its SHA-256 is checked as bench/faq_benchmark.py does.
"""

from __future__ import annotations

import argparse
import random
import re
import sys
from collections import Counter
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from faq_benchmark import load  # noqa: E402

from bot.config.stores import KnowledgeStore  # noqa: E402
from bot.core.hours import TOKYO  # noqa: E402
from bot.core.model import ConversationState, Message, Urgency  # noqa: E402
from bot.core.pipeline import respond  # noqa: E402

AT = datetime(2026, 12, 2, 2, 30, tzinfo=TOKYO)
TUNE = 4000  # sentences that may be read; the rest are only counted
SEED = 1
_SENTENCE_END = re.compile(r"(?<=[。！？\n])")
_KANA = re.compile(r"[ぁ-ん]")


def sentences(answers: list[str]) -> list[str]:
    """Sentences of 8 to 120 letters with some kana (lists of names and numbers are left out)."""
    found = {
        part.strip()
        for answer in answers
        for part in _SENTENCE_END.split(answer)
        if 8 <= len(part.strip()) <= 120 and _KANA.search(part)
    }
    shuffled = sorted(found)
    random.Random(SEED).shuffle(shuffled)
    return shuffled


def flagged(text: str, knowledge: object) -> str | None:
    """The rule (or "asked") a fresh first contact of this text raises, if urgent or above."""
    outcome = respond(Message(text=text, at=AT), ConversationState(greeted=True), knowledge)  # type: ignore[arg-type]
    if outcome.handoff is not None and outcome.handoff.urgency is not Urgency.NORMAL:
        return outcome.handoff.rule_id
    return "asked" if outcome.asked_about_risk else None


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--data", type=Path, default=ROOT / ".madoguchi" / "localgovfaq")
    parser.add_argument("--split", choices=["tune", "check", "all"], default="all")
    parser.add_argument("--show", action="store_true", help="list the flagged sentences (tune split only)")
    args = parser.parse_args()
    if args.show and args.split != "tune":
        parser.error("--show only with --split tune: the check split is only counted")
    dataset, _ = load(args.data)
    everything = sentences([answer for _, answer in dataset.corpus.values()])
    parts = {"tune": everything[:TUNE], "check": everything[TUNE:]}
    store = KnowledgeStore(ROOT)
    assert store.reload() == [], "the data does not load: run madoguchi check"
    for name in ("tune", "check") if args.split == "all" else (args.split,):
        found = [(kind, text) for text in parts[name] if (kind := flagged(text, store.current))]
        if args.show:
            for kind, text in found:
                print(f"  {kind}: {text}")
        kinds = Counter(kind for kind, _ in found)
        total = len(found)
        print(f"{name}: {total} of {len(parts[name])} sentences flagged  {dict(kinds.most_common())}")


if __name__ == "__main__":
    main()
