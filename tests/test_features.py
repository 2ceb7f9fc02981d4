"""How FAQ texts are read for matching: a question's reading is kept across loads, by how it is read."""

from dataclasses import replace

from bot.core.faq import FaqEntry, Synonym
from bot.core.features import grams, kept_features
from bot.core.matcher import Matcher


def _entry(entry_id: str, question: str, alternates: tuple[str, ...] = ()) -> FaqEntry:
    return FaqEntry(entry_id, "money", question, alternates, "答え", (), "https://example.org", None)


def test_grams_are_letter_pairs_and_each_kanji() -> None:
    assert grams("生保") == ["生保", "生", "保"]
    assert grams("あ") == ["あ"] and grams("") == []


def _kept_misses() -> int:
    return kept_features.cache_info().misses


def test_a_reload_reads_only_the_texts_that_changed() -> None:
    """A question's features are kept across loads: after one edited alternate, only it is read again."""
    entries = [_entry("a", "生活保護を申請したい", ("生保 どこ",)), _entry("b", "家賃が払えない", ("やちん むり",))]
    Matcher(entries, [Synonym("生活保護", ("生保",))])
    before = _kept_misses()
    edited = [entries[0], replace(entries[1], alternates=("家賃 払えない 助けて",))]
    rebuilt = Matcher(edited, [Synonym("生活保護", ("生保",))])  # a new table, equal by value
    assert _kept_misses() - before == 1
    assert rebuilt.rank("家賃 払えない 助けて")[0].entry.id == "b"


def test_other_synonyms_read_every_text_again() -> None:
    """A changed synonym changes what a question means: nothing kept under the old table is used."""
    entries = [_entry("a", "生保の申請をしたい", ()), _entry("b", "家賃が払えない", ())]
    Matcher(entries, [Synonym("生活保護", ("生保",))])
    before = _kept_misses()
    without = Matcher(entries, [])
    assert _kept_misses() - before == 2
    assert "生活保護" not in without.features("生保の申請をしたい").folded
