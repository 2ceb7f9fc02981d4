"""A message's needs (pure): which the rules' need words name, and which of a conversation's needs come first
(the first need decides which places are shown first)."""

from __future__ import annotations

from bot.core.rules import RuleSet

GROUP_NEEDS = {"older_people": "elderly", "children": "child"}


def in_order(
    needs: frozenset[str],
    categories: dict[str, str],
    people: frozenset[str] = frozenset(),
    said: dict[str, tuple[int, int]] | None = None,
) -> tuple[str, ...]:
    """A conversation's needs in the data's order (crisis, mental health, violence … general), never
    a set's arbitrary one: the first need decides which places come first. With `said` (how many words of
    each need the message says: those that say what, then all: `answering.salience`), the need said most
    comes first: a story of 消費者金融 and 返済 that mentioned moving costs (引っ越し) and the gas bill got a
    homeless line and the welfare office, no debt place. The need of the people the conversation is about
    comes before the others, except a crisis. A son or a daughter told by age as grown (40代の息子) brings no
    children's need: the word named a relation, not a child."""
    grown = "adults" in people and "children" not in people  # 30代の息子: a son, but no child's need
    ordered = [category for category in categories if category in needs and not (grown and category == "child")]
    if said:
        ordered.sort(key=lambda category: tuple(-count for count in said.get(category, (0, 0))))
    # A conversation about a child and an older person at once puts first the one it says most about.
    group = sorted((GROUP_NEEDS[who] for who in people if GROUP_NEEDS.get(who) in ordered), key=ordered.index)
    first = [need for need in ordered if need == "crisis"] + group
    return tuple(dict.fromkeys([*first, *ordered]))


def detect_needs(rules: RuleSet, folded: str) -> tuple[str, ...]:
    return tuple(category for category, search in rules.need_searches if search.search(folded))


def need_words_said(rules: RuleSet, folded: str) -> dict[str, int]:
    """How many different words of each need the text says."""
    return {category: len(set(search.findall(folded))) for category, search in rules.need_searches}
