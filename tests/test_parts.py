"""A long message answered in parts (`bot.core.parts`): the short answers and their places."""

from __future__ import annotations

import pytest

from bot.core.knowledge import Knowledge
from bot.core.parts import places_of, short
from tests.conftest import candidate


@pytest.mark.parametrize(
    ("entry_ids", "places"),
    [
        # The first place of each answer first, then the others, each once.
        (["seikatsu-hogo-where", "nenkin-shibou-ichijikin"], ("seikatsu-hogo", "nenkin", "jiritsu-soudan")),
        (["jidou-teate-what", "youikuhi-harawanai"], ("kodomo-katei", "houterasu-support-dial")),
        # One answer without places of its own: the places of all the needs, as before places existed.
        (["jidou-teate-what", "eld-kaigo-soudan"], None),
        # An answer that names no place adds none.
        (["shoubyou-teatekin", "hellowork-what"], ("hellowork",)),
    ],
)
def test_a_storys_answers_bring_their_places(
    knowledge: Knowledge, entry_ids: list[str], places: tuple[str, ...] | None
) -> None:
    answers = [candidate(knowledge, entry_id) for entry_id in entry_ids]
    assert places_of(answers) == places


@pytest.mark.parametrize(
    ("answer_text", "expected"),
    [
        ("一行目です。\n二行目です。", "一行目です。"),
        # a first line that opens a list keeps the list's names (alone it named no 手帳 at all)
        (
            "障害者手帳には3つの種類があります。\n・身体障害者手帳：体。\n・療育手帳：知的。\n・精神障害者保健福祉手帳：心。\nどれも",
            "障害者手帳には3つの種類があります（身体障害者手帳、療育手帳、精神障害者保健福祉手帳）。",
        ),
        # a list whose items are not all "name：what" is left out, as before
        ("次のどれかです。\n・任意継続：2年まで。\n・ほかの方法", "次のどれかです。"),
    ],
)
def test_a_short_answer_is_its_first_line_with_the_names_it_lists(answer_text: str, expected: str) -> None:
    assert short(answer_text) == expected
