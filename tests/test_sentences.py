"""A message cut into sentences and a long sentence into clauses (`sentences`): table-driven."""

from __future__ import annotations

import pytest

from bot.core.sentences import CLAUSE_SENTENCE, clauses, is_question, one_latin_sentence, sentences, split_sentences


@pytest.mark.parametrize(
    ("text", "parts"),
    [
        ("借金がある。家賃も払えない。", ["借金がある", "家賃も払えない"]),
        ("借金があって、家賃も払えなくて、ご飯も食べてない", ["借金があって", "家賃も払えなくて", "ご飯も食べてない"]),
        ("障害年金", ["障害年金"]),
        ("はい", []),
        (
            "She can't pay her rent. I never had to look into it.",
            ["She can't pay her rent", "I never had to look into it"],
        ),
        ("It costs 3.5 man yen a month", ["It costs 3.5 man yen a month"]),
        # a short capitalised word or a letter before a full stop is an abbreviation, not an end
        (
            "My son in a Jr. high school is bullied. Mr. Sato, his teacher, did nothing. Help me.",
            ["My son in a Jr. high school is bullied", "Mr. Sato, his teacher, did nothing", "Help me"],
        ),
        # a question keeps its mark: the sentence that asks is answered first
        ("父が死にました。どうすればいいですか?", ["父が死にました", "どうすればいいですか？"]),
        ("借金がある！！家賃はどうする？？", ["借金がある", "家賃はどうする？"]),
        ("Where do I go?? I lost my job.", ["Where do I go？", "I lost my job"]),
    ],
)
def test_sentences(text: str, parts: list[str]) -> None:
    assert sentences(text) == parts


LONG = "店が閉まることになって急に仕事がなくなってしまい、貯金もどんどん少なくなってきていて、来月の家賃が払えるかどうかわからなくて不安です"


@pytest.mark.parametrize(
    ("units", "parts"),
    [
        # a long sentence is also read at its 、, clauses under 8 letters left out
        (
            [LONG],
            [
                "店が閉まることになって急に仕事がなくなってしまい",
                "貯金もどんどん少なくなってきていて",
                "来月の家賃が払えるかどうかわからなくて不安です",
            ],
        ),
        (["借金がある、家賃も払えない"], []),  # short sentences are read whole already
        # a space between Japanese letters is a pause as 、 is (set 41 dev), not one between English words
        (
            [
                "1年や2年のモラトリアムは 本人次第で人生を有意義に豊かにできるものだと信じたいですが このまま引き籠りになってしまう事を恐れています"
            ],
            [
                "1年や2年のモラトリアムは",
                "本人次第で人生を有意義に豊かにできるものだと信じたいですが",
                "このまま引き籠りになってしまう事を恐れています",
            ],
        ),
        (["I lost my job, my rent is due, my savings are gone and I do not know where to turn now"], []),
    ],
)
def test_clauses(units: list[str], parts: list[str]) -> None:
    assert all(len(unit) > CLAUSE_SENTENCE for unit in units if unit.startswith(("店", "I")))
    assert clauses(units) == parts


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("大阪にいます。母が病気です", ["大阪にいます", "母が病気です"]),
        ("I live in Osaka. My mother is ill", ["I live in Osaka", "My mother is ill"]),
        ("大阪に住む母が病気です", ["大阪に住む母が病気です"]),
    ],
)
def test_split_sentences_keeps_every_piece_as_written(text: str, pieces: list[str]) -> None:
    assert [piece for piece in split_sentences(text) if piece] == pieces


@pytest.mark.parametrize(
    ("unit", "asks"),
    [("どうすればいいですか？", True), ("申請できますか", True), ("大丈夫かな", True), ("家賃が払えない", False)],
)
def test_a_question_ends_with_its_mark_or_ending(unit: str, asks: bool) -> None:
    assert is_question(unit) is asks


@pytest.mark.parametrize(
    ("text", "one"),
    [
        ("I heard the old card cannot be used anymore, what do I show at the clinic?", True),
        ("I lost my job. Can I get unemployment benefits?", False),
        ("仕事をなくして、家賃が払えません", False),  # Japanese run-ons are read clause by clause
        ("I can't pay rent, what do I do", True),
    ],
)
def test_one_latin_sentence_has_no_end_inside_and_no_japanese(text: str, one: bool) -> None:
    assert one_latin_sentence(text) is one
