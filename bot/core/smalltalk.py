"""Smalltalk: greetings, thanks, acknowledgements and openers (「すみません」「相談したいことがあります」), told
from the start of a message by the words in `smalltalk:` (bot/data/replies.yaml), and an opener about
someone (「夫のことで相談したい」) by `intents.relations` and `opener_about_link` (pure).

What is said back is the pipeline's: an opener is asked what it is about, thanks answered kindly.
"""

from __future__ import annotations

from bot.core.knowledge import Knowledge
from bot.core.normalize import leading_word

SLACK = 6  # letters after the word: ありがとうございます, こんばんはー
WHOLE_MESSAGE = frozenset({"acknowledgements", "openers"})  # はい is the start of はいしゃ (歯医者): only alone


def kind(folded: str, knowledge: Knowledge) -> str | None:
    """The smalltalk a message is, or an opener about someone (「夫のことで相談したい」: who, a link word, then
    an opener; the people it names are remembered by `people.remember` all the same)."""
    if found := _kind_in(folded, knowledge.smalltalk):
        return found
    links = knowledge.intents.get("opener_about_link", ())
    for who in knowledge.intents.get("relations", ()):
        if not folded.startswith(who):
            continue
        for link in links:
            rest = folded.removeprefix(who + link)
            if rest != folded and _kind_in(rest, knowledge.smalltalk) == "openers":
                return "openers"
    return None


def _kind_in(folded: str, table: dict[str, tuple[str, ...]]) -> str | None:
    return next(
        (name for name, words in table.items() if leading_word(folded, words, 0 if name in WHOLE_MESSAGE else SLACK)),
        None,
    )
