"""How sure a ranking is: answer the best (offering its own topic's others), ask "which one?" across
topics, offer one far ahead as "is it this?", or nothing. It reads scores and topics only.

Pure, like the rest of the core.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.faq import FaqEntry
from bot.core.matcher import EXACT, Candidate
from bot.core.normalize import has_kanji, is_mostly_latin

# Calibrated on the held-out queries of bench/retrieval.py (rerun it after changing the matcher):
# answering at >= 75 with a lead of 5% was right about 85% of the time; unrelated chatter (天気,
# ラーメン, hello) stays under 55, where offering choices stops.
CONFIDENT = 75.0  # a top score at or above this answers directly ...
MARGIN = 0.05  # ... when it leads the runner-up by this share of its score, or a known phrasing was typed
AMBIGUOUS = 55.0  # below this no menu is offered ...
# ... but one candidate far ahead is offered as "is it this?" beside the places, rather than asking for
# other words: from 45 with a 30% lead the best was the right entry about 7 times in 10 on the
# questions-and-answers split of bench/retrieval.py (an offer costs a tap when wrong, not an answer).
# The lead is over the best of another topic (`topic_lead`): a sibling close behind (ひきこもりの相談先
# at 54, 8050 at 41) makes the entry less sure, not the topic. On the same split, the offers this adds
# were of the right topic 11 times in 13 (the right entry 4 times), those it had 17 in 20.
MAYBE_FLOOR = 45.0
MAYBE_LEAD = 0.30
# A clear leader answers below CONFIDENT: from 60 with a 20% lead, the same held-out queries were
# answered right 82% of the time, as often as in the confident band (bench/retrieval.py's
# questions-and-answers split). "家賃が払えない、もうすぐ家を出なくては" no longer gets a menu.
CLEAR_FLOOR = 60.0
CLEAR_LEAD = 0.20
# Below CLEAR_FLOOR, close candidates that are all one topic's entries are no question either: on the
# first-contact dev halves 「働いていた会社から破産すると連絡を受け…未払いの給与…」 (未払賃金立替払 at 50,
# 退職後の給料 at 47) got a menu of its own topic. From 45 such a menu is answered with its best and the
# others offered; a lone candidate is not (it is offered, from MAYBE_FLOOR).
ONE_TOPIC_FLOOR = 45.0
MAX_CHOICES = 3


@dataclass(frozen=True)
class Decision:
    """What to do with a ranking. `answer` with the runners-up of its topic as `related`; otherwise
    `offered` (two or more: "which one?") or `maybe` ("is it this?"), or neither."""

    answer: Candidate | None = None
    related: tuple[Candidate, ...] = ()
    offered: tuple[Candidate, ...] = ()
    maybe: Candidate | None = None
    why: str = "no candidate shares a word with the message: fallback"  # the rule that decided (ask --explain)


def decide(candidates: list[Candidate]) -> Decision:
    if not candidates:
        return Decision()
    top = candidates[0]
    if (sure := is_sure(candidates)) or _menu_of_one_topic(candidates):
        floor = min(AMBIGUOUS, (1 - CLEAR_LEAD) * top.score)
        near = candidates[1 : MAX_CHOICES + 1]
        related = (
            ()
            if sure and _leads(candidates)
            else tuple(c for c in near if c.score >= floor and same_topic(c.entry, top.entry))
        )
        return Decision(answer=top, related=related, why=_why_answered(candidates, sure))
    offered = tuple(c for c in candidates if c.score >= AMBIGUOUS)[:MAX_CHOICES]
    far_ahead = top.score >= MAYBE_FLOOR and topic_lead(candidates) >= MAYBE_LEAD
    # One candidate is no "which one?": it is offered as "is it this?".
    maybe = top if far_ahead or len(offered) == 1 else None
    return Decision(offered=offered, maybe=maybe, why=_why_not_answered(candidates, offered, maybe))


def _why_answered(candidates: list[Candidate], sure: bool) -> str:
    top, ahead = candidates[0], lead(candidates)
    if top.score >= CONFIDENT and _leads(candidates):
        typed = f"a known phrasing typed ({top.ratio:.2f})" if ahead < MARGIN else f"a lead of {ahead:.0%}"
        return f"score {top.score:.1f} >= {CONFIDENT:.0f} and {typed}"
    if sure and top.score >= CLEAR_FLOOR and ahead >= CLEAR_LEAD:
        return f"a clear leader: score {top.score:.1f} >= {CLEAR_FLOOR:.0f}, lead {ahead:.0%} (>= {CLEAR_LEAD:.0%})"
    return f"score {top.score:.1f}: the close candidates are one topic (best answered, the others offered)"


def _why_not_answered(candidates: list[Candidate], offered: tuple[Candidate, ...], maybe: Candidate | None) -> str:
    top = candidates[0]
    if len(offered) > 1:
        return f"choices: best score {top.score:.1f}, lead {lead(candidates):.0%}: neither confident nor a clear leader"
    if maybe is not None:
        return f"is it this? {top.entry.id}: score {top.score:.1f}, {topic_lead(candidates):.0%} ahead of another topic"
    return f"fallback: best score {top.score:.1f} < {AMBIGUOUS:.0f}"


def worded(text: str, candidate: Candidate) -> bool:
    """The text shares a dictionary word with the candidate, or has no kanji (kana is judged on its
    sounds: せいかつほご). A kanji text met by sounds and letters alone is no answer: 元気 (げんき) met
    離婚 … 年金 (ねんきん) and 元夫, 「1960年5月生まれ」 the allowance for babies born at a month's end.
    On bench/retrieval.py's two splits, one of the 430 answers to kanji queries shared no word, and it
    was wrong; of 29 such answers to kana queries, 26 were right."""
    if is_mostly_latin(text):
        # English shares a word, or types a phrasing (hellowork): "things are hard" met the housing-loan
        # entry on letters alone ("hard" is no word the English index keeps).
        return candidate.fields.get("words", 1.0) > 0 or candidate.ratio >= EXACT
    return not has_kanji(text) or candidate.fields.get("words", 1.0) > 0


def lead(candidates: list[Candidate]) -> float:
    """How far the best is ahead of the runner-up, as a share of its score (1.0 when it stands alone)."""
    top, second = candidates[0], candidates[1] if len(candidates) > 1 else None
    return (top.score - second.score) / top.score if second is not None and top.score else 1.0


def topic_lead(candidates: list[Candidate]) -> float:
    """How far the best is ahead of the best candidate of another topic (1.0 when there is none)."""
    top = candidates[0]
    other = next((c for c in candidates[1:] if not same_topic(c.entry, top.entry)), None)
    return (top.score - other.score) / top.score if other is not None and top.score else 1.0


def is_sure(candidates: list[Candidate]) -> bool:
    """The best is answered: it leads clearly, or the close ones are its own 制度's other entries."""
    return _clear_leader(candidates) or (candidates[0].score >= CONFIDENT and _one_topic(candidates))


def sure_of(text: str, candidates: list[Candidate]) -> bool:
    """The text's ranking answers its best for sure, and the best shares a word with it (`worded`)."""
    return bool(candidates) and worded(text, candidates[0]) and is_sure(candidates)


def _menu_of_one_topic(candidates: list[Candidate]) -> bool:
    """Every candidate worth offering is of the best one's topic: a menu of two ひきこもり entries asks
    nothing, so the best is answered and the others offered. For a whole message only: a story has many
    sentences, and at this height one of them would often answer beside the point."""
    top = candidates[0]
    if top.score >= CLEAR_FLOOR:
        # Only a close one can make it a question: one a fifth behind (CLEAR_LEAD) would not be offered
        # as an equal choice (いじめ at 58 beside two ひきこもり entries at 75 and 68).
        floor = max(AMBIGUOUS, (1 - CLEAR_LEAD) * top.score)
        return all(same_topic(c.entry, top.entry) for c in candidates[1 : MAX_CHOICES + 1] if c.score >= floor)
    return top.score >= ONE_TOPIC_FLOOR and one_topic_menu(candidates)


def one_topic_menu(candidates: list[Candidate]) -> bool:
    """The candidates within a fifth of the best are there, and all of its topic: a menu that asks nothing."""
    top = candidates[0]
    near = [c for c in candidates[1 : MAX_CHOICES + 1] if c.score >= (1 - CLEAR_LEAD) * top.score]
    return bool(near) and all(same_topic(c.entry, top.entry) for c in near)


def _clear_leader(candidates: list[Candidate]) -> bool:
    top = candidates[0]
    clear = top.score >= CLEAR_FLOOR and lead(candidates) >= CLEAR_LEAD
    return (top.score >= CONFIDENT and _leads(candidates)) or clear


def _leads(candidates: list[Candidate]) -> bool:
    top, second = candidates[0], candidates[1] if len(candidates) > 1 else None
    return second is None or top.score - second.score >= MARGIN * top.score or top.ratio >= EXACT > second.ratio


def _one_topic(candidates: list[Candidate]) -> bool:
    """Most close candidates are the best one's 制度 split into several entries (生活保護: where, what to
    bring, a car …): answer the best and offer them; "which one?" is for close candidates of other topics."""
    top = candidates[0]
    close = [c for c in candidates[1 : MAX_CHOICES + 1] if top.score - c.score < MARGIN * top.score]
    same = sum(same_topic(c.entry, top.entry) for c in close)
    return same >= len(close) - same


def same_topic(entry: FaqEntry, best: FaqEntry) -> bool:
    """Of the best one's topic: its category, or each other's places serve each other's need (家賃の補助
    while in training, an employment entry, and 住居確保給付金, a housing one). One way is not enough:
    障害年金's places serve money, but it is not 生活保護's topic."""
    return entry.category == best.category or (best.category in entry.services and entry.category in best.services)
