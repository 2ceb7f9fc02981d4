"""Where the person says they live, and whether the deployment's own offices are theirs (pure).

A bot deployed for 渋谷区 names 渋谷区's welfare office in its answers. Someone who writes
「大阪に住んでいます」 must not be sent there: their answers name the office of wherever they live
(the wording true everywhere, composed beside the local one) and only lines that serve them. A place
counts only when the person says they live there (大阪に住んで, 横浜市在住, "i live in osaka");
大阪の友達 or 大阪から来た say nothing of it, and the latest place said wins. A place where a family
member lives (横浜に住む母, 大阪の実家の父, "my mom lives in osaka") is where the need is: its offices are
named as for someone living there, and the person is told the places are the family member's.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

from bot.core.model import ConversationState
from bot.core.normalize import fold, fold_letters
from bot.core.sentences import split_sentences

# A ward, town or city under the place named first (大阪市北区に住んで): letters up to one of these,
# never a particle or a stop, so 大阪の友達の家に住んで is not read as living in 大阪. Each part ends at
# the first 市区町村郡 and none is given back (`*+`): with the letters free to include them, 「大阪あ区あ区…」
# had exponentially many ways to be cut, and forty of them held a message for minutes.
_UNDER = r"(?:[^\sにでのはがも、。,.!?！？市区町村郡]{0,5}[市区町村郡](?!民))*+"  # 区民 is a word of living
_SUFFIX = r"(?:都|道|府|県|市|区)?"


@dataclass(frozen=True)
class Place:
    area: str  # the directory's area code (jp-27, jp-13104)
    name: str  # as the person is told it: 大阪府
    name_en: str
    words: tuple[str, ...]  # folded, the name included


@dataclass(frozen=True)
class Gazetteer:
    """The places (`bot/data/places.yaml`) and the words around a place that say the person lives there."""

    places: tuple[Place, ...]
    lives_after: tuple[str, ...]  # 住んで, 在住 …
    not_after: tuple[str, ...]  # …but not 住んでいた, 住みたい
    lives_before: tuple[str, ...]  # "live in", 住所は
    particles: tuple[str, ...]  # に, で, の
    venues: tuple[str, ...] = ()  # where, in that place, one stays: 大阪のネットカフェで暮らしています
    family: tuple[str, ...] = ()  # 母, 父, mother: a place said of them is theirs, not the writer's
    family_joins: tuple[str, ...] = ()  # between the words of living and them: 札幌で一人暮らし[している]父
    family_homes: tuple[str, ...] = ()  # 実家: 大阪の実家の母
    family_lives_before: tuple[str, ...] = ()  # "my mom lives in osaka"
    lives_plain: tuple[str, ...] = ()  # the words of living that say nothing more: 住んでいます, 在住です

    @cached_property
    def _by_word(self) -> dict[str, Place]:
        found: dict[str, Place] = {}
        for place in self.places:
            for word in place.words:
                found.setdefault(word, place)
        return found

    @cached_property
    def search(self) -> re.Pattern[str]:
        names = self._names.pattern  # one alternation of the place words, for both patterns
        particle, after, before = map(_alternatives, (self.particles, self.lives_after, self.lives_before))
        unless = _alternatives(self.not_after)
        venue = rf"(?:の(?:{_alternatives(self.venues)}))?" if self.venues else ""
        said_after = rf"(?P<place>{names}){_SUFFIX}{_UNDER}{venue}(?:{particle})?(?:{after})(?!{unless})"
        said_before = rf"(?:{before}) ?(?:the )?(?P<place2>{names})"
        if not self.family:
            return re.compile(f"{said_after}|{said_before}")
        family = rf"(?:お|ご|my |our )?(?:{_alternatives(self.family)})"
        # Tried first where both start at one place: 大阪の実家の母 is the mother's, not a venue of the writer's.
        homes = rf"(?P<home>{names}){_SUFFIX}{_UNDER}の?(?:{_alternatives(self.family_homes)})の(?={family})"
        theirs = rf"{family} ?(?:{_alternatives(self.family_lives_before)}) ?(?:the )?(?P<theirs>{names})"
        return re.compile(f"{homes}|{theirs}|{said_after}|{said_before}")

    @cached_property
    def _family_next(self) -> re.Pattern[str]:
        """A family member named right after the words of living: 横浜に住む[母], 大阪在住の[父]."""
        return re.compile(rf"(?:{_alternatives(self.family_joins)})?(?:お|ご)?(?:{_alternatives(self.family)})")

    def name_of(self, area: str) -> str:
        """The first name listed for an area (a prefecture before its cities), "" when none is."""
        return next((place.name for place in self.places if place.area == area), "")

    @cached_property
    def hint(self) -> re.Pattern[str]:
        """The words of living somewhere, met in the text lowered and in hiragana: a message without any
        is not folded and searched for places, as almost none says where it lives."""
        words = self.lives_after + self.lives_before + self.family_homes + self.family_lives_before
        return re.compile(_alternatives(words))

    @cached_property
    def _names(self) -> re.Pattern[str]:
        return re.compile(_alternatives(self._by_word))

    def said_words(self, words: tuple[str, ...]) -> re.Pattern[str]:
        """The places' words as written with what says only that someone lives there: 大阪市北区に住んでいます,
        大阪在住の, "live in osaka" whole (`without_places`)."""
        names = "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True))
        plain, particle = _alternatives(self.lives_plain), _alternatives(self.particles)
        before = _alternatives(self.lives_before + self.family_lives_before)
        after = f"(?:(?:{particle})?(?:{plain}))?" if plain else ""
        # compiled only where a place was said (few messages), and then from re's own cache
        return re.compile(f"(?:(?:{before}) ?(?:the )?)?(?:{names}){_SUFFIX}{_UNDER}{after}")

    def said(self, folded: str) -> Said | None:
        """The place the person last says they (or a family member) live in, the most precise one said in
        the same breath: 東京都新宿区に住んでいます is 新宿区, 大阪市北区 stays 大阪 (its 北区 is not Tokyo's).
        `folded` is one sentence: with the stops folded away, 大阪にいる。母が… would read as 大阪にいる母."""
        found = None
        for match in self.search.finditer(folded):
            named = next(name for name in match.groups("") if name in self._by_word)
            first = self._by_word[named]
            inside = [self._by_word[name.group(0)] for name in self._names.finditer(match.group(0))]
            place = max((p for p in inside if p.area.startswith(first.area)), key=lambda p: len(p.area))
            if match.group("place") is not None:  # said before the words of living: whose they are follows
                found = Said(place, bool(self.family) and self._family_next.match(folded, match.end()) is not None)
            else:  # "i live in osaka" is the writer's; 大阪の実家の母 and "my mom lives in osaka" are the family's
                found = Said(place, match.group("place2") is None)
        return found


@dataclass(frozen=True)
class Said:
    place: Place
    family: bool = False  # where a family member lives (横浜に住む母), not the writer


def _alternatives(words: dict[str, Place] | tuple[str, ...]) -> str:
    """Longest first, so 大阪市 is read before 大阪."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True) if word)


def elsewhere(area: str | None, home: str | None) -> bool:
    """Whether an area lies outside the deployment's: neither holds the other (東京都 holds 渋谷区)."""
    if area is None or home is None:
        return False
    return not (area.startswith(home) or home.startswith(area))


def moved(state: ConversationState, text: str, gazetteer: Gazetteer | None) -> tuple[ConversationState, Said | None]:
    """The state with the area of the place the message says the person (or the family member the need
    is about) lives in, and what was said when the place is new. Read sentence by sentence, the last wins."""
    if gazetteer is None or not gazetteer.hint.search(fold_letters(text.lower())):  # スンデル as すんでる
        return state, None
    found = _said_each(text, gazetteer)
    said = found[-1] if found else None
    if said is None or said.place.area == state.area:
        return state, None
    return replace(state, area=said.place.area, area_of_family=said.family), said


def _said_each(text: str, gazetteer: Gazetteer) -> list[Said]:
    """What each sentence says of where someone lives, in order (a sentence alone: 大阪にいます。母が… is not
    大阪にいる母)."""
    return [said for sentence in split_sentences(text) if (said := gazetteer.said(fold(sentence)))]


def without_places(text: str, gazetteer: Gazetteer | None) -> str:
    """The text with the places it says someone lives in blanked, with the words that only say so (に住んでいます,
    在住の, "live in"), as written otherwise: where someone lives says nothing of what they ask (「大阪に住む母が
    認知症かもしれない」 was a menu beside 発達障害, 大阪 a word no entry holds weighing as much as 認知症), and
    `moved` has read it already."""
    if gazetteer is None:
        return text
    letters = fold_letters(text.lower())  # letter for letter as written, so spans found here blank the text
    if len(letters) != len(text) or not gazetteer.hint.search(letters):
        return text
    places = {said.place for said in _said_each(text, gazetteer)}
    if not places:
        return text
    words = tuple(dict.fromkeys(word for place in places for word in (*place.words, fold(place.name))))
    spans = [match.span() for match in gazetteer.said_words(words).finditer(letters)]
    for start, end in reversed(spans):
        text = text[:start] + " " + text[end:]
    return text


def area_for(state: ConversationState, home: str | None) -> str | None:
    """The area the answers are for: the person's when outside the deployment's or more precise
    within it (新宿区 in a Tokyo-wide deployment), else the deployment's."""
    if state.area is None or home is None:
        return home
    if elsewhere(state.area, home) or len(state.area) > len(home):
        return state.area
    return home
