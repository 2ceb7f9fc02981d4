"""Everything the core needs to answer, loaded at the edge (`config.knowledge_store`)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from functools import cached_property

from bot.core.easy import EASY, easy_entry
from bot.core.english import LanguageMarks, english_entry, english_service
from bot.core.faq import FaqEntry, anywhere_entry
from bot.core.languages import Language
from bot.core.matcher import Matcher
from bot.core.people import Group
from bot.core.rules import RuleSet, with_replies
from bot.core.services import Area, PlaceIndex, Service, place_index
from bot.core.texts import Texts
from bot.core.whereabouts import Gazetteer, elsewhere


@dataclass(frozen=True)
class Knowledge:
    entries: tuple[FaqEntry, ...]
    matcher: Matcher
    rules: RuleSet
    services: tuple[Service, ...]
    areas: tuple[Area, ...]
    # The bot's own words and vocabulary, and where it is deployed, read once at the edge
    # (config.knowledge_store) so the core never opens a file or reads the environment.
    texts: Texts
    texts_en: Texts
    categories: dict[str, str]
    smalltalk: dict[str, tuple[str, ...]]
    answers: dict[str, tuple[str, ...]]
    intents: dict[str, tuple[str, ...]]
    default_area: str | None
    language: str = "ja"  # the language of `texts` ("easy": やさしい日本語, the rules' replies stay Japanese)
    matcher_en: Matcher | None = None  # over the English fields of the entries (`core.english`)
    categories_en: dict[str, str] = field(default_factory=dict)
    people: tuple[Group, ...] = ()  # who a need can be about (children, older people)
    languages: tuple[Language, ...] = ()  # of people who do not write Japanese (core.languages)
    texts_easy: Texts | None = None  # the reply texts in やさしい日本語 (None: the ordinary ones)
    feelings: dict[str, frozenset[str]] = field(default_factory=dict)  # fear / worry alone (risk.only_feelings)
    aspects: frozenset[str] = frozenset()  # words that ask about a 制度, not what it is (core.followup)
    gazetteer: Gazetteer | None = None  # places people say they live in (core.whereabouts)

    def for_area(self, area: str | None) -> Knowledge:
        """The knowledge for someone living in `area` (`whereabouts.area_for`): its default area is theirs,
        so the places and numbers shown are those that serve it, and outside the deployment's area the
        answers name no office of the deployment's own. One view per area, made once."""
        if area is None or area == self.default_area:
            return self
        if area not in self._area_views:
            outside = elsewhere(area, self.default_area)
            entries = tuple(map(anywhere_entry, self.entries)) if outside else self.entries
            self._area_views[area] = replace(self, default_area=area, entries=entries)
        return self._area_views[area]

    @cached_property
    def _area_views(self) -> dict[str, Knowledge]:
        return {}

    def in_easy(self) -> Knowledge:
        """The same knowledge in やさしい日本語 where written: FAQ answers and reply texts. Matching stays
        the Japanese one (the question is Japanese); handoff rules keep their complete replies."""
        return self._easy

    def in_english(self) -> Knowledge:
        """The same knowledge speaking English where translated: reply texts, rule replies, FAQ entries
        (matched on their English fields), topic labels, and services named "English (日本語)" with their
        English hours notes."""
        return self._english

    # Each view is built once per loaded knowledge, not per message: with 2,000 entries, rebuilding
    # them doubled the median triage time for every message written in English or with words apart.
    @cached_property
    def _easy(self) -> Knowledge:
        return replace(
            self, texts=self.texts_easy or self.texts, language=EASY, entries=tuple(map(easy_entry, self.entries))
        )

    @cached_property
    def _english(self) -> Knowledge:
        rules = replace(
            self.rules,
            rules=tuple(
                with_replies(rule, rule.reply_en or rule.reply, rule.reply_answered_en) for rule in self.rules.rules
            ),
        )
        keys = ("speaks_english", "writes_english", "interpreted_english")
        marks = LanguageMarks(*(self.texts_en.entries.get(key, "") for key in keys))
        return replace(
            self,
            texts=self.texts_en,
            rules=rules,
            language="en",
            entries=tuple(english_entry(entry) for entry in self.entries),
            matcher=self.matcher_en or self.matcher,
            services=tuple(english_service(service, marks) for service in self.services),
            categories={key: self.categories_en.get(key, label) for key, label in self.categories.items()},
        )

    def entry(self, entry_id: str) -> FaqEntry | None:
        return self._entries_by_id.get(entry_id)

    @cached_property
    def _entries_by_id(self) -> dict[str, FaqEntry]:
        return {entry.id: entry for entry in self.entries}

    @cached_property
    def places(self) -> PlaceIndex:
        """The directory by the places answers name (`services.named_places`)."""
        return place_index(self.services)

    def service(self, service_id: str) -> Service | None:
        return next((service for service in self.services if service.id == service_id), None)
