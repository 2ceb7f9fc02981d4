"""Where the person says they live, and what changes when it is outside the deployment's area (渋谷区)."""

from __future__ import annotations

import pytest

from bot.config.catalog import gazetteer
from bot.core.knowledge import Knowledge
from bot.core.model import ConversationState, Message, Urgency
from bot.core.normalize import fold
from bot.core.pipeline import respond
from bot.core.whereabouts import area_for, elsewhere, moved, without_places
from tests.conftest import tokyo

# (message, the area read, or None when the message does not say where the person lives)
SAID = [
    ("大阪に住んでいます。生活保護を受けたい", "jp-27"),
    ("横浜市在住です", "jp-14"),
    ("札幌で一人暮らしをしています", "jp-01"),
    ("新宿区民です", "jp-13104"),
    ("東京都新宿区に住んでいます", "jp-13104"),  # the most precise place said in the same breath
    ("大阪市北区に住んでいます", "jp-27"),  # its 北区 is not Tokyo's
    ("おおさかにすんでる", "jp-27"),
    ("オオサカニスンデル", "jp-27"),  # in katakana
    ("住所は福岡です", "jp-40"),
    ("I live in Osaka and lost my job", "jp-27"),
    ("渋谷に住んでる", "jp-13113"),
    ("東京に住んでます", "jp-13"),
    ("北区に住んでる", "jp-13117"),
    ("横浜に住む母が心配です", "jp-14"),  # the person the need is about lives there (FAMILY below)
    ("今は渋谷にいます", "jp-13113"),  # where they are now
    ("大阪にいる母が心配", "jp-27"),
    ("大阪の友達の家に住んでいる", None),  # a place, but not where they live
    ("大阪のネットカフェで暮らしています", "jp-27"),  # a venue in the place (README check, 2026-12-05)
    ("横浜の実家にいます", "jp-14"),
    ("大阪の公園で寝泊まりしてる", "jp-27"),
    ("大阪で寝泊まりしてた", None),  # before, not now
    ("大阪の駅で友達と会った", None),  # a venue, but no staying
    ("大阪から来ました", None),
    ("大阪に住んでいたけど今は家がない", None),  # before, not now
    ("大阪で暮らしてた", None),
    ("大阪に住みたい", None),
    ("中央に住んでる", None),  # Tokyo's 中央 counts only as 中央区
    ("生活保護を申請したい", None),
    # many wards in a row: read at once (an ambiguous pattern once held such a message for minutes)
    ("大阪" + "あ区" * 40 + "住", None),
    ("大阪" + "あ区" * 40 + "に住んでる", "jp-27"),
]


# (message, the area read, whether it is a family member's) for places said of someone else, or
# after a stop (the folded text has none: 大阪にいます。母が… must not read as 大阪にいます母)
FAMILY = [
    ("横浜に住む母が心配です", "jp-14", True),
    ("大阪にいる母が心配", "jp-27", True),
    ("大阪在住の父が入院した", "jp-27", True),
    ("札幌で一人暮らししている父が倒れた", "jp-01", True),
    ("大阪に住んでいるお母さんが認知症かも", "jp-27", True),
    ("大阪の実家の母が最近物忘れがひどい", "jp-27", True),
    ("My mom lives in Osaka and has dementia", "jp-27", True),
    ("my parents live in sapporo", "jp-01", True),
    ("大阪にいます。母が病気です", "jp-27", False),
    ("大阪に住んでる。父が倒れた", "jp-27", False),
    ("I live in Osaka. My mother is ill", "jp-27", False),
    ("横浜に住む母がいますが、今は大阪に住んでいます", "jp-27", False),  # the last place said wins
    ("he lives in osaka", None, False),  # someone, not family: nothing said of the person's own place
    ("大阪の実家に帰りたい", None, False),  # a home, but no one said to live there now
]


@pytest.mark.parametrize(("text", "area"), SAID)
def test_the_place_a_person_says_they_live_in(text: str, area: str | None) -> None:
    said = gazetteer().said(fold(text))
    assert (said.place.area if said else None) == area
    # the message as typed: only one with a word of living somewhere is folded and read
    state, new = moved(ConversationState(), text, gazetteer())
    assert state.area == area and (new.place.area if new else None) == area


@pytest.mark.parametrize(("text", "area", "family"), FAMILY)
def test_a_place_said_of_a_family_member_is_theirs(text: str, area: str | None, family: bool) -> None:
    state, new = moved(ConversationState(), text, gazetteer())
    assert state.area == area and (new.place.area if new else None) == area
    assert state.area_of_family is family and (new.family if new else False) is family


# (the person's area, the deployment's, outside it?, the area answers are for)
AREAS = [
    ("jp-27", "jp-13113", True, "jp-27"),
    ("jp-13104", "jp-13113", True, "jp-13104"),  # another ward of the same city
    ("jp-13", "jp-13113", False, "jp-13113"),  # Tokyo holds 渋谷区: the deployment's stays
    ("jp-13113", "jp-13113", False, "jp-13113"),
    ("jp-13104", "jp-13", False, "jp-13104"),  # a Tokyo-wide deployment: the person's ward is more precise
    (None, "jp-13113", False, "jp-13113"),
    ("jp-27", None, False, None),  # a deployment with no area serves everyone
]


@pytest.mark.parametrize(("area", "home", "outside", "answered_for"), AREAS)
def test_outside_the_deployment_and_the_area_answered_for(
    area: str | None, home: str | None, outside: bool, answered_for: str | None
) -> None:
    assert elsewhere(area, home) is outside
    assert area_for(ConversationState(area=area), home) == answered_for


def _ask(knowledge: Knowledge, *texts: str, at: str = "2026-12-02 14:30") -> tuple[str, list[str]]:
    state, outcome = ConversationState(greeted=True), None
    for text in texts:
        outcome = respond(Message(text=text, at=tokyo(at)), state, knowledge)
        state = outcome.state
    assert outcome is not None
    return "\n".join(reply.text for reply in outcome.replies), [s.service_id for s in outcome.services]


def _local(knowledge: Knowledge) -> set[str]:
    return {service.id for service in knowledge.services if "jp-13113" in service.service_areas}


# (message, as the FAQ is asked it: the places someone is said to live in left out, nothing else)
UNSAID = [
    ("大阪に住む母が認知症かもしれない", " 母が認知症かもしれない"),
    ("大阪府大阪市北区に住んでいます。家賃が払えない", " 。家賃が払えない"),  # 府, 市 and 区 with it, and 住んでいます
    ("大阪在住の父が倒れた", " 父が倒れた"),
    ("大阪のネットカフェで暮らしています", " のネットカフェで暮らしています"),  # the venue is the need: kept
    ("大阪で一人暮らしをしています", " で一人暮らしをしています"),  # living alone says more than where: kept
    ("My mom lives in Osaka and has dementia", "My mom   and has dementia"),
    ("I live in Osaka", "I  "),
    ("大阪から来ました。生活保護を受けたい", "大阪から来ました。生活保護を受けたい"),  # no one said to live there
    ("大阪の友達の家に住んでいる", "大阪の友達の家に住んでいる"),
    ("生活保護を申請したいです", "生活保護を申請したいです"),
]


@pytest.mark.parametrize(("text", "asked"), UNSAID)
def test_the_faq_is_asked_without_the_places_someone_lives_in(text: str, asked: str) -> None:
    assert without_places(text, gazetteer()) == asked
    assert without_places(text, None) == text


@pytest.mark.parametrize(
    ("text", "told"),
    [
        ("大阪に住んでいます", "大阪府にお住まいとのことなので"),
        ("横浜市在住です", "横浜市にお住まいとのことなので"),
        ("I live in Osaka", "You live in Osaka"),
    ],
)
def test_a_place_alone_is_told_and_asked_what_about(knowledge: Knowledge, text: str, told: str) -> None:
    # 「大阪に住んでいます」 alone met the entry on moving abroad (住む)
    outcome = respond(Message(text=text, at=tokyo("2026-12-02 14:00")), ConversationState(greeted=True), knowledge)
    assert outcome.faq_id is None and outcome.handoff is None and outcome.text.startswith(told)
    assert any(choice.data.startswith("topic:") for reply in outcome.replies for choice in reply.choices)


def test_a_place_and_a_question_get_the_answer_not_the_place(knowledge: Knowledge) -> None:
    # 住んでいます once met the entry on a house of one's own (持ち家に住んでいます)
    outcome = respond(
        Message(text="大阪に住んでいます。生活保護を受けたい", at=tokyo("2026-12-02 14:00")),
        ConversationState(),
        knowledge,
    )
    assert outcome.faq_id != "seikatsu-hogo-own-house" and "生活保護" in outcome.text


def test_a_place_said_of_a_parent_leaves_the_question_answered(knowledge: Knowledge) -> None:
    # 大阪, a word no entry holds, once weighed as much as 認知症: a menu beside the entry on 発達障害
    outcome = respond(
        Message(text="大阪に住む母が認知症かもしれない", at=tokyo("2026-12-02 14:00")), ConversationState(), knowledge
    )
    assert outcome.faq_id == "eld-chiiki-houkatsu" and outcome.answered


def test_someone_in_osaka_is_not_sent_to_the_deployments_office(knowledge: Knowledge) -> None:
    here, _ = _ask(knowledge, "生活保護を申請したいです")
    text, services = _ask(knowledge, "大阪に住んでいます。生活保護を申請したいです")
    assert "渋谷区" in here and "渋谷区" not in text
    assert "お住まいの市区町村の福祉事務所" in text and text.startswith("大阪府にお住まいとのことなので")
    assert not set(services) & _local(knowledge)


def test_someone_elsewhere_with_no_place_for_their_need_gets_no_loosely_related_lines(knowledge: Knowledge) -> None:
    # The directory has no housing office for Osaka: debt lines that also list "money" once filled the gap.
    _, services = _ask(knowledge, "大阪在住でネットカフェで寝泊まりしています")
    assert services and not {"houterasu-support-dial", "shohisha-hotline-188"} & set(services), services


def test_a_family_members_place_is_told_as_theirs_and_names_no_local_office(knowledge: Knowledge) -> None:
    text, services = _ask(knowledge, "大阪の実家の母が最近物忘れがひどい")
    here, local = _ask(knowledge, "実家の母が最近物忘れがひどい")
    assert text.startswith("ご家族が大阪府にお住まいとのことなので") and "渋谷区" not in text
    assert "渋谷区" in here and set(local) & _local(knowledge) and not set(services) & _local(knowledge)
    english, _ = _ask(knowledge, "My mom lives in Osaka and has dementia. Where can she get help?")
    assert english.startswith("Your family member lives in Osaka") and "Shibuya" not in english


def test_the_place_holds_for_the_rest_of_the_conversation(knowledge: Knowledge) -> None:
    text, services = _ask(knowledge, "大阪に住んでいます", "家賃が払えません")
    assert "渋谷区" not in text and not set(services) & _local(knowledge)
    assert "お住まいとのことなので" not in text  # told once, when it was said


def test_being_here_now_brings_the_deployments_places_back(knowledge: Knowledge) -> None:
    _, away = _ask(knowledge, "大阪に住んでいます", "家賃が払えません")
    _, back = _ask(knowledge, "大阪に住んでいます", "今は渋谷にいます", "家賃が払えません")
    assert not set(away) & _local(knowledge) and set(back) & _local(knowledge)


def test_another_tokyo_ward_keeps_tokyos_lines_but_not_the_wards_own(knowledge: Knowledge) -> None:
    tokyo_wide = {service.id for service in knowledge.services if "jp-13" in service.service_areas}
    story = "ネットカフェで寝泊まりしています。家を探したい"
    _, here = _ask(knowledge, story)
    text, services = _ask(knowledge, f"新宿区に住んでいます。{story}")
    assert set(here) & _local(knowledge) and set(here) & tokyo_wide
    assert not set(services) & _local(knowledge) and set(services) & tokyo_wide
    assert "渋谷区" not in text


def test_in_english_the_office_where_they_live_is_named_in_english(knowledge: Knowledge) -> None:
    text, services = _ask(knowledge, "I live in Osaka. How do I apply for public assistance?")
    assert text.startswith("You live in Osaka") and "Shibuya" not in text
    assert "welfare office (福祉事務所) of the city, ward, town or village where you live" in text
    assert not set(services) & _local(knowledge)


def test_a_handoff_lists_only_lines_that_serve_the_person(knowledge: Knowledge) -> None:
    at_home = respond(
        Message(text="80歳の母がヘルパーに叩かれている", at=tokyo("2026-12-02 14:30")), ConversationState(), knowledge
    )
    assert at_home.handoff is not None and set(s.service_id for s in at_home.services) & _local(knowledge)
    state = ConversationState(greeted=True, area="jp-27")
    away = respond(Message(text="80歳の母がヘルパーに叩かれている", at=tokyo("2026-12-02 14:30")), state, knowledge)
    assert away.handoff is not None and away.handoff.rule_id == at_home.handoff.rule_id
    assert away.services and not set(s.service_id for s in away.services) & _local(knowledge)


def test_a_person_at_risk_gets_the_crisis_reply_first_and_national_lines(knowledge: Knowledge) -> None:
    outcome = respond(
        Message(text="大阪に住んでいます。もう死にたい。今から飛び降りる", at=tokyo("2026-12-02 02:30")),
        ConversationState(greeted=True),
        knowledge,
    )
    assert outcome.handoff is not None and outcome.handoff.urgency is Urgency.EMERGENCY
    assert "お住まいとのことなので" not in outcome.replies[0].text
    assert outcome.services and not {s.service_id for s in outcome.services} & _local(knowledge)
    assert any(s.open_now for s in outcome.services)  # a line that answers tonight


def test_with_no_place_listed_for_the_need_its_office_is_named_in_words_true_everywhere(knowledge: Knowledge) -> None:
    # The directory lists no office for older people in Chiba: the story once named no office at all.
    story = (
        "千葉に住む母(81)のことで相談します。物忘れがひどく、通帳や印鑑をどこにしまったか忘れ、始終探し回るのです。"
        "共稼ぎの息子夫婦と同居していますが、日中は1人。友人と会うことも滅多にありません。"
    )
    text, _ = _ask(knowledge, story)
    assert "高齢・介護のことは、お住まいの市区町村の高齢者の窓口や地域包括支援センターに相談できます。" in text
    assert "渋谷区" not in text
    # in the deployment's own area its listed places say it, not this line
    here, services = _ask(knowledge, story.replace("千葉に住む", ""))
    assert "高齢・介護のことは" not in here and services
