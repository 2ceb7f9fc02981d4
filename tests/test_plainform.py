"""`core.plainform`: the rules read every politeness in the plain form they are written in."""

from __future__ import annotations

import pytest

from bot.core.normalize import fold
from bot.core.plainform import for_rules, with_polite_forms, with_progressive_forms


@pytest.mark.parametrize(
    ("text", "plain"),
    [
        ("食べるものがありません", "食べるものがない"),
        ("お金もございません", "お金もない"),
        ("しかありませんでした", "しかなかった"),
        ("眠れません", "眠れない"),
        ("食べていません", "食べていない"),
        ("食べてませんでした", "食べてなかった"),  # colloquial ～てません
        ("できませんでした", "できなかった"),
        # 五段 verbs change their stem before ない (sudachi tells the conjugation): 動き -> 動か, 言い -> 言わ.
        ("母が倒れて動きません", "母が倒れて動かない"),
        ("血が止まりませんでした", "血が止まらなかった"),
        ("どうしたらいいかわかりません", "どうしたらいいかわからない"),
        ("誰にも言いません", "誰にも言わない"),
        ("話しません", "話さない"),
        # 一段, サ変 and カ変 keep theirs.
        ("父が起きません", "父が起きない"),
        ("反応しません", "反応しない"),
        ("来ません", "来ない"),
        # ～ませんか invites or asks: 一緒に死にませんか is "shall we die together", never made "won't die".
        ("一緒に死にませんか", "一緒に死にませんか"),
        ("今日死ねる人いませんか", "今日死ねる人いませんか"),
        ("一緒に死にませんかあいう", "一緒に死にませんかあいう"),  # the か, whatever sudachi makes of what follows
        ("制度はありませんか", "制度はありませんか"),
        ("血が止まりませんでしたか", "血が止まりませんでしたか"),
        # Kansai negatives: あらへん is ない, ～へん after the stem before ない is ～ない; 返事, 変な stay.
        ("寝るとこあらへん", "寝るとこない"),
        ("血止まらへん", "血止まらない"),
        ("帰れへんかった", "帰れなかった"),
        ("でけへんかった", "できなかった"),
        ("へんじがない", "へんじがない"),
        ("変な男", "変な男"),
        ("たいへんです", "たいへんです"),
        # English contractions typed without the apostrophe, as `normalize.spell_out`.
        ("i cant sleep", "i can't sleep"),
        ("しにたい", "しにたい"),
        # 良い is いい, as the rules write it; よい and よろしい only after も, が, ば or ら, where nothing else
        # can be meant (つよい, よいしょ stay)
        ("死んでも良いでしょうか", "死んでもいいでしょうか"),
        ("死んだ方が良い", "死んだ方がいい"),
        ("消えればよい", "消えればいい"),
        ("死んでもよろしいですか", "死んでもいいですか"),
        ("どうしたらよいか", "どうしたらいいか"),
        ("つよい痛み", "つよい痛み"),
        ("よいしょ", "よいしょ"),
    ],
)
def test_polite_negatives_are_read_in_the_plain_form(text: str, plain: str) -> None:
    assert for_rules(fold(text)) == plain


@pytest.mark.parametrize(
    ("phrase", "forms"),
    [
        ("燃えてる", ("燃えてる", "燃えている", "燃えています")),
        ("なにも食べてない", ("なにも食べてない", "なにも食べていない")),
        ("水しか飲んでない", ("水しか飲んでない", "水しか飲んでいない")),
        ("息をしていない", ("息をしていない", "息をしてない")),
        ("しにたい", ("しにたい",)),
    ],
)
def test_a_phrase_in_the_spoken_progressive_stands_for_its_written_forms(phrase: str, forms: tuple[str, ...]) -> None:
    assert with_progressive_forms(phrase) == forms


@pytest.mark.parametrize(
    ("phrase", "forms"),
    [
        ("終わらせる", ("終わらせる", "終わらせます", "終わらせました")),  # a causative ending
        ("死ぬ", ("死ぬ", "死にます", "死にました")),  # 五段: u-row to i-row
        ("消える", ("消える", "消えます", "消えました")),  # 一段
        ("殴られる", ("殴られる", "殴られます", "殴られました")),  # a passive ending
        ("人いる", ("人いる",)),  # not いる/ある: こどもが2人います is no question for a person
        ("しにたい", ("しにたい",)),  # not a verb's dictionary form
    ],
)
def test_a_phrase_ending_in_a_verb_stands_for_its_polite_forms(phrase: str, forms: tuple[str, ...]) -> None:
    assert with_polite_forms(phrase) == forms


def test_a_message_longer_than_sudachi_reads_at_once_is_read_negative_by_negative() -> None:
    # 60,000 bytes before the verb: sudachi refuses more than 49,149 at once, and such a message crashed the core.
    padding = "あいうえお" * 4_000
    text = f"{padding}血が止まりません{padding}一緒に死にませんか{padding}眠れません"
    plain = for_rules(text)
    assert "血が止まらない" in plain and "一緒に死にませんか" in plain and plain.endswith("眠れない")
    assert len(plain) == len(text) - 2  # ません -> ない twice (one letter shorter each); the invitation kept
