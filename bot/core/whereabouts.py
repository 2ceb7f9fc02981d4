"""Where the person says they live, and whether the deployment's own offices are theirs (pure).

A bot deployed for 渋谷区 names 渋谷区's welfare office in its answers. Someone who writes
「大阪に住んでいます」 must not be sent there: their answers name the office of wherever they live
(the wording true everywhere, composed beside the local one) and only lines that serve them. A place
counts only when the person says they live there (大阪に住んで, 横浜市在住, "i live in osaka");
大阪の友達 or 大阪から来た say nothing of it, and the latest place said wins.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cached_property

from bot.core.model import ConversationState
from bot.core.normalize import fold, fold_letters

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
        return re.compile(f"{said_after}|{said_before}")

    def name_of(self, area: str) -> str:
        """The first name listed for an area (a prefecture before its cities), "" when none is."""
        return next((place.name for place in self.places if place.area == area), "")

    @cached_property
    def hint(self) -> re.Pattern[str]:
        """The words of living somewhere, met in the text lowered and in hiragana: a message without any
        is not folded and searched for places, as almost none says where it lives."""
        return re.compile(_alternatives(self.lives_after + self.lives_before))

    @cached_property
    def _names(self) -> re.Pattern[str]:
        return re.compile(_alternatives(self._by_word))

    def said(self, folded: str) -> Place | None:
        """The place the person last says they live in, the most precise one said in the same breath:
        東京都新宿区に住んでいます is 新宿区, 大阪市北区 stays 大阪 (its 北区 is not Tokyo's)."""
        found = None
        for match in self.search.finditer(folded):
            first = self._by_word[match.group("place") or match.group("place2")]
            inside = [self._by_word[name.group(0)] for name in self._names.finditer(match.group(0))]
            found = max((p for p in inside if p.area.startswith(first.area)), key=lambda p: len(p.area))
        return found


def _alternatives(words: dict[str, Place] | tuple[str, ...]) -> str:
    """Longest first, so 大阪市 is read before 大阪."""
    return "|".join(re.escape(word) for word in sorted(words, key=len, reverse=True) if word)


def elsewhere(area: str | None, home: str | None) -> bool:
    """Whether an area lies outside the deployment's: neither holds the other (東京都 holds 渋谷区)."""
    if area is None or home is None:
        return False
    return not (area.startswith(home) or home.startswith(area))


def moved(state: ConversationState, text: str, gazetteer: Gazetteer | None) -> tuple[ConversationState, Place | None]:
    """The state with the place the message says the person lives in, and that place when it is new."""
    if gazetteer is None or not gazetteer.hint.search(fold_letters(text.lower())):  # スンデル as すんでる
        return state, None
    place = gazetteer.said(fold(text))
    if place is None or place.area == state.area:
        return state, None
    return replace(state, area=place.area), place


def area_for(state: ConversationState, home: str | None) -> str | None:
    """The area the answers are for: the person's when outside the deployment's or more precise
    within it (新宿区 in a Tokyo-wide deployment), else the deployment's."""
    if state.area is None or home is None:
        return home
    if elsewhere(state.area, home) or len(state.area) > len(home):
        return state.area
    return home
