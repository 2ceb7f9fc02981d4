"""Answering from the FAQ: the answer with its places, "which one?", "is it this?" or the places for the
need, as `certainty` decides; never asking someone who wrote a paragraph to rephrase.

Pure, like the rest of the core.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from bot.core.certainty import MAX_CHOICES, Decision, decide, worded
from bot.core.faq import FaqEntry, said_for
from bot.core.knowledge import Knowledge
from bot.core.languages import ENGLISH, LONG_MESSAGE
from bot.core.matcher import Candidate
from bot.core.model import Choice, ConversationState, Message, Outcome, Reply
from bot.core.needs import in_order
from bot.core.normalize import fold
from bot.core.people import fits
from bot.core.referrals import offices_unlisted, places, referral, salience, their_lines_first, where_to_go
from bot.core.services import named_places, open_line_last, suggest, suggest_each

PERSON = "person"
SENTENCE_LETTERS = 15  # letters: someone who wrote this much has said something; never ask them to rewrite it
# Words of a message in Latin letters that tell something: a person who wrote a sentence this long
# ("My company told me not to bother coming to work anymore because …") is thanked, never asked to
# try other words, as a Japanese story of LONG_MESSAGE letters is.
STORY_WORDS = 15


def from_candidates(
    candidates: list[Candidate], message: Message, state: ConversationState, knowledge: Knowledge, latin: bool
) -> Outcome:
    # A kanji message that shares no word with its best is not answered, nor offered it (元気？).
    decision = decide(candidates) if candidates and worded(message.text, candidates[0]) else Decision()
    score = candidates[0].score if candidates else None
    if decision.answer is not None:
        related = [c.entry for c in decision.related]
        return answer(decision.answer.entry, decision.answer.score, message, state, knowledge, related)
    offered = decision.offered
    # Latin text in front of the Japanese matcher finds nothing worth offering; the English one does.
    if len(offered) > 1 and (not latin or knowledge.matcher_en is not None):
        choices = tuple(Choice(label(c.entry), f"faq:{c.entry.id}") for c in offered)
        person = Choice(knowledge.texts.get("choice_person"), PERSON)
        reply = Reply(with_questions(knowledge.texts.get("ambiguous"), [c.entry for c in offered]), (*choices, person))
        # "Which one?" answered nothing yet: it counts as a miss, so a menu and then a message no entry answers
        # reach a worker (「夫と喧嘩して」 then 「叩いてしまった」; in the risk sets' dev halves "I just want this to
        # end … I am giving up" reached nobody). A choice picked is an answer and starts the count again.
        misses = state.misses_in_row + 1
        new_state = replace(state, offered_faq_ids=tuple(c.entry.id for c in offered), misses_in_row=misses)
        return Outcome(replies=(reply,), state=new_state, faq_id=None, score=score)
    return fallback(message, state, knowledge, latin, score, decision.maybe)


def answer(
    entry: FaqEntry,
    score: float | None,
    message: Message,
    state: ConversationState,
    knowledge: Knowledge,
    related: list[FaqEntry] | None = None,
) -> Outcome:
    # Needs come from the person's own words, not from which FAQ entries they read.
    needs = needs_of(entry)
    texts = knowledge.texts
    # An entry not translated yet: the English reader is told so, gets the Japanese answer to show
    # someone, and the lines that speak English first.
    untranslated = knowledge.language == "en" and not entry.answer_en
    found = where_to_go(needs, message, state, knowledge, untranslated, places=entry.places)
    intro = f"{texts.get('answer_in_japanese')}\n" if untranslated else ""
    replies = [Reply(intro + entry.answer)]
    choices = [Choice(label(other), f"faq:{other.id}") for other in related or []]
    choices.append(Choice(texts.get("choice_person"), PERSON))
    place_replies, checkin = referral(found, message, state, knowledge)
    replies += place_replies
    choices += checkin
    if related:
        replies.append(Reply(texts.get("related")))
    replies[-1] = Reply(replies[-1].text, tuple(choices))
    unchanged = state.misses_in_row == 0 and not state.offered_faq_ids  # no copy of the state's 19 fields
    new_state = state if unchanged else replace(state, misses_in_row=0, offered_faq_ids=())
    return Outcome(replies=tuple(replies), state=new_state, faq_id=entry.id, score=score, services=found, answered=True)


def fallback(
    message: Message,
    state: ConversationState,
    knowledge: Knowledge,
    latin: bool,
    score: float | None,
    maybe: Candidate | None = None,
) -> Outcome:
    said = salience(knowledge, fold(message.text))
    named = state.needs - {"general"}
    if any(what for what, _ in said.values()):  # a need named only by who (子供 in a family told) is no need here
        named -= {need for need, (what, every) in said.items() if every and not what}
    needs = in_order(named, knowledge.categories, state.people, said) or ("general",)
    # Several needs and no answer: a place for each need, not three for the first.
    choose = suggest_each if len(needs) > 1 else suggest
    services, area = list(knowledge.services), knowledge.default_area
    found = choose(services, needs, message.at, area=area, people=state.people)
    about_the_need = maybe is not None and (needs == ("general",) or not set(needs).isdisjoint(needs_of(maybe.entry)))
    if maybe is not None and maybe.entry.places and about_the_need:
        # "Is it this?" about the need the person named comes with that answer's own places: an offer is
        # right about 7 times in 10, and the places of the need alone sent 「今はひきこもっているけど…相談は
        # 必要?」 to a children's line. An offer beside the need (#7119 for an older person) keeps the need's.
        found = named_places(knowledge.places, maybe.entry.places, message.at, area=area, people=state.people) or found
    if knowledge.language == "en":  # lines that speak English first
        ranked = their_lines_first(found, needs, message, knowledge, state)
        found = open_line_last(ranked[: max(len(found), 3)], ranked)  # their lines may push the open one out
    person = Choice(knowledge.texts.get("choice_person"), PERSON)
    if maybe is not None:  # "is it this?" in place of asking for other words
        text = f"{knowledge.texts.get('maybe')}\n・{maybe.entry.question}"
        choices: tuple[Choice, ...] = (Choice(label(maybe.entry), f"faq:{maybe.entry.id}"), person)
        state = replace(state, offered_faq_ids=(maybe.entry.id,))
    else:
        foreign = state.speaks not in ("", ENGLISH)
        key = _fallback_key(message, needs, latin, bool(found), foreign, state.handed_off)
        text, choices = knowledge.texts.get(key), (person,)
    if offices := offices_unlisted(needs, found, knowledge):
        text += f"\n\n{offices}"
    if found:
        text += f"\n\n{places(found, message, state, knowledge)}"
    new_state = replace(state, misses_in_row=state.misses_in_row + 1)
    return Outcome(replies=(Reply(text, choices),), state=new_state, score=score, services=found)


def _fallback_key(
    message: Message, needs: tuple[str, ...], latin: bool, places: bool, foreign: bool, handed: bool = False
) -> str:
    """Which no-answer text: one who writes a language other than Japanese and English is told plainly
    that the bot reads those two only (they wrote clearly: not asked for other words); a story is thanked;
    a message whose need is known, or a whole sentence in Japanese, gets its places without being asked to
    write again; only a few words we could not place are asked for other words, and never by someone already
    handed to a person, who is thanked and invited to say more (「心底反省しました」 after a parent's slaps was
    asked to rephrase: risk set 42 dev). (「生活が苦しくて精神的に追いつめられている…」 sat
    at the edge of "is it this?" and, when the FAQ grew by one alternate, was asked to rephrase.)"""
    if foreign:
        return "fallback_language"
    told = len(message.text.split()) >= STORY_WORDS if latin else len(message.text) >= LONG_MESSAGE
    if told:
        return "fallback_story"
    sentence = not latin and sum(char.isalnum() for char in message.text) >= SENTENCE_LETTERS
    if places and (needs != ("general",) or sentence):
        return "fallback_need"
    if handed:
        return "fallback_handed"  # in place of asking for other words, not of the places for a known need
    return "english" if latin else "fallback"


def needs_of(entry: FaqEntry) -> tuple[str, ...]:
    """The needs an answer serves: the categories of its places, or else its own."""
    return entry.services or (entry.category,)


def about(entry: FaqEntry) -> frozenset[str]:
    """Every need an entry is about: its own category and those its places serve."""
    return frozenset((entry.category, *needs_of(entry)))


def ranked_for(knowledge: Knowledge, text: str, top: int, people: frozenset[str], message: str = "") -> list[Candidate]:
    """The best entries for the people the conversation is about: a question about an 80-year-old
    mother's fever is not answered with the children's night line (#8000). An entry's `only_when` is
    looked for in the whole `message` when `text` is one of its sentences (「1人暮らしの父が死亡。子どもは
    「親の年金」を受け取れると…」: the death is in the sentence before the pension)."""
    # Some of the ranking may be left out (`only_when`, or written for other people): a few more are ranked.
    folded = fold(message or text)
    ranked = [c for c in knowledge.matcher.rank(text, top=top + MAX_CHOICES) if said_for(c.entry, folded)]
    # The matcher holds the entries it indexed; the knowledge's own (in やさしい日本語, say) are answered.
    fitting = [c for c in ranked if fits(c.entry.for_whom, people)][:top]
    return [_with_entry(c, knowledge.entry(c.entry.id) or c.entry) for c in _topic_kept(ranked, fitting)]


def _topic_kept(ranked: list[Candidate], fitting: list[Candidate]) -> list[Candidate]:
    """The best fitting entry keeps the score of a better one of its own topic that was for other people:
    「80歳の母が熱を出した」 is clearly a night-time medical question (the children's line #8000 led at 71);
    without it the adults' #7119 at 62 stood beside the funeral entry at 56 as a "which one?" menu."""
    if not fitting or not ranked or ranked[0] is fitting[0]:
        return fitting
    best = fitting[0]
    lost = [c.score for c in ranked[: ranked.index(best)] if c.entry.category == best.entry.category]
    if not lost or max(lost) <= best.score:
        return fitting
    return [replace(best, score=max(lost)), *fitting[1:]]


def _with_entry(candidate: Candidate, entry: FaqEntry) -> Candidate:
    # Most often the matcher's entry is the knowledge's own: no copy of the candidate is needed.
    return candidate if entry is candidate.entry else replace(candidate, entry=entry)


def with_questions(text: str, offered: Sequence[FaqEntry]) -> str:
    """A button cut to LINE's 20 letters ("Where can I apply f…") says little: the whole questions go
    in the message above the buttons."""
    if all(label(entry) == entry.question.rstrip("？?") for entry in offered):
        return text
    return text + "\n" + "\n".join(f"・{entry.question}" for entry in offered)


def label(entry: FaqEntry) -> str:
    """Button labels are short (LINE quick reply: 20 characters)."""
    question = entry.question.rstrip("？?")
    return question if len(question) <= 20 else question[:19] + "…"
