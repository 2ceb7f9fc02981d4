"""Risk in context, through the core: a conversation is read in the light of what it has shown."""

from __future__ import annotations

import pytest

from bot.core.analyzer import analyze
from bot.core.knowledge import Knowledge
from bot.core.model import ConversationState, Message, MessageKind, Outcome, Urgency
from bot.core.pipeline import respond
from bot.core.risk import answer_to_question, only_feelings
from tests.conftest import tokyo

NIGHT = tokyo("2026-11-25 02:30")


def talk(knowledge: Knowledge, *texts: str, state: ConversationState | None = None) -> list[Outcome]:
    state, outcomes = state or ConversationState(), []
    for text in texts:
        outcome = respond(Message(text=text, at=NIGHT), state, knowledge)
        state = outcome.state
        outcomes.append(outcome)
    return outcomes


def urgency(outcome: Outcome) -> Urgency | None:
    return outcome.handoff.urgency if outcome.handoff else None


@pytest.mark.parametrize(
    ("first", "then", "rule"),
    [
        ("消えたい", "薬100錠ためた", "suicide"),
        ("しにたい", "さっきロープかってきた", "suicide"),
        ("かれしになぐられた", "いま包丁もってさけんでる", "violence_dv"),
        ("生きるのに疲れた", "駅のホームにいる", "suicide"),
        ("リスカした", "今から屋上いく", "self_harm"),
        # bleeding that will not stop, after self-harm or violence (alone: risk signals, urgent)
        ("リスカした", "血が止まらない", "self_harm"),
        ("I cut myself", "it won't stop bleeding", "self_harm"),
        # the partner still raging outside (QA, 2026-12-05 night: a caring line, no handoff)
        ("物投げられた", "今も外で怒鳴ってる", "violence_dv"),
    ],
)
def test_means_place_or_time_later_raise_the_risk_to_emergency(
    knowledge: Knowledge, first: str, then: str, rule: str
) -> None:
    before, after = talk(knowledge, first, then)
    assert urgency(before) is Urgency.URGENT and before.handoff is not None and before.handoff.rule_id == rule
    assert urgency(after) is Urgency.EMERGENCY and after.handoff is not None and after.handoff.rule_id == rule


@pytest.mark.parametrize(
    ("first", "then"),
    [
        ("I don't see the point anymore", "I've been looking at the bridge near my place"),
        ("im a burden", "maybe tonight is the night"),
        ("I feel like a burden", "I've been thinking about how to do it"),  # a method, in other words
        ("ひとりぼっち", "橋の上にいる"),
        # (probe, 2026-12-06: both once read nothing, after a lost job and a wife gone)
        ("I don't know why I even bother anymore", "I've been looking at the bridge near my place"),
        # "now I could have gone", after the tracks watched (risk set 85 dev: nothing)
        ("線路を眺め続ける。", "今なら行けたかもって思う。"),
    ],
)
def test_a_place_or_means_after_a_weak_sign_asked_about_is_an_emergency(
    knowledge: Knowledge, first: str, then: str
) -> None:
    # The direct question was asked; the next message answers it in other words, with no yes or no.
    asked, after = talk(knowledge, first, then)
    assert asked.asked_about_risk and asked.handoff is None
    assert urgency(after) is Urgency.EMERGENCY and after.handoff is not None


@pytest.mark.parametrize(
    ("first", "then"), [("I'm so tired", "I need a roof over my head"), ("つかれた", "家賃が払えない")]
)
def test_an_everyday_need_after_a_weak_sign_is_no_emergency(knowledge: Knowledge, first: str, then: str) -> None:
    _, after = talk(knowledge, first, then)
    assert urgency(after) is not Urgency.EMERGENCY


@pytest.mark.parametrize(
    "turns",
    [
        ("つかれた", "いいえ", "屋上でバーベキューしたい"),
        ("I'm so tired", "no", "we're having a barbecue on the roof"),
        ("I feel like a burden", "no", "I have a plan for my business"),
    ],
)
def test_after_no_to_the_direct_question_a_place_is_a_place_again(knowledge: Knowledge, turns: tuple[str, ...]) -> None:
    *_, after = talk(knowledge, *turns)
    assert after.handoff is None


@pytest.mark.parametrize("then", ["ロープ", "さよなら", "包丁"])
def test_the_same_words_alone_in_an_ordinary_conversation_are_not_raised(knowledge: Knowledge, then: str) -> None:
    [outcome] = talk(knowledge, then)
    assert urgency(outcome) is not Urgency.EMERGENCY


@pytest.mark.parametrize(
    "text",
    [
        "つかれた",
        "どうせ分かってもらえない",
        "居場所がない",
        "家族の負担になりたくない",
        "遠くに行きたい。誰も知らないところ",
        "迷惑かけてすみません",
        "毎日が空しい",
        "誰も私のことなんか気にしない",
        "誰も私を必要としていない",  # (tenth round: a menu)
        "ベランダから下を見てた",  # looking down from a height
        # the same signs in English (hopelessness, burden, not belonging, self-blame, loss)
        "I feel hopeless",
        "I'm a burden to everyone",
        "nobody cares about me",
        "I don't see any way out",  # (tenth round: a menu)
        "I just want the pain to stop",  # (tenth round: nothing)
        "it's all my fault",
        "I lost everything",
        "I feel empty inside",
        "I don't see the point anymore",
        "I can't take it anymore",  # weariness alone is asked about; beside "tired of living" it is the suicide rule
        # giving away what one owns (a warning sign in the gatekeeper texts)
        "I've been giving my stuff away",
        "I gave away my cat and my guitar",
        "there is no way out of this",
        "I don't want to be me anymore",
        "もうどうなってもいい",
        "I can't keep living like this",
        "what's the point of living",
        "what's the point of going on",  # (probe, seventeenth round: nothing)
        "精神的に追いつめられている",  # cornered (kind from risk set 1's dev half)
        "家族の負担になりたくない",
        "全部じぶんのせいだ",
        "i hate my life",  # typed fast (QA): it met the no-money entry on its letters
        "idk what to do anymore",
        "自分が嫌いになる",
        "もうやだ",
        "everyone hates me",
        "everything feels pointless",  # (QA, 2026-12-03: a menu of FAQ entries)
        "nothing matters anymore",
        "maybe I'll just disappear",  # late in a conversation (QA, 2026-12-03)
        "もう全部いやになった",  # (QA, 2026-12-03: the school-refusal entry)
        "私なんか必要ない",  # (QA, 2026-12-04: the 生活保護 "what to bring" entry, for 必要)
        "誰も私のこと必要としてない",
        "もう頑張れない",
        "誰もいない所に行きたい",  # (QA, 2026-12-04: the isolation entry)
        "全部投げ出したい",
        "I don't see a way out",  # (QA, 2026-12-04: the no-money-for-care entry)
        "what's the point anymore",
        "I can't see a future",
        "I don't see a future for myself",  # (probe, 2026-12-06: a menu)
        "I've been looking at the bridge near my place",  # a high place looked at (probe: a menu)
        # (probe, 2026-12-06) young people's words, a life over in slang, wanting out, a rope at hand
        "病みすぎてしんどい",
        "人生オワタ",
        "テスト勉強しすぎて人生オワタw",  # a joke too, perhaps: asked, not handed on
        "もう何もかも嫌",
        "life sucks and i want out",
        "i have a rope",
        "こんな自分、いる意味あるのかって、思っちゃいけないのに思ってしまう。",  # (risk set 19 dev, 2026-12-05)
        "社会の役にも立ってなくて、",
        "大丈夫じゃない",  # (QA, 2026-12-05: the entry on writing at night, by 大丈夫)
        "im not ok",
        "nothing matters",  # (QA, 2026-12-05: the no-food entry)
        "I can't cope",  # (QA, 2026-12-05, after a crying baby: the entry on care for the old)
        "I'm going to snap",  # (the entry on sleep)
        "全部やめたい",  # (met nothing)
        "高いところに行きたい",  # (QA, 2026-12-05 night: the entry on care costs, for 高い)
        "橋に行きたい",
        "I wrote a note for my family",  # (QA, 2026-12-05 night: met nothing)
        "I'm so done with everything",
        "I keep thinking about the pills in the cabinet",  # (QA, 2026-12-05 night: met nothing)
        "I'm still very, very depressed",  # set 22 dev: "so very, very" held no "so depressed"
        "I don't see the point anymore",  # (QA, 2026-12-05: "see" met "no money to see a doctor")
        "もう歳だし、これからの楽しみもない",  # nothing to look forward to (set 23 dev kind)
        "もう耐えられません",  # unbearable, said with もう (暑さに耐えられません alone is weather)
        # (probe, 2026-12-06, ninth round: all met nothing, or an FAQ entry) water, a cord, a blade held, a height
        "川に飛び込みたい",
        "紐を用意した",
        "包丁を持って座ってる",
        "包丁を持って立ってる",  # standing, as sitting (probe, eleventh round: fell back)
        "しぬほどつらい",  # suffering said as dying (probe, eleventh round: an FAQ answer alone)
        "私は家族の迷惑だ",  # oneself a burden, said plainly (a first narrowing of 迷惑 lost these; eleventh round)
        "生きてるだけで迷惑",
        "私なんて家族の負担だ",
        "マンションの10階から下を見てる",
        "I can't stop crying",  # (probe: the crying-baby entry)
        "しんどすぎて死ぬ",  # too hard to bear, said as dying (probe: the parenting entry)
        "生きててよかったと思えない",  # no joy in being alive (probe, eleventh round: an 8050 entry offered)
        "今、生きてて嬉しいという気持ちはない",
        "I can't take this anymore",  # (probe, thirteenth round: a menu)
        "this is my last message",  # last words (probe, fourteenth round: the entry on what the chat stores)
        "this is goodbye",  # (the fallback)
        "you won't hear from me again",
        "I'm not going to be around much longer",  # warning signs said plainly (probes, eighteenth round: nothing)
        "I won't be a problem for much longer",
        "I'm saying goodbye to everyone",
        "tell me it's okay if I stop fighting",  # leaving told as forgiveness asked (risk set 47 dev: nothing)
        "promise me you'll be okay after I'm gone",
        "I'm broken",  # (probes, eighteenth round: no money, or nothing)
        "I feel dead inside",
        "I'm falling apart",
        "I'm tired of fighting",
        "I give up on everything",
        "Would people be happy if I wasn't here anymore?",  # (risk set 55 dev: nothing)
        "my thoughts of doing something stupid start taking control",  # (risk set 63 dev: nothing)
        "I've already said goodbye to my family",  # (probes, nineteenth round: nothing, or the entry on a bed tonight)
        "can you help me, I'm scared I'll do something tonight",
        "みんなにありがとうと伝えて",  # (probes, nineteenth round: nothing)
        "最後にあなたと話したかった",
        "誰も自分のことなんか気にしてない",
        "Everyday tasks turn into a fight with my brain, to make sure I don't do anything stupid.",  # (set 32 dev)
        "みんなにお別れを言ってきた",  # last words and gifts in Japanese (probes, eighteenth round: nothing)
        "これが最後のメッセージです",
        "もう会えないと思う、元気でね",
        "大事にしてたものを全部友達にあげた",
        "つらみが深い",  # the -み of SNS (probe, eighteenth round: nothing)
        "ホームの端に立ってる",  # at a high place now, or looking down from it (probe, fourteenth round: a menu, nothing)
        "橋の上から川を見てる",
        "屋上から街を見下ろしてる",
        "自分なんていらない",  # (probe, fourteenth round: the own-house entry, on いらない)
        "明日が来るのが怖い",  # (the fallback)
        # a means beside what it would do, said without dying (risk sets 61 and 63 dev; probes, twentieth round: nothing)
        "I've got a bottle of sixty somas, a muscle relaxer, that ought to do the trick.",
        "She recently showed me a pill bottle, which she said contained her way out.",
        "I have a gun. It would be quick.",
        "I know how many of these pills it would take.",
        "I looked up how many tablets would be fatal.",
        "I've worked out the dose.",
        "I counted my pills again tonight. There are enough.",
        "At least I have the pills as a backup plan.",
        "I've got enough pills to make sure I don't wake up.",
        "I'd like to have an open casket.",
        "I've already picked out the bridge.",
        "What's the most painless way?",
        # ... and beside an ailment, when said plainly (pain is no lookalike of a death meant)
        "My back pain never ends and I've got enough painkillers to make sure I don't wake up.",
        "I get migraines every day and I know how many of these pills it would take.",
        # things no longer needed, affairs in order, not here tomorrow, a pet handed on, done and goodbye (probes,
        # twentieth round, from the gatekeeper lists: nothing)
        "I won't need my things much longer.",
        "I've put my affairs in order",
        "I won't be here tomorrow",
        "I gave my dog to my sister yesterday.",
        "I found a new home for my cat because I won't be around",
        "I'm done. Goodbye.",
        "I don't see a way forward",  # (probe, twentieth round, after a lost job: nothing)
        "I have my dad's gun.",  # a gun held, said alone (probe, twentieth round: nothing)
        "I've got a gun under my bed.",
        "I keep my dad's gun in my room now, just in case.",
        "明日学校行ったら死ぬかも",  # after いじめられてる (probe, twentieth round: the bullying entry only)
        "線路見てる",  # the tracks looked at now (probe, twentieth round: nothing)
        "もうだめかもしれん",  # as つかれた is asked (probe, twentieth round: the entry on 生活保護 and one's own house)
        "There's nothing left for me.",  # (risk set 72 dev, after "I have just had it with life")
        "I'm thinking about self destruction every hour",  # (risk set 72 dev: nothing)
        "If I don't, I will do something stupid",  # (risk set 72 dev: a normal handoff after two lines)
        "I want to stop living like this",  # a life to change, or not to live: asked (re-read, twenty-first round)
        "I don't think I can continue on like this much longer.",  # (risk set 95 dev: nothing)
        "I can't keep going like this",
        "I have morbid thoughts, more often than I blink my eyes.",  # (risk set 82 dev: nothing)
        "The nights are the hardest and my thoughts get more darker by each passing hour.",
        "i do not wanna be here.",  # the place unsaid (risk set 80 dev: nothing)
        "I don't want to be here",
        "I am giving up.",  # said bare (risk set 87 dev: a menu of three entries)
        "I'm on self-distruct right now, and I don't care what happens to me.",  # (risk set 95 dev: a menu)
        "I don't care what happens to me anymore",  # (probe: the elder-care entry)
        "何もかも諦めた",
        "I give up on the future",  # "on the" is no thing given up (re-read, twenty-third round)
        "I wonder what's the point of being alive.",  # (risk set 98 dev: nothing)
        "why am i still alive",
    ],
)
def test_weak_signs_are_asked_about_directly_with_buttons(knowledge: Knowledge, text: str) -> None:
    [outcome] = talk(knowledge, text)
    assert outcome.handoff is None and outcome.asked_about_risk
    question = outcome.replies[-1]
    assert [choice.data for choice in question.choices] == ["risk:yes", "risk:no", "person"]
    assert "ボタン" not in question.text or question.choices
    assert all(not reply.choices for reply in outcome.replies[:-1])  # one set of buttons, on the question


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("消費者金融の督促が毎日きてつらいです。どうしたらいいですか", "法テラス"),
        ("家賃が払えなくてつらい", "住居確保給付金"),
        # an illness named by its name is a mental-health need: its places, then the question
        ("統合失調症の弟がいて、家族が疲れきっています。", "精神保健福祉センター"),
        ("かいごつかれた", "地域包括支援センター"),  # 介護 typed in kana is named too
        ("ひとりおやで くるしい", "児童扶養手当"),  # ひとり親 typed in kana (once the question alone)
        ("I lost everything in the earthquake, where can I get help?", "被災者生活再建支援"),
        # no need word, but more than the sign: a question about divorce (once the question alone)
        ("離婚したいけどどうしたらいいかわからない", "離婚"),
        ("眠れない、つらい", "保健センター"),
    ],
)
def test_a_weak_sign_beside_a_named_need_is_answered_then_asked(knowledge: Knowledge, text: str, says: str) -> None:
    """The question alone would leave the person without the answer they came for."""
    [outcome] = talk(knowledge, text, state=ConversationState(greeted=True))
    assert outcome.asked_about_risk and outcome.handoff is None
    assert says in outcome.replies[0].text and len(outcome.replies) > 1
    assert [choice.data for choice in outcome.replies[-1].choices] == ["risk:yes", "risk:no", "person"]


def test_the_line_announcing_related_questions_goes_with_their_buttons(knowledge: Knowledge) -> None:
    """The question takes the one set of buttons: "ほかに、こんなことも答えられます。" would point at none."""
    # (生活がくるしい was asked by its written くるしい while read aloud it is 生活が苦しい, money being tight: an
    # exception now counts in either view, so it is answered and not asked; eleventh round)
    [outcome] = talk(knowledge, "シングルマザーです。毎日しんどい", state=ConversationState(greeted=True))
    assert outcome.asked_about_risk and outcome.faq_id is not None
    assert knowledge.texts.get("related") not in outcome.text


@pytest.mark.parametrize("text", ["つかれた", "なんかもう疲れちゃった", "どうしたらいいかわからない", "もういやだ"])
def test_a_weak_sign_alone_is_only_asked_about(knowledge: Knowledge, text: str) -> None:
    [outcome] = talk(knowledge, text, state=ConversationState(greeted=True))
    assert len(outcome.replies) == 1 and outcome.asked_about_risk


@pytest.mark.parametrize(
    "text",
    [
        "生活保護の申請はどこでできますか",
        "障害年金について知りたい",
        "こんばんは",
        "ありがとう",
        # read aloud, plain words held a weak sign: ほけんしょうがない (しょうがない), きょうどうせいかつ (どうせ),
        # いちぶふたんきん and 負担限度額 (a burden)
        "保険証がない",
        "きょうどうせいかつえんじょ",
        "いちぶふたんきん げんめん",
        "介護保険 負担限度額認定証",
        # money being tight is 家計 (生活が苦しい), not weariness of living
        "病気の治療代がかさんで日々の生活が苦しい",
        # who pays what share is no burden of a person; 自分の生活 read aloud holds じぶんのせい (my fault)
        "医療費の公費負担について知りたい",
        "自分の生活のために働きたい",
        "i hate my job",
        "これって大丈夫じゃないですか？",  # asking whether something is all right
        "nothing matters more than family",
        "大丈夫です",
        "老人ホームに行きたい",  # a care home is no platform (ホーム)
        "マンションに行きたい",
        "I wrote a letter to my parents asking them for money",
        "I keep thinking about my medication costs",
        # a breath that is hard is the body's trouble (the #7119 entry), not weariness (tenth round: asked)
        "息が苦しい",
        "いき くるしい",
        "人生で一番嬉しくない日",  # a bad day, not joy gone from living (eleventh round)
        "会議では主に支援者側の視点から議論が進められた",  # 主に is read おもに, as 重荷 is (eleventh round)
        "今は悲しいと思うことはあまりないです",  # a feeling said to be rare now (risk set 29 dev)
        "I'm so done with exams",  # exams, not everything (probe, eleventh round)
        "入園の内定を受けた幼稚園で手続きをしてください",  # 内定 is read ないてい, as 泣いてい(る) is
        "路上駐車は近隣に住んでいる方の迷惑になります",  # a nuisance, not oneself a burden
        "費用の１割を負担して介護サービスを利用します",  # a cost borne, not a burden
        "主人の通勤にかかる負担を減らすために別居をしています",  # a load lightened (first-contact set 54 dev)
        "生きてる間に一度は行きたい、嬉しくない訳がない",
        "my car is falling apart",
        "大切にしていた時計をなくした",
        "I give up on this puzzle",
        "my phone screen is broken",
        "I always do something stupid when I'm tired",  # "something stupid" alone is no harm named
        "I'm scared I'll do something wrong at work",
        "店長にありがとうと伝えてください",  # thanks passed on, not a farewell
        # medicine and guns in everyday care, sport or chores (twentieth round)
        "Ibuprofen should do the trick for my headache.",
        "These sleeping pills did the trick, I slept 8 hours.",
        "A bottle of vinegar ought to do the trick on the stains.",
        "Taking too many paracetamol tablets can be fatal, so check the dose.",
        "My doctor worked out the right dose for my blood pressure pills.",
        "I counted my pills to see if I need a refill.",
        "Grandma wanted an open casket at her funeral.",
        "The gun range was fun, my first time shooting.",
        "Chocolate can be fatal to dogs.",
        "What's the most painless way to get a tattoo?",
        "I need a way out of my debt.",
        "This job is my way out of poverty.",
        "Two grapes would be fatal to my dog.",
        "I won't be here tomorrow, I'm on holiday.",
        "I won't be here tomorrow because of a doctor's appointment.",
        "We had to rehome our dog because we're moving.",
        "I gave my cat to my mum because my landlord doesn't allow pets.",
        "I'm done with my homework, bye!",
        "I put my affairs in order with a lawyer when I retired.",
        "I have a gun license.",
        "I have a gun for hunting deer.",
        "I have a glue gun for crafts.",
        "I always carry my anxiety pills just in case I get a panic attack",
        "電車好きの息子と線路見てる",
        "I give up on this riddle",  # giving up a thing said after it (twenty-third round)
        "I'm giving up smoking",
        "the point of being alive is to enjoy it, my teacher said",
    ],
)
def test_ordinary_questions_are_not_asked_about(knowledge: Knowledge, text: str) -> None:
    [outcome] = talk(knowledge, text)
    assert not outcome.asked_about_risk and outcome.handoff is None


@pytest.mark.parametrize(
    ("sign", "yes"),
    [
        ("つかれた", "はい"),
        ("つかれた", "うん"),
        ("つかれた", "はい、少し"),
        ("つかれた", "今夜"),  # a time alone answers yes, and when
        ("i hate myself and i am ready to go", "today."),  # (risk set 47 dev: nothing)
    ],
)
def test_yes_to_the_direct_question_hands_off_at_emergency(knowledge: Knowledge, sign: str, yes: str) -> None:
    _, answered = talk(knowledge, sign, yes)
    assert urgency(answered) is Urgency.EMERGENCY and answered.handoff is not None
    assert answered.handoff.triggers == ("asked:yes",)


def test_the_yes_button_is_the_same_as_writing_yes(knowledge: Knowledge) -> None:
    [asked] = talk(knowledge, "つかれた")
    pressed = respond(Message(text="", at=NIGHT, kind=MessageKind.POSTBACK, payload="risk:yes"), asked.state, knowledge)
    assert urgency(pressed) is Urgency.EMERGENCY


def test_no_gets_care_and_a_second_sign_later_opens_a_case(knowledge: Knowledge) -> None:
    asked, denied, later = talk(knowledge, "つかれた", "いいえ", "どうせ分かってもらえない")
    assert asked.asked_about_risk and denied.handoff is None
    assert "0120" in denied.text or "0570" in denied.text  # the lines that answer now
    assert later.handoff is not None and later.handoff.rule_id == "risk_signals"
    assert any(t.startswith("signs_over_turns") for t in later.handoff.triggers)


@pytest.mark.parametrize("miss", ["あああ", "😭😭😭", "ｋｊｈｇｆ"])
def test_in_a_risk_conversation_a_miss_gets_care_never_rephrase(knowledge: Knowledge, miss: str) -> None:
    _, outcome = talk(knowledge, "死にたい", miss)
    assert "言い方を変えて" not in outcome.text and "書いてくれてありがとう" in outcome.text
    assert outcome.services  # lines open now


def test_distress_without_words_gets_care_on_first_contact(knowledge: Knowledge) -> None:
    [outcome] = talk(knowledge, "😭😭😭")
    assert "言い方を変えて" not in outcome.text and outcome.services


@pytest.mark.parametrize(
    ("first", "then", "raised"),
    [
        ("死にたい", "今から", True),  # the answer to "when?": an emergency under the rule already shown
        ("死にたい", "今夜です", True),
        ("I want to die", "tonight", True),
        ("彼氏に叩かれた", "今すぐ", True),
        ("死にたい", "今夜は友達と会う", False),  # a time that says more is read as what it says
        ("家賃が払えない", "今から", False),  # no risk shown: a time alone is nothing
        ("死にたい", "nowhere to go", False),  # "now" only as a whole word
        ("死にたい", "こんばんは", False),  # a greeting that starts like 今晩 (QA, 2026-12-05: was an emergency)
        ("死にたい", "今晩は", False),
        ("死にたい", "今晩", True),
    ],
)
def test_a_time_alone_after_risk_is_an_emergency(knowledge: Knowledge, first: str, then: str, raised: bool) -> None:
    last = talk(knowledge, first, then)[-1]
    assert (urgency(last) is Urgency.EMERGENCY) is raised


def test_urgency_never_goes_down_in_the_state(knowledge: Knowledge) -> None:
    outcomes = talk(knowledge, "死にたい", "ロープ買った", "ありがとう")
    assert outcomes[-1].state.risk_rule == "suicide"


@pytest.mark.parametrize(
    ("text", "rule", "level"),
    [
        ("母が倒れて動かない", "emergency_119", Urgency.EMERGENCY),
        ("ぜんぶのんだらおわれるかな", "suicide", Urgency.EMERGENCY),  # a plan: not "you have taken the pills"
        ("お父さんにたたかれた。小3です", "child_abuse", Urgency.URGENT),
        ("お酒を飲むと親がなぐる", "child_abuse", Urgency.URGENT),
        ("今夜も家にだれもいない。ばんごはんない", "child_abuse", Urgency.EMERGENCY),
        ("元夫が家の前で待ってる", "danger_now", Urgency.EMERGENCY),
        ("誰のおかげで生活できるんだって毎日怒鳴られる", "violence_dv", Urgency.URGENT),
        ("仕事があるって言われて来たのに仕事がなかった", "no_shelter_tonight", Urgency.URGENT),
        ("高架下で寝てる", "no_shelter_tonight", Urgency.URGENT),
        ("オペレーターに代わって", "ask_person", Urgency.NORMAL),
        ("担当の人につないでください", "ask_person", Urgency.NORMAL),
        ("希死念慮があります", "suicide", Urgency.URGENT),
        ("父が意識混濁の状態です", "emergency_119", Urgency.EMERGENCY),
        ("父が倒れた", "emergency_119", Urgency.EMERGENCY),  # just now; 倒れて入院 is a care story
        ("my mom collapsed", "emergency_119", Urgency.EMERGENCY),
        ("my roommate isn't waking up", "emergency_119", Urgency.EMERGENCY),
        ("祖母が転んだまま起き上がることができずにいる", "emergency_119", Urgency.EMERGENCY),
        ("my dad is not answering and he's gurgling", "emergency_119", Urgency.EMERGENCY),
    ],
)
def test_the_right_emergency_for_the_situation(knowledge: Knowledge, text: str, rule: str, level: Urgency) -> None:
    [outcome] = talk(knowledge, text)
    assert outcome.handoff is not None and (outcome.handoff.rule_id, outcome.handoff.urgency) == (rule, level)


@pytest.mark.parametrize(
    "text",
    [
        "父が倒れて入院し、介護が必要になりました",
        "3年前に母が倒れてから介護をしています",
        "my mom collapsed last year and now needs care",
    ],
)
def test_a_collapse_told_as_the_start_of_care_is_no_emergency(knowledge: Knowledge, text: str) -> None:
    [outcome] = talk(knowledge, text)
    assert outcome.handoff is None or outcome.handoff.rule_id != "emergency_119"


@pytest.mark.parametrize(
    ("text", "emergency"),
    [
        # everyday means bought, or not affordable, is not preparation for suicide
        ("薬を買うお金がない", False),
        ("風邪薬を買いたいけどお金がない", False),
        ("子どもの薬を買えない", False),
        ("薬局で言葉がわからなくて薬が買えなかった。留学生です", False),
        ("包丁を買った", False),
        # lethal means got ready, or everyday means hoarded, is
        ("ロープを買ってきた", True),
        ("練炭を用意した", True),
        ("睡眠薬を集めてる", True),
        ("市販薬を何箱も買ってある", True),
    ],
)
def test_means_are_preparation_when_lethal_or_hoarded(knowledge: Knowledge, text: str, emergency: bool) -> None:
    [outcome] = talk(knowledge, text)
    raised = outcome.handoff is not None and outcome.handoff.urgency == Urgency.EMERGENCY
    assert raised == emergency, outcome.handoff


@pytest.mark.parametrize(
    "text",
    [
        "ライオンがシマウマに殺される",
        "癌細胞を殺す薬",
        "最近の事件で人が殺されるニュースが増えている",
        "仕事に忙殺されている",
        "死ぬほどお腹が空いている",
    ],
)
def test_killing_in_news_nature_medicine_and_idiom_is_not_a_handoff(knowledge: Knowledge, text: str) -> None:
    [outcome] = talk(knowledge, text)
    assert outcome.handoff is None, outcome.handoff


@pytest.mark.parametrize(
    ("text", "answer"),
    [
        ("はい", "yes"),
        ("うん", "yes"),
        ("いいえ", "no"),
        ("ううん大丈夫", "no"),
        ("ありません", "no"),
        ("はいはいそれより家賃のことを教えてほしいんですけど", None),
        ("大丈夫じゃない", "yes"),  # not fine is not a no
        ("だいじょうぶじゃないかも", "yes"),
        ("ないてる", None),  # crying, not "no"
        ("いいえ、ないです", "no"),
        ("today.", "yes"),  # a time alone says yes, and when (risk set 47 dev)
        ("今夜です", "yes"),
        ("今日", "yes"),
        ("こんばんは", None),  # a greeting, no time
        ("今日は仕事休みです", None),  # a day told about, not a time answered
        ("today i went to the doctor", None),
    ],
)
def test_short_answers_to_the_question(knowledge: Knowledge, text: str, answer: str | None) -> None:
    from bot.core.normalize import fold

    assert answer_to_question(fold(text), knowledge.answers) == answer


@pytest.mark.parametrize(
    ("text", "feeling_only"),
    [
        ("こわい", True),
        ("怖いです", True),
        ("不安です…", True),
        ("すごく怖い", True),
        ("なんか不安", True),
        ("心配", True),
        ("scared", True),
        ("I'm so scared", True),
        ("i am really worried", True),
        # a feeling beside anything else is a question like any other
        ("不安 家賃", False),
        ("こわい夢を見た", False),
        ("scared of my husband", False),
        ("I'm worried about rent", False),
        # a feeling that names its own need (loneliness has support of its own) is answered
        ("さびしい", False),
        ("家賃", False),
    ],
)
def test_fear_or_worry_alone_is_told_from_a_question(knowledge: Knowledge, text: str, feeling_only: bool) -> None:
    assert only_feelings(analyze(text).words, knowledge.feelings) is feeling_only


@pytest.mark.parametrize("text", ["こわい", "不安", "怖い", "I'm so scared"])
def test_fear_or_worry_alone_gets_care_and_lines_not_a_guessed_entry(knowledge: Knowledge, text: str) -> None:
    # 不安 met the pregnancy entry, 怖い the loan sharks', こわい the stalker entry
    [outcome] = talk(knowledge, text)
    assert outcome.faq_id is None and outcome.handoff is None
    said = knowledge.texts_en.get("feeling_only") if text.isascii() else knowledge.texts.get("feeling_only")
    assert said in outcome.text
    assert any(line.open_now for line in outcome.services)  # a line that answers now


def test_a_feeling_said_with_a_danger_still_fires_the_rule(knowledge: Knowledge) -> None:
    [outcome] = talk(knowledge, "夫がこわい")
    assert outcome.handoff is not None and outcome.handoff.rule_id == "violence_dv"


@pytest.mark.parametrize(
    ("text", "rule", "not_fired"),
    [
        # one's own boyfriend is dating violence; it was sent to the child-abuse line (189) first
        ("彼氏に殴られた", "violence_dv", "child_abuse"),
        ("中学生です。彼氏に殴られた", "violence_dv", "child_abuse"),
        # a mother's boyfriend who hits a child is child abuse
        ("ママの彼氏に殴られる", "child_abuse", None),
        ("母の彼氏に蹴られた 小5", "child_abuse", None),
    ],
)
def test_whose_boyfriend_decides_the_line(knowledge: Knowledge, text: str, rule: str, not_fired: str | None) -> None:
    [outcome] = talk(knowledge, text)
    assert outcome.handoff is not None and outcome.handoff.rule_id == rule
    assert not_fired is None or not_fired not in outcome.handoff.also_fired


@pytest.mark.parametrize("text", ["もう自殺したい", "自殺したいです"])
def test_a_wish_to_kill_oneself_is_no_wish_to_kill_another(knowledge: Knowledge, text: str) -> None:
    # the 殺したい inside 自殺したい fired urge_to_harm beside suicide (re-read, twenty-seventh round)
    [outcome] = talk(knowledge, text)
    assert outcome.handoff is not None and outcome.handoff.rule_id == "suicide"
    assert "urge_to_harm" not in outcome.handoff.also_fired


@pytest.mark.parametrize(
    ("steps", "answered"),
    [
        # the same story going on: a visa entry met 「でも別れられない」 after 彼氏に殴られた
        (["彼氏に殴られた", "でも別れられない"], None),
        # a message the FAQ does not answer, in a conversation at risk: the same care, worded for words
        (["夫が怖い", "子どももいます"], None),
        # a child named is no child's need: 「子どもも怖がってる」 after 夫が怒鳴る met the bullying entry
        (["夫が怒鳴る", "子どもも怖がってる"], None),
        (["夫が怒鳴る", "息子のことも心配"], None),
        # ... but a need named beside the child is answered: the fever is #8000's
        (["夫が怒鳴る", "子どもが熱を出した"], "med-8000"),
        # a few words naming no need, after an urgent handoff not about a life: the same story going on
        # (「寒い」 met the entry on heating bills, 「頭がふらふらする」 the one on the self-reliance office)
        (["家を追い出された", "今夜寝る場所がない", "寒い"], None),
        (["お金がない", "3日食べてない", "頭がふらふらする"], None),
        (["I'm being kicked out of my apartment", "tomorrow"], None),  # handed on at urgent: the same story
        (["家を追い出された", "生活保護は受けられますか"], "seikatsu-hogo-what"),  # asked: answered
        # money asked for after violence is a need named (「おかねかして」 got only care: no money word)
        (["今日は殴られた", "おかねかして"], "kinkyu-koguchi-shikin"),
        # wanting to leave a partner is the DV centre's question (shelter, 一時保護)
        (["夫が怖い", "子どもを連れて夫から逃げたい"], "vio-haigusha-bouryoku-center"),
        # a question is answered, and so is a need the message names
        (["彼氏に殴られた", "生活保護は受けられますか"], "seikatsu-hogo-what"),
        (["死にたい", "家賃が払えない", "生活保護を受けたい"], "seikatsu-hogo-what"),
        (["I want to die", "can I get welfare?"], "seikatsu-hogo-where"),
        # no conversation at risk: a follow-up beside the first need is answered as before
        (["家賃が払えない", "保証人がいない"], "hoshounin-inai-heya"),
    ],
)
def test_in_a_conversation_at_risk_an_answer_beside_the_point_gives_way_to_care(
    knowledge: Knowledge, steps: list[str], answered: str | None
) -> None:
    last = talk(knowledge, *steps)[-1]
    assert last.faq_id == answered
    if answered is None:
        texts = knowledge.texts_en if steps[-1].isascii() else knowledge.texts
        assert texts.get("risk_follow") in last.text
        assert last.services and any(line.open_now for line in last.services)  # the risk's lines, open now


@pytest.mark.parametrize(
    ("steps", "rule", "urgency"),
    [
        # a carer who hit the parent they care for: elder abuse, not a parent who hits a child (189)
        (["母の介護で疲れた", "母を叩いてしまった"], "elder_abuse", Urgency.URGENT),
        # a time and going somewhere, after a risk: a plan in motion (once the caring reply alone)
        (["死にたい", "今から駅に行く"], "suicide", Urgency.EMERGENCY),
        (["つらい", "もう無理", "今から海に行く"], "risk_signals", Urgency.EMERGENCY),
        (["I want to die", "tonight I'm going to the bridge"], "suicide", Urgency.EMERGENCY),
        # signs added up over turns are raised as in one message: a knife after 暴れる (once urgent only)
        (["息子が引きこもっている", "暴れることもある", "包丁を持ち出した"], "risk_signals", Urgency.EMERGENCY),
        # drowsiness after an overdose or a wish to die may be what was taken: an emergency (119)
        (["ODしちゃった", "ねむい"], "overdose", Urgency.EMERGENCY),
        (["I want to die", "I feel really sleepy now"], "suicide", Urgency.EMERGENCY),
        # the partner's violence again: not the child-abuse reply 「今日また殴られた」 alone would bring (QA, 2026-12-05)
        (["夫が怖い", "今日また殴られた"], "violence_dv", Urgency.EMERGENCY),
        # but someone new named is their own risk: the children hit too (189)
        (["夫が怖い", "子どもも叩かれてる"], "child_abuse", Urgency.URGENT),
        # a phone taken after a fight, shouting at the door, then locked in the bathroom (probe, sixteenth round:
        # each line met nothing); a grandmother not fed by the uncle she lives with
        (
            [
                "My boyfriend and I had a fight again",
                "He took my phone and won't give it back",
                "i locked myself in the bathroom",
            ],
            "violence_dv",
            Urgency.EMERGENCY,
        ),
        (["my grandma lives with my uncle", "he doesn't feed her properly"], "elder_abuse", Urgency.URGENT),
        # a weak sign asked about, then "nothing matters", then pills: the means in a conversation at risk
        (["i'm tired", "nothing matters", "i have pills"], "risk_signals", Urgency.EMERGENCY),
        # a partner's violence told a line at a time, then someone at the door now (fifteenth round's probes: the
        # phone and the door met nothing, and "I'm hiding" after a bottle thrown stayed urgent)
        (["彼氏とケンカした", "スマホ壊された"], "violence_dv", Urgency.URGENT),
        (
            ["彼氏とケンカした", "スマホ壊された", "外に出してくれない", "今もドアの前にいる"],
            "danger_now",
            Urgency.EMERGENCY,
        ),
        (
            ["my husband drinks", "tonight he threw a bottle at me", "I'm hiding in the bathroom"],
            "violence_dv",
            Urgency.EMERGENCY,
        ),
        # stalking told a line at a time: back under another account, then seen near home (the stalker entry only)
        (
            ["元彼からまたLINE", "ブロックしたのに別のアカウントで来る", "家の近くで見かけた"],
            "danger_now",
            Urgency.EMERGENCY,
        ),
        # the utility named the message before, then cut off today (the bills entry only)
        (["電気代ずっと払ってない", "今日止められた"], "utilities_cut", Urgency.URGENT),
        # about to hit, said bare after the crying child (the 児童相談所 entry alone)
        (["子どもが泣き止まない", "もう3時間", "叩きそう"], "parent_harm_told", Urgency.URGENT),
    ],
)
def test_what_a_later_message_means_in_the_conversation(
    knowledge: Knowledge, steps: list[str], rule: str, urgency: Urgency
) -> None:
    last = talk(knowledge, *steps)[-1]
    assert last.handoff is not None and last.handoff.rule_id == rule and last.handoff.urgency is urgency


def test_drowsiness_alone_is_no_emergency(knowledge: Knowledge) -> None:
    [outcome] = talk(knowledge, "ねむい")
    assert outcome.handoff is None


@pytest.mark.parametrize(
    ("turns", "fires_at"),
    [
        # a heatstroke told a sentence at a time: neither message alone reaches the threshold
        (["部活中に熱中症でダウンしたみたい", "顔が真っ青で、さっき吐いた"], 1),
        (["なぜか冷や汗が出る", "立つと貧血になりそう", "頭痛も始まった"], 2),
        (["my dad looks really pale", "now he says he has a headache and feels dizzy"], 1),
        # chest pain on the left, then a cold sweat (risk set 37 dev: 突然左胸が痛み始めた → 拍動に合わせてズキズキ痛む
        # met nothing before; chest pain that starts suddenly is now enough alone, in risk_phrases.yaml)
        (["左胸が痛い", "冷や汗も出てきた"], 1),
        # an answer that barely comes, then the ambulance crew worried (risk set 36 dev: nothing before)
        (
            [
                "母の背中をさすりながら話しかけていた。呼ぶと少し答える。",
                "救急隊員も「これはかなり……」と言ったので不安になる。",
            ],
            1,
        ),
        (["左胸が痛いけど筋肉痛かな", "歯もズキズキ痛む"], None),
        # a cold: everyday complaints never add up without a sign of weight
        (["頭が痛い", "熱がある", "吐き気もする"], None),
        (["i have a headache", "and a fever", "feel nauseous too"], None),
        # a sign said once, then nothing new: no handoff on old signs alone
        (["顔が真っ青って言われた", "ありがとう", "生活保護の申請はどこ"], None),
        # one message with no sign between is part of the run (a story told a line at a time); two end it
        (["熱中症っぽい", "ありがとう", "顔が真っ青で吐いた"], 2),
        (["熱中症っぽい", "ありがとう", "生活保護の申請はどこ", "顔が真っ青で吐いた"], None),
    ],
)
def test_signs_of_the_body_add_up_over_messages(knowledge: Knowledge, turns: list[str], fires_at: int | None) -> None:
    outcomes = talk(knowledge, *turns)
    fired = [i for i, o in enumerate(outcomes) if o.handoff and o.handoff.rule_id == "symptoms_adding_up"]
    assert fired[:1] == ([] if fires_at is None else [fires_at]), [o.handoff for o in outcomes]
    if fires_at is not None:
        triggers = outcomes[fires_at].handoff.triggers  # type: ignore[union-attr]
        assert any(t.startswith("earlier:") for t in triggers) and "119" in outcomes[fires_at].text


@pytest.mark.parametrize(
    ("turns", "fires_at"),
    [
        (["ベランダにいる", "寒い"], 1),  # a place, then the cold: as in one message (2 + 1)
        (["包丁がある", "夜中"], 1),
        # a farewell from a friend, then no answer (probe, sixteenth round: nothing, then a children's night line)
        (["my friend texted me goodbye", "she's not answering her phone"], 1),
        (["仕事で疲れた", "ありがとう", "明日ハローワークに行きます"], None),  # the run ended in between
    ],
)
def test_the_signs_of_a_risk_add_up_over_consecutive_messages(
    knowledge: Knowledge, turns: list[str], fires_at: int | None
) -> None:
    outcomes = talk(knowledge, *turns)
    fired = [i for i, o in enumerate(outcomes) if o.handoff and o.handoff.rule_id == "risk_signals"]
    assert fired[:1] == ([] if fires_at is None else [fires_at]), [o.handoff for o in outcomes]


def test_a_conversation_already_at_risk_is_not_handed_off_again_for_its_symptoms(knowledge: Knowledge) -> None:
    # (read in the light of the risk shown; a message whose own signs reach the threshold still fires)
    _, first, second = talk(knowledge, "熱中症っぽい", "母が倒れて息してない", "顔が真っ青")
    assert first.handoff is not None and first.handoff.rule_id == "emergency_119"
    assert second.handoff is None or second.handoff.rule_id != "symptoms_adding_up"


def test_the_signs_seen_are_remembered_in_the_stored_state(knowledge: Knowledge) -> None:
    from bot.store.storage import state_from_json, state_to_json

    [said] = talk(knowledge, "熱中症っぽい")
    assert said.state.signs_seen == ("熱中症",)
    [later] = talk(knowledge, "顔が真っ青で吐いた", state=state_from_json(state_to_json(said.state)))
    assert later.handoff is not None and later.handoff.rule_id == "symptoms_adding_up"


@pytest.mark.parametrize(
    "steps",
    [
        ["死にたい", "今から仕事に行く"],  # ordinary going, or getting help, is no plan
        ["死にたい", "今から病院に行く"],
        ["今から駅に行く"],  # no risk shown before: a time and a place are nothing
    ],
)
def test_going_somewhere_ordinary_or_without_risk_is_no_emergency(knowledge: Knowledge, steps: list[str]) -> None:
    last = talk(knowledge, *steps)[-1]
    assert last.handoff is None or last.handoff.urgency is not Urgency.EMERGENCY


@pytest.mark.parametrize(
    ("turns", "rule_id"),
    [
        # a child talked of, then a hand raised: parent_near_harm's patterns need the child in the same message
        (("子どもが言うことを聞かない", "毎日怒鳴ってしまう", "昨日は叩いてしまった"), "parent_harm_told"),
        (("小学生の娘がいます", "つい手が出てしまいました"), "parent_harm_told"),
        # no child in the conversation: 叩いてしまった alone says nothing of whom (two messages no entry answers:
        # a worker is offered, not a child's rule)
        (("夫と喧嘩して", "叩いてしまった"), "repeated_misses"),
        # ... and after an answer, neither is answered with it again (both got the 生活保護 answer: the chat,
        # twenty-third round; tests/test_followup.py)
        (("生活保護を申請したいです", "夫と喧嘩して", "叩いてしまった"), "repeated_misses"),
    ],
)
def test_a_hand_raised_after_a_child_was_talked_of(
    knowledge: Knowledge, turns: tuple[str, ...], rule_id: str | None
) -> None:
    last = talk(knowledge, *turns)[-1]
    assert (last.handoff.rule_id if last.handoff else None) == rule_id


def test_a_gun_after_no_way_forward_is_an_emergency(knowledge: Knowledge) -> None:
    # a lost job, no way forward (asked), then the gun (probe, twentieth round: nothing at all, turn by turn)
    outcomes = talk(knowledge, "I can't sleep", "I lost my job", "I don't see a way forward", "I have my dad's gun")
    assert outcomes[2].asked_about_risk
    last = outcomes[-1].handoff
    assert last is not None and last.urgency is Urgency.EMERGENCY


def test_an_older_person_alone_not_answering_adds_up_over_two_messages(knowledge: Knowledge) -> None:
    # (probe, twentieth round: the second message met the entry on no food today)
    first, second = talk(knowledge, "my grandma lives alone", "she isn't answering her phone since yesterday")
    assert first.handoff is None
    assert second.handoff is not None and second.handoff.rule_id == "risk_signals"


def test_a_parent_alone_whose_phone_does_not_connect_is_handed_on(knowledge: Knowledge) -> None:
    # (probe, twentieth round: the care entry only, three messages long)
    [outcome] = talk(knowledge, "一人暮らしの父に電話がつながらない")
    assert outcome.handoff is not None and outcome.handoff.rule_id == "risk_signals"
    [outcome] = talk(knowledge, "会社に電話がつながらない")
    assert outcome.handoff is None


def test_a_raised_hand_and_a_knife_are_violence_not_a_means_made_ready(knowledge: Knowledge) -> None:
    # 手をあげた holds あげた, a thing given away when a means is made ready (risk set 67 dev: the suicide rule's)
    [outcome] = talk(
        knowledge, "うちに居座るようになってから、長男に手をあげたり、時には刃物で脅すようなこともありました。"
    )
    assert outcome.handoff is not None and outcome.handoff.rule_id == "violence_dv"
    assert "suicide" not in outcome.handoff.also_fired


def test_a_rule_word_is_not_read_across_a_katakana_word(knowledge: Knowledge) -> None:
    # 抵抗したためナイフで folds to したためないふで: ためない (a hoard of pills) beside the knife made a burglary's victim,
    # asking where to seek compensation, a suicide emergency (first-contact set 89 dev). The stabbing is still read.
    [outcome] = talk(knowledge, "息子が自宅で侵入してきた強盗に襲われ、抵抗したためナイフで刺され、大怪我をしました。")
    assert outcome.handoff is not None and outcome.handoff.rule_id != "suicide", outcome.handoff
