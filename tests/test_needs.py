"""Which of a conversation's needs come first (`needs.in_order`): table-driven."""

from __future__ import annotations

import pytest

from bot.core.knowledge import Knowledge
from bot.core.needs import in_order, need_words_said
from bot.core.normalize import fold

CATEGORY_ORDER = {name: name for name in ("crisis", "mental_health", "child", "money", "elderly", "general")}


@pytest.mark.parametrize(
    ("needs", "people", "expected"),
    [
        ({"elderly", "mental_health"}, frozenset(), ("mental_health", "elderly")),
        # a mother with dementia who is anxious: first the older person's need
        ({"elderly", "mental_health"}, frozenset({"older_people"}), ("elderly", "mental_health")),
        ({"money", "child"}, frozenset({"children"}), ("child", "money")),
        # a crisis stays first whoever it is about
        ({"crisis", "elderly"}, frozenset({"older_people"}), ("crisis", "elderly")),
        # a group whose need was not named changes nothing
        ({"money", "mental_health"}, frozenset({"older_people"}), ("mental_health", "money")),
        # 30代の息子: a son told by age as grown brings no children's need (a 子ども食堂 was offered first)
        ({"child", "money"}, frozenset({"adults"}), ("money",)),
        ({"child", "elderly"}, frozenset({"adults", "older_people"}), ("elderly",)),
        ({"child", "money"}, frozenset({"adults", "children"}), ("child", "money")),  # a child in it too
    ],
)
def test_needs_in_order_the_groups_own_need_first(
    needs: set[str], people: frozenset[str], expected: tuple[str, ...]
) -> None:
    assert in_order(frozenset(needs), CATEGORY_ORDER, people) == expected


@pytest.mark.parametrize(
    ("needs", "said", "expected"),
    [
        # the need the message says most comes first: debts named twice before a move and a bill
        ({"money", "elderly", "child"}, {"elderly": (2, 2), "money": (1, 1)}, ("elderly", "money", "child")),
        ({"money", "child"}, {}, ("child", "money")),  # nothing counted: the data's order
        ({"crisis", "money"}, {"money": (3, 3)}, ("crisis", "money")),  # a crisis stays first
        # words that say what come before words that only name who (小学生の子供, then 認知症)
        ({"child", "elderly"}, {"child": (0, 2), "elderly": (1, 1)}, ("elderly", "child")),
        ({"child", "elderly"}, {"child": (1, 2), "elderly": (1, 1)}, ("child", "elderly")),
    ],
)
def test_the_need_said_most_comes_first(
    needs: set[str], said: dict[str, tuple[int, int]], expected: tuple[str, ...]
) -> None:
    assert in_order(frozenset(needs), CATEGORY_ORDER, frozenset(), said) == expected


@pytest.mark.parametrize(
    ("said", "expected"),
    [
        ({"child": (0, 2), "elderly": (1, 1)}, ("elderly", "child")),  # about a mother, in a family with a child
        ({"child": (2, 3), "elderly": (1, 1)}, ("child", "elderly")),  # about the child (不登校, 育児)
        ({}, ("child", "elderly")),  # nothing counted: the data's order, not the groups' names
    ],
)
def test_two_groups_come_in_the_order_the_message_says_them(
    said: dict[str, tuple[int, int]], expected: tuple[str, ...]
) -> None:
    people = frozenset({"children", "older_people"})
    assert in_order(frozenset({"child", "elderly"}), CATEGORY_ORDER, people, said) == expected


def test_need_words_are_counted_once_each(knowledge: Knowledge) -> None:
    said = need_words_said(knowledge.rules, fold("引っ越しでお金がかかり、消費者金融の返済も残っている。返済がきつい"))
    assert said["debt_legal"] == 2 and said["housing"] == 1


@pytest.mark.parametrize(
    ("text", "housing"),
    [
        ("大阪に住む母が認知症かもしれない", False),  # where someone lives is no housing need (it made a second need)
        ("住むところがない", True),
        ("ネカフェ生活もう限界。住むとこ探してる", True),
        ("今の家に住めなくなる", True),
    ],
)
def test_living_somewhere_is_no_housing_need(knowledge: Knowledge, text: str, housing: bool) -> None:
    assert (need_words_said(knowledge.rules, fold(text))["housing"] > 0) is housing


@pytest.mark.parametrize(
    ("text", "employment"),
    [
        ("残業代が支払われなくなりました", True),  # (first-contact set 53 dev: the welfare office's places)
        ("時間外労働は月120時間ほど。休日手当の支払いはなく", True),  # (set 56 dev)
        ("給料日まであと9日。残り681円", False),  # a household's budget, not a trouble at work (risk set 28 dev)
    ],
)
def test_wages_and_hours_are_work_but_a_pay_day_is_not(knowledge: Knowledge, text: str, employment: bool) -> None:
    assert (need_words_said(knowledge.rules, fold(text))["employment"] > 0) is employment
