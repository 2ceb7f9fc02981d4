"""The forms a vocabulary entry stands for (`forms.expand`): table-driven."""

from __future__ import annotations

import re

import pytest

from bot.core.forms import expand

# (entry, forms it must give, forms it must not give)
FORMS = [
    ("殴る@passive", {"殴られ", "なぐられ"}, {"殴る"}),  # the passive only
    ("死ぬ@want", {"死にた", "しにた"}, set()),
    ("疲れる", {"疲れ", "つかれ", "疲れた"}, set()),
    ("つらい", {"つらい", "つらく", "つらかっ"}, set()),
    ("もらえない", {"もらえない", "もらえていない", "もらえてない"}, set()),  # the same stem before て
    ("帰らない", {"帰らない"}, {"帰らていない"}),  # a 五段 stem changes before て: no progressive made up
    ("吊る!", {"吊"}, {"つ", "つる"}),  # written only: its reading has homophones (釣る)
    ("錠", {"錠"}, {"じょう"}),  # one kanji read aloud is inside too many words
    ("ロープ", {"ろーぷ"}, set()),
    ("like hell", {"like hell"}, set()),  # English as written
]


@pytest.mark.parametrize(("entry", "wanted", "unwanted"), FORMS)
def test_an_entry_stands_for_the_forms_people_type(entry: str, wanted: set[str], unwanted: set[str]) -> None:
    forms = expand(entry)
    for form in wanted:
        assert any(found.startswith(form) for found in forms), (entry, form, forms)
    assert not set(forms) & unwanted, (entry, forms)


def test_no_form_is_two_kana_alone() -> None:
    # しん (死ぬ read aloud, cut to its stem) is inside しんぱい and too many other words
    short_kana = [form for form in expand("死ぬ") if len(form) < 3 and re.fullmatch("[ぁ-ゟ]+", form)]
    assert not short_kana
