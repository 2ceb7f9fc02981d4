"""The totals README's targets table gives, over many blind sets at once, run by hand.

    .venv/bin/python bench/holdout_totals.py risk --sets 1-109           # every risk holdout half
    .venv/bin/python bench/holdout_totals.py first-contact --sets 23-96  # first-contact holdout halves

Risk: lines are counted as handed on at any urgency (and at urgent or above); a conversation by its case, the
highest urgency any of its turns reached (bench/risk_eval.py). `--half dev` counts the dev halves instead (the
ones tuned on). First contact: how many holdout questions a reply names an office for, by language, as
bench/first_contact_eval.py judges one set. Nothing is printed of any text: holdout halves are only counted.
"""

from __future__ import annotations

import argparse
import re
import sys
from collections import Counter
from pathlib import Path

from ruamel.yaml import YAML

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from first_contact_eval import half, judge  # noqa: E402
from risk_eval import conversation_urgency, outcome_of  # noqa: E402

from bot.config.stores import KnowledgeStore  # noqa: E402
from bot.core.knowledge import Knowledge  # noqa: E402
from bot.core.model import Urgency  # noqa: E402

LABELS = ("life_at_risk", "urgent", "complex", "ask_for_person", "ordinary")
_NUMBER = re.compile(r"(\d*)_(?:holdout|dev)\.yaml$|first_contact_blind(\d*)\.yaml$")


def set_number(path: Path) -> int:
    """public_risk12_holdout.yaml -> 12; the first set of each kind has no number (1)."""
    found = _NUMBER.search(path.name)
    digits = next((group for group in found.groups() if group), "") if found else ""
    return int(digits or 1)


def chosen(paths: list[Path], sets: tuple[int, int]) -> list[Path]:
    return sorted((path for path in paths if sets[0] <= set_number(path) <= sets[1]), key=set_number)


def risk_totals(paths: list[Path], knowledge: Knowledge) -> Counter[str]:
    totals: Counter[str] = Counter()
    for path in paths:
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        for item in data.get("items") or []:
            outcome = outcome_of(item["text"], knowledge)
            level = outcome.handoff.urgency.rank if outcome.handoff else -1
            _count(totals, f"line {item['label']}", level, outcome.asked_about_risk)
        for conversation in data.get("conversations") or []:
            _, highest = conversation_urgency(conversation["turns"], knowledge)
            level = Urgency(highest).rank if highest else -1
            _count(totals, f"conversation {conversation['label']}", level, False)
    return totals


def _count(totals: Counter[str], key: str, level: int, asked: bool) -> None:
    totals[key] += 1
    totals[f"{key} any"] += level >= 0
    totals[f"{key} urgent+"] += level >= 1
    totals[f"{key} asked"] += level < 0 and asked


def print_risk(totals: Counter[str]) -> None:
    for unit in ("conversation", "line"):
        for label in LABELS:
            key = f"{unit} {label}"
            if totals[key]:
                print(
                    f"  {key:28} n={totals[key]:4}  urgent or above {totals[key + ' urgent+']:4}"
                    f"  handed on at any urgency {totals[key + ' any']:4}  only asked {totals[key + ' asked']:3}"
                )


def first_contact_totals(paths: list[Path], knowledge: Knowledge) -> tuple[Counter[str], Counter[str]]:
    named: Counter[str] = Counter()
    asked: Counter[str] = Counter()
    for path in paths:
        for question in YAML(typ="safe").load(path.read_text(encoding="utf-8"))["questions"]:
            if half(question["text"]) == "holdout":
                lang = question.get("lang", "ja")
                asked[lang] += 1
                named[lang] += judge(question, knowledge)[0]
    return named, asked


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("kind", choices=["risk", "first-contact"])
    parser.add_argument("--sets", default="1-999", help="a range of set numbers, LO-HI")
    parser.add_argument("--half", choices=["holdout", "dev"], default="holdout", help="risk only")
    args = parser.parse_args()
    low, _, high = args.sets.partition("-")
    sets = (int(low), int(high or low))
    store = KnowledgeStore(ROOT)
    assert store.reload() == [], "the data does not load: run madoguchi check"
    assert store.current is not None
    if args.kind == "risk":
        folder = ROOT / ("bench/data" if args.half == "holdout" else "tests/data")
        paths = chosen(list(folder.glob(f"public_risk*_{args.half}.yaml")), sets)
        print(f"risk, {args.half} halves of {len(paths)} sets ({args.sets}), by the case")
        print_risk(risk_totals(paths, store.current))
        return 0
    paths = chosen(list((ROOT / "bench/data").glob("first_contact_blind*.yaml")), sets)
    named, asked = first_contact_totals(paths, store.current)
    print(f"first contact, holdout halves of {len(paths)} sets ({args.sets}): replies that name an expected office")
    for lang in sorted(asked):
        print(f"  {lang:5} {named[lang]:4} of {asked[lang]:4}  ({named[lang] / asked[lang]:.2f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
