"""Long messages: a story is read sentence by sentence, and its needs are answered in short.

Pure, like the rest of the core.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.core import parts
from bot.core.answering import answer, ranked_for
from bot.core.certainty import MAX_CHOICES, ONE_TOPIC_FLOOR, lead, one_topic_menu, sure_of, worded
from bot.core.knowledge import Knowledge
from bot.core.languages import LONG_MESSAGE, story_length
from bot.core.matcher import Candidate
from bot.core.model import ConversationState, Message, Outcome
from bot.core.normalize import fold
from bot.core.parts import MAX_PARTS
from bot.core.sentences import MAX_SENTENCES, clauses, is_question, one_latin_sentence, sentences

# A long sentence is also read clause by clause (`sentences.clauses`) for the needs no sentence named, from
# CLAUSE_FLOOR (the confident band): on the first-contact dev halves this named the right office in five
# or six more stories and in none fewer, for sentences from 40 to 60 letters and floors from 65 to 75 (one
# at 80 letters; three at a floor of 85).
CLAUSE_FLOOR = 75.0
# A story no sentence of which is a clear question: the entry among the first SHARED_DEPTH of at least
# SHARED_SENTENCES sentences whose scores add up to SHARED_FLOOR is answered. On the dev halves of the
# first-contact sets such an entry was the right one about three times in four. A sentence's candidate
# under SHARED_MIN is noise (a story about a brother at home scored 20-34 on the death lump-sum entry in
# three sentences) and counts for nothing.
SHARED_DEPTH = 3
SHARED_SENTENCES = 2
SHARED_FLOOR = 65.0
SHARED_MIN = 30.0
# ... but the shared entry wins over the opening's once it leads SHARED_LEADS sentences (`_story_entry`): on the
# first-contact dev halves 3 answered one more English story and changed no other line (the one value tried).
SHARED_LEADS = 3
# Before an entry the sentences share: people open with what the story is about (学生の頃に借りた奨学金を
# …返済が滞って…), and a long opening sentence scores low against every entry, so its best is answered
# when it leads the runner-up clearly. On the dev halves this answered stories rightly that got only a
# list of places or an entry every sentence half-touched; taken from any sentence instead of the opening,
# it gave three wrong answers.
OPENING_FLOOR = 40.0
OPENING_LEAD = 0.2
# A sentence that asks (？, or ending in か) is answered from 45 with a 30% lead, as "is it this?" is
# offered for a whole message (certainty.MAYBE_*): on the dev halves this answered two stories' own
# questions (相続放棄, where to start when homeless) and lost none, at floors 40–55 and leads 0.2–0.3.
QUESTION_FLOOR = 45.0
QUESTION_LEAD = 0.3
# A story's sentence that says little is no answer on its own, however high it scores: short text scores
# high against a short phrasing ("I have nowhere to go" at 156 on tonight's shelter, after a landlord's
# notice to leave; "They keep calling me at work" on trouble at work, after a consumer loan). Its words'
# weight in the index (BM25's self score, about the sum of their IDF) must reach SAYS_ENOUGH unless it
# asks. On the first-contact dev halves 8 answered one more Japanese story rightly and changed no
# English outcome (5 and 6 changed nothing, 10 lost three); 「家賃が払えません」 alone weighs 5, but a
# sentence as short as that in a story is read with what the rest of it says.
SAYS_ENOUGH = 8.0
_AGE_OR_COUNT = re.compile(r"[0-9０-９]+(代|歳|才|人|年|ヶ月|か月|ケ月)?")


def long_message(
    message: Message, state: ConversationState, knowledge: Knowledge, whole: list[Candidate] | None = None
) -> Outcome | None:
    """A paragraph with several needs: each sentence is matched on its own; the best answer for up to
    three different topics is given in short (the opening's clear best among them), and the other
    matches are offered as buttons. A story none of whose sentences is a clear question is answered
    with its opening's clear best, or else with the entry its sentences share. `whole` is the whole
    message's ranking when the caller has it already (the pipeline ranks every message once)."""
    # Latin letters count a third, as for a story's needs: "I quit my job, what do I do about my pension"
    # is one short question, and cut at its comma its second half answered about the disability pension.
    if story_length(message.text) < LONG_MESSAGE:
        return None
    whole_best = whole_message_best(message, state, knowledge, whole)
    if whole_best is not None and one_latin_sentence(message.text):
        # one English sentence is one question, its clauses no needs of their own (cut there, a clause that
        # says little met another entry beside the whole's clear answer); Japanese run-ons are still read by
        # clause: on the dev halves one such sentence lost its office read whole
        return answer(whole_best.entry, whole_best.score, message, state, knowledge)
    units = _with_their_questions(sentences(message.text)[:MAX_SENTENCES], knowledge)
    folded = fold(message.text)  # once, for every sentence's and clause's `only_when`
    rankings = [ranked_for(knowledge, unit, MAX_CHOICES + 1, state.people, folded) for unit in units]
    # A sentence is answered as a whole message would be: a short one (病院に行くべきでしょうか)
    # scores high against many entries at once, and a tie is no answer.
    named = [not only_asks_for_help(unit, knowledge) for unit in units]
    sure_ranked = [
        ranked
        for unit, ranked, names in zip(units, rankings, named, strict=True)
        if names and sure_of(unit, ranked) and says_enough(unit, knowledge)
    ]
    sure = _best_per_topic(sure_ranked)
    asked = _best_per_topic(
        ranked
        for unit, ranked, names in zip(units, rankings, named, strict=True)
        if names and ranked and asks(unit, ranked)
    )
    opening = (
        opening_entry(rankings)
        if rankings and rankings[0] and worded(units[0], rankings[0][0]) and not introduces(units[0], knowledge)
        else None
    )
    best, asked = _whole_first({**sure, **asked}, asked, whole_best)
    clausal = _sure_clauses(units, folded, state, knowledge)
    # A story opens with what it is about: beside a sure sentence of another topic, the opening's clear
    # best is answered too (家賃 … 保証会社から電話, then 知らない番号だったので出られず, which alone
    # was sure of the mental-health line's number).
    if best and opening is not None and opening.entry.category not in best:
        best[opening.entry.category] = opening
    elif not best and (found := _story_entry(opening, rankings)) is not None:
        if not clausal:
            return answer(found.entry, found.score, message, state, knowledge)
        best[found.entry.category] = found
    ordered = _in_order(best, asked, {topic: c for topic, c in clausal.items() if topic not in best})
    if len(ordered) == 1:  # one need the story names clearly: answer it, not the diluted whole
        return answer(ordered[0].entry, ordered[0].score, message, state, knowledge)
    return parts.several(_filled(ordered, sure_ranked), message, state, knowledge) if ordered else None


def whole_message_best(
    message: Message, state: ConversationState, knowledge: Knowledge, whole: list[Candidate] | None = None
) -> Candidate | None:
    """The whole message's best when it is sure, as it would be answered were it short. A story of a
    few sentences is often one need said at length; its sentences alone can each half-touch another.
    On the first-contact dev halves this answered one more story rightly and changed six others' first
    answer to a closer one (電気代の滞納 to utility bills, not rent), their other answers kept."""
    if whole is None:
        whole = ranked_for(knowledge, message.text, MAX_CHOICES + 1, state.people)
    return whole[0] if sure_of(message.text, whole) else None


def _whole_first(
    best: dict[str, Candidate], asked: dict[str, Candidate], whole: Candidate | None
) -> tuple[dict[str, Candidate], dict[str, Candidate]]:
    """The whole message's clear best comes first, as a question asked would, in place of a sentence's
    answer of its topic (a story's one sentence met 養育費 on 「子どもたちで払ってほしい」 when the whole was
    clearly about a care home's fees); a sentence that asks keeps its own answer."""
    if whole is None or whole.entry.category in asked:
        return best, asked
    topic = whole.entry.category
    return {topic: whole, **{t: c for t, c in best.items() if t != topic}}, {**asked, topic: whole}


def _in_order(
    best: dict[str, Candidate], asked: dict[str, Candidate], clausal: dict[str, Candidate]
) -> list[Candidate]:
    """What the person asked comes first, then what their other sentences (and the opening) clearly name,
    then what only a clause named."""
    return [
        *sorted(best.values(), key=lambda c: (c not in asked.values(), -c.score)),
        *sorted(clausal.values(), key=lambda c: -c.score),
    ]


def _filled(ordered: list[Candidate], sure_ranked: list[list[Candidate]]) -> list[Candidate]:
    """A story answered in parts keeps one entry per topic, but a free part goes to another sentence's sure
    entry of a topic already answered: a mother's story of her daughter's 発達障害 (the centre's entry) asked
    when the disability pension's renewal certificate would end, sure of the renewal entry, also disability
    (first-contact set 55 dev), and got the entry on writing at night in its place."""
    given = {c.entry.id for c in ordered}
    extra: list[Candidate] = []
    for candidate in sorted((ranked[0] for ranked in sure_ranked), key=lambda c: -c.score):
        if candidate.entry.id not in given:  # each entry once, at its best
            given.add(candidate.entry.id)
            extra.append(candidate)
    free = max(0, MAX_PARTS - len(ordered))  # none when the story named more topics than are answered
    return ordered[:MAX_PARTS] + extra[:free] + ordered[MAX_PARTS:]


def _best_per_topic(rankings: Iterable[list[Candidate]]) -> dict[str, Candidate]:
    best: dict[str, Candidate] = {}
    for ranked in rankings:
        topic = ranked[0].entry.category
        if topic not in best or ranked[0].score > best[topic].score:
            best[topic] = ranked[0]
    return best


def asks(unit: str, ranked: list[Candidate]) -> bool:
    """A question sentence (？, か) with a clear best, though too weak to answer alone: 「…相続放棄を勧め
    られましたが、どのような手続きですか?」 at 58 after 「父が死亡しました」, which alone is sure of
    the death lump-sum entry (a short sentence scores high against a short phrasing)."""
    return (
        is_question(unit)
        and worded(unit, ranked[0])
        and ranked[0].score >= QUESTION_FLOOR
        and lead(ranked) >= QUESTION_LEAD
    )


def says_enough(unit: str, knowledge: Knowledge) -> bool:
    """A sentence whose words weigh enough in the index to answer on its own, or one that asks."""
    matcher = knowledge.matcher
    return matcher.fields["words"].self_score(matcher.words(unit)) >= SAYS_ENOUGH or is_question(unit)


def introduces(unit: str, knowledge: Knowledge) -> bool:
    """A sentence that only says who writes (2人の子を持つ会社員女性。): its words are all `self_words`, ages or
    counts. It opens the story but names nothing the story asks about."""
    return _only_words(unit, "self_words", knowledge, ages_count=True)


def only_asks_for_help(unit: str, knowledge: Knowledge) -> bool:
    """A sentence that only asks for help or where to ask (こんな事でも聞いて頂けるのでしょうか？): its words are all
    `asking_words`. Matched alone it meets whichever entry's phrasing holds 聞く or 相談; the story names the need."""
    return _only_words(unit, "asking_words", knowledge)


def _only_words(unit: str, vocabulary: str, knowledge: Knowledge, ages_count: bool = False) -> bool:
    """The sentence has words, and each is one of the intents' `vocabulary` (or, if `ages_count`, an age or a count)."""
    words = knowledge.matcher.words(unit)
    known = set(knowledge.intents.get(vocabulary, ()))
    return bool(words) and all(
        word in known or (ages_count and _AGE_OR_COUNT.fullmatch(word) is not None) for word in words
    )


def shared_entry(rankings: list[list[Candidate]]) -> Candidate | None:
    """The entry several sentences point to: in a story each sentence says a little (滞納してしまい …
    大家が退去を要求 …), too little to answer alone, but an entry near the top for two or more of them,
    with enough in all, is what the story is about. Its best single match stands for it."""
    seen: dict[str, list[Candidate]] = {}
    for ranked in rankings:
        for candidate in [c for c in ranked[:SHARED_DEPTH] if c.score >= SHARED_MIN]:
            seen.setdefault(candidate.entry.id, []).append(candidate)
    # It must lead one sentence at least: an entry third everywhere (児童扶養手当 in a story of a father
    # living alone, for 一人 and 父) is only what every sentence half-touches.
    leaders = {ranked[0].entry.id for ranked in rankings if ranked}
    shared = [found for entry_id, found in seen.items() if len(found) >= SHARED_SENTENCES and entry_id in leaders]
    if not shared:
        return None
    leader = max(shared, key=lambda found: sum(c.score for c in found))
    return max(leader, key=lambda c: c.score) if sum(c.score for c in leader) >= SHARED_FLOOR else None


def _story_entry(opening: Candidate | None, rankings: list[list[Candidate]]) -> Candidate | None:
    """With no sure sentence, the opening's clear best, unless the entry the sentences share leads SHARED_LEADS
    of them or more: "When I first came to Japan, I worked on the JET Programme" opened a story about unpaid
    pension premiums whose next three sentences led with the premiums' entry, and met the youth support
    station's on "programme" (first-contact set 54 dev)."""
    shared = shared_entry(rankings)
    if opening is None or shared is None or shared.entry.id == opening.entry.id:
        return opening or shared
    leads = sum(1 for ranked in rankings if ranked and ranked[0].entry.id == shared.entry.id)
    return shared if leads >= SHARED_LEADS else opening


def opening_entry(rankings: list[list[Candidate]]) -> Candidate | None:
    """The opening sentence's best, when it is well ahead of that sentence's runner-up ..."""
    opening = rankings[0] if rankings else []
    # ... or when the close ones are its own topic's other entries (家賃 and 立ち退き, 未払い賃金 and
    # 退職後の給料): the opening said what the story is about, only not which entry of it.
    if not opening or opening[0].score < OPENING_FLOOR:
        return None
    # A topic's menu is answered from ONE_TOPIC_FLOOR, as for a whole message: a weak opening half-touching
    # three medical entries (引っ越しの出費に猫の治療費が重なりました, 40.0) named no entry of them.
    return opening[0] if lead(opening) >= OPENING_LEAD or _topic_said(opening) else None


def _topic_said(opening: list[Candidate]) -> bool:
    return opening[0].score >= ONE_TOPIC_FLOOR and one_topic_menu(opening)


def _with_their_questions(parts: list[str], knowledge: Knowledge) -> list[str]:
    """Sentences that name nothing (「この場合、どこに相談したらよいのか」) are read with the one before
    them: on its own such a sentence matches whichever entry is about where to ask."""
    units: list[str] = []
    for part in parts:
        if units and not knowledge.matcher.specific(part):
            units[-1] += f"。{part}"
        else:
            units.append(part)
    return units


def _sure_clauses(
    units: list[str], folded: str, state: ConversationState, knowledge: Knowledge
) -> dict[str, Candidate]:
    """The topics a long sentence's clauses name surely, from CLAUSE_FLOOR (a clause is short, and short
    text scores high against short phrasings: 「月に15日前後入れてもらっていたシフトが」 was sure at 65
    of the allowance paid on the 15th). A clause that names nothing (どこに相談したら良いのでしょうか)
    is passed over, as a sentence would be read with the one before it."""
    rankings = (
        (part, ranked_for(knowledge, part, MAX_CHOICES + 1, state.people, folded))
        for part in clauses(units)
        if knowledge.matcher.specific(part)
    )
    return _best_per_topic(
        ranked for part, ranked in rankings if ranked and ranked[0].score >= CLAUSE_FLOOR and sure_of(part, ranked)
    )
