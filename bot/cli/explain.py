"""`madoguchi ask --explain`: what the core saw, which rules fired, the FAQ candidates and why."""

from __future__ import annotations

from datetime import datetime

from bot.core.answering import AMBIGUOUS, CONFIDENT, MARGIN
from bot.core.hours import TOKYO
from bot.core.knowledge import Knowledge
from bot.core.model import ConversationState, Message
from bot.core.normalize import normalize
from bot.core.pipeline import respond
from bot.core.risk import scan, weak_signs
from bot.core.rules import fire_phrases, mask_common


def explain(text: str, knowledge: Knowledge, at: datetime | None = None) -> str:
    normalized = normalize(text)
    lines = [f"message: {normalized.display[:200]}", f"folded:  {normalized.folded[:200]}"]
    rules = knowledge.rules
    masked = mask_common(rules, normalized.folded)
    hits = scan(rules, masked)
    found = sorted({f"{hit.concept}:{hit.form}" for hit in hits})
    lines.append(f"concepts: {', '.join(found) if found else 'none'}")
    firings = [f for rule in rules.rules if (f := fire_phrases(rule, masked, hits, rules.concepts))]
    if not firings and (signs := weak_signs(rules, hits)):
        lines.append(f"weak signs (the person is asked directly): {', '.join(signs)}")
    if firings:
        lines += [f"rule {f.rule.id}: {f.urgency.value}, fired by {', '.join(f.words)}" for f in firings]
    else:
        lines.append("rules: none fired")
    candidates = knowledge.matcher.rank(normalized.display, top=5)
    lines.append("FAQ candidates (fields: BM25 as a share of the query's own score; ratio: rapidfuzz):")
    lines += [f"  {number}. {c.explain()}" for number, c in enumerate(candidates, start=1)]
    outcome = respond(Message(text=text, at=at or datetime.now(TOKYO)), ConversationState(greeted=True), knowledge)
    lines.append(f"decision: {_decision(outcome.handoff, outcome.faq_id, candidates)}")
    return "\n".join(lines)


def _decision(handoff: object, faq_id: str | None, candidates: list) -> str:  # type: ignore[type-arg]
    if handoff is not None:
        return f"handoff ({handoff.rule_id}, {handoff.urgency.value}); the FAQ is not consulted"  # type: ignore[attr-defined]
    if not candidates:
        return "no candidate shares a word with the message: fallback"
    top = candidates[0]
    second = candidates[1].score if len(candidates) > 1 else 0.0
    lead = (top.score - second) / top.score if top.score else 0.0
    if faq_id:
        why = f"a lead of {lead:.0%} (>= {MARGIN:.0%})"
        if lead < MARGIN:
            why = f"a known phrasing typed ({top.ratio:.2f})"
        return f"answer {faq_id}: score {top.score:.1f} >= {CONFIDENT:.0f} and {why}"
    if top.score >= AMBIGUOUS:
        return f"choices: best score {top.score:.1f} but lead {lead:.0%} or score below {CONFIDENT:.0f}"
    return f"fallback: best score {top.score:.1f} < {AMBIGUOUS:.0f}"
