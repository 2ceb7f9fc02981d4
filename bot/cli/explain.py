"""`madoguchi ask --explain`: what the core saw, which rules fired, the FAQ candidates and why."""

from __future__ import annotations

from datetime import datetime

from bot.core.answering import ranked_for
from bot.core.certainty import decide, worded
from bot.core.hours import TOKYO
from bot.core.knowledge import Knowledge
from bot.core.lookalikes import mask_common, unmarked
from bot.core.matcher import Candidate
from bot.core.model import ConversationState, Message, Urgency
from bot.core.normalize import normalize
from bot.core.people import mentioned
from bot.core.pipeline import respond
from bot.core.risk import scan, weak_signs
from bot.core.rules import fire_rules
from bot.core.stories import long_message


def explain(text: str, knowledge: Knowledge, at: datetime | None = None) -> str:
    normalized = normalize(text)
    lines = [f"message: {normalized.display[:200]}", f"folded:  {normalized.folded[:200]}"]
    rules = knowledge.rules
    marked = mask_common(rules, normalized.marked)
    hits = scan(rules, unmarked(marked), normalized.katakana)
    found = sorted({f"{hit.concept}:{hit.form}" for hit in hits})
    lines.append(f"concepts: {', '.join(found) if found else 'none'}")
    about = mentioned(normalized.folded, knowledge.people)
    firings = fire_rules(rules, marked, hits, about, normalized.katakana)
    if about:
        lines.append(f"about: {', '.join(sorted(about))}")
    if not firings and (signs := weak_signs(rules, hits)):
        lines.append(f"weak signs (the person is asked directly): {', '.join(signs)}")
    if firings:
        lines += [f"rule {f.rule.id}: {f.urgency.value}, fired by {', '.join(f.words)}" for f in firings]
    else:
        lines.append("rules: none fired")
    message = Message(text=text, at=at or datetime.now(TOKYO))
    outcome = respond(message, ConversationState(greeted=True), knowledge)
    # English is matched on the English fields: show the candidates the reply was chosen from.
    seen_by = knowledge.in_english() if outcome.state.language == "en" else knowledge
    candidates = ranked_for(seen_by, normalized.display, 5, frozenset())
    kept = {c.entry.id for c in candidates}
    left_out = [c.entry.id for c in seen_by.matcher.rank(normalized.display, top=5) if c.entry.id not in kept]
    story = long_message(message, ConversationState(greeted=True), seen_by) is not None
    lines.append(f"language: {outcome.state.language}")
    lines.append("FAQ candidates (fields: BM25 as a share of the query's own score; ratio: rapidfuzz):")
    lines += [f"  {number}. {c.explain()}" for number, c in enumerate(candidates, start=1)]
    if left_out:
        lines.append(f"  left out, the message says none of their only_when words: {', '.join(left_out)}")
    if outcome.asked_about_risk and outcome.faq_id is None and outcome.handoff is None:
        decision = "asked directly about risk (a weak sign, no need named): no FAQ answer"
    elif candidates and not outcome.faq_id and outcome.handoff is None and not worded(text, candidates[0]):
        decision = "the message (with kanji) shares no dictionary word with its best: fallback, nothing offered"
    else:
        decision = _decision(outcome.handoff, outcome.faq_id, candidates, story)
        if outcome.asked_about_risk:  # a weak sign beside a need: the answer, then the direct question
            decision += "; then asked directly about risk (a weak sign)"
    lines.append(f"decision: {decision}")
    return "\n".join(lines)


def _decision(handoff: object, faq_id: str | None, candidates: list[Candidate], story: bool) -> str:
    """The answer and why (the rule `certainty.decide` took), then the handoff that follows it (a normal
    rule marked answer_first, or a counter such as several needs); an urgent handoff, then the answer to
    a story's question; or the handoff alone."""
    why = decide(candidates).why
    if story:
        why = "a long message read sentence by sentence: a sentence matched it on its own"
    answered = f"answer {faq_id}: {why}" if faq_id and candidates else ""
    if handoff is not None:
        rule = f"handoff ({handoff.rule_id}, {handoff.urgency.value})"  # type: ignore[attr-defined]
        if not answered:
            return f"{rule}; no FAQ answer"
        # an urgent rule's way to safety comes first, and a story's question is answered after it
        urgent = handoff.urgency is not Urgency.NORMAL  # type: ignore[attr-defined]
        return f"{rule}; then {answered}" if urgent else f"{answered}; then {rule}"
    return answered or why
