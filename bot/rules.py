"""Handoff rules from `handoff_rules.yaml`: explicit, ordered, explainable.

A phrase rule fires when one of its phrases appears in the folded message. Lookalike spans
(死ぬほど眠い) are blanked out first, so they can only hide themselves: a real risk phrase in
the same message still fires. Negation is never read as cancelling a risk (safety first).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from bot.concepts import (
    Concept,
    ConceptPattern,
    Hit,
    compile_concept,
    expand,
    find_hits,
    match,
    parse_pattern,
    views,
)
from bot.faq import check_categories
from bot.model import HandoffDecision, Urgency
from bot.normalize import fold
from bot.yamlsrc import Problem, Reader, duplicate_ids, line_of, load_yaml

_MASK = "\x00"
_COUNTERS = ("misses_in_row", "distinct_needs")
_SIGNALS = "signal_score"


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
    where: str = ""
    reply_en: str = ""  # the reply for people who write in English ("" : the Japanese one)
    catch_all: bool = False  # wins only when no more specific rule fired (its urgency carries over)
    concepts: tuple[ConceptPattern, ...] = ()  # concept patterns that fire the rule at its urgency
    emergency_concepts: tuple[ConceptPattern, ...] = ()  # ... and at emergency


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

    def by_id(self, rule_id: str) -> Rule | None:
        return next((rule for rule in self.rules if rule.id == rule_id), None)


@dataclass(frozen=True)
class Firing:
    rule: Rule
    urgency: Urgency
    words: tuple[str, ...]


def _mask(folded: str, lookalikes: tuple[str, ...], patterns: tuple[re.Pattern[str], ...] = ()) -> str:
    """Blank every lookalike span, each found in the text as written (so the order of the lists
    never decides whether one lookalike hides another)."""
    spans = [match.span() for pattern in patterns for match in pattern.finditer(folded)]
    for lookalike in lookalikes:
        start = folded.find(lookalike)
        while start != -1:
            spans.append((start, start + len(lookalike)))
            start = folded.find(lookalike, start + 1)
    if not spans:
        return folded
    chars = list(folded)
    for start, end in spans:
        chars[start:end] = _MASK * (end - start)
    return "".join(chars)


def mask_common(rules: RuleSet, folded: str) -> str:
    return _mask(folded, rules.lookalikes, rules.lookalike_patterns)


def fire_phrases(
    rule: Rule, folded: str, hits: tuple[Hit, ...] = (), concepts: tuple[Concept, ...] = (),
) -> Firing | None:
    """`folded` should already have the rule set's common lookalikes masked (`mask_common`), and
    `hits` are the concepts found in it (`concepts.find_hits` over `concepts`)."""
    if rule.counter:
        return None
    text = _mask(folded, rule.lookalikes, rule.lookalike_patterns)
    if text != folded and (rule.concepts or rule.emergency_concepts):
        hits = find_hits(concepts, views(text))  # the rule's own lookalikes hide their words from concepts too
    if rule.signals:
        return _fire_signals(rule, text)
    severe = [phrase for phrase in rule.emergency_phrases if phrase in text]
    severe += [found.group(0) for pattern in rule.emergency_patterns if (found := pattern.search(text))]
    severe += fire_concepts(rule.emergency_concepts, hits)
    words = severe + [phrase for phrase in rule.phrases if phrase in text]
    words += [found.group(0) for pattern in rule.patterns if (found := pattern.search(text))]
    words += fire_concepts(rule.concepts, hits)
    if not words:
        return None
    raised = [word for word in rule.raise_with if word in text]
    urgency = Urgency.EMERGENCY if severe or raised else rule.urgency
    return Firing(rule, urgency, tuple(dict.fromkeys(words + raised)))


def fire_concepts(patterns: tuple[ConceptPattern, ...], hits: tuple[Hit, ...]) -> list[str]:
    """The words of every concept pattern that matched, as `concept:form`."""
    return [word for pattern in patterns if (words := match(pattern, hits)) for word in words]


def _fire_signals(rule: Rule, text: str) -> Firing | None:
    """Indirect wording: several weaker signs (a place, a means, a farewell, a time) add up."""
    found = [(phrase, weight) for phrase, weight in rule.signals if phrase in text]
    # Time words alone (今夜, 寒い, 明日) never add up to a risk: at least one real sign is needed.
    if sum(weight for _, weight in found) < rule.threshold or max((w for _, w in found), default=0) < 2:
        return None
    raised = [word for word in rule.raise_with if word in text]
    words = tuple(f"{phrase}({weight})" for phrase, weight in found) + tuple(raised)
    return Firing(rule, Urgency.EMERGENCY if raised else rule.urgency, words)


def fire_counter(rule: Rule, misses_in_row: int, distinct_needs: int) -> Firing | None:
    value = {"misses_in_row": misses_in_row, "distinct_needs": distinct_needs}.get(rule.counter or "")
    if value is None or value < rule.threshold:
        return None
    return Firing(rule, rule.urgency, (f"{rule.counter}={value}",))


def decide(firings: list[Firing]) -> HandoffDecision | None:
    """The most urgent firing wins; among equals, the rule listed first. A catch-all rule (weighted
    signs) gives way to a specific rule that fired at urgent or above, lending it its urgency: a child
    alone tonight with no dinner is the child-abuse reply (189), at emergency."""
    if not firings:
        return None
    order = {firing.rule.id: index for index, firing in enumerate(firings)}
    urgency = max((firing.urgency for firing in firings), key=lambda u: u.rank)
    specific = [f for f in firings if not f.rule.catch_all and f.urgency.rank >= Urgency.URGENT.rank]
    candidates = specific or firings
    winner = min(candidates, key=lambda firing: (-firing.urgency.rank, order[firing.rule.id]))
    categories = tuple(dict.fromkeys(c for firing in firings for c in firing.rule.categories))
    return HandoffDecision(
        rule_id=winner.rule.id,
        urgency=urgency,
        triggers=winner.words,
        categories=categories,
        description=winner.rule.description,
        also_fired=tuple(firing.rule.id for firing in firings if firing is not winner),
    )


def detect_needs(rules: RuleSet, folded: str) -> tuple[str, ...]:
    return tuple(category for category, words in rules.need_words.items() if any(w in folded for w in words))


def _folded_list(reader: Reader, item: Any, key: str) -> tuple[str, ...]:
    return tuple(dict.fromkeys(fold(phrase) for phrase in reader.text_list(item, key, required=False) if fold(phrase)))


def _read_patterns(reader: Reader, item: Any, key: str) -> tuple[re.Pattern[str], ...]:
    """Regular expressions over the folded text (hiragana, no spaces), e.g. `(腕|手首).{0,3}切`."""
    compiled = []
    for source in reader.text_list(item, key, required=False):
        try:
            compiled.append(re.compile(source))
        except re.error as error:
            reader.problem(line_of(item, key), f"{key} '{source}' is not a valid regex: {error}")
    return tuple(compiled)


def _read_concepts(reader: Reader, data: Any) -> tuple[Concept, ...]:
    table = data.get("concepts") or {}
    if not isinstance(table, dict):
        reader.problem(line_of(data, "concepts"), "'concepts' must map names to lists of words")
        return ()
    concepts = []
    for name in table:
        entries = reader.text_list(table, name)
        for entry in entries:
            if not expand(entry):
                reader.problem(line_of(table, name), f"concept '{name}': '{entry}' gives no form to match")
        concepts.append(compile_concept(str(name), entries))
    return tuple(concepts)


def _read_concept_patterns(reader: Reader, item: Any, key: str, known: set[str]) -> tuple[ConceptPattern, ...]:
    """`a + b /12 - c`: every concept named must be defined under `concepts:`."""
    patterns = []
    for source in reader.text_list(item, key, required=False):
        parsed = parse_pattern(source)
        if isinstance(parsed, str):
            reader.problem(line_of(item, key), f"{key} {parsed}")
            continue
        unknown = [name for name in (*parsed.concepts, *parsed.unless) if name not in known]
        if unknown:
            reader.problem(line_of(item, key), f"{key} '{source}': unknown concept {', '.join(unknown)}")
            continue
        patterns.append(parsed)
    return tuple(patterns)


def _read_counter(reader: Reader, item: Any) -> tuple[str | None, int]:
    when = item.get("when")
    if when is None:
        return None, 0
    if not isinstance(when, dict) or len(when) != 1 or next(iter(when)) not in (*_COUNTERS, _SIGNALS):
        reader.problem(line_of(item, "when"), f"'when' must be one of: {', '.join((*_COUNTERS, _SIGNALS))}: N")
        return None, 0
    counter, threshold = next(iter(when.items()))
    if not isinstance(threshold, int) or threshold < 1:
        reader.problem(line_of(item, "when"), f"'{counter}' needs a whole number of at least 1")
        return None, 0
    return str(counter), threshold


def _read_rule(reader: Reader, line: int, item: Any, known: set[str]) -> Rule | None:
    urgency_text = reader.text(item, "urgency")
    if urgency_text and urgency_text not in {u.value for u in Urgency}:
        reader.problem(line_of(item, "urgency"), f"urgency '{urgency_text}' must be emergency, urgent or normal")
    categories = reader.text_list(item, "categories", required=False)
    check_categories(reader, item, "categories", categories)
    counter, threshold = _read_counter(reader, item)
    signals = _read_signals(reader, item)
    if counter == _SIGNALS:
        counter = None  # a word rule: its threshold applies to the signal weights
        if not signals:
            reader.problem(line_of(item, "when"), "signal_score needs a 'signals' table: {weight: [phrases]}")
    rule = Rule(
        id=reader.text(item, "id"),
        description=reader.text(item, "description"),
        urgency=Urgency(urgency_text) if urgency_text in {u.value for u in Urgency} else Urgency.URGENT,
        categories=categories,
        reply=reader.text(item, "reply"),
        phrases=_folded_list(reader, item, "phrases"),
        emergency_phrases=_folded_list(reader, item, "emergency_phrases"),
        raise_with=_folded_list(reader, item, "raise_with"),
        lookalikes=_folded_list(reader, item, "lookalikes"),
        lookalike_patterns=_read_patterns(reader, item, "lookalike_patterns"),
        patterns=_read_patterns(reader, item, "patterns"),
        emergency_patterns=_read_patterns(reader, item, "emergency_patterns"),
        counter=counter,
        threshold=threshold,
        numbers=reader.text_list(item, "numbers", required=False),
        signals=signals,
        answer_first=item.get("answer_first") is True,
        catch_all=item.get("catch_all") is True,
        reply_en=reader.text(item, "reply_en", required=False),
        where=f"{reader.path}:{line}",
        concepts=_read_concept_patterns(reader, item, "concepts", known),
        emergency_concepts=_read_concept_patterns(reader, item, "emergency_concepts", known),
    )
    triggers = (rule.phrases, rule.emergency_phrases, rule.patterns, rule.emergency_patterns, rule.concepts,
                rule.emergency_concepts)
    if not (counter or signals or any(triggers)):
        reader.problem(line, f"rule '{rule.id}' has no triggers (phrases, emergency_phrases, patterns or when)")
    return rule if rule.id else None


def _read_signals(reader: Reader, item: Any) -> tuple[tuple[str, int], ...]:
    table = item.get("signals")
    if table is None:
        return ()
    if not isinstance(table, dict) or not all(isinstance(weight, int) and weight > 0 for weight in table):
        reader.problem(line_of(item, "signals"), "'signals' must map whole-number weights to phrase lists")
        return ()
    return tuple((phrase, int(weight)) for weight in table for phrase in _folded_list(reader, table, weight))


def _read_need_words(reader: Reader, data: Any) -> dict[str, tuple[str, ...]]:
    table = data.get("need_words") or {}
    if not isinstance(table, dict):
        reader.problem(line_of(data, "need_words"), "'need_words' must map categories to phrase lists")
        return {}
    check_categories(reader, data, "need_words", tuple(str(key) for key in table))
    return {str(key): _folded_list(reader, table, key) for key in table}


def load_rules(path: Path) -> tuple[RuleSet | None, list[Problem]]:
    data, problems = load_yaml(path)
    if data is None:
        return None, problems
    reader = Reader(path)
    if not isinstance(data, dict):
        reader.problem(1, "the rules file must be a mapping with 'rules:'")
        return None, problems + reader.problems
    concepts = _read_concepts(reader, data)
    known = {concept.name for concept in concepts}
    rules = [rule for line, item in reader.mapping_items(data, "rules")
             if (rule := _read_rule(reader, line, item, known))]
    reader.problems.extend(duplicate_ids(rules))
    rule_set = RuleSet(
        tuple(rules), _read_need_words(reader, data), reader.text_list(data, "always_numbers", required=False),
        _folded_list(reader, data, "lookalikes"), _read_patterns(reader, data, "lookalike_patterns"), concepts,
        _read_concept_patterns(reader, data, "ask_directly", known),
        _read_concept_patterns(reader, data, "context_raise", known),
    )
    problems.extend(reader.problems)
    return rule_set, problems
