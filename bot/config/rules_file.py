"""`handoff_rules.yaml` read and validated: every problem with its file and line."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from bot.config.faq_files import check_categories, check_people
from bot.config.yamlsrc import Problem, Reader, duplicate_ids, line_of, load_yaml
from bot.core.concepts import Concept, ConceptPattern, compile_concept, expand, parse_pattern
from bot.core.model import Urgency
from bot.core.normalize import fold, fold_letters
from bot.core.plainform import for_rules, with_polite_forms, with_progressive_forms
from bot.core.rules import _COUNTERS, _SIGNALS, Rule, RuleSet


def _folded_list(reader: Reader, item: Any, key: str) -> tuple[str, ...]:
    """Folded as the messages the rules read are (`for_rules`: cant sleep and can't sleep, 眠れません and 眠れない
    are one phrase)."""
    phrases = (for_rules(fold(phrase)) for phrase in reader.text_list(item, key, required=False))
    forms = (form for phrase in phrases if phrase for form in with_progressive_forms(phrase))
    return tuple(dict.fromkeys(polite for form in forms for polite in with_polite_forms(form)))


def _read_patterns(reader: Reader, item: Any, key: str) -> tuple[re.Pattern[str], ...]:
    """Regular expressions over the folded text (hiragana, no spaces), e.g. `(腕|手首).{0,3}切`; katakana in
    them is read as hiragana, as the text is."""
    compiled = []
    for source in reader.text_list(item, key, required=False):
        try:
            pattern = re.compile(fold_letters(source))
        except re.error as error:
            reader.problem(line_of(item, key), f"{key} '{source}' is not a valid regex: {error}")
            continue
        if starts_unbounded(pattern):
            reader.problem(
                line_of(item, key),
                f"{key} '{source}' starts with an unbounded repeat: it is tried from every letter to the end of the"
                " sentence, so one long message without 。 takes seconds; bound it (e.g. [^。]{0,80})",
            )
            continue
        compiled.append(pattern)
    return tuple(compiled)


def starts_unbounded(pattern: re.Pattern[str]) -> bool:
    """Whether a pattern opens with `.*`, `[^。]*`, `[^。！？]+` or `\\S+`, in a group or not: a repeat without a
    bound of almost any letter. A lookalike that opened `[^。]*(体罰|…)が発覚` took half a second on a 10,000-letter
    message (nineteenth round)."""
    return _UNBOUNDED_START.match(pattern.pattern) is not None


# `.`, a negated class or \S \W \D, then * or + (lazy or not), also inside opening groups ((.*), (?:[^。]*)): the
# source's opening, read as written.
_UNBOUNDED_START = re.compile(r"(?:\((?:\?:)?)*(?:\.|\\[SWD]|\[\^(?:\\.|[^\]\\])*\])[*+]")


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
        urgency=_read_urgency(reader, item),
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
        answer_after=item.get("answer_after") is True,
        distress_words=item.get("distress_words") is True,
        catch_all=item.get("catch_all") is True,
        over_turns=item.get("over_turns") is True,
        reply_en=reader.text(item, "reply_en", required=False),
        reply_answered=reader.text(item, "reply_answered", required=False),
        reply_answered_en=reader.text(item, "reply_answered_en", required=False),
        where=f"{reader.path}:{line}",
        concepts=_read_concept_patterns(reader, item, "concepts", known),
        emergency_concepts=_read_concept_patterns(reader, item, "emergency_concepts", known),
        for_whom=check_people(reader, item),
        not_for=check_people(reader, item, "not_for"),
    )
    if rule.over_turns and not signals:
        reader.problem(line_of(item, "over_turns"), "over_turns adds up signals: the rule needs a 'signals' table")
    if not (counter or signals or _has_words(rule)):
        reader.problem(line, f"rule '{rule.id}' has no triggers (phrases, emergency_phrases, patterns or when)")
    return rule if rule.id else None


def _read_urgency(reader: Reader, item: Any) -> Urgency:
    """A misspelt urgency is named with its line; the rule still loads as urgent for the other checks."""
    urgency_text = reader.text(item, "urgency")
    if urgency_text in {u.value for u in Urgency}:
        return Urgency(urgency_text)
    if urgency_text:
        reader.problem(line_of(item, "urgency"), f"urgency '{urgency_text}' must be emergency, urgent or normal")
    return Urgency.URGENT


def _has_words(rule: Rule) -> bool:
    kinds = (rule.phrases, rule.emergency_phrases, rule.patterns, rule.emergency_patterns, rule.concepts)
    return any(kinds) or bool(rule.emergency_concepts)


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
    rules = [
        rule for line, item in reader.mapping_items(data, "rules") if (rule := _read_rule(reader, line, item, known))
    ]
    reader.problems.extend(duplicate_ids(rules))
    rule_set = RuleSet(
        tuple(rules),
        _read_need_words(reader, data),
        reader.text_list(data, "always_numbers", required=False),
        _folded_list(reader, data, "lookalikes"),
        _read_patterns(reader, data, "lookalike_patterns"),
        concepts,
        _read_concept_patterns(reader, data, "ask_directly", known),
        _read_concept_patterns(reader, data, "context_raise", known),
        reader.text_list(data, "police_numbers", required=False),
        _folded_list(reader, data, "never_hidden"),
        _read_means_signs(reader, data, known),
    )
    _check_never_hidden_is_said(reader, data, rule_set)
    problems.extend(reader.problems)
    return rule_set, problems


def _read_means_signs(reader: Reader, data: Any, known: set[str]) -> frozenset[str]:
    """The concepts whose signs name a means of dying; each must be a concept the file defines."""
    names = reader.text_list(data, "means_signs", required=False)
    for name in names:
        if name not in known:
            reader.problem(line_of(data, "means_signs"), f"means_signs: '{name}' is no concept of this file")
    return frozenset(names)


def _check_never_hidden_is_said(reader: Reader, data: Any, rule_set: RuleSet) -> None:
    """A `never_hidden` phrase is safe from lookalikes, but a concept pattern's `- unless` exception
    still hides its concept's forms (「映画を見てから消えたくて」 lost 消えたく to `- not_person`). A rule's
    plain phrases have no exceptions, so each never-hidden wish must be one of them."""
    said = {phrase for rule in rule_set.rules for phrase in (*rule.phrases, *rule.emergency_phrases)}
    lookalikes = {*rule_set.lookalikes, *(word for rule in rule_set.rules for word in rule.lookalikes)}
    for phrase in rule_set.never_hidden:
        if phrase not in said:
            reader.problem(
                line_of(data, "never_hidden"),
                f"never_hidden '{phrase}' is no rule's phrase: a concept's exception could still hide it; "
                "add it to the phrases of the rule that should fire",
            )
        for lookalike in sorted(word for word in lookalikes if phrase in word):
            reader.problem(line_of(data, "never_hidden"), f"lookalike '{lookalike}' would hide never_hidden '{phrase}'")
