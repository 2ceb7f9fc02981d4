"""Kana spellings of the rules' phrases that fire nothing, run by hand: `python bench/kana_spellings.py [RULE …]`.

Phrases are matched on the written text, so 「死ぬ準備」 does not find 「しぬじゅんび」: each spelling
people type fast has to be listed. For every Japanese phrase with kanji of the named rules (all by
default), each word is spelled in kanji or in its reading, every mix is sent to the core as a fresh
first contact, and the mixes that raise no handoff and no question about safety are printed. An admin
adds the ones that are not everyday words (しりたい is 知りたい, てあげ is してあげる) to the rule's phrases.
"""

from __future__ import annotations

import argparse
import itertools
import sys
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sudachipy import tokenizer  # noqa: E402

from bot.config.stores import KnowledgeStore  # noqa: E402
from bot.core.analyzer import _tokenizer  # noqa: E402
from bot.core.forms import morpheme_reading  # noqa: E402
from bot.core.hours import TOKYO  # noqa: E402
from bot.core.knowledge import Knowledge  # noqa: E402
from bot.core.model import ConversationState, Message  # noqa: E402
from bot.core.normalize import has_kanji  # noqa: E402
from bot.core.pipeline import respond  # noqa: E402

AT = datetime(2026, 12, 2, 2, 30, tzinfo=TOKYO)
SHORTEST = 3  # letters: shorter phrases are stems (殴られ), whose kana is every other word


def mixes(phrase: str) -> Iterator[str]:
    """The phrase with each of its words in kanji or in kana, but the phrase as written."""
    # The reading view's own reading of each word (`forms.morpheme_reading`: folded, numerals as written).
    words = _tokenizer().tokenize(phrase, tokenizer.Tokenizer.SplitMode.C)
    choices = []
    for word in words:
        written, read = word.surface(), morpheme_reading(word)
        choices.append([written, read] if has_kanji(written) and read != written else [written])
    for spelling in itertools.product(*choices):
        if (text := "".join(spelling)) != phrase:
            yield text


def silent(text: str, knowledge: Knowledge) -> bool:
    outcome = respond(Message(text=text, at=AT), ConversationState(greeted=True), knowledge)
    return outcome.handoff is None and not outcome.asked_about_risk


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("rules", nargs="*", help="rule ids (all rules when none)")
    args = parser.parse_args()
    store = KnowledgeStore(ROOT)
    assert store.reload() == [], "the data does not load: run madoguchi check"
    knowledge = store.current
    assert knowledge is not None
    seen: set[str] = set()
    count = 0
    for rule in knowledge.rules.rules:
        if args.rules and rule.id not in args.rules:
            continue
        for phrase in rule.phrases:
            if len(phrase) < SHORTEST or not has_kanji(phrase):
                continue
            for text in mixes(phrase):
                if text not in seen and silent(text, knowledge):
                    print(f"{rule.id}: {phrase} -> {text}")
                    count += 1
                seen.add(text)
    print(f"{count} spellings fire nothing")


if __name__ == "__main__":
    main()
