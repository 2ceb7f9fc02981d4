"""A follow-up read in the light of the last answer.

People go on from an answer in a few words: 「40度あります」 after 「子どもが熱を出しました」,
「どこに相談すればいい？」 after a parent's forgetfulness, "what do I bring?" after 生活保護. Alone, such a
message names nothing the FAQ can place (「40度」 met an entry on a 40-year-old son; 「どこに相談」 is in
every entry, so it got a menu of five topics). Read with the question that was answered, it is clear.

Only a short message is read so (はい and わかりました are acknowledged before): not one that types a phrasing,
nor one that names a need of its own (「借金もある」 after 生活保護 is a new topic), nor one the FAQ is
sure of alone (or any English) unless it only asks about an aspect of a 制度 (`aspects:` in
bot/data/replies.yaml: 「更新は？」, 「費用は？」, "what do I need to bring?") or whether someone like the
asker may use it (「学生でも使える？」, which names a thing of its own and a need perhaps: 外国人), or the
answered entry itself ranks close behind its best (「返せない」 after the debt answer was sure alone of the
scholarship entry). The joined reading serves only when it answers within the answered question's topic
(`certainty.same_topic`): it never sends the person somewhere new.

Pure, like the rest of the core.
"""

from __future__ import annotations

import re

from bot.core import answering
from bot.core.analyzer import analyze
from bot.core.certainty import CLEAR_FLOOR, CLEAR_LEAD, decide, lead, same_topic, sure_of, worded
from bot.core.faq import FaqEntry
from bot.core.knowledge import Knowledge
from bot.core.languages import story_length
from bot.core.matcher import EXACT, Candidate
from bot.core.normalize import fold, is_mostly_latin

# Letters (Latin letters count a third, as in `story_length`): longer messages say what they are about.
SHORT = 30
WIDE = 20  # the message's own ranking, looked through for the topic's entries
_LATIN_WORD = re.compile(r"[a-z]+")
_AMOUNT = re.compile(r"[0-9０-９]")
MAX_WHO_WORDS = 3  # 学生, 年金 暮らし, 生活保護 (and its parts): who is asking, not a story


def context(text: str, topic_id: str | None, knowledge: Knowledge) -> str:
    """What a short follow-up's `only_when` words are looked for in: the answered question with it
    (「車は持っていてもいいですか」 after 生活保護 never reached the car entry, which needs 生活保護 said, and met the
    entry on renting a wheelchair); "" for a longer message or with no answer before (the message alone)."""
    topic = knowledge.entry(topic_id) if topic_id else None
    if topic is None or story_length(text) >= SHORT:
        return ""
    return f"{topic.question}\n{text}"


def in_context(
    ranked: list[Candidate],
    top: int,
    text: str,
    topic_id: str | None,
    named_needs: frozenset[str],
    knowledge: Knowledge,
    people: frozenset[str],
    at_risk: bool = False,
) -> list[Candidate]:
    """The ranking to answer from (`top` candidates): the message's own, or, for a short follow-up, its own
    words among the topic's entries, or the answered question and the message together, when that answers
    the topic. `ranked` is the message's own ranking, `WIDE` long when there is a topic. In a conversation
    at risk the answer read with the topic stands even when it is the same: the pipeline gives care in its
    place when it strays from the story."""
    candidates = ranked[:top]
    topic = knowledge.entry(topic_id) if topic_id else None
    if topic is None or story_length(text) >= SHORT or _types_a_phrasing(candidates, text):
        return candidates
    who_may = _asks_who_may(text, knowledge.aspects)
    if named_needs and named_needs.isdisjoint(answering.about(topic)) and not who_may:
        return candidates
    words = _words(text)
    # No word at all (どうすればいい, いつまで？) asks about what was answered: alone, どうすればいい met the
    # psychiatry entry by its sound. Acknowledgements (はい, わかりました) never come here (smalltalk).
    asks = who_may or not words or _only_aspects(words, knowledge.aspects)
    an_amount = _AMOUNT.search(text) is not None  # 40度, "40 degrees": a detail of what was answered
    if words and not asks and not an_amount and _all_new(words, topic, knowledge):
        return candidates  # 「熱中症っぽい」 after a net café answer: a thing no entry speaks of, not a detail
    # Sure alone is not enough when the message only asks an aspect: 「更新は？」 after 自立支援医療 was sure
    # of an entry on pregnancy at work. 「電気も止まった」 after rent names a thing of its own, answered as
    # such; English ("ok", "40 degrees") is read with the topic only when it asks an aspect.
    # An amount is a detail of what was answered in English too ("40 degrees" after a child's fever). The
    # answered entry close behind the best keeps it all the same (「返せない」 after 借金).
    alone = sure_of(text, candidates) or (is_mostly_latin(text) and not an_amount)
    if alone and not asks and not _fits_the_topic(candidates, topic):
        return candidates
    top = max(len(candidates), 1)
    # First the message's own words among the topic's entries (「持ち物は？」 after 生活保護: what to bring),
    # if one leads them clearly; then the answered question and the message read together.
    # Only entries that share a word with it are its rivals: 持ち家 met 「持ち物は？」 on letters alone, and
    # whether 生活保護's what-to-bring led clearly hung on that (a kanji text met by sounds is no answer).
    # A word shared, even in kana: a topic is a category, and 「いくらもらえる？」 after 生活保護 met its money
    # entries by sound (年金はいつからもらえる？ by もらえる, no word of the message's; いくら is).
    # And of the same 制度, when the message names none: 「いくら？」 after 住居確保給付金 met the disaster
    # relief fund by いくら, 「いつ振り込まれる？」 after 児童手当 child support (a category is not a 制度).
    own = _own_entries(ranked, topic, words, knowledge.aspects) if asks else _sharing_a_word(ranked, topic)
    if own and own[0].score >= CLEAR_FLOOR and lead(own) >= CLEAR_LEAD:
        return own[:top]
    joined = answering.ranked_for(knowledge, f"{topic.question}\n{text}", top, people)
    answer = decide(joined).answer if joined and worded(text, joined[0]) else None
    if answer is None or not same_topic(answer.entry, topic):
        return candidates
    # The same answer again is no reply to news that asks nothing of it: 「夫と喧嘩して」, then 「叩いてしまった」,
    # after the 生活保護 answer got the 生活保護 answer twice more and no worker (the chat, twenty-third round).
    # Unless the message alone already ranks the answered entry close to its best (「返せない」 after 借金).
    repeats = answer.entry.id == topic.id and not (asks or an_amount or at_risk or _fits_the_topic(candidates, topic))
    return candidates if repeats else joined


# A share of the best score: the answered entry this close to the best fits the follow-up as well.
CLOSE_TO_BEST = 0.8


def _fits_the_topic(candidates: list[Candidate], topic: FaqEntry) -> bool:
    """The answered entry ranks close to the best of the message's own: 「返せない」 after the debt answer was
    sure alone of the scholarship entry (奨学金 返せない), the debt entry a little behind; said after it, the
    words are about what was answered."""
    best = candidates[0].score if candidates else 0.0
    return any(c.entry.id == topic.id and c.score >= CLOSE_TO_BEST * best for c in candidates[1:])


def _sharing_a_word(ranked: list[Candidate], topic: FaqEntry) -> list[Candidate]:
    return [c for c in ranked if same_topic(c.entry, topic) and c.fields.get("words", 0.0) > 0]


def _own_entries(
    ranked: list[Candidate], topic: FaqEntry, words: tuple[str, ...], aspects: frozenset[str]
) -> list[Candidate]:
    """For a follow-up that only asks an aspect: none when the answer already says it (更新 in 自立支援医療's:
    read with it, not sent to a sibling entry); else the topic's entries sharing a word that are the
    answered one or say a word of its question that is no aspect (生活保護 in 生活保護の金額は？)."""
    answer = fold(topic.answer)
    if words and all(word in answer for word in words):
        return []
    named = [word for word in analyze(topic.question).words if word not in aspects and len(word) > 1]

    def of_the_same_seido(entry: FaqEntry) -> bool:
        said = fold(" ".join((entry.question, *entry.alternates)))
        return entry.id == topic.id or any(word in said for word in named)

    return [c for c in _sharing_a_word(ranked, topic) if of_the_same_seido(c.entry)]


def _all_new(words: tuple[str, ...], topic: FaqEntry, knowledge: Knowledge) -> bool:
    """Every word one no FAQ entry knows and the answered one does not say, and no amount (40度, 3日目):
    read with the topic, the message could only bring the same answer back."""
    known = knowledge.matcher.fields["words"].idf
    if any(word in known or word[:1].isdigit() for word in words):
        return False
    said = fold(" ".join((topic.question, *topic.alternates, topic.answer)))
    return not any(word in said for word in words)


# Letters: 「更新は？」 and 「何を持っていく？」 alone name no 制度; 「相談は本人が行かないといけない?」 (set 2 dev) is
# a question of its own, answered where its best entry is clear.
ALONE = 10


def asks_of_nothing(text: str, topic_id: str | None, aspects: frozenset[str]) -> bool:
    """A short question, with nothing answered before, that only asks an aspect of a 制度 it does not name:
    which 制度 is asked back, not guessed (「更新は？」 first met the mental-health card's entry)."""
    return topic_id is None and story_length(text) <= ALONE and asks_an_aspect(text, aspects)


def asks_an_aspect(text: str, aspects: frozenset[str]) -> bool:
    """The message says words, and each asks about a 制度 (where, cost, renewal …): none names a thing."""
    return _only_aspects(_words(text), aspects)


def _asks_who_may(text: str, aspects: frozenset[str]) -> bool:
    """「学生でも使える？」, 「外国人でも受けられる？」, 「持ち家でもいいですか」: whether someone like this may
    use the 制度 just answered, a question about that 制度 (who can use it) though it names a thing.
    A few words before でも, and after it only aspects (or nothing: いいですか)."""
    if is_mostly_latin(text):
        return False
    who, frame, rest = text.partition("でも")
    return bool(frame) and 0 < len(_words(who)) <= MAX_WHO_WORDS and all(word in aspects for word in _words(rest))


def _only_aspects(words: tuple[str, ...], aspects: frozenset[str]) -> bool:
    return bool(words) and all(word in aspects for word in words)


def _words(text: str) -> tuple[str, ...]:
    if is_mostly_latin(text):
        return tuple(_LATIN_WORD.findall(fold(text)))
    return analyze(text).words


def _types_a_phrasing(candidates: list[Candidate], text: str) -> bool:
    """The message types one of the FAQ's phrasings (almost) exactly: that is its question, whatever
    came before."""
    return bool(candidates) and worded(text, candidates[0]) and candidates[0].ratio >= EXACT
