"""Concept vocabularies: one dictionary-form entry stands for every inflection and script."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core.concepts import (
    Concept,
    ConceptPattern,
    Hit,
    Views,
    compile_concept,
    find_hits,
    match,
    parse_pattern,
    views,
)
from bot.core.forms import expand
from bot.core.normalize import fold, katakana_words


@pytest.mark.parametrize(
    ("entry", "typed"),
    [
        ("疲れる", ["疲れた", "つかれた", "疲れてしまった", "つかれてる"]),
        ("殴る@passive", ["殴られた", "なぐられた", "殴られる"]),
        ("死ぬ@want", ["死にたい", "しにたい", "死にたくない", "しにたかった"]),
        ("楽になる@want", ["楽になりたかった", "らくになりたい"]),
        ("突き飛ばす", ["突き飛ばした", "つきとばして", "突き飛ばされ"]),
        ("居場所", ["居場所", "いばしょ"]),
        ("つらい", ["つらい", "つらかった", "つらくて"]),
        ("ロープ", ["ロープ", "ろーぷ"]),
        ("パパ", ["パパ", "ぱぱ"]),
        ("like hell", ["like hell"]),
        ("バット", ["バットで殴られた", "ばっと"]),
        # a negative whose stem is the same before て, in the progressive too (食事をもらえていない)
        ("もらえない", ["もらえない", "もらえていない", "もらえてない"]),
        ("作ってくれない", ["作ってくれていない", "つくってくれてない"]),
    ],
)
def test_an_entry_meets_what_people_type(entry: str, typed: list[str]) -> None:
    concept = compile_concept("c", (entry,))
    for text in typed:
        assert concept.pattern.search(fold(text)), (entry, text, expand(entry))


@pytest.mark.parametrize(
    ("entry", "not_typed"),
    [
        ("蹴る@passive!", ["受けられる", "うけられる"]),  # written only: けられ is inside うけられ
        ("吊る!", ["魚を釣った", "つった"]),
        ("錠", ["たんじょうび"]),  # one kanji read aloud is inside too many words
        ("死ぬ", ["しんぱい"]),  # two kana (しん) mean nothing on their own
        ("like hell", ["hello"]),
        # English is not read in katakana: "but" is no バット, "the knife" no ナイフ
        ("バット", ["I am tired but ok"]),
        ("ナイフ", ["the knife in the kitchen drawer"]),
        ("しょうがない!", ["保険証がない"]),  # written only: read aloud, ほけんしょうがない
        # a sound inside a word written in kanji is no word: 医師に対応 (いしにたいおう), 診断 (しんだん)
        ("死ぬ@want", ["医師に対応してもらった", "歯科医師に対して"]),
        ("死ぬ", ["診断書をもらった", "寝台車"]),
        ("給食!", ["休職しています"]),  # 給食 and 休職 are both きゅうしょく
        # ... nor does one end inside such a word that inflects: 首は痛い (くびはいたい) held 吐いた's はいた
        ("吐いた", ["肩は痛いし首は痛いし", "目は痛い"]),
    ],
)
def test_an_entry_does_not_meet_lookalikes(entry: str, not_typed: list[str]) -> None:
    concept = compile_concept("c", (entry,))
    for text in not_typed:
        written_and_read = views(fold(text))
        assert not find_hits((concept,), written_and_read), (entry, text)


@pytest.mark.parametrize(
    ("entry", "text"),
    [
        ("首つり", "首吊りしかない"),  # a kanji word read whole meets a form read aloud
        ("死ぬ", "もうしんだほうがまし"),  # kana is read as typed
        ("飛び降りる", "とびおりたい"),
        ("歯が痛い", "歯が痛くて眠れない"),  # a form in kanji meets its inflected word as written
        ("吐いた", "さっきはいた"),
    ],
)
def test_the_reading_view_meets_words_read_whole(entry: str, text: str) -> None:
    assert find_hits((compile_concept("c", (entry,)),), views(fold(text))), (entry, text)


@pytest.mark.parametrize(
    ("entry", "text", "found"),
    [
        ("貯める", "抵抗したためナイフで刺された", False),  # ため + ナイフ: no ためない reaches into the knife
        ("ナイフ", "抵抗したためナイフで刺された", True),
        ("くすり", "手元にあるオクスリを飲んだ", True),  # inside a katakana word: お + くすり
        ("ネットカフェ", "今夜はインターネットカフェに泊まる", True),
        ("リスカする", "昨日リスカした", True),  # a katakana word held whole
        ("震える", "インフルエンザで休んだ", True),  # inside: the rules' windows judge it, as before
        ("けがない", "わけがないケガをした", True),  # ケガ's letters stand in わけが too: nothing is shielded
    ],
)
def test_a_form_does_not_reach_into_a_katakana_word(entry: str, text: str, found: bool) -> None:
    hits = find_hits((compile_concept("c", (entry,)),), views(fold(text), katakana_words(text, fold(text))))
    assert bool(hits) is found, (entry, text, hits)


@pytest.mark.parametrize(
    ("source", "parsed"),
    [
        ("a", ConceptPattern("a", ("a",))),
        ("a + b", ConceptPattern("a + b", ("a", "b"))),
        ("a + b /20", ConceptPattern("a + b /20", ("a", "b"), 20)),
        ("a + b /20 - c - d", ConceptPattern("a + b /20 - c - d", ("a", "b"), 20, ("c", "d"))),
    ],
)
def test_pattern_syntax(source: str, parsed: ConceptPattern) -> None:
    assert parse_pattern(source) == parsed


@pytest.mark.parametrize("source", ["", "a + b /x", " - c"])
def test_pattern_syntax_errors_say_what_is_wrong(source: str) -> None:
    assert isinstance(parse_pattern(source), str)


LIVING, TIRED, FICTION = (
    compile_concept("living", ("生きる",)),
    compile_concept("tired", ("疲れる",)),
    compile_concept("fiction", ("映画",)),
)


@pytest.mark.parametrize(
    ("text", "fires"),
    [
        ("生きるのに疲れた", True),
        ("いきるのつかれた", True),
        ("疲れた、もう生きていたくない", True),
        ("仕事で疲れた。明日も頑張って生きる", False),  # farther apart than the window
        ("映画の主人公が生きるのに疲れた", False),  # fiction in the span
        ("疲れた", False),
    ],
)
def test_a_pattern_needs_every_concept_within_its_window_and_none_of_its_exceptions(text: str, fires: bool) -> None:
    pattern = parse_pattern("living + tired /8 - fiction")
    assert isinstance(pattern, ConceptPattern)
    hits = find_hits((LIVING, TIRED, FICTION), views(fold(text)))
    assert (match(pattern, hits) is not None) is fires, text


def _every_hit(concepts: tuple[Concept, ...], seen: Views) -> tuple[Hit, ...]:
    """The hits with every pattern run (no passing over by heads), as the reference."""
    scale = len(seen.written) / len(seen.reading) if seen.reading else 1.0
    hits = []
    for concept in concepts:
        hits += [Hit(concept.name, 0, m.start(), m.group(0)) for m in concept.pattern.finditer(seen.written)]
        hits += [
            Hit(concept.name, 1, round(m.start() * scale), m.group(0))
            for m in concept.read_pattern.finditer(seen.reading)
            if m.start() not in seen.no_start and m.end() not in seen.no_end
        ]
    return tuple(hits)


SOME = (LIVING, TIRED, FICTION, compile_concept("hit", ("殴る@passive",)), compile_concept("die", ("死ぬ@want", "die")))
LETTERS = "".join(
    sorted({letter for concept in SOME for form in concept.heads | concept.read_heads for letter in form})
)


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=LETTERS + "のにたいよ。 ", max_size=40))
def test_passing_over_a_concept_by_its_heads_loses_no_hit(text: str) -> None:
    seen = views(fold(text))
    assert find_hits(SOME, seen) == _every_hit(SOME, seen)


@pytest.mark.parametrize(
    ("hits", "fires"),
    [
        # the sign read aloud (ふたん), the exception only as written (費用額 is one word read aloud): held back
        ((Hit("burden", 1, 10, "ふたん"), Hit("cost", 0, 5, "費用")), False),
        ((Hit("burden", 0, 10, "負担"), Hit("cost", 1, 5, "ひよう")), False),
        ((Hit("burden", 1, 10, "ふたん"),), True),
        # an exception far away in either view does not hold it back
        ((Hit("burden", 1, 40, "ふたん"), Hit("cost", 0, 5, "費用")), True),
    ],
)
def test_an_exception_counts_in_either_view(hits: tuple[Hit, ...], fires: bool) -> None:
    pattern = parse_pattern("burden - cost")
    assert isinstance(pattern, ConceptPattern)
    assert (match(pattern, hits) is not None) is fires
