import pytest

from bot.core.normalize import (
    drop_readings,
    fold,
    fold_marked,
    has_kanji,
    is_mostly_latin,
    katakana_words,
    normalize,
    spell_out,
)


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("死にたい", "死にたい"),
        ("シニタイ", "しにたい"),
        ("ｼﾆﾀｲ", "しにたい"),
        ("し に た い", "しにたい"),
        ("しにたいいいいい", "しにたい"),
        ("しにたぃ", "しにたい"),
        ("タヒにたい", "死にたい"),
        ("タヒりたい", "死りたい"),  # タヒる, the verb made of it
        ("したひるね", "したひるね"),  # たひ before る (した昼寝) is no タヒる
        ("ＨＥＬＬＯ　ワールド！", "helloわーるど"),
        ("生活保護、どこ？？？", "生活保護どこ"),
        ("I want  to die...", "i want to die"),
        ("help me, he hits me!", "help me he hits me"),
        ("i just od'd", "i just od'd"),
        ("I don’t want to live", "i don't want to live"),  # the curly apostrophe of phone keyboards
        ("can‘t, canʼt", "can't can't"),
        # punctuation with no space between English words still parts them ("tonightat" met no rule) ...
        ("find out where I sleep tonight....at a shelter", "find out where i sleep tonight at a shelter"),
        ("yes,no!why", "yes no why"),
        # ... but one full stop or hyphen joins, as before
        ("e-mail at 9 a.m.", "email at 9 am"),
        ("ＯＤ した", "odした"),
        ("💊💊💊 ぜんぶ", "💊ぜんぶ"),
        ("🔪\ufe0f", "🔪"),
        ("つらーーーい", "つらーい"),
        # a wish or a negative drawn out as it is said: たい and ない as written; 他愛 and 場合 keep their あ
        ("死にたーい", "死にたい"),
        ("しにたぁぁい", "しにたい"),
        ("消えたーーい", "消えたい"),
        ("生きていたくなーい", "生きていたくない"),
        ("しにた〜い", "しにたい"),
        ("たあいない", "たあいない"),
        ("ばあいによる", "ばあいによる"),
        ("ターイ", "たーい"),  # katakana: a word, not a stretch
        # digits are amounts and numbers, never a stretched letter: the trigger a worker reads says 5000
        ("所持金が5000円しかない", "所持金が5000円しかない"),
        ("#8000", "8000"),
        ("63,000 yen", "63000 yen"),  # a thousands comma joins the number
        ("1,2,3", "1 2 3"),
        # the small ヶ and ヵ of counters are か (1歳5ヶ月 folded to an untypable 1歳5ゖ月)
        ("1歳5ヶ月の男児", "1歳5か月の男児"),
        ("3ヵ月", "3か月"),
    ],
)
def test_fold(text: str, folded: str) -> None:
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("text", "marked"),
    [
        ("火事で家が焼けた！子どもが取り残されてる", "火事で家が焼けた。子どもが取り残されてる"),
        ("もう無理\n死にたい？", "もう無理。死にたい"),  # none at the end
        ("つらい。。。 しにたい", "つらい。しにたい"),  # a run of ends is one
        ("死にたい…たすけて", "死にたいたすけて"),  # trailing off ends nothing
        ("I want to die. Please help!", "i want to die please help"),  # English keeps its word gaps
        ("a.m. 3時", "am 3時"),
        ("死に\x03たい。助けて", "死にたい。助けて"),  # the fold's own sentinel, typed, splits nothing
        ("「負担してほしい。」と迫られた", "負担してほしいと迫られた"),  # an end inside quotation marks
    ],
)
def test_fold_marked_keeps_each_sentence_end(text: str, marked: str) -> None:
    assert fold_marked(text) == marked
    assert fold_marked(text).replace("。", "") == fold(text)  # else the same fold


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("家(いえ)を追(お)い出(だ)された", "家を追い出された"),
        ("保証人（ほしょうにん）がいない", "保証人がいない"),  # full-width brackets too
        ("ひとり親（ひとりおや）", "ひとり親"),
        ("相談（無料）", "相談（無料）"),  # kanji in the brackets: not a reading
        ("(あ)いうえお", "(あ)いうえお"),  # no kanji before it
    ],
)
def test_readings_after_kanji_are_dropped(text: str, plain: str) -> None:
    assert drop_readings(text) == plain


def test_the_matched_text_has_no_readings() -> None:
    assert normalize("部屋（へや）を借（か）りたい").display == "部屋を借りたい"


def test_normalize_keeps_the_original() -> None:
    result = normalize("  ｼﾆﾀｲ  ")
    assert result.original == "  ｼﾆﾀｲ  "
    assert result.display == "シニタイ"
    assert result.folded == "しにたい"


@pytest.mark.parametrize("text", ["", "   ", "。。。", "\n\t"])
def test_empty_after_folding(text: str) -> None:
    assert normalize(text).is_empty


def test_emoji_only_is_not_empty() -> None:
    assert not normalize("😭😭😭").is_empty


def test_long_text_folds() -> None:
    assert len(fold("あ" * 10_000)) == 1  # one stretched letter
    assert len(fold("あい" * 5_000)) == 10_000


@pytest.mark.parametrize(("text", "latin"), [("I want to die", True), ("生活保護 help", False), ("123", False)])
def test_is_mostly_latin(text: str, latin: bool) -> None:
    assert is_mostly_latin(text) is latin


@pytest.mark.parametrize(
    ("text", "kanji"),
    [
        ("元気？", True),
        ("せいかつほご", False),
        ("ネカフェ", False),
        ("ビザ 更新", True),
        ("I lost my job", False),
        ("", False),
    ],
)
def test_has_kanji(text: str, kanji: bool) -> None:
    assert has_kanji(text) is kanji


@pytest.mark.parametrize(
    ("folded", "spelt"),
    [
        ("im homeless", "i'm homeless"),
        ("i dont want to live", "i don't want to live"),
        ("cant sleep", "can't sleep"),
        ("im scared hes going to hurt me", "i'm scared he's going to hurt me"),
        ("i dont wanna be here anymore", "i don't want to be here anymore"),  # spoken forms too
        ("hes gonna hurt me", "he's going to hurt me"),
        ("i'm fine", "i'm fine"),  # already written out
        ("impossible him", "impossible him"),  # only whole words
        ("i feel ill its hell", "i feel ill its hell"),  # words, not contractions
        ("しにたい", "しにたい"),
    ],
)
def test_contractions_typed_without_the_apostrophe_are_spelt_out(folded: str, spelt: str) -> None:
    assert spell_out(folded) == spelt


@pytest.mark.parametrize(
    ("display", "words"),
    [
        ("抵抗したためナイフで", ("ないふ",)),
        ("ｵｸｽﾘとロープ", ("ろーぷ",)),  # half width is read after NFKC (`normalize`), not here
        ("オクスリとロープとオクスリ", ("おくすり", "ろーぷ")),
        ("リスカした、ネ", ("りすか",)),  # one letter is no word
        ("わけがないケガ", ()),  # its letters stand elsewhere in the text: left out
        ("ひらがなだけ", ()),
    ],
)
def test_katakana_words(display: str, words: tuple[str, ...]) -> None:
    assert katakana_words(display, fold(display)) == words


def test_normalize_keeps_the_katakana_words() -> None:
    assert normalize("ｵｸｽﾘを飲んだ").katakana == ("おくすり",)
