import math
from collections import Counter

import pytest

from bot.core.analyzer import analyze
from bot.core.bm25 import K1, B, Bm25
from bot.core.certainty import AMBIGUOUS
from bot.core.faq import FaqEntry
from bot.core.features import grams
from bot.core.knowledge import Knowledge
from bot.core.matcher import CORPUS, OWN_FAQ, Matcher, _ties_by_phrasing
from bot.core.normalize import fold
from tests.conftest import shipped_faq


def _phrasings() -> list[tuple[str, list[str]]]:
    """Read at collection, in every worker: the YAML alone, not the whole knowledge (a second a worker).
    A row per entry with all its phrasings (a test per phrasing was 1,500 tests of bookkeeping)."""
    entries, _, _, problems = shipped_faq()
    assert not problems
    return [(entry.id, [entry.question, *entry.alternates]) for entry in entries]


@pytest.mark.parametrize(("entry_id", "texts"), _phrasings())
def test_every_question_and_alternate_finds_its_own_entry(
    knowledge: Knowledge, entry_id: str, texts: list[str]
) -> None:
    tops = {text: knowledge.matcher.rank(text, top=2) for text in texts}
    assert {text: [c.explain() for c in top] for text, top in tops.items() if top[0].entry.id != entry_id} == {}


# Phrasings written for this test, not present in faq/: the matcher must put the right entry in its top 3.
UNSEEN = [
    ("せいかつほごの申請ってどこいけばいい", "seikatsu-hogo-where"),
    ("なまぽ申請 なにもってく", "seikatsu-hogo-bring"),
    ("車もってても生保うけれる？", "seikatsu-hogo-car"),
    ("働いてるけど生活保護もらえるの", "seikatsu-hogo-working"),
    ("家賃の補助ってある？仕事なくなった", "jukyo-kakuho-what"),
    ("しょうがいねんきん どこで申請", "dis-shougai-nenkin-madoguchi"),
    ("精神の手帳ってなに", "dis-seishin-techou"),
    ("通院の医療費 安くなる制度", "dis-jiritsu-shien-iryou"),
    ("はろわって何してくれるとこ", "hellowork-what"),
    ("社協ってなにするところ", "shakyo-what"),
    ("借金がかえせない どうしよう", "shakkin-kaesenai"),
    ("弁護士に無料で相談したい", "houterasu-muryo-soudan"),
    ("親の介護 どこに相談", "eld-kaigo-soudan"),
    ("ひきこもりの相談 できるとこある？", "iso-hikikomori-center"),
    ("保険証ないけど病院いける？", "med-hokenshou-nai"),
    ("これって無料？", "service-free"),
    ("名前いわなくていい？", "service-anonymous"),
    ("ねむれない つらい", "mh-nemurenai-tsurai"),
    ("ネットカフェで寝泊まりしてる", "netcafe-seikatsu"),
    ("成年後見ってなに", "rights-seinen-kouken"),
    ("家(いえ)を追(お)い出(だ)されそう", "oidasare-sou"),  # readings printed after the kanji
    ("借金（しゃっきん）が返（かえ）せない", "shakkin-kaesenai"),
    ("介護で会社を何日休める？", "kaigo-kyuuka"),
]


@pytest.mark.parametrize(("text", "entry_id"), UNSEEN)
def test_unseen_phrasings_rank_the_right_entry_in_top_3(knowledge: Knowledge, text: str, entry_id: str) -> None:
    top = knowledge.matcher.rank(text, top=3)
    assert entry_id in [c.entry.id for c in top], [c.explain() for c in top]


def _entry(entry_id: str, question: str, alternates: tuple[str, ...] = (), answer: str = "答え") -> FaqEntry:
    return FaqEntry(entry_id, "money", question, alternates, answer, (), "https://example.org", None)


def test_a_phrasing_typed_exactly_is_answered_among_a_dozen_entries_of_its_topic() -> None:
    # Fourteen entries say 申請に要る書類 more strongly than the one whose alternate it is (a long answer, ten
    # other alternates), which the lexical pool of twelve would leave out (「申請に何がいる」 among the
    # 生活保護 entries, tenth round): typed exactly, it joins the pool and ranks first.
    crowd = [_entry(f"c{i}", f"申請に要る書類 {i}", answer="申請の書類を出します。") for i in range(14)]
    topics = ("家賃の上限", "車", "貯金", "親族への連絡", "病院の費用", "仕事探し", "引っ越し", "学校", "年金", "借金")
    asked = _entry("asked", "相談に持っていくもの", (*topics, "申請に要る書類"), answer="通帳、給与明細など。" * 20)
    matcher = Matcher([*crowd, asked])
    assert matcher.rank(fold("申請に要る書類"), top=1)[0].entry.id == "asked"


def test_typo_still_finds_the_entry() -> None:
    matcher = Matcher([_entry("a", "住居確保給付金とは"), _entry("b", "生活福祉資金とは")])
    assert matcher.rank(fold("住居確保給付きん"), top=1)[0].entry.id == "a"


def test_answer_text_helps_but_questions_weigh_more() -> None:
    matcher = Matcher([_entry("a", "お金を借りたい", answer="緊急小口資金があります"), _entry("b", "緊急小口資金とは")])
    assert matcher.rank(fold("緊急小口資金"), top=1)[0].entry.id == "b"
    assert {c.entry.id for c in matcher.rank(fold("緊急小口資金"), top=2)} == {"a", "b"}


def test_scores_are_absolute_and_bounded() -> None:
    matcher = Matcher([_entry("a", "生活保護とは")])
    exact = matcher.rank(fold("生活保護とは"))[0]
    assert exact.score == pytest.approx(100.0)
    unrelated = matcher.rank(fold("保護"))
    assert not unrelated or unrelated[0].score < exact.score


def test_long_query_is_cut_for_matching() -> None:
    matcher = Matcher([_entry("a", "生活保護とは")])
    assert matcher.rank(fold("生活保護とは" + "あいう" * 5000))[0].entry.id == "a"


def test_grams() -> None:
    assert grams("") == []
    assert grams("あ") == ["あ"]
    assert grams("生活") == ["生活", "生", "活"]


def test_a_plain_corpus_reads_the_whole_answer() -> None:
    # The fact that answers the question sits past the opening; only corpus tuning reads that far.
    answer = "窓口のご案内です。" * 20 + "粗大ごみは電話で申し込んでください。"
    entries = [_entry("a", "ごみについて", answer=answer), _entry("b", "ごみについて", answer="燃えるごみは月曜です。")]
    assert Matcher(entries, tuning=CORPUS).rank(fold("粗大ごみの申し込み"), top=1)[0].entry.id == "a"
    assert Matcher(entries, tuning=OWN_FAQ).rank(fold("粗大ごみの申し込み"), top=1)[0].entry.id == "b"


def test_how_people_ask_is_not_what_they_ask_about() -> None:
    matcher = Matcher([_entry("a", "保険証をなくした"), _entry("b", "教えてほしいことがある方法")])
    assert matcher.rank(fold("保険証をなくしたのでどうしたらいいか教えてほしい"), top=1)[0].entry.id == "a"
    assert "教える" not in analyze("教えてください").words
    # まま is a formal noun like こと: 「このままだと」 names no topic (it met 取り決めをしないまま)
    assert analyze("このままだとどうなるんだろう").words == ()
    # てしまう is how it went: 「失ってしまった」 is 失う alone (it met any phrasing with 応募してしまった)
    assert analyze("仕事を失ってしまった").words == ("仕事", "失う")
    # かもしれない is a hedge: 「うつ病かもしれない」 met 「発達障害かもしれない 大人」 on 知れる alone
    assert analyze("うつ病かもしれない").words == ("鬱病",)
    # 見つかる says something was found, not what: 「母にがんが見つかりました」 met 「仕事が見つからない」
    assert analyze("母にがんが見つかりました").words == ("母", "がん")
    # 大丈夫 asks whether it is all right: 「ねんきん みのう だいじょうぶ」 met a grandmother living alone
    assert "大丈夫" not in analyze("年金の未納は大丈夫ですか").words


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("40度ある", "40度"),
        ("40代の息子", "40代"),
        ("110番したい", "110番"),
        ("3日食べてない", "3日"),
        ("#8000", "8000"),
    ],
)
def test_a_number_is_read_with_its_counter(text: str, word: str) -> None:
    words = analyze(text).words
    assert word in words and "40" not in words  # a bare 40 met 40代 wherever a 40 was said


def test_coverage_is_the_share_of_a_documents_terms_in_the_query() -> None:
    index = Bm25([["年金", "免除"], ["年金", "免除", "申請", "窓口"]], cover=True)
    covered = index.coverage(["年金", "免除", "払えない"])
    assert covered[0] == pytest.approx(1.0)
    assert 0 < covered[1] < 1
    assert not Bm25([["年金"]]).coverage(["年金"]).any()  # only an index built with cover=True counts it


def test_bm25_scores_are_the_okapi_sum_over_common_rare_and_unknown_terms() -> None:
    # 年金 is in every document, 申請 and 窓口 in one each, 猫 in none.
    documents = [["年金", "免除", "年金"], ["年金", "申請"], ["年金", "窓口", "窓口", "相談"]] + [["年金"]] * 7
    index = Bm25(documents)
    average = sum(map(len, documents)) / len(documents)

    def okapi(term: str, document: list[str]) -> float:
        tf, df = document.count(term), sum(term in d for d in documents)
        idf = math.log(1 + (len(documents) - df + 0.5) / (df + 0.5))
        return idf * tf * (K1 + 1) / (tf + K1 * (1 - B + B * len(document) / average)) if tf else 0.0

    query = Counter({"年金": 2, "申請": 1, "窓口": 2, "猫": 3})
    expected = [sum(n * okapi(term, document) for term, n in query.items()) for document in documents]
    assert index.scores(query).tolist() == pytest.approx(expected)
    assert not index.scores(["猫"]).any()


def test_a_corpus_entry_whose_question_the_query_holds_ranks_first() -> None:
    # A long query around a short question: the entry it asks about, not the one whose answer shares
    # more of the query's words (without coverage, b ranks first).
    entries = [
        _entry("a", "国民年金の免除", answer="申請書を出してください。"),
        _entry("b", "年金の相談窓口", answer="年金の相談は窓口で。保険料を払えない方、失業した方もご相談ください。"),
        _entry("c", "ごみの出し方", answer="分別してください。"),
    ]
    query = fold("失業して国民年金の保険料が払えません。免除はできますか")
    assert Matcher(entries, tuning=CORPUS).rank(query, top=1)[0].entry.id == "a"


@pytest.mark.parametrize(
    ("text", "specific"),
    [
        ("この場合、どこに相談したらよいのか", False),  # asks where, says nothing of what
        ("教えてください", False),
        ("家族に精神疾患がある", True),
        ("生活保護を受けたい", True),
        ("visa", True),  # read as ビザ (faq/synonyms.yaml)
        ("ok thanks", False),
        ("なんだか困ってしまって", False),  # that there is trouble, not what (chatter met the debt entry)
        ("お金に困っている", True),
        ("どこか無料で相談できる機関は無いのでしょうか", False),  # the kind of help, not the need
        ("相談できる窓口や機関を教えて", False),
        ("無料低額診療を受けたい", True),
        ("自立支援医療の申請", True),
    ],
)
def test_a_sentence_that_names_nothing_is_not_specific(knowledge: Knowledge, text: str, specific: bool) -> None:
    assert knowledge.matcher.specific(text) is specific


def test_only_vague_words_say_nothing_of_what() -> None:
    matcher = Matcher([_entry("a", "借金に困っている")], names_nothing=frozenset({"困る", "窓口"}))
    assert matcher.only_vague("困っています")
    assert not matcher.only_vague("借金に困っています")
    assert not matcher.only_vague("")  # no content words: asked about elsewhere, not judged here


def test_the_words_that_name_nothing_come_from_the_data() -> None:
    entries = [
        _entry("a", "借金に困っている"),
        *(_entry(f"x{n}", f"{word}について") for n, word in enumerate("年金 介護 住宅 仕事 病院".split())),
    ]
    assert Matcher(entries).specific("困っています")  # rare in these entries: without the data, a topic
    assert not Matcher(entries, names_nothing=frozenset({"困る"})).specific("困っています")


@pytest.mark.parametrize("text", ["天気", "映画", "音楽", "野球", "海"])
def test_a_kanji_word_is_not_matched_by_its_sounds_alone(knowledge: Knowledge, text: str) -> None:
    # 天気 (てんき) sounds like part of 転居 (てんきょ); with no letter in common it was answered about moving abroad.
    top = knowledge.matcher.rank(text, top=1)
    assert not top or top[0].score < AMBIGUOUS, top[0].explain()


@pytest.mark.parametrize(
    ("text", "entry_id"), [("せいかつほご", "seikatsu-hogo-what"), ("せいかつほごの申請", "seikatsu-hogo-where")]
)
def test_a_kana_word_beside_kanji_still_reaches_its_entry(knowledge: Knowledge, text: str, entry_id: str) -> None:
    assert entry_id in [c.entry.id for c in knowledge.matcher.rank(text, top=3)]


@pytest.mark.parametrize(
    ("scores", "ratios", "expected"),
    [
        ([139.3, 139.2, 133.2], [0.59, 0.71, 0.59], [1, 0, 2]),  # a hair apart: the closer phrasing first
        ([94.8, 94.8], [0.57, 0.90], [1, 0]),
        ([140.0, 139.0], [0.5, 0.9], [0, 1]),  # a point apart is no tie
        ([100.0, 99.7, 99.4], [0.2, 0.3, 0.9], [1, 0, 2]),  # a run is measured from its first: 99.4 starts a new one
        # a phrasing typed exactly ranks first by itself; the others keep their order by score after it
        ([80.0, 95.0, 79.8], [0.96, 0.5, 0.7], [0, 1, 2]),
    ],
)
def test_near_ties_go_to_the_closer_phrasing(scores: list[float], ratios: list[float], expected: list[int]) -> None:
    assert _ties_by_phrasing(list(range(len(scores))), scores, ratios, OWN_FAQ.tie) == expected
