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


@dataclass(frozen=True)
class RuleSet:
    rules: tuple[Rule, ...]
    need_words: dict[str, tuple[str, ...]]  # category -> folded phrases
    always_numbers: tuple[str, ...]  # listed with every handoff
    lookalikes: tuple[str, ...] = ()  # blanked out for every rule (笑い殺される)
    lookalike_patterns: tuple[re.Pattern[str], ...] = ()

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


def fire_phrases(rule: Rule, folded: str) -> Firing | None:
    """`folded` should already have the rule set's common lookalikes masked (`mask_common`)."""
    if rule.counter:
        return None
    text = _mask(folded, rule.lookalikes, rule.lookalike_patterns)
    if rule.signals:
        return _fire_signals(rule, text)
    severe = [phrase for phrase in rule.emergency_phrases if phrase in text]
    severe += [match.group(0) for pattern in rule.emergency_patterns if (match := pattern.search(text))]
    words = severe + [phrase for phrase in rule.phrases if phrase in text]
    words += [match.group(0) for pattern in rule.patterns if (match := pattern.search(text))]
    if not words:
        return None
    raised = [word for word in rule.raise_with if word in text]
    urgency = Urgency.EMERGENCY if severe or raised else rule.urgency
    return Firing(rule, urgency, tuple(dict.fromkeys(words + raised)))


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
    """The most urgent firing wins; among equals, the rule listed first."""
    if not firings:
        return None
    order = {firing.rule.id: index for index, firing in enumerate(firings)}
    winner = min(firings, key=lambda firing: (-firing.urgency.rank, order[firing.rule.id]))
    categories = tuple(dict.fromkeys(c for firing in firings for c in firing.rule.categories))
    return HandoffDecision(
        rule_id=winner.rule.id,
        urgency=winner.urgency,
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


def _read_rule(reader: Reader, line: int, item: Any) -> Rule | None:
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
        where=f"{reader.path}:{line}",
    )
    if not (counter or signals or rule.phrases or rule.emergency_phrases or rule.patterns or rule.emergency_patterns):
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
    rules = [rule for line, item in reader.mapping_items(data, "rules") if (rule := _read_rule(reader, line, item))]
    reader.problems.extend(duplicate_ids(rules))
    need_words = _read_need_words(reader, data) if isinstance(data, dict) else {}
    always = reader.text_list(data, "always_numbers", required=False) if isinstance(data, dict) else ()
    common = _folded_list(reader, data, "lookalikes") if isinstance(data, dict) else ()
    common_patterns = _read_patterns(reader, data, "lookalike_patterns") if isinstance(data, dict) else ()
    problems.extend(reader.problems)
    return RuleSet(tuple(rules), need_words, always, common, common_patterns), problems
