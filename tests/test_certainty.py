"""How sure a ranking is: the answer-or-offer decision, row by row."""

from __future__ import annotations

import pytest

from bot.core.certainty import decide, lead, worded
from bot.core.knowledge import Knowledge
from bot.core.matcher import Candidate
from tests.conftest import candidate


@pytest.mark.parametrize(
    ("ranked", "answered", "related", "asked_which"),
    [
        # a clear lead: the answer alone
        ([("seikatsu-hogo-where", 120.0), ("dis-shougai-nenkin-what", 80.0)], "seikatsu-hogo-where", [], False),
        # close, one 制度: answer the best, offer its siblings as buttons
        (
            [("seikatsu-hogo-right", 141.0), ("seikatsu-hogo-where", 138.0), ("seikatsu-hogo-what", 137.0)],
            "seikatsu-hogo-right",
            ["seikatsu-hogo-where", "seikatsu-hogo-what"],
            False,
        ),
        # close, different categories whose places serve each other's need: one topic (rent help)
        (
            [("jukyo-kakuho-what", 96.9), ("kunren-to-yachin", 94.2), ("yachin-haraenai", 75.8)],
            "jukyo-kakuho-what",
            ["kunren-to-yachin", "yachin-haraenai"],
            False,
        ),
        # close, different topics: which one? (障害年金's places serve money, 生活保護's not disability)
        ([("seikatsu-hogo-where", 100.0), ("dis-shougai-nenkin-what", 99.0)], None, [], True),
        # not confident, other topics: which one?
        ([("seikatsu-hogo-where", 70.0), ("dis-shougai-nenkin-what", 62.0)], None, [], True),
        # not confident, but all worth offering are one topic: answer the best, offer the rest
        (
            [("iso-hikikomori-8050", 70.8), ("iso-hikikomori-center", 65.0), ("vio-keisatsu-soudan-9110", 43.8)],
            "iso-hikikomori-8050",
            ["iso-hikikomori-center"],
            False,
        ),
        # ... and one of another topic a fifth behind is not a close choice: still answered
        (
            [("iso-hikikomori-8050", 74.6), ("iso-hikikomori-center", 68.1), ("ijime-soudan", 58.0)],
            "iso-hikikomori-8050",
            ["iso-hikikomori-center"],
            False,
        ),
        # ... one within a fifth is: which one?
        ([("iso-hikikomori-8050", 74.6), ("iso-hikikomori-center", 68.1), ("ijime-soudan", 62.0)], None, [], True),
        # ... below 60 too, from 45, when the close ones are all its topic (and offered beside it)
        (
            [("iso-hikikomori-8050", 58.0), ("iso-hikikomori-center", 56.0)],
            "iso-hikikomori-8050",
            ["iso-hikikomori-center"],
            False,
        ),
        (
            [("iso-hikikomori-8050", 48.0), ("iso-hikikomori-center", 40.0)],
            "iso-hikikomori-8050",
            ["iso-hikikomori-center"],
            False,
        ),
        # ... but not with another topic close by, nor under 45
        ([("iso-hikikomori-8050", 58.0), ("iso-hikikomori-center", 56.0), ("ijime-soudan", 50.0)], None, [], True),
        ([("iso-hikikomori-8050", 44.0), ("iso-hikikomori-center", 42.0)], None, [], False),
        # not confident but a clear leader (20% ahead, from 60): answered
        ([("yachin-haraenai", 73.5), ("jukyo-kakuho-what", 46.9)], "yachin-haraenai", [], False),
        ([("yachin-haraenai", 61.0), ("jukyo-kakuho-what", 48.0)], "yachin-haraenai", [], False),
        # a clear lead below 60 is still only offered: as "is it this?", a menu of one asks nothing
        ([("yachin-haraenai", 58.0), ("jukyo-kakuho-what", 30.0)], None, [], False),
        # nothing near: the fallback
        ([("seikatsu-hogo-where", 30.0)], None, [], False),
    ],
)
def test_answer_or_offer(
    knowledge: Knowledge, ranked: list[tuple[str, float]], answered: str | None, related: list[str], asked_which: bool
) -> None:
    decision = decide([candidate(knowledge, entry_id, score) for entry_id, score in ranked])
    assert (decision.answer.entry.id if decision.answer else None) == answered
    assert [c.entry.id for c in decision.related] == related
    assert (decision.answer is None and len(decision.offered) > 1) is asked_which


@pytest.mark.parametrize(
    ("ranked", "maybe"),
    [
        # under 55 but far ahead (30%, from 45): "is it this?"
        ([("eld-chiiki-houkatsu", 52.0), ("mishikyu-nenkin", 32.0)], "eld-chiiki-houkatsu"),
        ([("eld-chiiki-houkatsu", 45.0)], "eld-chiiki-houkatsu"),
        # one worth offering (from 55) is asked about alone, however close the next
        ([("yachin-haraenai", 58.0), ("dis-shougai-nenkin-what", 50.0)], "yachin-haraenai"),
        # not far enough ahead, or too weak: nothing offered
        ([("eld-chiiki-houkatsu", 52.0), ("mishikyu-nenkin", 40.0)], None),
        ([("eld-chiiki-houkatsu", 44.0)], None),
        ([], None),
    ],
)
def test_one_far_ahead_is_offered_as_is_it_this(
    knowledge: Knowledge, ranked: list[tuple[str, float]], maybe: str | None
) -> None:
    decision = decide([candidate(knowledge, entry_id, score) for entry_id, score in ranked])
    assert decision.answer is None
    assert (decision.maybe.entry.id if decision.maybe else None) == maybe


@pytest.mark.parametrize(
    ("ranked", "why"),
    [
        ([("seikatsu-hogo-where", 80.0), ("yachin-haraenai", 60.0)], "score 80.0 >= 75 and a lead of 25%"),
        ([("yachin-haraenai", 61.0), ("jukyo-kakuho-what", 48.0)], "a clear leader: score 61.0 >= 60, lead 21%"),
        ([("iso-hikikomori-8050", 48.0), ("iso-hikikomori-center", 40.0)], "score 48.0: the close candidates are one"),
        ([("iso-hikikomori-8050", 58.0), ("iso-hikikomori-center", 56.0), ("ijime-soudan", 50.0)], "choices: best"),
        ([("eld-chiiki-houkatsu", 52.0), ("mishikyu-nenkin", 32.0)], "is it this? eld-chiiki-houkatsu: score 52.0"),
        ([("seikatsu-hogo-where", 30.0)], "fallback: best score 30.0 < 55"),
        ([], "no candidate shares a word with the message"),
    ],
)
def test_the_decision_says_which_rule_decided(knowledge: Knowledge, ranked: list[tuple[str, float]], why: str) -> None:
    decision = decide([candidate(knowledge, entry_id, score) for entry_id, score in ranked])
    assert decision.why.startswith(why), decision.why


@pytest.mark.parametrize(
    ("scores", "expected"),
    [([80.0], 1.0), ([80.0, 60.0], 0.25), ([80.0, 80.0], 0.0), ([0.0, 0.0], 1.0)],
)
def test_lead_is_the_share_of_the_best_score_ahead_of_the_next(
    knowledge: Knowledge, scores: list[float], expected: float
) -> None:
    assert lead([candidate(knowledge, "seikatsu-hogo-where", score) for score in scores]) == pytest.approx(expected)


def test_a_sibling_close_behind_does_not_hide_a_topic_far_ahead(knowledge: Knowledge) -> None:
    # ひきこもりの相談先 at 54 and 8050 at 41: the topic is 37% ahead of the next topic, so "is it this?".
    ranked = [("iso-hikikomori-center", 54.0), ("iso-hikikomori-8050", 41.0), ("seikatsu-hogo-bring", 34.0)]
    decision = decide([candidate(knowledge, entry_id, score) for entry_id, score in ranked])
    assert decision.answer is None
    assert decision.maybe is not None and decision.maybe.entry.id == "iso-hikikomori-center"


@pytest.mark.parametrize(
    ("text", "fields", "is_worded"),
    [
        ("元気？", {"words": 0.0, "reading": 1.06, "chars": 0.46}, False),  # sounds and letters only
        ("1960年5月生まれ", {"words": 0.0, "reading": 0.64, "chars": 0.46}, False),
        ("年金だけでは生活できない", {"words": 0.66, "reading": 0.42}, True),
        ("しょうがいねんきんのしんせい", {"words": 0.0, "reading": 1.1}, True),  # kana: judged on its sounds
        ("ビザ きれる", {"words": 0.0, "chars": 0.8}, True),
        ("I lost my job", {}, True),  # the English matcher has no words field
    ],
)
def test_a_kanji_text_must_share_a_word_with_its_best(
    knowledge: Knowledge, text: str, fields: dict[str, float], is_worded: bool
) -> None:
    entry = knowledge.entry("jidou-teate-15nichi")
    assert entry is not None
    found = Candidate(entry=entry, score=66.0, matched_text=entry.question, ratio=0.3, fields=fields)
    assert worded(text, found) is is_worded
