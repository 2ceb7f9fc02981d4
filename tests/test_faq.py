import re
from pathlib import Path

import pytest

from bot.config.catalog import categories
from bot.config.faq_files import load_faq_dir
from bot.config.yamlsrc import Problem
from bot.core.faq import said_for
from bot.core.knowledge import Knowledge
from bot.core.model import ConversationState, Message
from bot.core.pipeline import respond
from tests.conftest import tokyo

GOOD = """
entries:
  - id: test-entry
    category: money
    question: テストの質問ですか？
    alternates: [てすと, テストしつもん, test]
    answer: テストの答えです。
    services: [money]
    source: https://example.org/page
    checked: 2026-11-22
"""


def write(tmp_path: Path, text: str, name: str = "money.yaml") -> Path:
    folder = tmp_path / "faq"
    folder.mkdir(exist_ok=True)
    (folder / name).write_text(text, encoding="utf-8")
    return folder


def test_loads_an_entry(tmp_path: Path) -> None:
    entries, _, _, problems = load_faq_dir(write(tmp_path, GOOD))
    assert problems == []
    assert entries[0].id == "test-entry" and entries[0].alternates == ("てすと", "テストしつもん", "test")
    assert entries[0].where.endswith("money.yaml:3")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("category: money", "category: okane", "unknown category 'okane'"),
        ("services: [money]", "services: [money, beds]", "unknown category 'beds'"),
        ("    source: https://example.org/page\n", "", "missing 'source'"),
        ("checked: 2026-11-22", "checked: yesterday", "'checked' must be a date"),
        ("id: test-entry", "id: Test Entry", "lowercase"),
        ("    answer: テストの答えです。\n", "", "missing 'answer'"),
        ("alternates: [てすと, テストしつもん, test]", "alternates: てすと", "must be a list"),
        ("question: テストの質問ですか？", "question: [テスト", "invalid YAML"),
        # a phrasing that says none of the words the entry is answered only with could never be answered
        (
            "    services: [money]\n",
            "    services: [money]\n    only_when: [しつもん]\n",
            "'テストの質問ですか？' says no word of a only_when group",
        ),
        ("    services: [money]\n", "    services: [money]\n    only_when: 質問\n", "must be a list"),
        # groups: a word of each must be said, so each phrasing must say one of every group
        (
            "    services: [money]\n",
            "    services: [money]\n    only_when: [[テスト], [しつもん]]\n",
            "'てすと' says no word of a only_when group",
        ),
        (
            "    services: [money]\n",
            "    services: [money]\n    only_when: [[テスト], [{a: b}]]\n",
            "a list of text, or a list of such lists",
        ),
    ],
)
def test_problems_name_file_and_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in GOOD
    _, _, _, problems = load_faq_dir(write(tmp_path, GOOD.replace(old, new)))
    assert re.match(r".+money\.yaml:\d+: ", str(_named(problems, message, "money.yaml")))


def _named(problems: list[Problem], message: str, file_name: str) -> Problem:
    """The first problem saying `message`, which must name the file and a line."""
    found = [p for p in problems if message in p.message]
    assert found, problems
    assert found[0].path.endswith(file_name) and found[0].line > 0
    return found[0]


def test_only_when_is_read_folded_in_both_languages(tmp_path: Path) -> None:
    text = GOOD.replace(
        "    services: [money]\n",
        "    services: [money]\n    only_when: [テスト]\n    only_when_en: [Test]\n",
    ).replace("alternates: [てすと, テストしつもん, test]", "alternates: [てすと, テストしつもん]")
    entries, _, _, problems = load_faq_dir(write(tmp_path, text))
    assert problems == []
    assert entries[0].only_when == (("てすと",),) and entries[0].only_when_en == (("test",),)


def test_only_when_groups_each_need_a_word(tmp_path: Path) -> None:
    """`only_when: [[…], […]]`: the message must say a word of every group (a pregnancy, and work)."""
    text = GOOD.replace(
        "    services: [money]\n", "    services: [money]\n    only_when: [[テスト, てすと], [しつもん, 質問]]\n"
    ).replace("alternates: [てすと, テストしつもん, test]", "alternates: [テストしつもん]")
    entries, _, _, problems = load_faq_dir(write(tmp_path, text))
    assert problems == []
    assert entries[0].only_when == (("てすと", "てすと"), ("しつもん", "質問"))
    assert said_for(entries[0], "てすとのしつもん") and not said_for(entries[0], "てすとだけ")


def test_duplicate_ids_across_files(tmp_path: Path) -> None:
    write(tmp_path, GOOD, "a.yaml")
    _, _, _, problems = load_faq_dir(write(tmp_path, GOOD, "b.yaml"))
    assert any("duplicate id 'test-entry'" in p.message and "a.yaml:3" in p.message for p in problems)


def test_empty_folder_is_a_problem(tmp_path: Path) -> None:
    _, _, _, problems = load_faq_dir(tmp_path)
    assert problems and "no FAQ files" in problems[0].message


ENGLISH = GOOD.replace(
    "    answer: テストの答えです。", "    question_en: Who can help if I was fired?\n    answer: テストの答えです。"
)
SYNONYMS = """
synonyms:
  生活保護: [生保]
synonyms_en:
  fired: [sacked, laid off]
"""


def test_loads_english_synonyms_apart_from_the_japanese(tmp_path: Path) -> None:
    write(tmp_path, ENGLISH)
    _, synonyms, synonyms_en, problems = load_faq_dir(write(tmp_path, SYNONYMS, "synonyms.yaml"))
    assert problems == []
    assert [s.canonical for s in synonyms] == ["生活保護"]
    assert [(s.canonical, s.variants) for s in synonyms_en] == [("fired", ("sacked", "laid off"))]
    assert synonyms_en[0].where.endswith("synonyms.yaml:5")


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ("  fired: [sacked, laid off]", "  fired: sacked", "variants of 'fired' must be a list of text"),
        ("synonyms_en:\n  fired: [sacked, laid off]", "synonyms_en: [sacked]", "expected a mapping 'synonyms_en:"),
        ("[sacked, laid off]", "[sacked, 解雇]", "'解雇' must be written in Latin letters"),
        ("[sacked, laid off]", "[sacked, help me]", "'help me' is only common words"),  # found in any text
        ("[sacked, laid off]", "[sacked, laid off]\n  dismissed: [sacked]", "'sacked' is listed under 'fired' and"),
        ("[sacked, laid off]", "[sacked, laidoff]\n  dismissed: [laid off]", "'laid off' is listed under 'fired'"),
        ("  fired: [sacked, laid off]", "  evicted: [thrown out]", "'evicted' is in no English question"),
        ("[sacked, laid off]", "[sacked]\n  who was sacked: [let go]", "'who was sacked' holds a variant of another"),
    ],
)
def test_english_synonym_problems_name_file_and_line(tmp_path: Path, old: str, new: str, message: str) -> None:
    assert old in SYNONYMS
    write(tmp_path, ENGLISH)
    _, _, _, problems = load_faq_dir(write(tmp_path, SYNONYMS.replace(old, new), "synonyms.yaml"))
    _named(problems, message, "synonyms.yaml")


# The shipped content.

DOMAIN_TOPICS = [
    "生活保護",
    "住居確保給付金",
    "障害年金",
    "自立支援医療",
    "精神障害者保健福祉手帳",
    "生活福祉資金",
    "緊急小口資金",
    "成年後見",
    "日常生活自立支援事業",
    "ハローワーク",
    "地域若者サポートステーション",
    "就労移行支援",
    "就労継続支援",
    "地域包括支援センター",
    "社会福祉協議会",
    "精神保健福祉センター",
    "保健所",
    "無料低額診療",
    "フードバンク",
    "法テラス",
    "配偶者暴力相談支援センター",
    "児童相談所",
    "ひきこもり地域支援センター",
    "グループホーム",
    "一時生活支援",
    "自助グループ",
    "地域活動支援センター",
    "子ども食堂",
    "訪問看護",
    "身体障害者手帳",
    "葬祭扶助",
    "脱退一時金",
    "死亡一時金",
    "労災保険",
    "最低賃金",
    "不登校",
    "傷病手当金",
    "相続放棄",
    "就学援助",
    "減額返還",
    "無償化",
    "養育費",
    "夫婦関係調整調停",
    "出産育児一時金",
    "ヤングケアラー",
    "ヤミ金融",
    "外国人技能実習機構",
    "終生飼養",
    "介護休業給付金",
    "発達障害者支援センター",
    "生理用品",
]


def test_content_size_and_shape(knowledge: Knowledge) -> None:
    assert len(knowledge.entries) >= 60
    for entry in knowledge.entries:
        assert len(entry.alternates) >= 3, entry.id
        assert entry.source.startswith("http") and entry.checked is not None, entry.id
        assert len(f"faq:{entry.id}".encode()) <= 64, entry.id  # Telegram callback_data limit


@pytest.mark.parametrize("topic", DOMAIN_TOPICS)
def test_every_domain_topic_is_covered(knowledge: Knowledge, topic: str) -> None:
    assert any(topic in entry.question or topic in entry.answer for entry in knowledge.entries), topic


@pytest.mark.parametrize("forms", [("無料", "むりょう"), ("匿名", "とくめい"), ("夜", "よる"), ("外国", "がいこく")])
def test_first_contact_questions_are_covered(knowledge: Knowledge, forms: tuple[str, ...]) -> None:
    general = [e for e in knowledge.entries if e.category in ("general", "foreign")]
    texts = [text for e in general for text in (e.question, *e.alternates)]
    assert any(form in text for form in forms for text in texts), forms


def test_every_category_has_an_entry(knowledge: Knowledge) -> None:
    used = {entry.category for entry in knowledge.entries}
    missing = set(categories()) - used - {"crisis"}  # crisis is handled by rules, not FAQ answers
    assert not missing, missing


# First-contact topics added 2026-12-02 (each from an official page, see its admin_note). Phrasings written
# for this test, in neither faq/ nor any data set: a night-time first message must get the entry's answer.
NEW_TOPICS = [
    # the commonest worries reach the general entry for them, not one that shares a word
    ("お金が全然なくて困っています", "jiritsu-soudan-what"),  # not the dentist's "お金がなくて…"
    ("認知症の母が夜に外を歩き回る", "eld-chiiki-houkatsu"),  # not adult guardianship
    ("家賃をもう3か月滞納しています", "yachin-haraenai"),  # not the eviction-notice entry
    ("歯の治療費が払えない", "med-haisha-okane-nai"),
    # QA probe, 2026-12-04 evening: general medical bills, a psychiatric clinic, a mother left with the children
    ("医療費が高くて払えない", "med-kougaku-ryouyouhi"),  # not 自立支援医療 (its alternate 診察代が高くて)
    ("精神科に通うお金がない", "dis-jiritsu-shien-iryou"),
    ("夫が出て行って、子ども2人いて収入がない", "hitorioya-soudan-kashitsuke"),  # not school refusal (子ども…行かない)
    ("My husband left and I have two kids and no income", "hitorioya-soudan-kashitsuke"),
    ("I'm pregnant and have no money", "shussan-ikuji-ichijikin"),
    ("Where can I consult about debt?", "shakkin-kaesenai"),  # not the loan-shark entry
    ("ケアマネってどう探すの", "eld-kaigo-soudan"),  # ケアマネ, the everyday word for ケアマネジャー (synonyms.yaml)
    ("リボ払いが払えない", "shakkin-kaesenai"),
    ("クレジットカードの支払いができない", "shakkin-kaesenai"),
    ("てがみ きた。よめない", "foreign-nihongo-muzukashii"),  # やさしい日本語: a letter one cannot read
    ("鼻血が止まらない", "med-7119"),  # not postpartum care (its 出産後 涙が止まらない): 鼻血 was no word of the FAQ
    # losing one's job is the unemployment benefit's question, not a dispute at work
    ("急に仕事がなくなって収入がゼロになった", "koyou-hoken-kihon-teate"),
    ("派遣の契約を切られて仕事がない", "koyou-hoken-kihon-teate"),
    ("足が不自由になったので障害者手帳を申請したい", "dis-shintai-techou"),
    ("身体障害者手帳ってどうやってとるの", "dis-shintai-techou"),
    ("親の葬儀代が出せない、生活保護で何とかならない？", "seikatsu-hogo-sousai-fujo"),
    ("そうさいふじょの申請はどこでするの", "seikatsu-hogo-sousai-fujo"),
    ("帰国したら払った年金は戻ってきますか", "foreign-dattai-ichijikin"),
    ("脱退一時金って出国してから何年以内？", "foreign-dattai-ichijikin"),
    ("国民年金の死亡一時金は誰がもらえるの", "nenkin-shibou-ichijikin"),
    ("国民年金を納めてた兄が年金をもらわずに亡くなった", "nenkin-shibou-ichijikin"),
    ("バイト中にけがしたけど労災ってパートでも使える？", "rousai-hoken"),
    ("通勤途中に転んで骨折した 労災になる？", "rousai-hoken"),
    ("時給が最低賃金より安いんだけどどこに相談すればいい", "saitei-chingin"),
    ("パートの時給が最低賃金を下回ってる", "saitei-chingin"),
    ("中学生の息子が学校に行けなくなった どこに相談すればいい", "futoukou-soudan"),
    ("娘が不登校で親としてどうしたらいいか相談したい", "futoukou-soudan"),
    ("児童手当の申請って生まれてから何日以内？", "jidou-teate-15nichi"),
    ("月末に出産した 児童手当の15日特例って何", "jidou-teate-15nichi"),
    ("適応障害で1か月休職することになった、給料が出ない間の手当はある？", "shoubyou-teatekin"),
    ("傷病手当金は休んで何日目からもらえるの", "shoubyou-teatekin"),
    ("父が亡くなって消費者金融から督促が来た 相続放棄したい", "souzoku-houki"),
    ("相続放棄は何か月以内に家庭裁判所に出せばいい？", "souzoku-houki"),
    ("子供の給食費と修学旅行代がどうしても払えない", "shuugaku-enjo"),
    ("就学援助って誰が受けられるの", "shuugaku-enjo"),
    ("給料が下がって奨学金の返済が払えない 猶予してほしい", "shougakukin-henkan-konnan"),
    ("奨学金の月の返済額を半分にできる？", "shougakukin-henkan-konnan"),
    ("4歳の子の保育園の保育料って無料なの？", "hoiku-mushouka"),
    ("住民税非課税だと1歳の保育料もただになる？", "hoiku-mushouka"),
    ("離婚してから元夫が養育費を1円も払ってくれない", "youikuhi-harawanai"),
    ("養育費の支払いが半年止まっている、裁判所で何かできる？", "youikuhi-harawanai"),
    ("夫が離婚届に判を押してくれない どうしたらいい", "rikon-choutei"),
    ("離婚調停はどこの家庭裁判所に申し立てるの", "rikon-choutei"),
    ("来月出産予定だけど出産育児一時金っていくら出るの", "shussan-ikuji-ichijikin"),
    ("出産費用を病院で全額立て替えないといけない？", "shussan-ikuji-ichijikin"),
    ("母が病気で毎日家事と弟の世話をしていて宿題ができない", "young-carer"),
    ("ヤングケアラーって自分のことかも、どこに相談すればいいの", "young-carer"),
    # a child ill at night is #8000's, not #7119's (QA, 2026-12-04: a menu, and #7119)
    ("3歳の娘が夜中に熱", "med-8000"),
    ("赤ちゃんが40度の熱", "med-8000"),
    ("精神科の費用が高い", "dis-jiritsu-shien-iryou"),
    ("自己都合でやめたけど失業保険はいつからもらえるの", "koyou-hoken-kihon-teate"),
]


@pytest.mark.parametrize(("text", "entry_id"), NEW_TOPICS)
def test_new_first_contact_topics_are_answered(knowledge: Knowledge, text: str, entry_id: str) -> None:
    outcome = respond(Message(text=text, at=tokyo("2026-12-03 02:30")), ConversationState(greeted=True), knowledge)
    assert outcome.faq_id == entry_id, outcome.text


def test_a_single_mothers_hardship_gets_the_single_parent_topic(knowledge: Knowledge) -> None:
    """児童扶養手当 and ひとり親の相談・貸付 score within a point of each other (a phrasing added to either
    turns it): one is answered, never a "which one?"."""
    pair = {"jidou-fuyou-teate-what", "hitorioya-soudan-kashitsuke"}
    text = "シングルマザーです。生活がくるしい"
    outcome = respond(Message(text=text, at=tokyo("2026-12-03 02:30")), ConversationState(greeted=True), knowledge)
    assert outcome.faq_id in pair and knowledge.texts.get("ambiguous") not in outcome.text, outcome.text
