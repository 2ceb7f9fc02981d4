"""People see only what helps them: no source remark, caveat for admins, or another place's example.

Walks every text a person can be shown: FAQ questions and answers (as composed with the deployment's
offices), service names and the lines rendered for them at several hours, the bot's own reply texts
(bot/data/replies.yaml) and the handoff replies (handoff_rules.yaml). Source notes belong in
`admin_note`, `source_title` and `hours_status`, never in these.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import cache

import pytest
from sudachipy import dictionary, tokenizer

from bot.config.catalog import texts
from bot.core.knowledge import Knowledge
from bot.core.render import service_line
from bot.core.services import suggestion
from tests.conftest import tokyo

SOURCE_REMARKS = re.compile(
    r"\d{4}年\d{1,2}月の.{0,12}(記事|報道|情報)|記事では|報道では|出典|未確認|二次情報|要(再)?確認|"
    r"ページに書かれて|の例）|の例\)|の例では|（[^（）]{0,15}の場合）|と思われ|変わっている可能性"
)
# The deployment's own area and the country are fine to name; every other place is someone else's.
ALLOWED_PLACES = {
    "日本",
    "全国",
    "東京都",
    "東京",
    "都内",
    "渋谷区",
    "渋谷",
    "TOKYO",
    "tokyo",
    "中部",
}  # 中部: part of 東京都立中部総合精神保健福祉センター's name, not a place elsewhere
MOMENTS = ("2026-12-02 10:00", "2026-12-02 20:00", "2026-12-03 03:00", "2026-12-05 12:00", "2026-12-31 23:00")


@cache
def _tokenizer() -> tokenizer.Tokenizer:
    return dictionary.Dictionary(dict="core").tokenizer()


def places(text: str) -> set[str]:
    """Place names in a text; a country before 語 (or ご) is a language (タイ語, にほんご), not a place."""
    morphemes = list(_tokenizer().tokenize(text, tokenizer.Tokenizer.SplitMode.C))
    following = [m.surface() for m in morphemes[1:]] + [""]
    return {
        m.surface()
        for m, after in zip(morphemes, following, strict=True)
        if m.part_of_speech()[2] == "地名" and not after.startswith(("語", "ご"))
    }


def person_facing(knowledge: Knowledge) -> Iterator[tuple[str, str]]:
    for entry in knowledge.entries:
        yield f"faq {entry.id} question", entry.question
        yield f"faq {entry.id} answer", entry.answer
    for service in knowledge.services:
        yield f"service {service.id} name", service.name
        for moment in MOMENTS:
            at = tokyo(moment)
            yield f"service {service.id} at {moment}", service_line(suggestion(service, at), at, knowledge.texts)
    for key, value in texts().entries.items():
        if not key.startswith("worker_"):
            yield f"replies.yaml {key}", value
    for rule in knowledge.rules.rules:
        yield f"handoff_rules.yaml {rule.id}", rule.reply


def allowed_places(knowledge: Knowledge) -> set[str]:
    area_names = {area.name for area in knowledge.areas}
    return ALLOWED_PLACES | area_names | set(_towns())


def _towns() -> list[str]:
    from ruamel.yaml import YAML

    from tests.conftest import ROOT

    for path in sorted((ROOT / "services").glob("*.yaml")):
        data = YAML(typ="safe").load(path.read_text(encoding="utf-8"))
        if isinstance(data, dict) and isinstance(data.get("area"), dict):
            return [str(town) for town in data["area"].get("towns", [])]
    return []


def test_no_source_remarks_shown_to_people(knowledge: Knowledge) -> None:
    found = [
        (where, match.group(0)) for where, text in person_facing(knowledge) if (match := SOURCE_REMARKS.search(text))
    ]
    assert not found, "\n".join(f"{where}: 「{remark}」" for where, remark in found)


def test_no_other_place_is_named_to_people(knowledge: Knowledge) -> None:
    allowed = allowed_places(knowledge)
    found = [(where, sorted(names)) for where, text in person_facing(knowledge) if (names := places(text) - allowed)]
    assert not found, "\n".join(f"{where}: {names}" for where, names in found)


@pytest.mark.parametrize(
    ("text", "flagged"),
    [
        ("伊豆の国市の例では、原則として14日以内です。", True),
        ("受付時間は未確認です（区役所の開庁時間内と思われます）。", True),
        ("（法テラスのページに書かれている時間です）", True),
        ("2022年1月の民間の記事では、10時から", True),
        ("相談は無料です。", False),
    ],
)
def test_the_source_remark_pattern(text: str, flagged: bool) -> None:
    assert bool(SOURCE_REMARKS.search(text)) is flagged


def test_the_place_finder() -> None:
    assert places("伊豆の国市の例では") == {"伊豆の国市"}
    assert places("神奈川県の場合、町村は県の窓口") >= {"神奈川県"}
    assert not places("お住まいの市区町村の福祉事務所")
    assert not places("英語・タイ語・フィリピン語で相談できます")
    assert not places("「つながるひろがる にほんごでのくらし」")
