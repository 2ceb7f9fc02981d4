"""Handoff rules: explicit, ordered, explainable; fired on the folded message (pure).

A phrase rule fires when one of its phrases appears in the folded message. Lookalike spans
(死ぬほど眠い) are blanked out first, so they can only hide themselves: a real risk phrase in
the same message still fires. Negation is never read as cancelling a risk (safety first).
Concept patterns (`core.concepts`) fire on vocabularies expanded to every inflection and script.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property, lru_cache

from bot.core.concepts import Concept, ConceptPattern, Hit, Vocabulary, find_hits, matched_words, views, vocabulary
from bot.core.lookalikes import MASK, own_text, unmarked
from bot.core.model import Urgency
from bot.core.scripts import LATIN, OTHER, held, needed
from bot.core.signals import adds_up, signal_word
from bot.core.wordtrie import anywhere, says, words_pattern

_COUNTERS = ("misses_in_row", "distinct_needs")


_SIGNALS = "signal_score"
_BLANKED = re.compile(f"{MASK}+")


@dataclass(frozen=True)
class Rule:
    id: str
    description: str
    urgency: Urgency
    categories: tuple[str, ...]
    reply: str
    phrases: tuple[str, ...] = ()  # folded
    emergency_phrases: tuple[str, ...] = ()  # means and plan: fire at emergency directly
    raise_with: tuple[str, ...] = ()  # time words: raise a fired rule to emergency
    lookalikes: tuple[str, ...] = ()
    lookalike_patterns: tuple[re.Pattern[str], ...] = ()
    patterns: tuple[re.Pattern[str], ...] = ()
    emergency_patterns: tuple[re.Pattern[str], ...] = ()
    counter: str | None = None  # one of _COUNTERS
    threshold: int = 0
    numbers: tuple[str, ...] = ()  # service ids to list with the reply
    signals: tuple[tuple[str, int], ...] = ()  # (folded phrase, weight): fires when the sum reaches threshold
    answer_first: bool = False  # a normal rule that lets the FAQ answer the question before handing on
    answer_after: bool = False  # an urgent rule not about a life whose reply is followed by the FAQ answer
    # Its words say how bad things are, not what about (限界, 助けて): an answer after its reply reads the
    # message without those that are no need word. Not so for a rule whose words are the need (追い出された).
    distress_words: bool = False
    where: str = ""
    reply_en: str = ""  # the reply for people who write in English ("" : the Japanese one)
    # The reply when the FAQ answer follows it (answer_after): 助けて alone asks what is happening, and
    # beside 家賃払えない it must not ("" : `reply`); and its English
    reply_answered: str = ""
    reply_answered_en: str = ""
    catch_all: bool = False  # wins only when no more specific rule fired (its urgency carries over)
    over_turns: bool = False  # its signals add up over consecutive messages (risk.signs_over_turns)
    concepts: tuple[ConceptPattern, ...] = ()  # concept patterns that fire the rule at its urgency
    emergency_concepts: tuple[ConceptPattern, ...] = ()  # ... and at emergency
    # Only when the conversation is about one of these groups (`people:` in categories.yaml): an abused
    # older person is not 189's. Stricter than an answer's `for:`, which also fits a conversation about
    # no one in particular: a rule written for one group must not take an unnamed person's words.
    for_whom: tuple[str, ...] = ()
    # ... and never when it names one of these: a child who says their mother is hit, with a grandmother
    # at home, is a child at risk (189), not a report about an older person.
    not_for: tuple[str, ...] = ()

    # One pattern per list of words, made on first use: every message is looked for every rule's words
    # (550 phrases, 360 signals), and most rules find none of theirs, which one search tells at once.
    @cached_property
    def emergency_search(self) -> re.Pattern[str]:
        return _any_of(self.emergency_phrases)

    @cached_property
    def phrase_search(self) -> re.Pattern[str]:
        return _any_of(self.phrases)

    @cached_property
    def any_phrase_search(self) -> re.Pattern[str]:
        """Both lists at once: most messages hold neither, which one search tells."""
        return _any_of(self.emergency_phrases + self.phrases)

    @cached_property
    def signal_search(self) -> re.Pattern[str]:
        return anywhere(tuple(phrase for phrase, _ in self.signals))

    @cached_property
    def lookalike_search(self) -> re.Pattern[str]:
        return anywhere(self.lookalikes)

    @cached_property
    def by_script(self) -> dict[int, tuple[tuple[re.Pattern[str], ...], tuple[re.Pattern[str], ...]]]:
        """For each set of scripts a text may hold (`scripts.held`), the emergency patterns and the patterns
        that can match it: a Japanese message is not searched for the English ones, nor English for Japanese."""
        return {
            scripts: (_able(self.emergency_patterns, scripts), _able(self.patterns, scripts))
            for scripts in (0, LATIN, OTHER, LATIN | OTHER)
        }

    def concerns(self, people: frozenset[str]) -> bool:
        # isdisjoint, not a set built per rule and message: 17 rules are asked this for every message.
        named = not self.for_whom or not people.isdisjoint(self.for_whom)
        return named and people.isdisjoint(self.not_for)


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    need_words: dict[str, tuple[str, ...]]  # category -> folded phrases
    always_numbers: tuple[str, ...]  # listed with every handoff
    lookalikes: tuple[str, ...] = ()  # blanked out for every rule (笑い殺される)
    lookalike_patterns: tuple[re.Pattern[str], ...] = ()
    concepts: tuple[Concept, ...] = ()  # named vocabularies, expanded to every inflection and script
    ask: tuple[ConceptPattern, ...] = ()  # weak signs: ask the person directly about their safety
    context_raise: tuple[ConceptPattern, ...] = ()  # in a conversation at risk: means, place, plan, time
    police_numbers: tuple[str, ...] = ()  # left out for someone who says 「けいさつはやだ」
    # Folded phrases no lookalike pattern may hide: a span that touches one is not blanked (「正座してたら、死にたい、
    # 足がしびれた」 was read as a leg asleep, and the wish to die inside it went with it).
    never_hidden: tuple[str, ...] = ()
    # Concepts whose weak signs name a means of dying (a gun, pills, the tracks): such a sign is asked about
    # before anything else the message's words would be answered with (`pipeline`).
    means_signs: frozenset[str] = frozenset()

    @cached_property
    def lookalike_search(self) -> re.Pattern[str]:
        return anywhere(self.lookalikes)

    @cached_property
    def need_searches(self) -> tuple[tuple[str, re.Pattern[str]], ...]:
        """Each need with its words as one pattern (`_any_of`), made once, not looked up per message."""
        return tuple((category, _any_of(words)) for category, words in self.need_words.items())

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """The concepts indexed by their heads, made once per rule set (`concepts.find_hits`)."""
        return vocabulary(self.concepts)

    def by_id(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)


_MADE = ("emergency_search", "phrase_search", "any_phrase_search", "signal_search", "lookalike_search", "by_script")


def prepare(rules: RuleSet) -> None:
    """Make every pattern a rule makes on first use now, so a cache of the rules holds them and
    `madoguchi ask`'s one message does not build 60 of them."""
    for rule in rules.rules:
        for name in _MADE:
            getattr(rule, name)
    for name in ("lookalike_search", "need_searches", "vocabulary"):
        getattr(rules, name)


@dataclass(frozen=True)
class Firing:
    rule: Rule
    urgency: Urgency
    words: tuple[str, ...]


def fire_rules(
    rules: RuleSet, masked: str, hits: tuple[Hit, ...], people: frozenset[str], katakana: tuple[str, ...] = ()
) -> list[Firing]:
    """Every rule that fires on the masked message, among those that concern the people it is about
    (`katakana`: the message's katakana words, `Normalized.katakana`)."""
    vocabulary, never_hidden = rules.vocabulary, rules.never_hidden
    return [
        f
        for rule in rules.rules
        if rule.concerns(people) and (f := fire_phrases(rule, masked, hits, vocabulary, never_hidden, katakana))
    ]


def fire_phrases(
    rule: Rule,
    folded: str,
    hits: tuple[Hit, ...] = (),
    concepts: tuple[Concept, ...] | Vocabulary = (),
    never_hidden: tuple[str, ...] = (),
    katakana: tuple[str, ...] = (),
) -> Firing | None:
    """`folded` should already have the rule set's common lookalikes masked (`mask_common`), and
    `hits` are the concepts found in it (`concepts.find_hits` over `concepts`). Its sentence marks, if it
    has them, bound the rule's own lookalikes; its words are read without them."""
    if rule.counter:
        return None
    if rule.signals:
        # Blanking only takes signs away: a message with none of them (most) is over before the rule's own
        # lookalikes are looked for, which cost the catch-all 0.03 ms a message.
        if not rule.signal_search.search(unmarked(folded)):
            return None
        return _fire_signals(rule, unmarked(own_text(rule, folded, never_hidden)))
    severe, words = _words_said(rule, unmarked(folded), hits)
    if not words:
        return None  # a rule's own lookalikes only hide what it says: with nothing said, none to hide
    own = own_text(rule, folded, never_hidden)
    text = unmarked(own)
    if own != folded:  # read again only when a lookalike of the rule's own was blanked
        if rule.concepts or rule.emergency_concepts:
            hits = find_hits(concepts, views(text, katakana))  # the rule's own lookalikes hide their words too
        severe, words = _words_said(rule, text, hits)
        if not words:
            return None
    raised = raised_by(rule, text)
    urgency = Urgency.EMERGENCY if severe or raised else rule.urgency
    # A pattern may match across blanked letters (死んだお母さん[のところ]に行き): a worker reads these words in the
    # notification, where a NUL is no letter at all.
    return Firing(rule, urgency, tuple(dict.fromkeys(_BLANKED.sub("…", word) for word in words + raised)))


def _words_said(rule: Rule, text: str, hits: tuple[Hit, ...]) -> tuple[list[str], list[str]]:
    """The rule's emergency words found in the text, and all its words found (emergency ones first)."""
    # Each kind of word only where the rule has some: two dozen rules a message, and most lack some kinds.
    phrased = rule.any_phrase_search.search(text) is not None
    emergency_patterns, patterns = rule.by_script[held(text)]
    severe = _said(text, rule.emergency_phrases, rule.emergency_search) if phrased and rule.emergency_phrases else []
    if emergency_patterns:
        severe += _searched(emergency_patterns, text)
    if rule.emergency_concepts and hits:
        severe += matched_words(rule.emergency_concepts, hits)
    words = severe + _said(text, rule.phrases, rule.phrase_search) if phrased and rule.phrases else list(severe)
    if patterns:
        words += _searched(patterns, text)
    if rule.concepts and hits:
        words += matched_words(rule.concepts, hits)
    return severe, words


def with_replies(rule: Rule, reply: str, reply_answered: str) -> Rule:
    """The rule saying other replies (its English ones), with the patterns it has made already: made anew,
    they cost the first English message after a load about 0.2 s (`scripts.needed` reads 420 patterns)."""
    other = replace(rule, reply=reply, reply_answered=reply_answered)
    for name in _MADE:
        if name in rule.__dict__:  # a cached_property's value; the patterns they are made from are the same
            other.__dict__[name] = rule.__dict__[name]
    return other


def _able(patterns: tuple[re.Pattern[str], ...], scripts: int) -> tuple[re.Pattern[str], ...]:
    """The patterns that can match a text holding letters of `scripts` (and of no other)."""
    return tuple(pattern for pattern in patterns if not needed(pattern) & ~scripts)


def _searched(patterns: tuple[re.Pattern[str], ...], text: str) -> list[str]:
    return [found.group(0) for pattern in patterns if (found := pattern.search(text))]


def raised_by(rule: Rule, text: str) -> list[str]:
    """The rule's `raise_with` words the text holds: any of them makes its firing an emergency."""
    return [word for word in rule.raise_with if word in text]


def _fire_signals(rule: Rule, text: str) -> Firing | None:
    """Indirect wording: several weaker signs (a place, a means, a farewell, a time) add up."""
    if not rule.signal_search.search(text):
        return None  # no sign at all adds up to nothing
    found = [(phrase, weight) for phrase, weight in rule.signals if phrase in text]
    if not adds_up(found, rule.threshold):
        return None
    raised = raised_by(rule, text)
    words = tuple(signal_word(phrase, weight) for phrase, weight in found) + tuple(raised)
    return Firing(rule, Urgency.EMERGENCY if raised else rule.urgency, words)


def fire_counter(rule: Rule, misses_in_row: int, distinct_needs: int) -> Firing | None:
    value = {"misses_in_row": misses_in_row, "distinct_needs": distinct_needs}.get(rule.counter or "")
    if value is None or value < rule.threshold:
        return None
    return Firing(rule, rule.urgency, (f"{rule.counter}={value}",))


@lru_cache(maxsize=256)
def _any_of(words: tuple[str, ...]) -> re.Pattern[str]:
    """One pattern for a need's words, as `wordtrie.says` finds each: a thousand words in two languages are
    looked for in every message, and a loop over them cost more than the rest of the rules."""
    return words_pattern(words, english_starts=True)


def _said(folded: str, words: tuple[str, ...], search: re.Pattern[str]) -> list[str]:
    """The words the message says (`wordtrie.says`), in their order; `search` is `_any_of(words)`."""
    if not search.search(folded):
        return []
    return [word for word in words if says(folded, word)]
