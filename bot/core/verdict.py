"""Which of the rules that fired speaks (pure): the most urgent, a specific rule before the catch-all,
the conversation's own rule kept, and whether a life at risk was read only from weaker signs added up."""

from __future__ import annotations

from bot.core.model import HandoffDecision, Urgency, life_at_risk
from bot.core.rules import Firing
from bot.core.signals import signal_weights


def decide(firings: list[Firing], ongoing: str | None = None) -> HandoffDecision | None:
    """The most urgent firing wins; among equals, the rule listed first. A catch-all rule (weighted
    signs) gives way to a specific rule that fired at urgent or above, lending it its urgency: a child
    alone tonight with no dinner is the child-abuse reply (189), at emergency. The conversation's own
    rule (`ongoing`), when it fires again among the specific ones, stays the reply at the highest
    urgency: after 「夫が怖い」, 「今日また殴られた」 is the partner's violence again, not the child-abuse
    reply its words alone would bring."""
    if not firings:
        return None
    order = {firing.rule.id: index for index, firing in enumerate(firings)}
    urgency = max((firing.urgency for firing in firings), key=lambda u: u.rank)
    specific = [f for f in firings if not f.rule.catch_all and f.urgency.rank >= Urgency.URGENT.rank]
    candidates = specific or firings
    winner = next((f for f in candidates if f.rule.id == ongoing), None) or min(
        candidates, key=lambda firing: (-firing.urgency.rank, order[firing.rule.id])
    )
    categories = tuple(dict.fromkeys(c for firing in firings for c in firing.rule.categories))
    about_a_life = [firing for firing in firings if life_at_risk(firing.urgency, firing.rule.categories)]
    return HandoffDecision(
        rule_id=winner.rule.id,
        urgency=urgency,
        triggers=winner.words,
        categories=categories,
        description=winner.rule.description,
        also_fired=tuple(firing.rule.id for firing in firings if firing is not winner),
        signs_only=bool(about_a_life) and all(map(only_added_up, about_a_life)),
    )


def only_added_up(firing: Firing) -> bool:
    """The catch-all's weaker signs added up, none enough alone (限界 2, 小学生 1): a mother who asks how
    to use a 子ども食堂 because money is at its limit is given the lines that answer now and a person, and
    then her answer, not the crisis reply alone. A sign that is enough by itself (消える方法) is not."""
    if not firing.rule.catch_all or not firing.rule.signals:
        return False
    weights = signal_weights(firing.words)
    return bool(weights) and max(weights) < firing.rule.threshold
