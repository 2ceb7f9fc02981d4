"""Answering from the FAQ: acting on the answer-or-offer decision, long messages, and "is it open now?"."""

from __future__ import annotations

from dataclasses import replace

import pytest

from bot.core.answering import answer, from_candidates
from bot.core.knowledge import Knowledge
from bot.core.model import ConversationState, Message, MessageKind
from bot.core.pipeline import respond
from tests.conftest import candidate, tokyo

NIGHT = tokyo("2026-11-25 02:30")
DAY = tokyo("2026-11-25 10:30")


@pytest.mark.parametrize(
    ("ranked", "answered", "related", "asked_which"),
    [
        # answered alone
        ([("seikatsu-hogo-where", 120.0), ("dis-shougai-nenkin-what", 80.0)], "seikatsu-hogo-where", [], False),
        # answered, with its topic's others as buttons
        (
            [("seikatsu-hogo-right", 141.0), ("seikatsu-hogo-where", 138.0), ("seikatsu-hogo-what", 137.0)],
            "seikatsu-hogo-right",
            ["seikatsu-hogo-where", "seikatsu-hogo-what"],
            False,
        ),
        # which one?
        ([("seikatsu-hogo-where", 100.0), ("dis-shougai-nenkin-what", 99.0)], None, [], True),
        # nothing near: the fallback
        ([("seikatsu-hogo-where", 30.0)], None, [], False),
    ],
)
def test_answer_or_offer(
    knowledge: Knowledge, ranked: list[tuple[str, float]], answered: str | None, related: list[str], asked_which: bool
) -> None:
    candidates = [candidate(knowledge, entry_id, score) for entry_id, score in ranked]
    outcome = from_candidates(candidates, Message(text="q", at=NIGHT), ConversationState(), knowledge, latin=False)
    assert outcome.faq_id == answered
    offered = [c.data.removeprefix("faq:") for r in outcome.replies for c in r.choices if c.data.startswith("faq:")]
    if answered:
        assert offered == related
    assert (knowledge.texts.get("ambiguous") in outcome.text) is asked_which
    if asked_which:  # "which one?" invites them to go on writing, never to say it differently
        assert "言い方を変えて" not in outcome.text


@pytest.mark.parametrize(
    ("ranked", "misses_before", "misses_after"),
    [
        # "which one?" answers nothing yet: a miss, so a menu and a miss reach the repeated-misses rule
        ([("seikatsu-hogo-where", 100.0), ("dis-shougai-nenkin-what", 99.0)], 0, 1),
        ([("seikatsu-hogo-where", 100.0), ("dis-shougai-nenkin-what", 99.0)], 1, 2),
        # an answer starts the count again; the fallback is a miss as ever
        ([("seikatsu-hogo-where", 120.0), ("dis-shougai-nenkin-what", 80.0)], 1, 0),
        ([("seikatsu-hogo-where", 30.0)], 1, 2),
    ],
)
def test_which_one_counts_as_a_miss(
    knowledge: Knowledge, ranked: list[tuple[str, float]], misses_before: int, misses_after: int
) -> None:
    candidates = [candidate(knowledge, entry_id, score) for entry_id, score in ranked]
    state = ConversationState(misses_in_row=misses_before)
    outcome = from_candidates(candidates, Message(text="q", at=NIGHT), state, knowledge, latin=False)
    assert outcome.state.misses_in_row == misses_after


@pytest.mark.parametrize(
    ("ranked", "maybe"),
    [
        # under 55 but far ahead: "is it this?" with its button, beside the places
        ([("eld-chiiki-houkatsu", 52.0), ("mishikyu-nenkin", 32.0)], "eld-chiiki-houkatsu"),
        ([("eld-chiiki-houkatsu", 45.0)], "eld-chiiki-houkatsu"),
        # not far enough ahead, or too weak: nothing offered
        ([("eld-chiiki-houkatsu", 52.0), ("mishikyu-nenkin", 40.0)], None),
        ([("eld-chiiki-houkatsu", 44.0)], None),
    ],
)
def test_one_far_ahead_is_offered_instead_of_asking_for_other_words(
    knowledge: Knowledge, ranked: list[tuple[str, float]], maybe: str | None
) -> None:
    candidates = [candidate(knowledge, entry_id, score) for entry_id, score in ranked]
    outcome = from_candidates(candidates, Message(text="q", at=NIGHT), ConversationState(), knowledge, latin=False)
    offered = [c.data for r in outcome.replies for c in r.choices if c.data.startswith("faq:")]
    assert outcome.faq_id is None
    assert offered == ([f"faq:{maybe}"] if maybe else [])
    assert (knowledge.texts.get("maybe") in outcome.text) is bool(maybe)
    assert ("言い方を変えて" in outcome.text) is not bool(maybe)
    if maybe:
        assert outcome.state.offered_faq_ids == (maybe,)
        assert knowledge.entry(maybe).question in outcome.text  # type: ignore[union-attr]


@pytest.mark.parametrize(
    ("text", "answered_by"),
    [
        # answered, and by the general entry: the debts entry once took the first by three points
        ("生活保護を申請したいです", {"seikatsu-hogo-where", "seikatsu-hogo-right", "seikatsu-hogo-what"}),
        ("生活保護を受けたいんですが、どこに行けばいいですか", {"seikatsu-hogo-where"}),
        ("生活保護を受けたいです", {"seikatsu-hogo-what", "seikatsu-hogo-where"}),
        # in hiragana: the household-split entry (わたしだけ せいほ うけたい) led by two points
        ("せいかつほご うけたいです", {"seikatsu-hogo-what", "seikatsu-hogo-where"}),
        ("しょうがいねんきんの申請", {"dis-shougai-nenkin-madoguchi", "dis-shougai-nenkin-what"}),
        ("生保の申請に必要なものは", {"seikatsu-hogo-bring"}),
        # debt alone is the debt entry, not 生活保護 with debts (its phrasing 借金ある なまぽ むり？ led)
        ("借金が100万円あります", {"shakkin-kaesenai"}),
        # the premium, not the share paid at the clinic (国民健康保険で病院の窓口で払うお金 led), nor 固定資産税
        ("国民健康保険が払えない", {"kokuho-hokenryou-genmen"}),
        ("国保が払えない", {"kokuho-hokenryou-genmen"}),
        # a parent at the end of their tether, not the allowance for a disabled child
        ("子どもを育てられない", {"kosodate-tsurai-kodomo-katei-center"}),
        # depression first (issue #9 named the 障害年金 answer for it); asking about a pension still gets it
        ("うつで働けない", {"mh-seishin-hoken-fukushi-center", "mh-nemurenai-tsurai"}),
        ("うつ病で働けない 年金", {"dis-shougai-nenkin-what"}),
        # an illness suspected is a doctor first, not the adult developmental disorder entry (on かもしれない)
        ("うつ病かもしれない", {"mh-seishinka-jushin"}),
        ("うつっぽい", {"mh-seishinka-jushin"}),  # not the consumer line (さぎっぽい)
        # debts alone are the debt consultation; the entry on 生活保護 with debts needs 生活保護 said (only_when)
        ("借金200万", {"shakkin-kaesenai"}),
        ("借金があっても生活保護受けられる？", {"seikatsu-hogo-shakkin"}),
        # asked of the chat: a loan (お金貸して is one word to sudachi, 金貸し, unless rewritten)
        ("お金貸してほしい", {"kinkyu-koguchi-shikin"}),
        ("おかねかして", {"kinkyu-koguchi-shikin"}),
        # a relative's suicide named beside the question: the debt is answered, no crisis reply
        ("自殺した兄の借金を請求された", {"souzoku-houki"}),
        # a son who stays in his room, not a deposit not returned (部屋, 出てこない / 返ってこない)
        ("息子が部屋から出てこない", {"iso-hikikomori-center"}),
        # wanting to leave a husband is divorce; the spouse-visa notice needs a residence status said (only_when)
        ("夫と別れたい", {"rikon-choutei"}),
        ("日本人の夫と別れた ビザはどうなる", {"haigusha-visa-rikon-shibetsu"}),
        # narrow entries need their own words (only_when): a parent with dementia is 地域包括 first, not
        # guardianship; "maybe pregnant" is no workplace discrimination; an old father not eating is no 189
        ("親が認知症かも", {"eld-chiiki-houkatsu"}),
        ("妊娠したかも", {"ninshin-nayami-soudan"}),
        ("施設に入れたいけどお金がない", {"eld-kaigo-hiyou-keigen"}),
        ("スマホがつかえない", {"kounetsuhi-haraenai"}),  # not dating violence (すまほ: only_when, a partner)
        ("彼氏の束縛がひどい", {"vio-date-dv"}),
        # 児童扶養手当 is inside 特別児童扶養手当's words; the allowance asked for is the one answered
        ("児童扶養手当の申請", {"jidou-fuyou-teate-what"}),
        # separated: 児童扶養手当 and 児童手当 are two allowances with their own rules (only_when)
        ("別居中だけど児童扶養手当はもらえる？", {"jidou-fuyou-teate-bekkyo"}),
        ("別居中の児童手当は誰に入るの", {"jidou-teate-bekkyo"}),
        # a school year's costs beyond tuition are the high-school grant; a lunch fee is 就学援助 (primary)
        ("高校の教科書代と修学旅行費が払えない", {"koukousei-shougaku-kyuufukin"}),
        ("給食費が払えない", {"shuugaku-enjo"}),
        # leaving a job on a work visa is the notification to immigration; leaving a job alone is not
        ("就労ビザで会社をやめたら国に帰らないといけない？", {"shuro-visa-taishoku"}),
        ("仕事を辞めたら国民年金はどうなる", {"taishoku-kokumin-nenkin"}),
        # out of prison with nothing: 更生緊急保護 and the probation office (once the fallback)
        ("刑務所から出たばかり", {"shussho-go-seikatsu"}),
        ("兄が来月出所する", {"shussho-go-seikatsu"}),
        # (probe, 2026-12-06) a crime's victim got the sexual-violence one-stop centre; someone else's leaving home
        # the lines for a night without a bed; the bereaved by suicide the crisis reply; LGBT the self-reliance desk
        ("犯罪の被害にあった、相談したい", {"hanzai-higaisha-soudan"}),
        ("夫が家出した", {"yukue-fumei-todoke"}),
        ("自殺で家族を亡くした", {"jishi-izoku-soudan"}),
        ("LGBTの相談窓口", {"seiteki-minority-soudan"}),
        ("中絶の費用がない", {"ninshin-nayami-soudan"}),  # (probe: the school-costs entry, on 費用)
        ("性病かもしれない", {"seikansenshou-kensa"}),  # (probe: the fallback)
        ("補聴器を買うお金がない", {"hosougu-hi-shikyuu"}),  # (probe: the period-products entry, on 買うお金がない)
        ("死亡届はどこに出す", {"shibou-todoke"}),  # (probe: the pension lump-sum entry)
        ("任意整理ってなに", {"saimu-seiri-houhou"}),  # (probe: 任意継続 of health insurance, on 任意)
        ("育休中のお金", {"ikuji-kyugyo-kyufu"}),  # (probe: school aid, then the child support entry)
        ("出産手当金", {"ikuji-kyugyo-kyufu"}),  # (probe: the childbirth lump sum, another system)
        # (probe, 2026-12-06, ninth round) everyday papers met other entries on a shared word: a residence copy the
        # 生活保護 office, a seal the loan shark's, a pension book the mental-health card's, a move the child
        # allowance's 15 days, a mother-child handbook the disability cards'; each now has its own entry
        ("住民票をもらうにはどうしたらいい", {"juuminhyou-utsushi"}),
        ("実印を作って登録したい", {"inkan-touroku-shoumei"}),
        ("本籍地が遠くて戸籍謄本がとれない", {"koseki-shoumei"}),
        ("年金手帳をどこかにやってしまった", {"nenkin-techou-funshitsu"}),
        ("来週引っ越すけど役所の届出は？", {"hikkoshi-todoke"}),
        ("妊娠したら母子手帳はどうやってもらうの", {"boshi-techou"}),
        ("赤ちゃんの予防接種はお金がかかる？", {"kodomo-yobou-sesshu"}),
        ("限度額適用認定証はどこでもらえますか", {"med-kougaku-ryouyouhi"}),  # (probe: the fallback)
        ("国民健康保険に入る手続き", {"med-hokenshou-nai"}),  # (probe: the funeral grant, on 国民健康保険)
        ("前の会社が退職証明書を出してくれない", {"taishoku-shoumeisho"}),  # (sixteenth round: a menu)
        ("解雇理由証明書がほしい", {"taishoku-shoumeisho"}),
        # the renewal of a disability pension (seventeenth round: a new entry; set 55's story of a daughter's renewal)
        ("障害年金の更新の診断書が届いた", {"dis-shougai-joutai-kakunin"}),
        ("障害状態確認届 いつまで", {"dis-shougai-joutai-kakunin"}),
        ("障害年金を申請したい", {"dis-shougai-nenkin-what", "dis-shougai-nenkin-madoguchi"}),
        # ... and a word of theirs met elsewhere stays elsewhere: 届いた is no notification of a move,
        # a landlord's notice that came is no pension book
        ("大家さんから退去通知が届きました", {"taikyo-motomerareta"}),
        # (probe, 2026-12-06) online abuse met the net-café entry, a refugee's application the intractable
        # diseases', a child's day service the older people's, a traffic accident and cooling-off nothing
        ("SNSで悪口を書かれて消してほしい", {"net-hibou-chuushou"}),
        ("難民申請をしたい", {"nanmin-shinsei"}),
        ("放課後等デイサービスを使いたい", {"shougaiji-tsuusho-shien"}),
        ("車にぶつけられて、相手の保険会社と示談でもめている", {"koutsuu-jiko-soudan"}),
        ("クーリングオフしたい", {"shohisha-hotline-188"}),
        ("慰謝料を請求したい", {"houterasu-what"}),
        # wages not paid at a part-time job are the labour consultation's, not sick pay's (only_when: an illness
        # said); a pupil who may be pregnant is the pregnancy consultation's, not the high-school grant's
        ("バイト先で給料が出ない", {"shokuba-trouble-soudan", "mibarai-chingin-tatekae"}),
        ("高校生です。妊娠したかもしれません", {"ninshin-nayami-soudan"}),
        # (probe, 2026-12-06) a birth, a first My Number card and a checkup had no entry (a menu, the lost card's, a menu)
        ("子どもが生まれたので出生届を出したい", {"shussei-todoke"}),
        ("マイナンバーカードを申請したいけどどうすれば", {"mynumber-card-shinsei"}),
        ("がん検診を受けたい", {"kenkou-shinsa"}),
        # (probe) a foreign parent's child into school met school refusal's entry; a hospital's guarantor the
        # tenancy guarantor's (it now needs a home to rent said, and falls back)
        ("がいこくじん です。こども を がっこう に いれたい", {"gaikokujin-kodomo-shuugaku"}),
        ("身元保証人がいなくて入院できない", {None}),
        # 生活保護 said without a debt is not the entry on debts (「生活保護もらいたい」 met it on もらい)
        ("生活保護をもらいたい", {"seikatsu-hogo-what", "seikatsu-hogo-where"}),
        ("生活保護の金額", {"seikatsu-hogo-what"}),
        # (probe) a fall, a blow to the head, a burn, one-sided numbness at night: #7119 (whether to call 119), not
        # the fallback, the children's line or work injuries
        ("母が階段から落ちた、どうしよう", {"med-7119"}),
        ("手をやけどした", {"med-7119"}),
        ("強制執行の通知が届いた", {"taikyo-motomerareta"}),  # (probe: the fallback)
        # the consultation first, not the self-help groups; food without a word the entries used
        ("アルコール依存症の相談", {"izonshou-soudan"}),
        ("食料をもらいたい", {"foodbank-what", "kyou-taberu-mono-nai"}),
        # no appetite is a tired mind's sign, not a lack of food (「何も食べられなくなった」 once asked to rephrase)
        ("食欲がない", {"mh-nemurenai-tsurai"}),
        # a parent's wallet kept safe is 日常生活自立支援事業, not a lost wallet nor a child minded (only_when groups)
        ("どこかで財布を預かってもらうことはできないか", {"rights-nichijou-seikatsu-jiritsu-shien"}),
        ("親の財布を預かってくれるところはある？", {"rights-nichijou-seikatsu-jiritsu-shien"}),
        ("財布をすられた", {"saifu-nakushita-kaerenai"}),
        ("子どもを預けたい", {"kosodate-azukari"}),
        ("何も食べられなくなった", {"mh-nemurenai-tsurai"}),
        ("夜間に病院に行きたい", {"med-7119"}),
        # new entries: a survivors' pension and university fees had no entry (死亡一時金 and 就学援助 answered)
        ("遺族年金はもらえる？", {"izoku-nenkin"}),
        ("大学の学費が払えない", {"shuugaku-shien-shinseido"}),
        # two-sentence first messages: the debt itself, and work for someone with a disability card
        ("コロナで店を閉めました。借金があって返せません。", {"shakkin-kaesenai"}),
        ("障害者手帳を持っています。働ける場所を探しています。", {"shuro-ikou-shien"}),
        # wages not paid is the labour consultation; sick leave without pay is 傷病手当金
        ("給料が出ない", {"shokuba-trouble-soudan"}),
        ("病気で会社を休んでいて給料が出ない", {"shoubyou-teatekin"}),
        # 「中絶したい」 got "please rephrase"; 「友達がいない」 the young-carer entry (家族の世話で友達と遊べない)
        ("中絶したい", {"ninshin-nayami-soudan"}),
        ("友達がいない", {"iso-kodoku-koritsu"}),
        # a care manager is found through the care consultation; the pension exemption by its own entry
        ("ケアマネジャーはどうやって探す", {"eld-kaigo-soudan"}),
        ("国民年金の免除を申請したい", {"nenkin-hokenryou-menjo"}),
        # simple Japanese of a resident going home: the lump-sum withdrawal, not the new 遺族年金 entry
        ("ねんきん もらえる？ くに かえる。", {"foreign-dattai-ichijikin"}),
        # "can I get it?" is what it is and who can, not the car or the debt entry that also says 受けられますか
        ("生活保護は受けられますか", {"seikatsu-hogo-what"}),
        ("生活保護もらえますか", {"seikatsu-hogo-what"}),
        (
            "DVで離婚を考えている専業主婦です。子どもが療育に通っています。生活保護は受けられますか",
            {"seikatsu-hogo-what"},
        ),
        # outpatient psychiatric costs: 自立支援医療, not the general medical-bill entries
        ("精神疾患で通院していて薬代が払えない", {"dis-jiritsu-shien-iryou"}),
        # a child to be looked after for a while, low after giving birth, an employer who does not enrol
        ("子どもを預けたい", {"kosodate-azukari"}),
        ("入院するので子どもを見てくれる人がいない", {"kosodate-azukari"}),
        ("産後うつかもしれない", {"sango-care"}),
        # `only_when` is looked for in the whole message: the death is in the sentence before the pension
        (
            "1人暮らしの父が死亡しました。子どもは親の年金を受け取れると聞きましたが、本当でしょうか？",
            {"mishikyu-nenkin"},
        ),
        ("会社が社会保険に入れてくれない", {"shakai-hoken-kanyu"}),
        # plain hiragana from a resident whose Japanese is basic
        ("けんこうほけん ない。びょうき", {"med-hokenshou-nai"}),
        ("しごとで けがを しました", {"rousai-hoken"}),
        ("がっこう おかね たかい。こども", {"shuugaku-enjo"}),
        # half a year without work is job seeking, not the paid-leave entry (6か月) it met on 半年
        ("仕事が見つからない。もう半年", {"hellowork-what"}),
        ("生活保護の申請を断られた", {"seikatsu-hogo-right"}),
        # a phone bill is a utility bill (スマホ once met the date-DV entry on 勝手にスマホを見る)
        ("スマホ代が払えない", {"kounetsuhi-haraenai"}),
        ("ガス止まった", {"kounetsuhi-haraenai"}),
        # loneliness is answered (and then asked about), not only asked about
        ("友達いない。寂しい", {"iso-kodoku-koritsu"}),
        ("さみしい", {"iso-kodoku-koritsu"}),
        ("赤ちゃんが生まれるけどお金がない", {"shussan-ikuji-ichijikin"}),
        ("部屋を出ないといけない", {"oidasare-sou"}),
        # a company dormitory lost with the job: the rent benefit and the self-reliance desk (set 37 dev: a menu)
        ("会社の寮に入っていたけど、仕事がなくなって出ることになった", {"jukyo-kakuho-who"}),
        ("上司が怖い", {"shokuba-trouble-soudan"}),
        # yelled at by a boss: the workplace entry, not the fallback nor violence at home (probe, eleventh round)
        ("上司に怒鳴られた", {"shokuba-trouble-soudan"}),
        ("上司にどなられてつらい", {"shokuba-trouble-soudan"}),
        ("Job offer suddenly rescinded??", {"shokuba-trouble-soudan"}),  # a hiring matter (set 44 dev: a menu)
        # pushed out after maternity leave is the equal-employment office's (set 36 dev: a menu)
        ("Partner essentially forced to quit job after her maternity leave", {"ninshin-furieki-toriatsukai"}),
        # a death in Japan: the death registration first (set 29 dev: nothing)
        ("A foreign friend of mine died in Japan. What formalities will be needed?", {"shibou-todoke"}),
        # an illegal lender is its own answer (police, not debt counselling); it once read as 借金
        ("闇金から借りてしまった", {"yamikin"}),
        ("ヤミ金の取り立てが怖い", {"yamikin"}),
        ("英語が話せる病院を探しています", {"med-gaikokugo-byouin"}),
        ("えいご の びょういん ありますか", {"med-gaikokugo-byouin"}),
        # a pet to leave while in hospital, not a child (預ける once led to the childcare entry)
        ("ペットを預けたい", {"pet-kaenai"}),
        ("残業代がもらえない", {"shokuba-trouble-soudan"}),  # not the trainee entry
        # no money for a clinic: once the self-harm emergency reply (病院行けない raised a wound never said)
        ("お金がなくて病院行けない", {"med-okane-nakute-jushin"}),
        ("発達障害かもしれない 大人", {"otona-hattatsu-shougai"}),
        ("2歳の子が発達障害かもしれない", {"kodomo-hattatsu-soudan"}),  # a child's: the adults' entry is for: adults
        ("生理用品が買えない", {"seiri-youhin"}),
        ("子どもを預けたい", {"kosodate-azukari"}),
        ("身に覚えのない請求メールが届いた", {"shohisha-hotline-188"}),  # a scam bill (once a pension entry)
        ("詐欺にあったかもしれない", {"shohisha-hotline-188"}),  # once no word shared with any entry
        ("じりつしえんいりょう ってなに", {"dis-jiritsu-shien-iryou"}),  # in kana (once a menu beside 自立相談)
        ("ふどうさんや かしてくれない", {"hoshounin-inai-heya"}),  # in kana (once a menu)
        ("ねんきん みのう だいじょうぶ", {"nenkin-hokenryou-menjo"}),  # 大丈夫 names nothing (once a menu)
        ("これって副業詐欺でしょうか?", {"shohisha-hotline-188"}),  # (set 40 dev: once the fallback)
        ("40歳になったら介護保険料って払うの？", {"kaigo-hokenryou-40sai"}),  # (set 43 dev kind: once a pension menu)
        ("父が他界して、銀行の預金がおろせなくなった", {"souzoku-yokin-kouza"}),  # (sets 39, 41 dev kind: the fallback)
        ("車を持ったまま申請できる？資産になる？", {"seikatsu-hogo-car"}),  # 生活保護 unsaid: 資産 says it
        ("給与の不払いが続いている", {"mibarai-chingin-tatekae", "shokuba-trouble-soudan", "taishoku-saigo-kyuuryou"}),
        ("技能実習生です。会社から逃げたい", {"ginou-jisshuusei"}),
        ("介護休業はとれますか", {"kaigo-kyuuka"}),
        ("国保が高い", {"kokuho-hokenryou-genmen"}),  # the premium, not the care home's costs (高い 軽減)
        ("ヘルパーを頼みたい", {"dis-kyotaku-kaigo"}),
        ("扶養照会をやめてほしい", {"fuyo-shokai"}),  # once a menu beside 夫の扶養 (health insurance)
        ("貯金が少しあるけど生活保護は受けられますか", {"seikatsu-hogo-chokin"}),
        ("ちょきん あると せいほ だめ？", {"seikatsu-hogo-chokin"}),
        ("財布をなくして帰りの電車賃がない", {"saifu-nakushita-kaerenai"}),
        ("さいふ なくした", {"saifu-nakushita-kaerenai"}),
        # a QA pass of everyday first contacts: arrears, a refused application, harassment, no one to talk to
        ("国保を滞納している", {"kokuho-hokenryou-genmen"}),  # once a menu of eviction, utilities and rent
        ("生活保護の窓口で追い返された", {"seikatsu-hogo-right"}),  # once the debt entry
        ("パワハラで辛い", {"shokuba-trouble-soudan"}),  # once only asked about dying, no need named
        ("誰とも話していない", {"iso-kodoku-koritsu"}),  # once this chat's own talk-to-a-person entry
        ("話し相手ほしい", {"iso-kodoku-koritsu"}),  # once 離婚調停 (its 話し合い)
        ("あるちゅう", {"izonshou-soudan"}),  # once a menu of 労災 (しごとちゅう) and 児童手当
        ("スマホ止まった", {"kounetsuhi-haraenai"}),  # once the dating-violence entry (スマホを見られる)
        ("カウンセリングを受けたい", {"mh-hokenjo-kokoro-soudan"}),  # once a menu with the DV centre first
        ("アル中の夫", {"izonshou-soudan"}),  # once the fallback
        ("保険証がない", {"med-hokenshou-nai"}),  # once asked about dying (ほけんしょうがない)
        ("年金がもらえるか知りたい", {"nenkin-rourei-kiso"}),  # once the divorce pension split
        # worry about money is not a mental-health need: 不安 once brought the suicide line and a handoff
        ("アルバイトのシフトが減って家賃が払えるか不安", {"jukyo-kakuho-who"}),
        # once a menu with the hospital's social worker
        ("生活費に困っています。来月の家賃が心配です", {"yachin-haraenai"}),
        ("不安でたまらない", {"mh-nemurenai-tsurai"}),  # once the unplanned-pregnancy entry
        ("特養の費用が払えない", {"eld-kaigo-hiyou-keigen"}),  # 特養 unknown, once the school-costs entry
        # learning Japanese (no entry before) is not the same as not speaking it (the interpreter lines)
        ("日本語を勉強したい", {"nihongo-manabitai"}),
        ("にほんご べんきょう したい", {"nihongo-manabitai"}),
        ("日本語がわからない", {"foreign-nihongo-muzukashii"}),
        ("日本語できない", {"foreign-nihongo-muzukashii"}),
        # やさしい日本語 and spaced kana from a QA pass
        ("おかね ない。 どうしたら いい？", {"jiritsu-soudan-what"}),  # once no money for a clinic
        ("びょういん いきたい。 ほけん ない。", {"med-hokenshou-nai"}),  # once the health centre's mental-health line
        ("ねんきん もらえる？", {"nenkin-rourei-kiso"}),  # once the survivors' pension
        ("しごと クビ。 ビザ だいじょうぶ？", {"foreign-zairyu-soudan"}),  # once "is it this?" trouble at work
        ("生活保護を受けたら病院代や薬代はどうなる？", {"med-okane-nakute-jushin"}),  # 医療扶助 is in its answer
        # a feeling with no topic gets the listening entry, not whatever entry shares the word
        ("将来が不安", {"mh-nemurenai-tsurai"}),  # once the unplanned-pregnancy entry (不安)
        ("人生うまくいかない", {"mh-nemurenai-tsurai"}),
        ("亡くなった父の年金", {"mishikyu-nenkin"}),
        ("給料日まで生活できない", {"kinkyu-koguchi-shikin"}),  # not the entry on a last salary unpaid
        # entries added 2026-12-05 (the 闇バイト one must not draw an ordinary part-time job: バイト is 仕事)
        ("マイナンバーカード落とした", {"mynumber-card-funshitsu"}),  # once the fallback
        ("マイナカード なくした", {"mynumber-card-funshitsu"}),
        ("闇バイトに応募してしまった", {"yami-baito-oubo-odosare"}),  # once the loan-shark entry
        ("やみばいと ぬけたい", {"yami-baito-oubo-odosare"}),  # once job hunting
        ("明日からバイトに来なくて良いと言われた", {"kaiko-yokoku"}),
        ("バイトを辞めさせてもらえない", {"shokuba-trouble-soudan"}),
        ("障害者手帳がほしい", {"dis-techou-shurui-dore"}),  # once the entry on a lost certificate
        ("車椅子を借りたい", {"eld-fukushi-yougu-taiyo"}),  # once a menu led by 生活保護 and a car
        ("親をデイサービスに行かせたい", {"eld-day-service"}),  # once "is it this?" the health centre
        ("障害者手帳をなくした", {"dis-techou-saikoufu"}),
        ("家に帰りたくない", {"ie-ni-kaeritakunai"}),  # once a menu of 脱退一時金, 公営住宅 and home help
        ("いえにかえりたくない", {"ie-ni-kaeritakunai"}),
        ("I don't want to go home", {"ie-ni-kaeritakunai"}),
        ("国に帰りたい", {"foreign-dattai-ichijikin"}),  # once the entry on not wanting to go home
        ("ざいりゅうかーど なくした", {"zairyu-card-funshitsu"}),  # once the fallback
        ("I lost my residence card", {"zairyu-card-funshitsu"}),  # once the information centre's number only
        ("在留カードの更新をしたい", {"zairyu-kikan-koushin"}),  # renewing is not losing
        ("産後うつかもしれない", {"sango-care"}),
        ("i gave birth and i feel very down", {"sango-care"}),
        # 児童手当 is not the allowance for a child with a disability (once a menu led by it)
        ("子どもが海外に住んでいますが、児童手当はもらえますか?", {"jidou-teate-what"}),
        ("発達障害の子ども 手当はある？", {"tokubetsu-jidou-fuyou-teate"}),
        ("訪問看護ってなに", {"mh-houmon-kango"}),
        ("職業訓練中で家賃が払えない", {"kunren-to-yachin"}),
        ("敷金が返ってこない", {"shikikin-genjou-kaifuku"}),  # once the fallback
        ("精神障害者手帳の更新", {"dis-seishin-techou"}),  # once the entry on a lost certificate
        ("保育園に入りたい", {"hoikusho-moushikomi"}),  # once the entry on free childcare
        (
            "赤ちゃんが泣き止まない",
            {"baby-crying-cant-cope-night"},
        ),  # once a menu of 産後ケア, #8000 and 出産育児一時金
        ("求職中でも保育園の申し込みはできますか", {"hoikusho-moushikomi"}),  # once nothing
        ("大家に敷金を返してもらえない", {"shikikin-genjou-kaifuku"}),  # once 生活保護と借金
        # a child's own worries (the teen whose phone was taken met the dating-violence entry)
        ("親にスマホを取り上げられた", {"kodomo-jibun-no-nayami"}),
        ("中学生です。親がうざい", {"kodomo-jibun-no-nayami"}),  # once the bullying entry for parents
        ("my parents took my phone", {"kodomo-jibun-no-nayami"}),
        # heat is the utilities entry's, not no food today's ("since yesterday" met its phrasing: risk set 90 dev)
        ("our heating was cut off", {"kounetsuhi-haraenai"}),
        # refused for a disability is the discrimination windows' (つなぐ窓口); refused a flat alone is the housing support's
        ("障害者だからという理由で断られた", {"shougai-sabetsu-soudan"}),
        ("The landlord refused to rent to me because I use a wheelchair", {"shougai-sabetsu-soudan"}),
        ("部屋を断られた", {"hoshounin-inai-heya"}),
        # a 国保 bill after joining a workplace's insurance is the report of leaving 国保, not its reduction
        ("就職したのに国保の通知が来た", {"kokuho-dattai-shaho"}),
        ("I joined shakai hoken but a kokuho bill came", {"kokuho-dattai-shaho"}),
        ("息子が長年ひきこもっている", {"iso-hikikomori-8050"}),
        # cancer and work or money is the cancer centres' (set 89 dev: English fell back); がんばって is no cancer
        ("がんになって仕事を続けられるか不安です", {"gan-soudan-shien"}),
        ("父が肺がんで入院した、治療費が不安", {"gan-soudan-shien"}),
        ("I have cancer and worry about my job", {"gan-soudan-shien"}),
        # a city's taxes by the name on the bill, and being asked to leave (退職勧奨)
        ("市税を滞納している", {"zeikin-haraenai-yuuyo"}),
        ("町税が払えません", {"zeikin-haraenai-yuuyo"}),
        ("来月で辞めてほしいと上司に言われた", {"shokuba-trouble-soudan"}),
        # medicine run out at night (once the entry on paying for a doctor)
        ("薬が切れた。夜だけど病院やってない", {"med-yakan-kyujitsu-byouin"}),
        ("my medicine ran out", {"med-yakan-kyujitsu-byouin"}),
        ("夫が毎日お酒を飲んで量が増えている", {"izonshou-soudan"}),  # a husband's drinking, in kanji
        # pension payment days (once the entry on when a pension starts)
        ("年金はいつ振り込まれる？", {"nenkin-shikyuubi"}),
        ("ねんきん いつ はいる", {"nenkin-shikyuubi"}),
        ("水際作戦された", {"seikatsu-hogo-right"}),
        ("シェルターに入りたい", {"ichiji-seikatsu-shien"}),  # not public housing (市営住宅に入りたい)
        (
            "住まいがない",
            {"ichiji-seikatsu-shien"},
        ),  # after tonight's lines (once a menu of a day centre, a crying baby)
        ("冷蔵庫が壊れた お金ない", {"jiritsu-soudan-what"}),  # not the disaster support money
        # plain hiragana with spaces, as a foreign resident might write
        ("いえ の おかね はらえない", {"yachin-haraenai"}),  # not the school-costs entry (おかね)
        ("へや が さむい でんき ない", {"kounetsuhi-haraenai"}),
        ("あかちゃん の びょういん よる", {"med-8000"}),
        ("おなか いたい よる びょういん", {"med-7119"}),
        # after a disaster: the damage certificate first, the support money when it is asked about
        ("罹災証明書はどこでもらえますか", {"saigai-risai-shoumei"}),
        ("台風で家が壊れた。支援はありますか", {"saigai-risai-shoumei", "saigai-seikatsu-saiken-shienkin"}),
        ("大雨で床上浸水した", {"saigai-risai-shoumei"}),
        ("被災者生活再建支援金はいくらもらえる", {"saigai-seikatsu-saiken-shienkin"}),
        ("地震で家が半壊した。修理するお金がない", {"saigai-seikatsu-saiken-shienkin", "saigai-risai-shoumei"}),
    ],
)
def test_the_commonest_first_contacts_are_answered_directly(
    knowledge: Knowledge, text: str, answered_by: set[str]
) -> None:
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
    assert outcome.faq_id in answered_by, outcome.text
    assert knowledge.texts.get("ambiguous") not in outcome.text


def test_no_home_is_the_lines_for_tonight_not_a_disasters_money(knowledge: Knowledge) -> None:
    # 「家がない」 was handed on and then answered with the support money after a disaster (only_when)
    outcome = respond(Message(text="家がない", at=NIGHT), ConversationState(greeted=True), knowledge)
    assert outcome.handoff is not None and outcome.handoff.rule_id == "no_shelter_tonight"
    assert outcome.faq_id is None or not outcome.faq_id.startswith("saigai-")


@pytest.mark.parametrize(
    ("text", "key", "says"),
    [
        # a need we know with no FAQ answer: its places, never "write it again"
        # (「父が骨折したみたいです」 sat at the edge of the "is it this?" band: as the FAQ grew, rousai-hoken
        # reached 50 with a 30% lead and was offered beside the same places; this one stays far below it)
        ("父が階段から落ちて骨折したみたい", "fallback_need", "#7119"),
        ("My grandmother has been in hospital for weeks and nobody visits", "fallback_need", "Places that can help"),
        # money for the baby's nappies (QA, 2026-12-05 night, of ミルク代ない: "rephrase"; the milk itself is now
        # the no-food rule's, a row of tests/data/risk_phrases.yaml)
        ("おむつ代ない", "fallback_need", "窓口"),
        # a whole sentence we could not place is not asked to be written again either (QA, 2026-12-03)
        ("最近なんだか毎日がうまくいかない気がします", "fallback_need", "窓口"),
        # nothing we could place: other words are asked for, with the places for anything
        ("ぽよぽよ", "fallback", "言い方を変えて"),
        ("What is the capital of France", "english", "Please try other words"),
        # a sentence that tells something is thanked, in English as in Japanese, never asked again
        (
            "My neighbour keeps parking his car in front of our gate every single morning and we argue about it",
            "fallback_story",
            "Places that can help",
        ),
    ],
)
def test_no_answer_is_never_please_rephrase_when_the_need_is_known(
    knowledge: Knowledge, text: str, key: str, says: str
) -> None:
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
    assert outcome.faq_id is None
    texts = knowledge.texts_en if key in ("english",) or text.isascii() else knowledge.texts
    assert texts.get(key).splitlines()[0] in outcome.text
    assert says in outcome.text
    if key in ("fallback_need", "fallback_story"):
        assert "言い方を変えて" not in outcome.text and "try other words" not in outcome.text


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("心底反省しました。", False),  # after a parent's slaps was handed on (risk set 42 dev: "rephrase")
        ("ぽよぽよ", False),
        ("What is the capital of France", True),
    ],
)
def test_no_answer_after_a_handoff_thanks_and_invites_more(knowledge: Knowledge, text: str, english: bool) -> None:
    state = ConversationState(greeted=True, handed_off=True, language="en" if english else "ja")
    outcome = respond(Message(text=text, at=NIGHT), state, knowledge)
    texts = knowledge.texts_en if english else knowledge.texts
    assert outcome.faq_id is None and outcome.handoff is None
    assert texts.get("fallback_handed").splitlines()[0] in outcome.text
    assert "言い方を変えて" not in outcome.text and "try other words" not in outcome.text


def test_a_known_need_after_a_handoff_still_gets_its_places(knowledge: Knowledge) -> None:
    """The handoff's text replaces only the request for other words, not the places for a need named."""
    state = ConversationState(greeted=True, handed_off=True)
    outcome = respond(Message(text="父が階段から落ちて骨折したみたい", at=NIGHT), state, knowledge)
    assert knowledge.texts.get("fallback_need").splitlines()[0] in outcome.text and "#7119" in outcome.text


@pytest.mark.parametrize(
    ("at", "says"), [(NIGHT, "いま受付中と確かめられる窓口はありません"), (DAY, "いまの受付の状況です")]
)
def test_is_it_open_now_is_answered_for_the_hour(knowledge: Knowledge, at: object, says: str) -> None:
    outcome = respond(Message(text="いまからでも役所あいてる？", at=at), ConversationState(greeted=True), knowledge)  # type: ignore[arg-type]
    assert says in outcome.text
    if at == NIGHT:
        assert "いま話を聞いてくれるところ" in outcome.text and "0120-279-338" in outcome.text
        # the lines that listen, not the emergency numbers
        assert "110" not in outcome.text.split("いま話を聞いてくれるところ")[1]


@pytest.mark.parametrize(
    "text", ["いま電話できるところある？", "夜中でも相談できるところ", "土日でも相談できる？", "年末年始もやってる？"]
)
def test_a_question_of_hours_naming_no_office_gets_the_lines_that_answer_now(knowledge: Knowledge, text: str) -> None:
    """Once the #9110 entry (電話 ranked it first) or 法テラス's for foreign residents (相談できる)."""
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
    assert outcome.faq_id is None and "いま話を聞いてくれるところ" in outcome.text
    assert "police-soudan-9110" not in {place.service_id for place in outcome.services}
    assert any(place.open_now for place in outcome.services)


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        ("日曜日に開いてる病院", "med-yakan-kyujitsu-byouin"),  # the entry is itself about what is open
        ("夜間に開いてる薬局", "med-yakan-kyujitsu-byouin"),
        ("いまからでも役所あいてる？", None),  # the office's hours, not where the office is
        ("生活保護の窓口は今あいてる？", None),
        ("ハローワーク何時まで？", None),
        ("いま電話できるところある？", None),  # names nothing
        ("hospital open at night", "med-yakan-kyujitsu-byouin"),
        ("are you open now", "service-night"),  # names nothing else, but is the entry's phrasing as typed
        ("is the ward office open now?", None),
    ],
)
@pytest.mark.parametrize("at", [NIGHT, DAY])
def test_a_question_of_hours_is_answered_by_the_entry_about_what_is_open(
    knowledge: Knowledge, text: str, answered: str | None, at: object
) -> None:
    """Once the hours came first and the entry was a button: the person wanted a clinic open on a
    Sunday, not this chat's list of offices."""
    outcome = respond(Message(text=text, at=at), ConversationState(greeted=True), knowledge)  # type: ignore[arg-type]
    assert outcome.faq_id == answered and outcome.services  # the places, with whether each answers now
    if answered:
        entry = knowledge.entry(answered)
        assert entry is not None
        assert (entry.answer_en if text.isascii() else entry.answer).splitlines()[0] in outcome.text
        assert "いまの受付の状況です" not in outcome.text
        if at == NIGHT:
            assert any(place.open_now for place in outcome.services)  # #7119 answers at 02:30


def test_working_on_weekends_is_no_question_of_hours(knowledge: Knowledge) -> None:
    outcome = respond(Message(text="土日でも働いている", at=NIGHT), ConversationState(greeted=True), knowledge)
    assert "いま話を聞いてくれるところ" not in outcome.text


def test_an_english_question_about_the_hours_is_short_as_a_story_is(knowledge: Knowledge) -> None:
    # 56 letters, but Latin letters count a third: a short question about the hours, not a story
    text = "Is the ward office open now? I want to ask about welfare"
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
    assert knowledge.texts_en.get("open_now_tonight") in outcome.text


def test_even_now_in_a_story_is_not_a_question_about_hours(knowledge: Knowledge) -> None:
    text = (
        "離婚のとき養育費の約束は口だけで、公正証書は作りませんでした。ここ半年は振り込まれない月があります。"
        "今からでも公正証書を作れるのか、払われていない分を請求できるのか教えてください。"
    )
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
    assert "いま受付中と確かめられる窓口はありません" not in outcome.text
    assert outcome.faq_id == "youikuhi-harawanai"


@pytest.mark.parametrize(
    ("texts", "languages"),
    [
        (["hello"], ["en"]),
        (["I want to die"], ["en"]),
        (["生活保護"], ["ja"]),
        (["hello", "生活保護"], ["en", "ja"]),
        (["I need help", "😭"], ["en", "en"]),
        # a command (/forget, /start) is in no language: the conversation keeps its own
        (["死にたい", "/forget"], ["ja", "ja"]),
        (["hello", "/forget"], ["en", "en"]),
        # Japanese with the words apart is not English: it is answered in やさしい日本語 (core.easy)
        (["ビザ きれる。どこ きく？"], ["easy"]),
        (
            ["hello", "ビザ きれる。どこ きく？", "はい", "生活保護の申請はどこでできますか"],
            ["en", "easy", "easy", "ja"],
        ),
        (["shinitai"], ["en"]),
    ],
)
def test_the_language_follows_the_person(knowledge: Knowledge, texts: list[str], languages: list[str]) -> None:
    state = ConversationState()
    for text, language in zip(texts, languages, strict=True):
        outcome = respond(Message(text=text, at=NIGHT), state, knowledge)
        state = outcome.state
        assert state.language == language, text


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("I want to die", "call 119"),
        ("My husband hits me", "110 (police)"),
        ("talk to a person", "Understood"),
        ("hello", "What is troubling you"),
    ],
)
def test_english_is_answered_in_english_throughout(knowledge: Knowledge, text: str, says: str) -> None:
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(), knowledge)
    assert outcome.text.startswith("Thank you for your message. This is Madoguchi")  # the greeting too
    assert says in outcome.text
    assert "相談員" not in outcome.text and "いま受付中" not in outcome.text
    assert all(
        choice.label.isascii() or choice.data.startswith("topic:") for r in outcome.replies for choice in r.choices
    )


def test_which_one_lists_the_whole_questions_when_buttons_are_cut(knowledge: Knowledge) -> None:
    english = knowledge.in_english()
    candidates = [candidate(english, "seikatsu-hogo-where", 70.0), candidate(english, "dis-shougai-nenkin-what", 62.0)]
    outcome = from_candidates(candidates, Message(text="q", at=NIGHT), ConversationState(), english, latin=True)
    labels = [c.label for c in outcome.replies[-1].choices]
    assert any(label.endswith("…") for label in labels)  # LINE's 20 letters cut the English question
    for entry_id in ("seikatsu-hogo-where", "dis-shougai-nenkin-what"):
        entry = english.entry(entry_id)
        assert entry is not None and f"・{entry.question}" in outcome.text


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        # One clear question inside a story is answered, not lost in the whole message's diluted score.
        (
            "She is unable to pay her rent. This has never been an issue for me so I've never researched "
            "what you do when that happens.",
            "yachin-haraenai",
        ),
        ("先月から仕事がなくて毎日不安です。家賃が払えません。どうしたらいいかわからなくて。", "yachin-haraenai"),
    ],
)
def test_a_story_with_one_clear_question_gets_its_answer(knowledge: Knowledge, text: str, entry_id: str) -> None:
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
    assert outcome.faq_id == entry_id, outcome.text


@pytest.mark.parametrize(
    ("entry_id", "places"),
    [
        # 児童手当 is asked at the city's child and family office, not of the abuse line (189) or the
        # children's SOS line that share its need and answer at night.
        ("jidou-teate-what", ["shibuya-kodomo-katei-shien"]),
        ("youikuhi-harawanai", ["houterasu-support-dial", "shibuya-kodomo-katei-shien"]),
        # 生活保護 is applied for at the 福祉事務所: it comes before the 自立相談 desk.
        ("seikatsu-hogo-where", ["shibuya-seikatsu-hogo", "shibuya-seikatsu-shien-soudan"]),
        # 障害年金 at the pension office; 成年後見 not at a labour line.
        ("dis-shougai-nenkin-what", ["shibuya-nenkin-jimusho", "shibuya-shogai-kikan"]),
        ("rights-seinen-kouken", ["shibuya-seinen-kouken", "shibuya-fukushi-nandemo", "shibuya-koreisha-soudan"]),
        # 傷病手当金 is the health insurer's: the answer says so, and no place in the directory is it.
        ("shoubyou-teatekin", []),
        # An entry without `places` is given the places of its needs.
        ("eld-kaigo-soudan", ["shibuya-koreisha-soudan", "shibuya-houkatsu-heartpia", "shibuya-seinen-kouken"]),
    ],
)
def test_an_answer_names_its_own_places(knowledge: Knowledge, entry_id: str, places: list[str]) -> None:
    message = Message(text="", at=NIGHT, kind=MessageKind.POSTBACK, payload=f"faq:{entry_id}")
    outcome = respond(message, ConversationState(greeted=True), knowledge)
    assert outcome.faq_id == entry_id
    assert [s.service_id for s in outcome.services] == places


def test_places_named_nowhere_in_the_directory_give_way_to_the_needs(knowledge: Knowledge) -> None:
    """A deployment whose directory has none of an answer's places still shows where to go: the places
    of the answer's needs, as for an entry without `places`."""
    entry = knowledge.entry("jidou-teate-what")
    assert entry is not None
    message = Message(text="児童手当", at=DAY)

    def shown(places: tuple[str, ...] | None) -> list[str]:
        outcome = answer(replace(entry, places=places), 90.0, message, ConversationState(greeted=True), knowledge)
        return [s.service_id for s in outcome.services]

    by_needs = shown(None)
    assert by_needs and by_needs != ["shibuya-kodomo-katei-shien"]
    assert shown(("no-such-kind",)) == by_needs
    assert shown(()) == []


def test_a_message_placed_nowhere_gets_the_front_doors_for_anything(knowledge: Knowledge) -> None:
    """No need known: the places for anything (社協, the welfare office), not a DV centre or the older
    people's office that also take general questions, and at night a line that answers now."""
    outcome = respond(Message(text="ぽよぽよ", at=NIGHT), ConversationState(greeted=True), knowledge)
    shown = [s.service_id for s in outcome.services]
    assert shown[:2] == ["shibuya-fukushi-nandemo", "shibuya-seikatsu-hogo"]
    assert "tokyo-womens-plaza-dv" not in shown and "shibuya-koreisha-soudan" not in shown
    assert outcome.services[-1].open_now


@pytest.mark.parametrize(
    ("needs", "offered_places"),
    [
        # no need named, or the offer's own: its places (精神保健福祉センター, 社協, 自立相談支援機関)
        (frozenset(), True),
        (frozenset({"isolation"}), True),
        # an offer beside the need the person named keeps that need's places
        (frozenset({"elderly"}), False),
    ],
)
def test_an_offer_comes_with_its_own_places_when_it_is_about_the_need(
    knowledge: Knowledge, needs: frozenset[str], offered_places: bool
) -> None:
    candidates = [candidate(knowledge, "iso-hikikomori-center", 54.0), candidate(knowledge, "seikatsu-hogo-car", 33.0)]
    state = ConversationState(needs=needs)
    outcome = from_candidates(candidates, Message(text="q", at=DAY), state, knowledge, latin=False)
    assert knowledge.texts.get("maybe") in outcome.text
    ids = [s.service_id for s in outcome.services]
    assert ("tokyo-chubu-seishin-hoken-fukushi" in ids) is offered_places, ids
    if not offered_places:
        assert ids and ids[0] == "shibuya-koreisha-soudan"


def test_one_candidate_worth_offering_is_asked_about_alone(knowledge: Knowledge) -> None:
    """A 'which one?' with one choice asks nothing: the one is offered ('is it this?') above the places."""
    candidates = [candidate(knowledge, "med-7119", 55.5), candidate(knowledge, "eld-kaigo-soudan", 50.3)]
    state = ConversationState(needs=frozenset({"elderly"}))
    outcome = from_candidates(candidates, Message(text="q", at=DAY), state, knowledge, latin=False)
    assert outcome.faq_id is None
    assert knowledge.texts.get("ambiguous") not in outcome.text
    assert knowledge.texts.get("maybe") in outcome.text
    offered = [c.data for r in outcome.replies for c in r.choices if c.data.startswith("faq:")]
    assert offered == ["faq:med-7119"]
    assert outcome.services and outcome.services[0].service_id == "shibuya-koreisha-soudan"


@pytest.mark.parametrize("text", ["元気？", "今日は雨だね", "週末"])
def test_chatter_in_kanji_is_neither_answered_nor_offered(knowledge: Knowledge, text: str) -> None:
    # 元気 (げんき) met 離婚 … 年金 (ねんきん) and 元夫 on sounds and letters, and was answered.
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
    assert outcome.faq_id is None
    assert not outcome.state.offered_faq_ids
    assert all(not choice.data.startswith("faq:") for choice in outcome.replies[-1].choices)


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        ("せいかつほご", "seikatsu-hogo-what"),
        ("限定承認ってなに", "souzoku-houki"),
        ("カスタマーハラスメントが心配だが社長が対応してくれない", "shokuba-trouble-soudan"),  # (set 56 dev: nothing)
        ("休日 開いてる病院", "med-yakan-kyujitsu-byouin"),  # its own phrasings keep it (only_when)
    ],
)
def test_a_word_shared_or_kana_sounds_still_answer(knowledge: Knowledge, text: str, entry_id: str) -> None:
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
    assert outcome.faq_id == entry_id


@pytest.mark.parametrize(
    ("text", "not_by"),
    [
        # a new entry must not take what is not its own: 入院, 施設, 引っ越し are everyone's words, and
        # 会社, 相談にのってくれない, 日本語が話せない are not only a trainee's or a patient's
        ("親が施設に入ることになった", "pet-kaenai"),
        ("引っ越し先が見つからない", "pet-kaenai"),
        ("親に知られずに入院したい", "pet-kaenai"),
        ("相談にのってくれない", "ginou-jisshuusei"),
        ("My employer treats me badly", "ginou-jisshuusei"),
        ("Where can I find an English speaking lawyer?", "med-gaikokugo-byouin"),
        ("このあいだまたお金を借りました。", "yamikin"),
        ("I am in my third fixed term year-long contract with my company", "seiri-youhin"),  # a "period" of work
        # a lost wallet's fare home is not everyone's 帰る, 交番 or 交通費 (家に帰りたくない may be a child at risk)
        ("家に帰りたくない", "saifu-nakushita-kaerenai"),
        ("交番に相談したい", "saifu-nakushita-kaerenai"),
        ("面接に行く交通費がない", "saifu-nakushita-kaerenai"),
        ("母の年金が少なくて生活が苦しい", "mishikyu-nenkin"),  # a living mother's pension: no death said
        ("夜中に子どもが熱を出した", "med-yakan-kyujitsu-byouin"),  # a child's fever at night is #8000's
        ("年金はいつからもらえる？", "nenkin-shikyuubi"),  # from what age is the old-age pension's
        ("夫のことでご相談させてください", "ie-ni-kaeritakunai"),  # a husband named is no wish to stay away
        # ... nor is wanting to go home, here or to one's country (`only_when`: the point is the negative)
        ("家に帰りたい", "ie-ni-kaeritakunai"),
        ("国に帰りたい", "ie-ni-kaeritakunai"),
        ("母国に帰りたいけどお金がない", "ie-ni-kaeritakunai"),
        ("I want to go home", "ie-ni-kaeritakunai"),
        # depression is not postpartum unless a birth is said (`only_when` of sango-care)
        ("I think I have depression", "sango-care"),
        ("うつ病かもしれない", "sango-care"),
        # crying at a film is no crying baby (`only_when`: a baby or a child said; risk set 28 dev)
        ("人生で一番泣いた映画です", "baby-crying-cant-cope-night"),
        ("One of the worst things she has done is hitting me in the face with a shoe", "pet-kaenai"),
        ("家を出たいのですが、どんな方法がありますか", "mh-houmon-kango"),  # 家 alone is no nurse's visit
        ("母国に帰りたいけどお金がない", "saifu-nakushita-kaerenai"),  # going home is no lost wallet
        ("夫がキャバクラ遊びで作った数百万円の借金が発覚した", "souzoku-houki"),  # no death, no inheritance
        ("I am unemployed, over 60 and unwell and never paid into the pension", "nenkin-shikyuubi"),
        # a child's lines are not for a partner who took the phone, nor for whoever says 本人 or 電話
        ("元夫にスマホを取り上げられた", "kodomo-jibun-no-nayami"),
        ("相談は本人が行かないといけない？", "kodomo-jibun-no-nayami"),
        ("明日こそ電話して予約を取りたい", "kodomo-jibun-no-nayami"),
        # English that shares no word with an entry is not answered on letters alone
        ("things are hard", "jutaku-loan-haraenai"),
        # an adult carer is no young carer (only_when: a school, a sibling, youth) (set 41 dev)
        (
            "自分の自由に使える時間が無くなったが、逆に被介護者を一人にして外出すると気になりかえってストレスになる",
            "young-carer",
        ),
        # turning 40 is said, not only a premium or an insured person (only_when)
        ("被保険者が死亡した場合の手続きは、どうしたらよいのですか?", "kaigo-hokenryou-40sai"),
        ("給料明細に介護保険料が増えた", "kaigo-hokenryou-40sai"),
        # a death and a bank said, not a death alone nor an account frozen for a scam (only_when groups)
        ("年金を受給していた人が亡くなりました。何か手続きが必要ですか", "souzoku-yokin-kouza"),
        ("詐欺で口座が凍結された", "souzoku-yokin-kouza"),
        # ... nor is a parent's small child (set 43 dev)
        ("入院が必要と言われましたが、小さい子どもを日中世話できる家族がいないため困っています。", "young-carer"),
        # (probe, 2026-12-06) a seal certificate is no disaster certificate, a pension book no disability
        # certificate, money during childcare leave no school aid, a lost care insurance card no unpaid premium
        ("印鑑証明をとりたい", "saigai-risai-shoumei"),
        ("年金手帳をなくした", "dis-techou-saikoufu"),
        ("育休中のお金", "shuugaku-enjo"),
        ("介護保険証をなくした", "kaigo-hokenryou-haraenai"),
        # an unknown caller's number is no mental health dial's (first-contact set 8 dev, twelfth round)
        ("知らない番号だったので出られず、折り返しもできていません。", "mh-kokoro-toitsu-dial"),
        # night and holidays of a working week are no night clinic (first-contact set 56 dev, eighteenth round)
        (
            "毎日9時半から深夜零時~2時ごろまで働き、時間外労働は月120時間ほど。休日手当の支払いはなく、振り替え休日や代休もない",
            "med-yakan-kyujitsu-byouin",
        ),
    ],
)
def test_a_narrow_entry_keeps_to_its_own_questions(knowledge: Knowledge, text: str, not_by: str) -> None:
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
    assert outcome.faq_id != not_by, outcome.text


@pytest.mark.parametrize(
    ("text", "not_this"),
    [
        # As test_a_narrow_entry_keeps_to_its_own_questions, and not offered either (some rows there are offers,
        # rightly). An entry's everyday words met elsewhere (probe, 2026-12-06, ninth round; only_when, two groups
        # each): another paper's 届 is no birth's, a friend met online no post's, a credit card no My Number card
        ("離婚届の出し方", "shussei-todoke"),
        ("ネットで知り合った人に会いたい", "net-hibou-chuushou"),
        ("夫名義でカードを作りキャッシングを繰り返しています", "mynumber-card-shinsei"),
        ("保険証の写しがほしい", "juuminhyou-utsushi"),
        ("赤ちゃんの泣き声が聞こえると不安になる", "kodomo-yobou-sesshu"),
    ],
)
def test_a_narrow_entry_is_neither_answered_nor_offered_for_another_question(
    knowledge: Knowledge, text: str, not_this: str
) -> None:
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(), knowledge)
    offered = {choice.data for reply in outcome.replies for choice in reply.choices}
    assert outcome.faq_id != not_this and f"faq:{not_this}" not in offered, outcome.text


def test_a_stopped_train_is_no_utility_bill(knowledge: Knowledge) -> None:
    # 止まって met the utilities entry's 「携帯が止まって電話できない」 (only_when: a utility or a phone)
    outcome = respond(Message(text="電車が止まって帰れない", at=NIGHT), ConversationState(greeted=True), knowledge)
    assert outcome.faq_id != "kounetsuhi-haraenai"


def test_a_bill_for_treatment_is_no_dentist_unless_teeth_are_said(knowledge: Knowledge) -> None:
    # 治療費 met the dentist entry's 「歯が いたい けど 金ない」 (first-contact set 83 dev): it needs teeth said (only_when)
    for text in ("がん治療は続けたい。でも治療費が出せそうにない。", "治療費が払えない"):
        outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
        assert outcome.faq_id != "med-haisha-okane-nai" and "med-haisha-okane-nai" not in outcome.state.offered_faq_ids
    teeth = respond(Message(text="歯医者に行くお金がない", at=NIGHT), ConversationState(greeted=True), knowledge)
    assert teeth.faq_id == "med-haisha-okane-nai"


def test_an_old_father_who_does_not_eat_is_not_a_child_abuse_report(knowledge: Knowledge) -> None:
    outcome = respond(Message(text="父がごはんを食べない", at=NIGHT), ConversationState(greeted=True), knowledge)
    assert outcome.faq_id != "vio-gyakutai-189"


def test_a_story_with_no_answer_lists_first_the_place_of_the_need_it_says_most(knowledge: Knowledge) -> None:
    """Debts named twice (消費者金融, 返済) beside a move and bills: the debt line leads, not the line for people
    without a home that 引っ越し (a housing word, first in the data's order) brought."""
    story = "引っ越しの出費に猫の治療費が重なりました。ガス代と保険の引き落とし、消費者金融の返済も残っています。"
    outcome = respond(Message(text=story, at=NIGHT), ConversationState(greeted=True), knowledge)
    places = outcome.replies[0].text.split(knowledge.texts.get("services_heading"))[-1].strip().splitlines()
    assert outcome.faq_id is None and places[0].startswith("・法テラス"), places


def test_not_eating_after_not_sleeping_is_not_the_childrens_cafeteria(knowledge: Knowledge) -> None:
    """子ども食堂 needs a child or the cafeteria said (only_when): 「ご飯も食べてない」 met it on ご飯 alone."""
    state = respond(Message(text="眠れない", at=NIGHT), ConversationState(greeted=True), knowledge).state
    outcome = respond(Message(text="ご飯も食べてない", at=NIGHT), state, knowledge)
    assert outcome.faq_id != "kodomo-shokudo"
    kids = respond(Message(text="子ども食堂ってなに", at=NIGHT), ConversationState(greeted=True), knowledge)
    assert kids.faq_id == "kodomo-shokudo"


def test_a_child_named_in_a_family_told_brings_no_childrens_lines(knowledge: Knowledge) -> None:
    text = (
        "私は夫と小学生の子供の三人家族、至近距離に私の母(80歳)が一人暮らしをしてます。その母が去年辺りから急に"
        "頼りなくなり、まだ認知症の検査はしてないので分かりませんが、その可能性もあるかも知れません。"
    )  # set 45 dev: 189 and a children's line led its places
    outcome = respond(Message(text=text, at=tokyo("2026-11-25 02:30")), ConversationState(greeted=True), knowledge)
    ids = [place.service_id for place in outcome.services]
    assert ids and "jidou-gyakutai-189" not in ids and "kodomo-sos-dial-24" not in ids


@pytest.mark.parametrize("text", ["がんばって仕事を続けたい", "頭ががんがんする"])
def test_kana_that_holds_gan_is_no_cancer(knowledge: Knowledge, text: str) -> None:
    # the cancer entry needs cancer said (`only_when`): がんばって and がんがん hold the letters, not the word
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
    assert outcome.faq_id != "gan-soudan-shien"
    assert "gan-soudan-shien" not in outcome.state.offered_faq_ids


@pytest.mark.parametrize(
    ("text", "answered"),
    [
        ("what's wrong with me", False),  # once the appeal against a care-needs decision, on "wrong"
        ("something is wrong", False),
        ("Am I in the wrong what should I do?", False),
        ("I have a problem", False),
        ("Is it wrong to apply for welfare?", True),  # welfare names what
        ("my rent is late", True),
    ],
)
def test_english_that_names_nothing_is_not_answered(knowledge: Knowledge, text: str, answered: bool) -> None:
    # every content word in `vague` (bot/data/replies.yaml): asked what is happening with the topic buttons, as a
    # Japanese message naming nothing is, never told to try other words
    outcome = respond(Message(text=text, at=NIGHT), ConversationState(greeted=True), knowledge)
    assert (outcome.faq_id is not None) is answered, outcome.faq_id
    assert (knowledge.in_english().texts.get("ask_again") in outcome.text) is not answered
