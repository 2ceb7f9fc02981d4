"""Risk read in context: what the concepts of one message mean given what the conversation has shown.

Pure, like the rest of the core. Three things happen here:
- in a conversation that has shown risk, means, a place, a plan or a time in a later message raise
  it to emergency (`in_context`);
- weak or indirect signs that fire no rule are asked about directly, once; a second sign in a later
  message, or a "yes", hands off (`weak_signs`, `answer_to_question`);
- an urgency never goes down: the state keeps the most urgent risk seen.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import datetime

from bot.core.concepts import Hit, find_hits, matched_words, views
from bot.core.knowledge import Knowledge
from bot.core.lookalikes import own_text, unmarked
from bot.core.model import Choice, ConversationState, HandoffDecision, Outcome, Reply, Urgency
from bot.core.normalize import leading_word
from bot.core.render import handoff_numbers, with_lines
from bot.core.rules import Firing, RuleSet, raised_by
from bot.core.signals import EARLIER, adds_up, signal_word

PERSON = "person"  # the same button data as the pipeline's 人と話したい
SHORT_ANSWER_SLACK = 8  # letters after はい / いいえ: はい、少し / いいえ大丈夫です
WHEN_SLACK = 3  # letters after a time: 今夜です, 今からやる; 今夜は友達と会う says more
# 大丈夫じゃない / だいじょうぶくない: a "no" word negated is not a no (unsure reads as yes: safer).
_NEGATED = re.compile("じゃな|じゃね|ではな|でもな|くな")
RISK_CATEGORIES = frozenset({"crisis", "violence", "child", "sexual_violence", "safety"})
SIGNS_RULE = "risk_signals"
CONFIRMED_RULE = "suicide"


def scan(rules: RuleSet, masked: str, katakana: tuple[str, ...] = ()) -> tuple[Hit, ...]:
    """The concepts found in the masked message; `katakana`, its katakana words (`Normalized.katakana`)."""
    return find_hits(rules.vocabulary, views(masked, katakana)) if rules.concepts else ()


def in_context(rules: RuleSet, state: ConversationState, hits: tuple[Hit, ...]) -> Firing | None:
    """A conversation that has shown risk, and now means, place, plan or time: an emergency. A weak sign
    asked about counts in the very next message: "I don't see the point anymore", asked, then "I've been
    looking at the bridge" answers the question in other words (under the signs rule, as no specific rule
    fired). Once answered "no", a roof is a roof again (屋上でバーベキュー)."""
    shown = state.risk_rule or (SIGNS_RULE if state.risk_signs and state.asked_risk else None)
    rule = rules.by_id(shown) if shown else None
    if rule is None:
        return None
    words = matched_words(rules.context_raise, hits)
    if not words:
        return None
    return Firing(rule, Urgency.EMERGENCY, tuple(f"context:{word}" for word in dict.fromkeys(words)))


def at_a_time(
    rules: RuleSet, state: ConversationState, folded: str, answers: dict[str, tuple[str, ...]]
) -> Firing | None:
    """A conversation at risk, and now a time alone (「今から」, "tonight"), or a time and going somewhere
    (「今から駅に行く」): the answer to "when?", an emergency under the rule already shown. Alone, or
    before any risk, a time is nothing."""
    rule = rules.by_id(state.risk_rule) if state.risk_rule else None
    if rule is None:
        return None  # most messages: no risk shown, nothing to look for
    if _greets(folded, answers):
        return None
    word = leading_word(folded, answers.get("when", ()), WHEN_SLACK) or _going_now(folded, answers)
    return Firing(rule, Urgency.EMERGENCY, (f"context:{word}",)) if word is not None else None


GOING_SLACK = 12  # letters from a time to going: 今から駅に行く, 今夜ひとりで海に行く; more is a story


def _going_now(folded: str, answers: dict[str, tuple[str, ...]]) -> str | None:
    """A time, then going somewhere that is neither ordinary nor help (`going`, `going_not`): 「今から駅に
    行く」 after 死にたい is a plan in motion, as a time alone is the answer to "when?"."""
    when = next((word for word in answers.get("when", ()) if folded.startswith(word)), None)
    if when is None:
        return None
    window = folded[: len(when) + GOING_SLACK]
    going = next((word for word in answers.get("going", ()) if word in window), None)
    if going is None or any(word in window for word in answers.get("going_not", ())):
        return None
    return f"{when}…{going}"


def weak_signs(rules: RuleSet, hits: tuple[Hit, ...]) -> tuple[str, ...]:
    return tuple(matched_words(rules.ask, hits))


def over_turns(rules: RuleSet, state: ConversationState, signs: tuple[str, ...]) -> Firing | None:
    """A weak sign after an earlier one (asked about, not denied away): the signs add up to a case."""
    rule = rules.by_id(SIGNS_RULE)
    if not signs or state.risk_signs < 1 or rule is None:
        return None
    return Firing(rule, rule.urgency, (f"signs_over_turns={state.risk_signs + 1}", *signs))


MAX_SIGNS_SEEN = 24  # a long conversation remembers its latest signs, not all of them


def signs_over_turns(
    rules: RuleSet, state: ConversationState, masked: str
) -> tuple[Firing | None, tuple[str, ...], bool]:
    """Signs of an `over_turns` rule said in this message, added to those said before: a heatstroke told
    as 熱中症でダウン, then 顔が真っ青で嘔吐, was two messages each below the threshold. Fires only when this
    message adds a sign (each later message does not fire again on the old ones alone) and an earlier
    message gave one. The signs are remembered over a run of messages that say them; one message with
    none between is part of the run (a story told a line at a time has lines that only tell what
    happened), two in a row end it, so a 疲れた early in a long conversation and a 明日 much later never
    add up. Returns the firing, the signs to remember and whether this message paused the run."""
    firing, seen, run = None, state.signs_seen, False
    plain = unmarked(masked)  # the marks bound the rules' own lookalikes only (`lookalikes`)
    for rule in rules.rules:  # (a conversation that has shown a risk already is read in its light: `in_context`)
        if not rule.over_turns or not rule.signal_search.search(plain):
            continue
        text = unmarked(own_text(rule, masked, rules.never_hidden))
        now = [(phrase, weight) for phrase, weight in rule.signals if phrase in text]
        said = {phrase for phrase, _ in now}
        run = run or bool(said)
        earlier = [(phrase, weight) for phrase, weight in rule.signals if phrase in seen and phrase not in said]
        seen = tuple(dict.fromkeys([*seen, *said]))[-MAX_SIGNS_SEEN:]
        found = now + earlier
        if firing is None and state.risk_rule is None and now and earlier and adds_up(found, rule.threshold):
            words = [signal_word(p, w) for p, w in now] + [signal_word(p, w, EARLIER) for p, w in earlier]
            # as in one message (`rules._fire_signals`): 暴れる, then 包丁を持ち出した, is an emergency
            raised = raised_by(rule, text)
            urgency = Urgency.EMERGENCY if raised else rule.urgency
            firing = Firing(rule, urgency, tuple(words + raised))
    if run:
        return firing, seen, False
    return (firing, seen, True) if seen and not state.signs_paused else (firing, (), False)


def with_signs_added_up(
    firings: list[Firing], rules: RuleSet, state: ConversationState, masked: str
) -> tuple[list[Firing], ConversationState]:
    """The firings, with one more for signs added up over the messages (unless that rule fired on this
    message's own signs), and the state remembering the signs seen."""
    symptoms, seen, paused = signs_over_turns(rules, state, masked)
    if symptoms and all(firing.rule is not symptoms.rule for firing in firings):
        firings = [*firings, symptoms]
    if seen == state.signs_seen and paused == state.signs_paused:
        return firings, state
    return firings, replace(state, signs_seen=seen, signs_paused=paused)


def confirmed(rules: RuleSet) -> Firing | None:
    """The person answered yes to the direct question: an emergency, under the suicide rule."""
    rule = rules.by_id(CONFIRMED_RULE)
    return Firing(rule, Urgency.EMERGENCY, ("asked:yes",)) if rule is not None else None


def answer_to_question(folded: str, answers: dict[str, tuple[str, ...]]) -> str | None:
    """yes / no when a short message answers the direct question; None otherwise. A time alone answers
    it too: asked whether they are thinking of dying now, "today." or 「今夜」 says yes, and when."""
    for kind in ("no", "yes"):  # no first, so ありません is not read as yes (ある)
        word = leading_word(folded, answers.get(kind, ()), SHORT_ANSWER_SLACK)
        if word is not None:
            if kind == "no" and _NEGATED.search(folded[len(word) :]):
                return "yes"  # 大丈夫じゃない, だいじょうぶくない: not fine is not a no
            return kind
    if _greets(folded, answers):
        return None
    return "yes" if leading_word(folded, answers.get("when", ()), WHEN_SLACK) is not None else None


def _greets(folded: str, answers: dict[str, tuple[str, ...]]) -> bool:
    """A greeting that starts like a time (こんばんは starts with 今晩, tonight, read aloud) is no time."""
    return any(folded.startswith(greeting) for greeting in answers.get("when_not", ()))


def remember(
    state: ConversationState, decision: HandoffDecision | None, signs: tuple[str, ...], asked: bool
) -> ConversationState:
    """What the next message must be read with: the risk shown so far (only ever more urgent)."""
    if decision is not None and RISK_CATEGORIES & set(decision.categories) and decision.urgency is not Urgency.NORMAL:
        state = replace(state, risk_rule=state.risk_rule or decision.rule_id)
    if signs:
        state = replace(state, risk_signs=state.risk_signs + 1)
    return state if state.asked_risk is asked else replace(state, asked_risk=asked)


def with_context(
    firings: list[Firing],
    hits: tuple[Hit, ...],
    state: ConversationState,
    reply_to_question: str | None,
    rules: RuleSet,
    timed: Firing | None = None,
) -> list[Firing]:
    """A "yes" to the direct question, or means / place / plan / time in a conversation at risk (`timed`:
    a time alone, `at_a_time`)."""
    if reply_to_question == "yes" and (yes := confirmed(rules)):
        return [yes, *firings]
    specific_emergency = any(f.urgency is Urgency.EMERGENCY and not f.rule.catch_all for f in firings)
    if not specific_emergency and (raised := in_context(rules, state, hits) or timed):
        return [raised, *firings]
    return firings


def after(outcome: Outcome, signs: tuple[str, ...], at: datetime, knowledge: Knowledge) -> Outcome:
    """Weak signs get the direct question; in a conversation at risk a miss gets care, never "rephrase"."""
    state, texts = outcome.state, knowledge.texts
    if outcome.handoff is not None:
        return outcome
    if signs and state.risk_signs <= 1:
        question = Reply(
            texts.get("ask_risk"),
            (
                Choice(texts.get("choice_risk_yes"), "risk:yes"),
                Choice(texts.get("choice_risk_no"), "risk:no"),
                Choice(texts.get("choice_person"), PERSON),
            ),
        )
        # The question carries the buttons; the answer before it keeps its text only (one set shown), less
        # the line that only announced its related questions' buttons ("ほかに、こんなことも…").
        pointer = texts.get("related")
        earlier = tuple(Reply(reply.text) for reply in outcome.replies if reply.text != pointer)
        return replace(
            outcome,
            replies=(*earlier, question),
            state=replace(state, asked_risk=True),
            asked_about_risk=True,
            answered=True,
        )
    if not outcome.answered and (state.risk_rule or state.risk_signs):
        # The message has words (wordless ones got risk_care before): 「子どももいます」 after a DV reply
        # is told it can be said to the line as it is, not that words need not come.
        return replace(caring_reply("risk_follow", at, state, knowledge), answered=True)
    return outcome


FEW_WORDS = 10  # letters: 寒い, 眠い, 頭がふらふらする; 子どもを連れて夫から逃げたい says what is wanted


def strays(entry_needs: frozenset[str], needs: frozenset[str], named: frozenset[str], asked: bool, length: int) -> bool:
    """An answer beside the point of a conversation at risk (the caller tells that: `pipeline._at_risk`):
    the person did not ask, and either the message is a few words that name no need (`named`: 「寒い」
    after 今夜寝る場所がない met the entry on heating bills) or the entry serves none of the needs the
    conversation named (`needs`: after 彼氏に殴られた, 「でも別れられない」 met the visa entry for a divorced
    spouse). It is the same story going on, and is met with care and the risk's lines instead. A question
    (生活保護は受けられますか) or a need the message names is answered."""
    few_words = not named and length <= FEW_WORDS
    return not asked and (few_words or needs.isdisjoint(entry_needs))


def names_means(signs: tuple[str, ...], means: frozenset[str]) -> bool:
    """Whether a weak sign names a means of dying (`RuleSet.means_signs`: a gun, pills, the tracks): "I've got a
    gun under my bed" met the entry on renting a care bed before the question; what else it names waits."""
    return any(sign.partition(":")[0] in means for sign in signs)


def caring_reply(key: str, at: datetime, state: ConversationState, knowledge: Knowledge) -> Outcome:
    """A short caring text with the lines that answer now (those of the risk this conversation showed)."""
    rules, texts = knowledge.rules, knowledge.texts
    # The lines of the risk shown, else of the last urgent handoff (nowhere to sleep: the shelter lines)
    rule = rules.by_id(state.risk_rule or state.last_rule or CONFIRMED_RULE) or rules.rules[0]
    numbers = handoff_numbers(rule, knowledge, at)
    reply = with_lines(f"{texts.get(key)}\n\n{texts.get('numbers_heading')}", numbers, at, texts)
    return Outcome(replies=(reply,), state=replace(state, asked_risk=False, misses_in_row=0), services=numbers)


def only_feelings(words: tuple[str, ...], feelings: dict[str, frozenset[str]]) -> bool:
    """A message of fear or worry and nothing else (こわい, 不安です, I'm so scared): its content words are
    feeling words, with at most `fillers` beside them. Such a message names no need to answer."""
    fear, fillers = feelings.get("fear", frozenset()), feelings.get("fillers", frozenset())
    return any(word in fear for word in words) and all(word in fear or word in fillers for word in words)


MASH_LETTERS = 5  # a run of keys this long with (almost) no vowel is not a word in any language we serve
_VOWELS = frozenset("aeiouy")


def without_words(folded: str) -> bool:
    """Emoji or symbols only (😭😭😭), or keyboard mash (asdfghjkl, ｋｊｈｇｆ): distress, not a question."""
    if not any(char.isalnum() for char in folded):
        return True
    letters = folded.replace(" ", "")
    if len(letters) < MASH_LETTERS or not letters.isascii() or not letters.isalpha():
        return False
    return sum(char in _VOWELS for char in letters) / len(letters) < 0.2
