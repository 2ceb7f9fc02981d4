"""The handoff rules, table-driven from tests/data/risk_phrases.yaml (written apart from the rules)."""

from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from ruamel.yaml import YAML

from bot.config.knowledge_store import load_knowledge
from bot.config.rules_file import load_rules
from bot.core.concepts import ConceptPattern, parse_pattern
from bot.core.knowledge import Knowledge
from bot.core.model import ConversationState, Message, Outcome, Urgency
from bot.core.needs import detect_needs
from bot.core.normalize import fold
from bot.core.pipeline import respond
from bot.core.plainform import for_rules, with_polite_forms, with_progressive_forms
from bot.core.rules import RuleSet, prepare
from bot.core.wordtrie import says
from tests.conftest import DATA, tokyo

PHRASES = YAML(typ="safe").load((DATA / "risk_phrases.yaml").read_text(encoding="utf-8"))
RULE_IDS = [key for key, value in PHRASES.items() if isinstance(value, dict)]
NIGHT = tokyo("2026-11-25 03:00")


def _tables(kind: str) -> list[tuple[str, list[str]]]:
    """One row per rule, with all its texts of that kind: a test per rule that lists every text it gets
    wrong (3,000 one-text tests spent more time in pytest's bookkeeping than in the rules)."""
    return [(rule_id, texts) for rule_id in RULE_IDS if (texts := PHRASES[rule_id].get(kind) or [])]


def _decide(knowledge: Knowledge, text: str):  # type: ignore[no-untyped-def]
    return respond(Message(text=text, at=NIGHT), ConversationState(), knowledge)


def _fired(outcome: Outcome) -> tuple[str, ...]:
    """The rules a reply was handed off under (the winner first), or none."""
    return (outcome.handoff.rule_id, *outcome.handoff.also_fired) if outcome.handoff else ()


@pytest.mark.parametrize(("rule_id", "texts"), _tables("positives"))
def test_positive_hands_off_under_its_rule(knowledge: Knowledge, rule_id: str, texts: list[str]) -> None:
    fired = {text: _fired(_decide(knowledge, text)) for text in texts}
    assert {text: rules for text, rules in fired.items() if rule_id not in rules} == {}


@pytest.mark.parametrize(("rule_id", "texts"), _tables("emergency"))
def test_means_plan_and_time_make_it_an_emergency(knowledge: Knowledge, rule_id: str, texts: list[str]) -> None:
    handoffs = {text: _decide(knowledge, text).handoff for text in texts}
    wrong = {
        text: handoff
        for text, handoff in handoffs.items()
        if handoff is None
        or handoff.urgency is not Urgency.EMERGENCY
        or rule_id not in (handoff.rule_id, *handoff.also_fired)
    }
    assert wrong == {}


@pytest.mark.parametrize(("rule_id", "texts"), _tables("lookalikes"))
def test_lookalike_does_not_hand_off(knowledge: Knowledge, rule_id: str, texts: list[str]) -> None:
    fired = {text: _fired(_decide(knowledge, text)) for text in texts}
    assert {text: rules for text, rules in fired.items() if rules} == {}


@pytest.mark.parametrize(("rule_id", "texts"), _tables("lookalikes"))
def test_a_wish_to_die_said_inside_a_lookalike_is_still_read(
    knowledge: Knowledge, rule_id: str, texts: list[str]
) -> None:
    # A lookalike pattern hides only itself: its span never covers a `never_hidden` phrase (「正座してたら、
    # 死にたい、足がしびれた」 once lost the wish to die with the leg asleep).
    def with_wish(text: str) -> str:
        wish = ", I want to die, " if text.isascii() else "、死にたい、"
        return text[: len(text) // 2] + wish + text[len(text) // 2 :]

    assert [text for text in map(with_wish, texts) if _decide(knowledge, text).handoff is None] == []


@pytest.mark.parametrize(
    "text",
    [
        "ニュースを見て私も死にたくなった",  # the news pattern once hid 死にたく (2026-12-04 night)
        "芸能人の自殺のニュースを見て私も死にたくなった",
        "映画を見てから消えたくてたまらない",  # 消えたく is a phrase, not only the concept (whose 映画 exception hid it)
        "the news of the singer's suicide made me want to die too",
    ],
)
def test_a_wish_to_die_in_any_form_is_never_hidden(knowledge: Knowledge, text: str) -> None:
    outcome = _decide(knowledge, text)
    assert outcome.handoff is not None and outcome.handoff.rule_id == "suicide", text


def _said_in_a_sentence(stem: str) -> str:
    return stem + "た" if stem.endswith("っ") else stem + "て" if stem.endswith("たく") else stem


def _never_hidden_beside_each_exception() -> list[tuple[str, str]]:
    """Every never-hidden wish with each concept some pattern names as its exception (`- not_person`),
    the exception's first word of the wish's script standing right beside it. Read from the YAML as
    written (no compiling at collection: every test process collects this)."""
    data = YAML(typ="safe").load((Path(__file__).resolve().parent.parent / "handoff_rules.yaml").read_text("utf-8"))
    sources = [
        source for rule in data["rules"] for key in ("concepts", "emergency_concepts") for source in rule.get(key) or []
    ]
    named = {name for source in sources if isinstance(p := parse_pattern(source), ConceptPattern) for name in p.unless}
    cases = []
    written = (for_rules(fold(str(word))) for word in data["never_hidden"])
    wishes = (
        form
        for word in written
        for progressive in with_progressive_forms(word)
        for form in with_polite_forms(progressive)
    )
    for wish in dict.fromkeys(wishes):  # as the load reads the list (`rules_file._folded_list`)
        for name in sorted(named):
            words = [
                str(w).split("@")[0].rstrip("!") for w in data["concepts"][name] if str(w).isascii() == wish.isascii()
            ]
            if words:
                said = _said_in_a_sentence(wish)
                cases.append((name, f"the {words[0]} and i {said}" if wish.isascii() else f"{words[0]}を見て{said}"))
    return cases


@pytest.mark.parametrize(("exception", "text"), _never_hidden_beside_each_exception())
def test_no_concept_exception_hides_a_never_hidden_wish(knowledge: Knowledge, exception: str, text: str) -> None:
    outcome = _decide(knowledge, text)
    assert outcome.handoff is not None and outcome.handoff.rule_id == "suicide", (exception, text)


@pytest.mark.parametrize("text", PHRASES["plain_questions"])
def test_plain_question_does_not_hand_off(knowledge: Knowledge, text: str) -> None:
    assert _decide(knowledge, text).handoff is None


@pytest.mark.parametrize("messages", PHRASES["complex_needs_examples"])
def test_several_needs_in_one_conversation_hand_off(knowledge: Knowledge, messages: list[str]) -> None:
    state, decisions = ConversationState(), []
    for text in messages:
        outcome = respond(Message(text=text, at=NIGHT), state, knowledge)
        state = outcome.state
        decisions.append(outcome.handoff)
    assert any(decision is not None for decision in decisions), messages


def test_every_rule_has_regression_phrases(knowledge: Knowledge) -> None:
    phrase_rules = {rule.id for rule in knowledge.rules.rules if not rule.counter}
    assert phrase_rules <= set(RULE_IDS)


@pytest.mark.parametrize("text", ["死にたい", "今から飛び降りる", "夫に殴られてる", "寝る場所がない", "人と話したい"])
@pytest.mark.parametrize("hour", range(0, 24, 3))
def test_every_handoff_reply_has_a_number_open_at_that_hour(knowledge: Knowledge, text: str, hour: int) -> None:
    for day in ("2026-11-23", "2026-11-25", "2026-12-31"):  # a holiday, a weekday, 年末
        at = tokyo(f"{day} {hour:02d}:30")
        outcome = respond(Message(text=text, at=at), ConversationState(), knowledge)
        open_numbers = [s for s in outcome.services if s.open_now and s.phone]
        assert open_numbers, (text, at)
        assert all(s.phone in outcome.text for s in open_numbers)
        assert not any(s.open_now is False for s in outcome.services)  # a closed line is never offered


def test_negation_never_cancels_a_risk(knowledge: Knowledge) -> None:
    for text in ("死にたくない", "死にたいわけじゃない", "自殺なんてしないけど"):
        assert _decide(knowledge, text).handoff is not None, text


def test_lookalike_hides_only_itself(knowledge: Knowledge) -> None:
    outcome = _decide(knowledge, "死ぬほど眠い。でも本当は死にたい")
    assert outcome.handoff is not None and outcome.handoff.rule_id == "suicide"


def test_most_urgent_rule_wins_and_others_are_kept(knowledge: Knowledge) -> None:
    outcome = _decide(knowledge, "寝る場所がない。薬を大量に飲んだ")
    assert outcome.handoff is not None
    assert outcome.handoff.rule_id == "overdose" and "no_shelter_tonight" in outcome.handoff.also_fired


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        # an older person named: their abuse is not 189's
        ("母が介護施設で虐待されているかもしれません。母は認知症です", "elder_abuse"),
        ("80歳の母が兄に殴られている", "elder_abuse"),
        # a care home or a worn-out carer names an older parent (QA, 2026-12-04: both once went to 189)
        ("施設で母が虐待されている", "elder_abuse"),
        # ... with the parent first (probe, 2026-12-06, ninth round: 「親が施設で虐待されている」 went to 189)
        ("親が施設で虐待されている", "elder_abuse"),
        ("父が施設でご飯をもらえていない", "elder_abuse"),
        ("介護に疲れて親を殺してしまいそう", "elder_abuse"),
        # violence the other way in caring: a parent with dementia who rampages or hits (QA, 2026-12-05: 189)
        ("認知症の父が暴れる", "elder_abuse"),
        ("父が認知症で夜中に暴れる", "elder_abuse"),  # the illness after the parent (tenth round: violence at home's)
        ("認知症の母に叩かれる、介護がつらい", "elder_abuse"),
        ("my father with dementia is violent", "elder_abuse"),  # (QA, 2026-12-05: no handoff)
        # a pupil hit by a grandparent is a child at risk (QA, 2026-12-05: DV's reply)
        ("小5です。おばあちゃんにたたかれる", "child_abuse"),
        # no older person named: the same words are a child's or a partner's
        ("母が父に殴られてる", "child_abuse"),
        ("虐待されてる", "child_abuse"),
        ("おばあちゃんに虐待されてる 中学生", "child_abuse"),
        # a child and an older person named: the child's rule answers (not_for: [children])
        ("中学生です。おばあちゃんも一緒に住んでるけど、母が父に殴られてる", "child_abuse"),
        # burnt by someone else is abuse, not self-harm (probe, 2026-12-06: self-harm's reply to a child)
        ("母にタバコを押し付けられる", "child_abuse"),
        ("夫にタバコを押し付けられた", "violence_dv"),
        ("腕にタバコを押し付けた", "self_harm"),
        # sex forced for money is sexual violence's, not selling sex to survive (no_food_money's survival_sex)
        ("売春させられている", "sexual_violence"),
        # a parent near killing a child gets the reply that speaks to the parent, not a victim's (violence_dv's)
        ("I want to kill my son", "parent_near_harm"),
        ("子どもを殺してしまいそう", "parent_near_harm"),
        # a wish or a fear to kill another adult: the reply that speaks to the one who fears what they may do
        # (violence at home's told them "it is not your fault"; 上司を殺したい met it too: probe, tenth round)
        ("夫を殺したい", "urge_to_harm"),
        ("上司を殺したい", "urge_to_harm"),
        # one's own parent as the one who may be killed: not the reply to an abused child or a victim
        ("母を殺してしまうかもしれない", "urge_to_harm"),
        # ... but a partner who says it to the writer is violence at home
        ("夫に殺したいと言われた", "violence_dv"),
        # a blow from a boss is an assault at work (110), not violence at home's reply (tenth round)
        ("上司に殴られた", "danger_now"),
        # a partner's abuse of the writer is violence at home; a partner's abuse of a child is still 189's (set 44 dev)
        ("夫からの虐待がつらい", "violence_dv"),
        # a lender's threat is the police's, not violence at home (eleventh round)
        ("闇金に脅されている", "danger_now"),
        ("夫の暴力・虐待に耐えかねて子どもを連れて実家へ帰りました", "violence_dv"),
        ("夫の子どもへの虐待が心配", "child_abuse"),
        ("母の彼氏の虐待", "child_abuse"),
        ("My boss hits me", "danger_now"),
        ("ネットで知り合った人に脅されている", "danger_now"),  # not a partner's (tenth round)
        ("母に殺されそう", "child_abuse"),
        # a carer's hand raised against the parent cared for (probe, 2026-12-06: child abuse's reply)
        ("母の介護でずっと寝てない。母に手をあげてしまった", "elder_abuse"),
    ],
)
def test_a_rule_for_one_group_fires_only_when_the_conversation_is_about_it(
    knowledge: Knowledge, text: str, rule_id: str
) -> None:
    outcome = _decide(knowledge, text)
    assert outcome.handoff is not None and outcome.handoff.rule_id == rule_id, outcome.handoff


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        # killing said of a parent is the child's rule; of a partner, or of no one, violence_dv's (both at
        # emergency): 「夫に殺されそうで」 was sent to 189
        ("親に殺される", "child_abuse"),
        ("夫に殺されそうで自殺したい", "violence_dv"),
        ("殺される", "violence_dv"),
        # 殺 inside 自殺 is no one killed by a parent or a partner (2026-12-04 night: both read 父 + 殺し)
        ("父は10年前に自殺しました", "suicide"),
        ("自殺する", "suicide"),
        # a threat to kill written online is a threat (the police), not violence at home; a partner's stays DV
        ("ネットで殺すと書かれた", "danger_now"),
        ("掲示板に殺すって書き込まれた", "danger_now"),
        ("夫にLINEで殺すと書かれた", "violence_dv"),
        # an intimate image threatened is sexual violence's; パパ活 names no parent (probe, 2026-12-06: DV's reply, 189)
        ("裸の写真をばらまくと脅された", "sexual_violence"),
        ("夫が裸の写真をばらまくと脅してくる", "sexual_violence"),
    ],
)
def test_the_rule_whose_words_fit_wins(knowledge: Knowledge, text: str, rule_id: str) -> None:
    outcome = _decide(knowledge, text)
    assert outcome.handoff is not None and outcome.handoff.rule_id == rule_id


def test_a_group_named_earlier_in_the_conversation_counts(knowledge: Knowledge) -> None:
    first = _decide(knowledge, "認知症の母のことで相談です")
    second = respond(Message(text="施設で虐待されているかもしれない", at=NIGHT), first.state, knowledge)
    assert second.handoff is not None and second.handoff.rule_id == "elder_abuse"


def test_repeated_misses_hand_off_on_the_second(knowledge: Knowledge) -> None:
    first = _decide(knowledge, "ぴよぴよぴよ")
    assert first.handoff is None and first.state.misses_in_row == 1
    second = respond(Message(text="ぽよぽよ", at=NIGHT), first.state, knowledge)
    assert second.handoff is not None and second.handoff.rule_id == "repeated_misses"


RULES = """
always_numbers: [line-a]
rules:
  - id: sample
    description: テスト
    urgency: urgent
    phrases: [テスト]
    reply: はい
"""


def _write(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "handoff_rules.yaml"
    path.write_text(text, encoding="utf-8")
    return path


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("urgency: urgent", "urgency: soon", "urgency 'soon'"),
        ("    phrases: [テスト]\n", "", "has no triggers"),
        ("phrases: [テスト]", "patterns: ['(unclosed']", "not a valid regex"),
        ("phrases: [テスト]", "when: {misses: 2}", "'when' must be one of"),
        ("    reply: はい\n", "", "missing 'reply'"),
        ("description: テスト", "description: [テスト", "invalid YAML"),
        ("    reply: はい\n", "    reply: はい\n    for: [elders]\n", "unknown 'for' group 'elders'"),
        ("    reply: はい\n", "    reply: はい\n    not_for: [kids]\n", "unknown 'not_for' group 'kids'"),
    ],
)
def test_rule_problems_name_file_and_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in RULES
    _, problems = load_rules(_write(tmp_path, RULES.replace(old, new)))
    found = [p for p in problems if message in p.message]
    assert found and found[0].line > 0, problems


def test_a_pattern_written_in_katakana_meets_the_folded_text(tmp_path: Path) -> None:
    """Messages are matched folded (katakana as hiragana): a pattern's katakana is read the same way."""
    rules, problems = load_rules(
        _write(tmp_path, RULES.replace("phrases: [テスト]", "patterns: ['ダイエット.{0,4}ツラい']"))
    )
    assert not problems and rules is not None
    [pattern] = rules.rules[0].patterns
    assert pattern.search(fold("ダイエット中でツラい")) and pattern.search(fold("だいえっと中でつらい"))


def test_check_refuses_numbers_that_leave_an_hour_uncovered(data_copy: Path) -> None:
    rules = data_copy / "handoff_rules.yaml"
    text = rules.read_text(encoding="utf-8").replace(
        "always_numbers: [police-110, fire-ambulance-119, yorisoi-hotline]", "always_numbers: []"
    )
    text = text.replace("numbers: [jidou-gyakutai-189, police-110]", "numbers: [police-soudan-9110]")
    rules.write_text(text, encoding="utf-8")
    knowledge, problems = load_knowledge(data_copy)
    assert knowledge is None
    assert any("child_abuse" in p.message and "no listed number answers" in p.message for p in problems), problems


def test_check_refuses_unknown_service_in_numbers(data_copy: Path) -> None:
    rules = data_copy / "handoff_rules.yaml"
    rules.write_text(rules.read_text(encoding="utf-8").replace("police-110,", "police-111,", 1), encoding="utf-8")
    _, problems = load_knowledge(data_copy)
    assert any("unknown service 'police-111'" in p.message for p in problems)


MORE_FILES = ("risk_more.yaml", "risk_more2.yaml", "risk_more3.yaml", "risk_more4.yaml")
MORE = [YAML(typ="safe").load((DATA / name).read_text(encoding="utf-8")) for name in MORE_FILES]
MORE_AT_RISK = [item for data in MORE for item in data["at_risk"]]


def _by_kind(items: list[dict]) -> list[tuple[str, list[str]]]:
    kinds: dict[str, list[str]] = {}
    for item in items:
        kinds.setdefault(item["kind"], []).append(item["text"])
    return sorted(kinds.items())


def _by_file(data: list[dict], key: str) -> list[tuple[str, list[str]]]:
    return [(name, texts[key]) for name, texts in zip(MORE_FILES, data, strict=True)]


@pytest.mark.parametrize(("kind", "texts"), _by_kind(MORE_AT_RISK))
def test_second_set_at_risk_hands_off_with_a_number(knowledge: Knowledge, kind: str, texts: list[str]) -> None:
    def answered_tonight(outcome: Outcome) -> bool:
        open_lines = [s for s in outcome.services if s.open_now and s.phone]
        return outcome.handoff is not None and any(s.phone in outcome.text for s in open_lines)

    assert [text for text in texts if not answered_tonight(_decide(knowledge, text))] == []


@pytest.mark.parametrize(("name", "texts"), _by_file(MORE, "not_risk"))
def test_second_set_not_risk_does_not_hand_off(knowledge: Knowledge, name: str, texts: list[str]) -> None:
    fired = {text: _fired(_decide(knowledge, text)) for text in texts}
    assert {text: rules for text, rules in fired.items() if rules} == {}


def test_a_duplicate_rule_id_points_back_to_the_first(tmp_path: Path) -> None:
    twice = (
        RULES
        + "  - id: sample\n    description: again\n    urgency: normal\n    phrases: [もう一度]\n    reply: はい\n"
    )
    _, problems = load_rules(_write(tmp_path, twice))
    [problem] = [p for p in problems if "duplicate id 'sample'" in p.message]
    assert problem.line == 9 and problem.message.endswith("handoff_rules.yaml:4)")


CONCEPT_RULES = """
always_numbers: [line-a]
concepts:
  tired: [疲れる]
  living: [生きる]
rules:
  - id: sample
    description: テスト
    urgency: urgent
    concepts: ["living + tired /8"]
    reply: はい
"""


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('"living + tired /8"', '"living + hungry"', "unknown concept hungry"),
        ('"living + tired /8"', '"living + tired - fiction"', "unknown concept fiction"),
        ('"living + tired /8"', '"living + tired /soon"', "the window after '/' must be a whole number"),
        ("tired: [疲れる]", "tired: [っ]", "'っ' gives no form to match"),
        ("tired: [疲れる]", "tired: 疲れる", "'tired' must be a list of text"),
        ("concepts:\n  tired", "concepts: [1]\n  tired", "invalid YAML"),
        ("    urgency: urgent\n", "    urgency: urgent\n    over_turns: true\n", "over_turns adds up signals"),
        ("rules:", "never_hidden: [疲れたい]\nrules:", "never_hidden '疲れたい' is no rule's phrase"),
        ("rules:", "means_signs: [rope]\nrules:", "means_signs: 'rope' is no concept of this file"),
        (
            "rules:",
            "never_hidden: [はい]\nlookalikes: [はいけい]\nrules:",
            "lookalike 'はいけい' would hide never_hidden",
        ),
        # a pattern that opens with an unbounded repeat is tried from every letter: seconds for one long message
        ("rules:", 'lookalike_patterns: ["[^。]*(体罰)が発覚"]\nrules:', "starts with an unbounded repeat"),
        ("rules:", 'lookalike_patterns: ["(.*)が発覚"]\nrules:', "starts with an unbounded repeat"),  # in a group too
        ("rules:", 'lookalike_patterns: ["\\\\S+が発覚"]\nrules:', "starts with an unbounded repeat"),
        (
            "    urgency: urgent\n",
            '    urgency: urgent\n    patterns: [".+死にたい"]\n',
            "starts with an unbounded repeat",
        ),
    ],
)
def test_concept_problems_name_file_and_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in CONCEPT_RULES
    _, problems = load_rules(_write(tmp_path, CONCEPT_RULES.replace(old, new)))
    found = [p for p in problems if message in p.message]
    assert found and found[0].line > 0, problems


def test_a_concept_rule_loads_and_fires_in_any_script(tmp_path: Path) -> None:
    rules, problems = load_rules(_write(tmp_path, CONCEPT_RULES))
    assert problems == [] and rules is not None
    from bot.core.risk import scan
    from bot.core.rules import fire_phrases

    for text, fires in [
        ("生きるのに疲れた", True),
        ("いきるのつかれた", True),
        ("生きていくのが疲れてしまって", True),
        ("仕事で疲れた。明日も頑張って生きる", False),
        ("疲れた", False),
    ]:
        hits = scan(rules, text)
        assert (fire_phrases(rules.rules[0], text, hits, rules.concepts) is not None) is fires, text


def test_check_names_an_unknown_police_number_with_its_line(data_copy: Path) -> None:
    rules = data_copy / "handoff_rules.yaml"
    text = rules.read_text(encoding="utf-8")
    assert "police_numbers: [police-110, police-soudan-9110]" in text
    rules.write_text(text.replace("police_numbers: [police-110,", "police_numbers: [police-100,"), encoding="utf-8")
    knowledge, problems = load_knowledge(data_copy)
    assert knowledge is None
    found = [p for p in problems if "police_numbers: unknown service 'police-100'" in p.message]
    assert found and found[0].line > 0 and found[0].path.endswith("handoff_rules.yaml"), problems


@pytest.mark.parametrize(
    ("text", "needs"),
    [
        ("I lost my job and can't pay the rent", {"employment", "housing"}),
        ("My mother has a high fever", {"medical"}),
        ("My visa expires next month", {"foreign"}),
        ("My husband hits me", {"violence"}),
        ("彼氏の束縛がしんどい", {"violence"}),  # control in a couple is a DV need (デートDV)
        ("I would like some advice", set()),  # "dv" is inside "advice": English is found where a word starts
        ("夫からdvを受けています", {"violence"}),  # ... a Japanese letter before it is no part of the word
        ("I was injured at my workplace", {"medical", "employment"}),  # a stem still meets its endings
        ("I feel homesick", set()),
        ("My phone is broken", set()),  # "broke" only as "I'm broke"
        ("my parents are different", set()),  # "rent" only as the rent, my rent …
        ("生活保護を受けたいです", {"money"}),
        ("夫名義でカードを作りキャッシングを繰り返しています", {"debt_legal"}),
        ("夫の飲み方がおかしい。お酒をやめられない", {"mental_health"}),
        ("父が骨折した", {"medical"}),
        ("今はひきこもっているけど相談は必要?", {"isolation"}),  # ひきこもって, not only ひきこもり
        # an age says who (core.people), not a need: an 80-year-old's fever is one need, not "complex"
        ("80歳の母が夜中に熱を出しました", {"medical"}),
        # one 制度 named in words of two needs is one need: no "complex" handoff for a 児童手当 question
        ("児童手当の所得制限額を超えているのですが、児童手当の支給を受けることはできますか", {"child"}),
        ("子どもが生まれましたが、子ども医療費助成の受給資格者証が届きません", {"child"}),
        # everyday English (written for this test): each need only through the English words added for it
        ("My landlady is kicking me out of the flat", {"housing"}),
        ("I've been sleeping rough for a week", {"housing"}),
        ("I'm skint until the end of the month", {"money"}),
        ("Can I get social assistance?", {"money"}),
        ("I owe a moneylender and he sent me a summons", {"debt_legal"}),
        ("I was sacked yesterday", {"employment"}),
        ("They didn't renew my contract", {"employment"}),
        ("I was let go after an accident at work", {"employment"}),
        ("I'm famished, I haven't eaten since Sunday", {"food"}),
        ("My mum had a stroke", {"medical"}),
        ("I need a dentist but I'm skint", {"medical", "money"}),
        ("My brother is schizophrenic and hears voices", {"mental_health"}),
        ("My son is autistic", {"disability", "child"}),
        ("My dad has Alzheimer's and needs a care home", {"elderly"}),
        ("My granddaughter stopped going to school", {"child"}),
        ("Is there a nursery for my toddler?", {"child"}),  # not medical: "nurse" only as visiting nurse, …
        ("Our 40-year-old son is a recluse", {"isolation"}),
        ("My status of residence runs out soon", {"foreign"}),
        ("I'm an expat and need an interpreter", {"foreign"}),
        ("He punched me and I'm afraid of my husband", {"violence"}),
        ("電気料金の停止予告が届いた", {"money"}),  # a utility bill is a money need, as in English
        ("会社が破産して未払いの給与がある", {"employment"}),  # unpaid wages are a labour matter
        # a low income is a money need, not a second need about work (it made every such story "complex")
        ("収入が少ないため、国民健康保険税を納めるのが困難です", {"money"}),
        # worry about a bill is not a mental-health need; anxiety said as such is
        ("アルバイトのシフトが減って家賃が払えるか不安", {"employment", "housing"}),
        ("不安でたまらない", {"mental_health"}),
        ("パワハラで辛い", {"employment"}),
        ("母のど忘れがひどくなってきた", {"elderly"}),  # forgetting told as ど忘れ (set 41 dev)
        ("騙されたと気がついた。返金してほしい", {"debt_legal"}),  # a scam told without 詐欺 (set 40 dev)
        ("ウサギを飼っています", set()),  # (not さぎ alone)
        ("息子が引き籠りになりそう", {"child", "isolation"}),  # 籠り written without も
        # ... and English that names no need, though it holds the start of a need word or a variant
        ("I booted up my computer and it froze", set()),
        ("I can't let go of the past", set()),  # "was let go" is losing a job, "let go" is not
        ("Owing to the rain I stayed in", set()),  # "i owe", "owe money", never "owing"
        ("I had a manicure today", set()),  # "manic depress", never "manic"
        ("The noise was deafening", set()),
        ("He blindly trusts everyone", set()),
        ("It suddenly hit me that I was wrong", set()),  # "he hit me", never "hit me"
        ("My account has been dormant for a year", set()),  # "my dorm", never "dorm"
        ("I'm at work right now, can I write later?", set()),  # "hurt at work", never "at work"
        ("My colleague told me about this chat", set()),
        ("I've thrown out the old sofa", set()),  # "thrown out of"
        ("I stroked the cat", set()),
    ],
)
def test_need_words_in_both_languages(knowledge: Knowledge, text: str, needs: set[str]) -> None:
    assert set(detect_needs(knowledge.rules, fold(text))) == needs


@settings(max_examples=200, deadline=None)
@given(
    st.lists(
        st.sampled_from(["dv", "advice", "夫から", "rent", "parents", "my rent", "家賃", " ", "a", "homesick", "sick"]),
        max_size=8,
    )
)
def test_one_pattern_per_need_finds_what_each_word_would(pieces: list[str]) -> None:
    """detect_needs looks for a need's words with one pattern; it must find what looking for each word
    where it may stand (`wordtrie.says`) finds."""
    rules = RuleSet(
        rules=(),
        need_words={"violence": ("dv", "暴力"), "housing": ("my rent", "家賃"), "medical": ("sick",)},
        always_numbers=(),
    )
    folded = "".join(pieces)
    each = tuple(need for need, words in rules.need_words.items() if any(says(folded, word) for word in words))
    assert detect_needs(rules, folded) == each


@pytest.mark.parametrize(
    ("text", "rule_id", "urgency"),
    [
        ("I have no money", "no_money", Urgency.NORMAL),  # as お金がない: answered, then a person offered
        ("お金がない", "no_money", Urgency.NORMAL),
        ("I have no money and haven't eaten for two days", "no_food_money", Urgency.URGENT),
        ("お金がなくて何も食べられない", "no_food_money", Urgency.URGENT),  # once no_money only
        ("金欠で食べられない", "no_food_money", Urgency.URGENT),
        ("お金がないので外食は食べられない", "no_money", Urgency.NORMAL),  # a treat out of reach, not food
        ("お金がなくて焼肉なんて食べられない", "no_money", Urgency.NORMAL),
    ],
)
def test_no_money_alone_is_not_the_no_food_emergency_in_either_language(
    knowledge: Knowledge, text: str, rule_id: str, urgency: Urgency
) -> None:
    outcome = _decide(knowledge, text)
    assert outcome.handoff is not None and outcome.handoff.rule_id == rule_id and outcome.handoff.urgency is urgency


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        # hit by one's partner now: the partner's violence, not the child-abuse reply (189) that a
        # "now + hit" pattern of child_abuse gave, being listed first at the same urgency
        ("今、夫に殴られている", "violence_dv"),
        ("今夜も彼氏に殴られた", "violence_dv"),
        ("今日は夫から叩かれた", "violence_dv"),
        # ... while a child hit, by a parent, a mother's boyfriend or the husband, stays a child's
        ("今日、父に殴られた", "child_abuse"),
        ("いま母の彼氏に殴られてる", "child_abuse"),
        ("今夫が子どもを殴ってる", "child_abuse"),
        ("ママにいまたたかれた", "child_abuse"),
        ("小5です。今なぐられてる", "child_abuse"),
        # no one named, or a grown son: anyone's, so the reply that fits any age (110 first), not 189's
        ("今日は殴られた", "violence_dv"),
        ("今殴られてる たすけて", "violence_dv"),
        ("今息子に殴られた", "violence_dv"),
    ],
)
def test_who_hits_decides_whose_rule_answers(knowledge: Knowledge, text: str, rule_id: str) -> None:
    outcome = _decide(knowledge, text)
    assert outcome.handoff is not None and outcome.handoff.rule_id == rule_id
    assert outcome.handoff.urgency is Urgency.EMERGENCY


def test_words_matched_across_blanked_letters_reach_the_worker_without_them(knowledge: Knowledge) -> None:
    # のところ is blanked for every rule; the pattern that read through it named a NUL in the notification
    outcome = _decide(knowledge, "死んだお母さんのところに行きたい")
    assert outcome.handoff is not None and outcome.handoff.rule_id == "suicide"
    assert outcome.handoff.triggers and not any("\x00" in word for word in outcome.handoff.triggers)


@pytest.mark.parametrize(
    ("text", "rule_id"),
    [
        ("夫に手をあげてしまった", "violence_dv"),  # between partners: 189's reply was given on 手をあげて alone
        ("彼氏に手をあげられた", "violence_dv"),
        ("父に手をあげられた", "child_abuse"),  # a parent's hand: a child may be writing
        ("子どもに手をあげてしまった", "parent_near_harm"),
    ],
)
def test_whose_hand_and_at_whom_chooses_the_rule(knowledge: Knowledge, text: str, rule_id: str) -> None:
    handoff = _decide(knowledge, text).handoff
    assert handoff is not None and handoff.rule_id == rule_id, handoff
    if rule_id == "violence_dv":
        assert "child_abuse" not in handoff.also_fired


def _lists(node: object, where: str = "") -> list[tuple[str, list[str]]]:
    """Every list of words in the rules file, with where it stands (rules by id)."""
    if isinstance(node, dict):
        return [found for key, value in node.items() for found in _lists(value, f"{where}.{key}")]
    if isinstance(node, list) and node and all(isinstance(item, str) for item in node):
        return [(where, node)]
    if isinstance(node, list):
        return [found for item in node for found in _lists(item, f"{where}.{_id(item)}")]
    return []


def _id(item: object) -> str:
    return str(item.get("id", "")) if isinstance(item, dict) else ""


def test_no_list_of_the_rules_file_holds_a_word_twice() -> None:
    """A word written twice reads as once, and hides which list an admin meant to edit (fifteen were
    found at the fourteenth round's close)."""
    data = YAML(typ="safe").load((Path(__file__).resolve().parent.parent / "handoff_rules.yaml").read_text("utf-8"))
    twice = [(where, word) for where, words in _lists(data) for word in set(words) if words.count(word) > 1]
    assert twice == []


def test_the_english_rules_keep_the_patterns_the_japanese_ones_made(knowledge: Knowledge) -> None:
    """The English view's rules differ only in their replies: made anew, their patterns cost the first English
    message after each load some 200 ms (each of 420 patterns read for the scripts it needs)."""
    fresh = replace(knowledge)  # its English view not made yet; the rules are the same
    prepare(fresh.rules)  # as the store does on each load
    english = fresh.in_english().rules.rules
    for japanese, translated in zip(fresh.rules.rules, english, strict=True):
        assert translated.reply == (japanese.reply_en or japanese.reply)
        assert translated.by_script is japanese.by_script and translated.phrase_search is japanese.phrase_search
