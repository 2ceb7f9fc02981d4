"""FAQ entries and synonyms as the core sees them."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from datetime import date

from bot.core.status import Status
from bot.core.wordtrie import says


@dataclass(frozen=True)
class FaqEntry:
    id: str
    category: str
    question: str
    alternates: tuple[str, ...]
    answer: str
    services: tuple[str, ...]  # related service categories
    source: str
    checked: date | None
    source_title: str = ""
    where: str = ""  # file:line, for messages to admins
    status: Status = field(default_factory=lambda: Status("unverified"))
    office: str = ""  # the kind of local office `{office}` in the answer names, filled from the directory
    # The same in English (`core.english`): a translation of the Japanese answer, never more facts.
    question_en: str = ""
    alternates_en: tuple[str, ...] = ()
    answer_en: str = ""
    # The Japanese answer rewritten in やさしい日本語 (`core.easy`): the same facts in short plain sentences.
    answer_easy: str = ""
    for_whom: tuple[str, ...] = ()  # written for these groups of people only (children, older_people)
    # Answered only when the message says a word of each of these groups (folded): an entry whose point is
    # a negative or a feeling the matcher's words do not keep (家に帰りたくない met 「家に帰りたい」 and
    # 「国に帰りたい」), or two things at once (a pregnancy, and work: "I'm being bullied at work" met the
    # entry on pregnancy discrimination). Most entries have one group.
    only_when: tuple[tuple[str, ...], ...] = ()
    only_when_en: tuple[tuple[str, ...], ...] = ()
    # The places the answer sends people to, in order: kinds of local office (bot/data/offices.yaml) or
    # national lines (services/). None: the places are found by its needs; (): the answer names no place.
    places: tuple[str, ...] | None = None
    # The answers with `{office}` in the wording true everywhere, for someone who lives outside the
    # deployment's area (`core.whereabouts`); "" where the answer names no local office.
    answer_anywhere: str = ""
    answer_en_anywhere: str = ""
    answer_easy_anywhere: str = ""


def anywhere_entry(entry: FaqEntry) -> FaqEntry:
    """The entry as someone living elsewhere reads it: no office of the deployment's own."""
    if not entry.answer_anywhere:
        return entry
    return replace(
        entry,
        answer=entry.answer_anywhere,
        answer_en=entry.answer_en_anywhere or entry.answer_en,
        answer_easy=entry.answer_easy_anywhere or entry.answer_easy,
    )


@dataclass(frozen=True)
class Synonym:
    canonical: str
    variants: tuple[str, ...]
    where: str = ""  # file:line of the canonical form, for messages to admins


def said_for(entry: FaqEntry, folded: str) -> bool:
    """Whether the folded message says what the entry is answered only when said (`only_when`, a word of
    each group): Japanese words anywhere, an English one only where a word starts ("cat" is not in
    "education", "born" not in "stubborn")."""
    return says_each(folded, entry.only_when)


def says_each(folded: str, groups: tuple[tuple[str, ...], ...]) -> bool:
    """Whether the folded text says a word of every group (no groups: yes)."""
    return all(any(says(folded, word) for word in group) for group in groups)
