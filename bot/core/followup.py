"""A follow-up read in the light of the last answer.

People go on from an answer in a few words: 「40度あります」 after 「子どもが熱を出しました」,
「どこに相談すればいい？」 after a parent's forgetfulness, "what do I bring?" after 生活保護. Alone, such a
message names nothing the FAQ can place (「40度」 met an entry on a 40-year-old son; 「どこに相談」 is in
every entry, so it got a menu of five topics). Read with the question that was answered, it is clear.

Only a short message the FAQ is not sure of by itself is read so (「40度」 alone met the 8050 entry at 61,
an answer only because its runners-up were of its topic), only when it names no need of its own
(「借金もある」 after 生活保護 is a new topic), and the joined reading serves only when it answers within
the answered question's topic (`certainty.same_topic`): it never sends the person somewhere new.

Pure, like the rest of the core.
"""

from __future__ import annotations

from bot.core import answering
from bot.core.certainty import decide, is_sure, same_topic, worded
from bot.core.knowledge import Knowledge
from bot.core.languages import story_length
from bot.core.matcher import Candidate

# Letters (Latin letters count a third, as in `story_length`): longer messages say what they are about.
SHORT = 30
WIDE = 20  # the message's own ranking, looked through for the topic's entries


def in_context(
    candidates: list[Candidate],
    text: str,
    topic_id: str | None,
    named_needs: frozenset[str],
    knowledge: Knowledge,
    people: frozenset[str],
) -> list[Candidate]:
    """The ranking to answer from: the message's own, or, for a short follow-up the FAQ cannot answer
    alone, the ranking of the answered question and the message together when that answers the same topic."""
    topic = knowledge.entry(topic_id) if topic_id else None
    if topic is None or story_length(text) >= SHORT or _says_its_own(candidates, text, knowledge):
        return candidates
    if named_needs and named_needs.isdisjoint({topic.category, *answering.needs_of(topic)}):
        return candidates
    top = max(len(candidates), 1)
    # First the message's own words among the topic's entries (「持ち物は？」 after 生活保護: what to bring),
    # then the answered question and the message read together (「40度あります」 after a child's fever).
    own = [c for c in answering.ranked_for(knowledge, text, WIDE, people) if same_topic(c.entry, topic)]
    joined = answering.ranked_for(knowledge, f"{topic.question}\n{text}", top, people)
    for ranking in (own[:top], joined):
        answer = decide(ranking).answer if ranking and worded(text, ranking[0]) else None
        if answer is not None and same_topic(answer.entry, topic):
            return ranking
    return candidates


def _says_its_own(candidates: list[Candidate], text: str, knowledge: Knowledge) -> bool:
    """The message is answered by itself, and names something of its own: "where do I go?" after a job
    loss is a sure answer about nowhere to sleep, but says nothing the FAQ's every entry does not."""
    sure = bool(candidates) and worded(text, candidates[0]) and is_sure(candidates)
    return sure and knowledge.matcher.specific(text)
