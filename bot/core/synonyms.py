"""Abbreviations and variant spellings rewritten to one canonical form before matching (生保 → 生活保護,
shut in → hikikomori).

Pure, like the rest of the core.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from bot.core.faq import Synonym
from bot.core.normalize import fold


class SynonymTable:
    """Rewrites abbreviations and variant spellings to one canonical form (longest first).

    `whole_words` is for English: a variant is found only as whole words ("fired" never inside
    "misfired", "dv" never inside "advice"), also with an "s" after it (recluses, vacates), and a space
    or apostrophe in it may be left out, as people do (shut in, shutin; didn't, didnt); folding has
    already dropped hyphens (shut-in → shutin). All variants are rewritten in one pass, so a canonical
    form is never rewritten again."""

    def __init__(self, synonyms: Iterable[Synonym], whole_words: bool = False):
        pairs: list[tuple[str, str]] = []
        for synonym in synonyms:
            canonical = fold(synonym.canonical)
            pairs.extend((fold(variant), canonical) for variant in synonym.variants if fold(variant))
        # Ties in length go by spelling, so the order never depends on the hash seed of the set.
        self._pairs = sorted(set(pairs), key=lambda pair: (-len(pair[0]), pair))
        self._whole = whole_words
        # The table by value, as one string (compared at memory speed, its hash kept): two loads of one
        # synonyms file read every text alike.
        self.key = repr((self._pairs, whole_words))
        # A whole-word match is looked up without its gaps (`faq_files` refuses one variant under two forms).
        self._by_key = {spelling_key(variant): canonical for variant, canonical in self._pairs} if whole_words else {}
        # One pass tells whether any variant occurs at all; most texts have none.
        variants = [variant for variant, _ in self._pairs]
        self._any = re.compile(_alternatives(variants, whole_words)) if variants else None

    def canonical(self, folded: str) -> str:
        if self._any is None or not self._any.search(folded):
            return folded
        if self._whole:
            return self._any.sub(lambda found: self._by_key[spelling_key(found.group(1))], folded)
        for variant, canonical in self._pairs:
            if variant in folded and canonical not in folded:
                folded = folded.replace(variant, canonical)
        return folded


_GAP = re.compile(r"[ ']+")


def spelling_key(variant: str) -> str:
    """A folded whole-word variant without its spaces and apostrophes: what the table finds it by, so two
    variants with one key are one spelling (shut in, shutin)."""
    return _GAP.sub("", variant)


def _alternatives(variants: list[str], whole_words: bool) -> str:
    """One pattern for all the variants, longest first; a whole-word variant (group 1) is bounded by
    non-letters, may have an "s" after it, and each space or apostrophe in it may be there or not."""
    if not whole_words:
        return "|".join(map(re.escape, variants))
    spelled = ("[ ']?".join(map(re.escape, _GAP.split(variant))) for variant in variants)
    return rf"(?<![a-z0-9])({'|'.join(spelled)})s?(?![a-z0-9])"
