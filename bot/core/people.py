"""Who a need is about (a child, an older person), read from the person's words: pure.

Answers and services written for one group are not offered when the conversation is about another
group only. A stated age decides over the words: "40代の息子" is an adult, "80歳の母" an older person.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

from bot.core.model import ConversationState
from bot.core.wordtrie import anywhere

# "80歳", "80才", and in English "80 years old", "80-year-old", "aged 80"
# An age after a family word, as people write it in brackets (母親(80), folded 母親80: first-contact set 51 dev,
# a carer's story read as about adults only), and not a sum, a count or a date after it.
_KIN = "母親|父親|義母|義父|祖母|祖父|母|父|妻|夫|息子|娘|姉|兄|弟|妹"
_KIN_AGE = rf"(?:{_KIN})(\d{{2,3}})(?![\d万円年月日時分人件回歳才%]|kg|cm)"
# ... and in English ("My dad (87) has always been abusive to my mom (83)", folded "my dad 87 …": risk set 96 dev,
# read as about no one in particular), not a count, a sum or a time after it ("my mom 20 bucks").
_KIN_EN = "mother|mom|mum|father|dad|grandmother|grandma|grandfather|grandpa|husband|wife|son|daughter|brother|sister"
_NOT_AN_AGE = "times|dollars|bucks|yen|euros|pounds|minutes|mins|hours|hrs|days|weeks|months|kg|cm|percent|miles|km"
_KIN_AGE_EN = rf"(?<![a-z])(?:{_KIN_EN}) (\d{{2,3}})(?![\d.,%])(?! ?(?:{_NOT_AN_AGE})(?![a-z]))"
_AGE = re.compile(
    "|".join(
        (
            r"(\d{1,3})\s*(?:歳|才|さい)",
            r"(\d{1,3})[\s-]*(?:years?|yrs?)[\s-]*old",
            r"aged\s*(\d{1,3})",
            _KIN_AGE,
            _KIN_AGE_EN,
        )
    )
)
# "70代", and in English "in her 70s", "my 70s"
_DECADE = re.compile(r"(\d)0\s*代|(?:in|my|his|her|their|late|early|mid)[\s-]+(\d)0'?s\b")


@dataclass(frozen=True)
class Group:
    id: str
    youngest: int
    oldest: int
    words: tuple[str, ...]  # folded as messages are
    # Phrases that hold a word without meaning the group: 夫の子供の頃の話 is about an old man's
    # memories, not a child. Blanked before the words are looked for.
    not_words: tuple[str, ...] = ()
    # Words that are an age of their own (a school year: 高校1年生, 中2): they count beside the ages a
    # message states, since that age is often the writer's (「高校1年生の娘が不登校」48歳・男性からの相談).
    age_words: tuple[str, ...] = ()

    def named_in(self, folded: str, words: tuple[str, ...] | None = None) -> bool:
        """One of the words (by default all of them) stands in the message, its not_words blanked."""
        text = _without(folded, self.not_words)
        return bool((self._all_words if words is None else anywhere(words)).search(text))

    # One search for a group's hundred words, not a hundred `in` tests: every message is read for every group.
    @cached_property
    def _all_words(self) -> re.Pattern[str]:
        return anywhere(self.words + self.age_words)


def ages_in(folded: str) -> tuple[int, ...]:
    """Ages written in the message; "70代" counts as 75, the middle of the decade."""
    exact = [int(next(filter(None, groups))) for groups in _AGE.findall(folded)]
    decades = [int(next(filter(None, groups))) * 10 + 5 for groups in _DECADE.findall(folded)]
    return tuple(exact + decades)


def mentioned(folded: str, groups: tuple[Group, ...]) -> frozenset[str]:
    """The groups this message is about: by the ages it states and the school years it names, else by
    its words (an age decides over them: 40代の子ども is an adult)."""
    ages = ages_in(folded)
    if ages:
        by_age = (g for g in groups if any(g.youngest <= age <= g.oldest for age in ages))
        return frozenset(g.id for g in by_age) | {g.id for g in groups if g.named_in(folded, g.age_words)}
    return frozenset(g.id for g in groups if g.named_in(folded))


def without_relations(folded: str, relations: tuple[str, ...]) -> str:
    """The message with every word naming someone by relation blanked (子ども, 母, 夫: `intents.relations`):
    what is left says what about. 認知症 or 不登校 stay: they say both who and what."""
    return _without(folded, relations)


def _without(folded: str, phrases: tuple[str, ...]) -> str:
    for phrase in phrases:
        folded = folded.replace(phrase, " ")
    return folded


def remember(state: ConversationState, folded: str, groups: tuple[Group, ...]) -> ConversationState:
    """A conversation about a mother stays about her when the next message says only 熱が出た."""
    found = mentioned(folded, groups)
    return replace(state, people=state.people | found) if found - state.people else state


def fits(for_whom: tuple[str, ...], people: frozenset[str]) -> bool:
    """Written for everyone, or for a group the conversation is about (or about no one in particular)."""
    return not for_whom or not people or not people.isdisjoint(for_whom)


def named_for(for_whom: tuple[str, ...], people: frozenset[str]) -> bool:
    """Written for everyone, or for a group the conversation has named: stricter than `fits`, for which a
    conversation about no one in particular fits every group."""
    return not for_whom or not people.isdisjoint(for_whom)
