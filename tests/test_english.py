"""English: the questions reach the right entry and are answered in English; the translations hold
to the Japanese (same {office}, same numbers); services and offices are named in English beside the
Japanese; an entry not translated says so; `madoguchi check` warns, never fails."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from bot.config.catalog import office_kinds, office_kinds_en
from bot.config.checks import english_warnings
from bot.config.services_files import load_services_dir
from bot.core.certainty import AMBIGUOUS
from bot.core.english import LanguageMarks, analyze_en, english_matcher, english_service, numbers, stem
from bot.core.faq import FaqEntry, Synonym
from bot.core.knowledge import Knowledge
from bot.core.model import ConversationState, Message, MessageKind, Outcome
from bot.core.pipeline import respond
from bot.core.services import Service
from bot.core.synonyms import SynonymTable
from tests.conftest import ROOT, Runner, shipped_faq, tokyo

NIGHT = tokyo("2026-11-25 02:30")
RAW_ENTRIES, _, _, _ = shipped_faq()  # before {office} is filled
RAW_SERVICES, _, _ = load_services_dir(ROOT / "services")
_BRACKETED = re.compile(r"[(（][^()（）]*[)）]")


def english_only(text: str) -> bool:
    """English apart from the Japanese names given in brackets beside it (and the bullets of service
    lines, whose names and hours notes are English too)."""
    text = re.sub(r"^・", "", text, flags=re.MULTILINE)
    while _BRACKETED.search(text):
        text = _BRACKETED.sub("", text)
    return text.replace("［", "").replace("］", "").replace("…", "").isascii()


def ask(knowledge: Knowledge, text: str, state: ConversationState | None = None) -> Outcome:
    return respond(Message(text=text, at=NIGHT), state or ConversationState(greeted=True), knowledge)


@pytest.mark.parametrize(
    ("text", "entry_id"),
    [
        ("How do I apply for welfare?", "seikatsu-hogo-where"),
        ("Where can I apply for public assistance", "seikatsu-hogo-where"),
        ("Can I get welfare if I have a car?", "seikatsu-hogo-car"),
        ("can i get seikatsu hogo while working part time", "seikatsu-hogo-working"),
        ("Will they contact my family if I apply for welfare?", "fuyo-shokai"),
        ("How long does the welfare decision take?", "seikatsu-hogo-flow"),
        ("I can't pay my rent", "yachin-haraenai"),
        ("i cant aford rent", "yachin-haraenai"),
        ("I'm getting evicted", "oidasare-sou"),
        ("I cannot pay back my loans", "shakkin-kaesenai"),
        ("I need a free lawyer", "houterasu-muryo-soudan"),
        ("Is this chat free?", "service-free"),
        ("is this anonymous", "service-anonymous"),
        ("Can foreigners get welfare?", "foreign-seikatsu-hogo"),
        ("My visa is expiring, what should I do?", "foreign-zairyu-soudan"),
        ("I want to see a psychiatrist", "mh-seishinka-jushin"),
        ("I think I have depression", "mh-seishinka-jushin"),  # not the disability certificate
        ("I need money", "jiritsu-soudan-before-hogo"),  # not a doctor without money ("need" is a stop word)
        ("I'm caring for my dad and I'm exhausted", "eld-kaigo-soudan"),  # once only asked about (no need named)
        ("I can't sleep and I feel depressed", "mh-nemurenai-tsurai"),
        ("What is the disability pension?", "dis-shougai-nenkin-what"),
        ("where is hello work", "hellowork-what"),
        ("I can't afford a dentist", "med-haisha-okane-nai"),
        ("help with money", "jiritsu-soudan-before-hogo"),
        ("What is a food bank?", "foodbank-what"),
        ("I can't pay my electricity bill", "kounetsuhi-haraenai"),
        ("how do I apply for a physical disability certificate", "dis-shintai-techou"),
        ("my mother died and I cannot pay for the funeral", "seikatsu-hogo-sousai-fujo"),
        ("I want to claim my pension refund after leaving Japan", "foreign-dattai-ichijikin"),
        ("my husband paid national pension but died before receiving it", "nenkin-shibou-ichijikin"),
        ("I got injured at my part time job, can I use workers compensation?", "rousai-hoken"),
        ("my employer pays less than the minimum wage", "saitei-chingin"),
        ("my son refuses to go to school, where can I get advice", "futoukou-soudan"),
        ("by when must I apply for child allowance after my baby is born", "jidou-teate-15nichi"),
        ("I am off work sick and my company stopped paying me", "shoubyou-teatekin"),
        ("my father died with debts, how long do I have to renounce the inheritance", "souzoku-houki"),
        ("I can't afford the school lunch fees for my son at elementary school", "shuugaku-enjo"),
        ("can I postpone paying back my JASSO student loan", "shougakukin-henkan-konnan"),
        ("is nursery school free for a 3 year old", "hoiku-mushouka"),
        ("my ex-husband has not paid child support for months", "youikuhi-harawanai"),
        ("my wife will not agree to a divorce, what can I do", "rikon-choutei"),
        ("how much is the childbirth allowance from health insurance", "shussan-ikuji-ichijikin"),
        ("I am a teenager caring for my sick mother and I cannot study", "young-carer"),
    ],
)
def test_english_questions_reach_the_right_entry_in_english(knowledge: Knowledge, text: str, entry_id: str) -> None:
    outcome = ask(knowledge, text)
    entry = knowledge.entry(entry_id)
    assert entry is not None
    assert outcome.faq_id == entry_id, outcome.text
    assert outcome.replies[0].text == entry.answer_en
    assert all(english_only(reply.text) for reply in outcome.replies), outcome.text
    assert all(english_only(choice.label) for reply in outcome.replies for choice in reply.choices)


# Everyday English in words no entry uses, written for this test (not from faq/ or any evaluation set):
# each reaches its entry only through faq/synonyms.yaml `synonyms_en` (without them, none of these does).
EVERYDAY = [
    # public assistance and the welfare office
    ("I work part-time, can I still claim social assistance", "seikatsu-hogo-working"),
    ("what paperwork do I need for social assistance", "seikatsu-hogo-bring"),
    ("where is the benefits office", "fukushi-jimusho-what"),
    # rent, eviction, homelessness
    ("the letting agent gave me a notice to vacate", "oidasare-sou"),
    ("the letting agent says I have to vacate the apartment", "oidasare-sou"),
    ("I have no fixed abode", "rojou-seikatsu-soudan"),
    # debt and lawyers
    ("loan sharks are after me", "yamikin"),  # an illegal lender: the police first, not debt counselling
    ("I lost my wallet and can't get home", "saifu-nakushita-kaerenai"),
    ("Can I get welfare if I still have some savings?", "seikatsu-hogo-chokin"),
    ("When can I get my pension?", "nenkin-rourei-kiso"),
    # once a menu of secrecy and insurance; a passport kept by an employer is handed on too (danger_now), and
    # the question is answered after the lines
    ("my employer took my passport, what can I do?", "shokuba-trouble-soudan"),
    ("who can get the new enrollment subsidy for school supplies", "shuugaku-enjo"),
    ("I'm worried about my future", "mh-nemurenai-tsurai"),  # once the hospital's social worker
    # "I'm scared" (once the unplanned-pregnancy entry, then the listening entry) is fear alone: care and
    # lines, and a question about what is happening (tests/test_risk.py, fear or worry alone)
    ("everything is going wrong", "mh-nemurenai-tsurai"),  # once a menu of a care appeal and a pension
    ("my girlfriend left me", "mh-nemurenai-tsurai"),  # once the dating-violence entry
    ("i borrowed from several consumer finance companies and can't repay", "shakkin-kaesenai"),
    ("how do i file for bankrupcy", "jiko-hasan-saimu-seiri"),
    ("i need an attorney but i'm broke", "houterasu-muryo-soudan"),
    # losing a job, trouble at work, workplace injury
    ("I was let go after I hurt my back at work", "rousai-hoken"),  # 労災 has its own entry now
    ("I got sacked yesterday", "shokuba-trouble-soudan"),
    ("I was laid off without warning", "shokuba-trouble-soudan"),
    ("my boss sacked me on the spot", "shokuba-trouble-soudan"),
    ("the company didn't renew my contract", "shokuba-trouble-soudan"),
    # unemployment benefit
    ("I was made redundant, how do I claim jobseeker's allowance", "koyou-hoken-kihon-teate"),
    ("can I get the dole after I resigned", "koyou-hoken-kihon-teate"),
    # pensions
    ("i can't keep up with my pension contributions", "nenkin-hokenryou-menjo"),
    ("can i get a waiver for the pension", "nenkin-hokenryou-menjo"),
    # health insurance and medical bills
    ("is there a cap on hospitalisation costs", "med-kougaku-ryouyouhi"),
    ("can the NHI lower my out of pocket costs at the hospital", "med-kokuho-ichibu-futan-genmen"),
    ("my teeth hurt but I'm skint", "med-haisha-okane-nai"),
    # disability
    ("my son is autistic and needs a carer at home", "dis-kyotaku-kaigo"),
    # mental illness
    ("my wife has bipolar disorder and I want to meet other families", "iso-kazokukai"),
    (
        "my son was in a psych ward, the doctors want to discharge him and he still has hallucinations",
        "mh-seishinka-jushin",
    ),
    ("I'd like to see a shrink", "mh-seishinka-jushin"),
    ("I'm miserable and sleepless every night", "mh-nemurenai-tsurai"),
    # dementia, older people, care
    ("how do we get a care needs assessment for my mum", "eld-kaigo-hoken-shinsei"),
    ("looking after my aging mum is wearing me out", "eld-kaigo-soudan"),
    # hikikomori
    ("my teenage daughter is a recluse", "iso-hikikomori-center"),
    ("my brother locks himself in his room all day", "iso-hikikomori-center"),
    ("our 50 year old son is reclusive and we are in our eighties", "iso-hikikomori-8050"),
    # child-rearing allowances
    ("i'm a single mum, is there a benefit for lone parents", "jidou-fuyou-teate-what"),
    # visas and residence
    ("my spouse visa after the divorce", "haigusha-visa-rikon-shibetsu"),
    ("I overstayed, what do I do", "foreign-zairyu-soudan"),
    ("I'm an expat, can I get help here", "foreign-soudan"),
    ("I need a translator", "foreign-nihongo-muzukashii"),
    ("where can I learn Japanese for free", "nihongo-manabitai"),  # once no entry (the fallback)
    # food
    ("I'm famished and haven't got anything to eat", "kyou-taberu-mono-nai"),
    ("is there a soup kitchen", "foodbank-what"),
    ("I can't eat anything", "kyou-taberu-mono-nai"),  # once the children's cafeteria (its many "eat")
    ("where can my kids eat for free", "kodomo-shokudo"),
    ("I have no appetite", "mh-nemurenai-tsurai"),
    # the pregnancy entry needs a pregnancy and work said (only_when_en groups)
    ("I'm being bullied at work", "shokuba-trouble-soudan"),
    ("I might be pregnant", "ninshin-nayami-soudan"),
    ("I was told to quit because I'm pregnant", "ninshin-furieki-toriatsukai"),
    # how often says nothing of what: "every day" drew the stalker and low-mood entries level with work
    ("I'm being harassed by my boss every day.", "shokuba-trouble-soudan"),
    ("I think I'm being scammed. Who can I call?", "shohisha-hotline-188"),
    ("I got a bill for something I never ordered", "shohisha-hotline-188"),  # once a menu
    # the words people use for the same things (synonyms_en): allowance, unpaid salary, kokuho
    ("How much is the housing allowance for people who lost their job?", "jukyo-kakuho-what"),
    ("My employer hasn't paid my salary for two months.", "shokuba-trouble-soudan"),
    ("I can't pay my national health insurance.", "kokuho-hokenryou-genmen"),
    ("i cant pay kokuho", "kokuho-hokenryou-genmen"),
    ("Am I eligible for welfare?", "seikatsu-hogo-what"),
    # the Japanese phrasings of an entry, said in English: a forgetful parent is the community support center's
    ("My mother with dementia keeps getting lost", "eld-chiiki-houkatsu"),
    ("My dad is getting forgetful", "eld-chiiki-houkatsu"),
    ("I want to divorce my husband.", "rikon-choutei"),
    ("Can I change my visa after divorce?", "haigusha-visa-rikon-shibetsu"),
    ("I quit my job. What happens to my work visa?", "shuro-visa-taishoku"),
    ("I have a criminal record and can't find work", "shussho-go-seikatsu"),
    ("I'm gay and have no one to talk to", "seiteki-minority-soudan"),
    ("my mother with dementia has wandered off", "yukue-fumei-todoke"),
    ("where do I report a death", "shibou-todoke"),
    ("How can I get a copy of my juminhyo?", "juuminhyou-utsushi"),
    ("I need to register my hanko", "inkan-touroku-shoumei"),
    ("I can't find my pension book", "nenkin-techou-funshitsu"),
    ("I just moved to a new city, what do I have to file?", "hikkoshi-todoke"),
    ("Where do I get the boshi techo?", "boshi-techou"),
    ("Are my baby's vaccinations free?", "kodomo-yobou-sesshu"),
    ("Someone keeps posting lies about me on a forum", "net-hibou-chuushou"),
    ("Can I apply for refugee status here?", "nanmin-shinsei"),
    ("I got hit by a car while cycling", "koutsuu-jiko-soudan"),
    ("We need to register our newborn's birth", "shussei-todoke"),
    ("We just had a baby and I don't know what paperwork we need to do as foreigners", "shussei-todoke"),
    ("How do I apply for a My Number card for the first time?", "mynumber-card-shinsei"),
    ("Where can I get a health checkup?", "kenkou-shinsa"),
    ("How can I enroll my daughter in a public school here?", "gaikokujin-kodomo-shuugaku"),
    # no money for a divorce lawyer is 法テラス's, not bankruptcy's (the bankruptcy entry needs a debt said in English)
    ("I want to divorce but I can't afford a lawyer", "minji-houritsu-fujo"),
    ("I need a hearing aid but can't afford it", "hosougu-hi-shikyuu"),
    # days off ordered by the company are the shutdown allowance; family care leave needs care said
    ("My boss told me to take days off because there is no work. Will I be paid?", "kyugyo-teate"),
    ("Can I take days off to care for my father?", "kaigo-kyuuka"),
    ("I work night shifts and I have no one to watch my son. Are there any services?", "kosodate-azukari"),
    ("I gave birth last month and I feel very down. I cry every day.", "sango-care"),
    ("My company hasn't enrolled me in shakai hoken. Who should I ask?", "shakai-hoken-kanyu"),
    ("I need a doctor who speaks English", "med-gaikokugo-byouin"),
    ("Where can I find an English speaking hospital?", "med-gaikokugo-byouin"),
    ("I borrowed from a loan shark and they threaten me", "yamikin"),
    ("I am a technical intern and my company does not pay me", "ginou-jisshuusei"),
    ("who can look after my dog while I am in hospital", "pet-kaenai"),
    ("My mother needs a nursing home but we can't pay", "eld-kaigo-hiyou-keigen"),
    ("I'm pregnant and my boyfriend left me", "ninshin-nayami-soudan"),
    ("Is there a Chinese speaking counselor?", "foreign-nihongo-muzukashii"),
    ("I was refused at the welfare office", "seikatsu-hogo-right"),
    ("I think my child has autism", "kodomo-hattatsu-soudan"),  # development, not the allowance
    ("Can I go to the hospital without insurance?", "med-hokenshou-nai"),
    ("I just moved to Japan and have no health insurance", "med-hokenshou-nai"),  # a newcomer (sixteenth round)
    # "health benefits" as Americans say it, and 協会けんぽ's own English for 傷病手当金 said another way (sixteenth round)
    ("what do I need to do to get health benefits when I move to Japan", "med-hokenshou-nai"),
    ("how do I apply for the injury and sick allowance", "shoubyou-teatekin"),
    # a certificate from a former employer who ignores the person (first-contact set 52 dev: nothing)
    ("my former employer won't send me my certificate of employment", "taishoku-shoumeisho"),
    ("I got the renewal form for my disability pension", "dis-shougai-joutai-kakunin"),
    # "lump-sum" folds to one word (first-contact set 47 dev: met nothing)
    ("can i claim the lump-sum payment when i leave japan", "foreign-dattai-ichijikin"),
    ("Where can I get free counseling?", "mh-kokoro-toitsu-dial"),
    ("I got a letter from the city and I can't read it", "foreign-nihongo-muzukashii"),
    # a lost job is unemployment benefit, not the rent entry whose "What should I do?" it shared
    ("I lost my job. What should I do?", "koyou-hoken-kihon-teate"),
    # after a disaster
    ("my house was damaged by the typhoon", "saigai-risai-shoumei"),
    ("can I get money to rebuild my house after the earthquake", "saigai-seikatsu-saiken-shienkin"),
    # a pregnancy weighed, and the idiom for a casual partner that met the housing benefit on "benefits"
    ("I decided against abortion, but now I don't know what to do.", "ninshin-nayami-soudan"),
    ("I have a few friends with benefits and I just found out I'm pregnant.", "ninshin-nayami-soudan"),
    # "pension insurance" is the pension, not the health or care insurance its "insurance premiums" met
    ("I can't pay my pension insurance", "nenkin-hokenryou-menjo"),
    ("where is the youth support station", "saposute-what"),
    # (first-contact set 61 dev, twentieth round: both fell back)
    ("Can assistance be provided for excessive medical payments?", "med-kougaku-ryouyouhi"),
    ("what services are available for my elderly mother", "eld-chiiki-houkatsu"),
]


def test_a_station_is_not_the_youth_support_station(knowledge: Knowledge) -> None:
    """The youth support station is one name (faq/synonyms.yaml): "station" alone, at night, is a railway's."""
    assert ask(knowledge, "i'm at the station").faq_id != "saposute-what"


@pytest.mark.parametrize(("text", "entry_id"), EVERYDAY)
def test_everyday_english_reaches_the_entry(knowledge: Knowledge, text: str, entry_id: str) -> None:
    outcome = ask(knowledge, text)
    assert outcome.faq_id == entry_id, knowledge.in_english().matcher.rank(text, top=3)


def test_shame_about_social_assistance_reaches_the_right_to_apply(knowledge: Knowledge) -> None:
    # Through the synonyms (social assistance → welfare) the two closest entries are one topic, half a point
    # apart: the one on where to apply (its English answer opens on "public assistance") may be answered first,
    # but the entry on the right to apply is then offered beside it, never lost.
    outcome = ask(knowledge, "is it shameful to go on social assistance")
    offered = {choice.data for reply in outcome.replies for choice in reply.choices}
    assert outcome.faq_id == "seikatsu-hogo-right" or "faq:seikatsu-hogo-right" in offered, outcome.text


@pytest.mark.parametrize("text", ["Is there a way you can help me?", "is there any way you could help"])
def test_a_plea_with_no_topic_answers_no_entry(knowledge: Knowledge, text: str) -> None:
    # "way" is how English asks, not what about: it drew the commuting-injury entry ("on my way to work")
    assert ask(knowledge, text).faq_id is None, knowledge.in_english().matcher.rank(text, top=3)


def test_a_forgetful_parent_alone_is_sent_to_the_community_support_center(knowledge: Knowledge) -> None:
    """The watch-over entry and the 地域包括支援センター entry (which has "mother getting forgetful lives
    alone") score within a point, and a phrasing added to either turns it; both send the person to the
    地域包括支援センター."""
    outcome = ask(knowledge, "my dad is getting forgetful and lives by himself")
    assert outcome.faq_id in {"eld-mimamori-oya", "eld-chiiki-houkatsu"} and "地域包括支援センター" in outcome.text


@pytest.mark.parametrize("entry", [e for e in RAW_ENTRIES if e.question_en], ids=lambda e: e.id)
def test_every_english_phrasing_finds_its_own_entry(knowledge: Knowledge, entry: FaqEntry) -> None:
    matcher = knowledge.in_english().matcher
    for phrasing in (entry.question_en, *entry.alternates_en):
        ranked = matcher.rank(phrasing, top=1)
        assert ranked and ranked[0].entry.id == entry.id, (phrasing, ranked[0].entry.id if ranked else None)


@pytest.mark.parametrize(
    "text",
    [
        "what's the weather like",
        "I like ramen",
        "hello how are you",
        "lol ok",
        "May I ask you a question?",
        "Is this normal?",  # words that judge without naming anything
        "Does it get better?",
    ],
)
def test_english_chatter_matches_nothing(knowledge: Knowledge, text: str) -> None:
    ranked = knowledge.in_english().matcher.rank(text, top=1)
    assert not ranked or ranked[0].score < AMBIGUOUS


@pytest.mark.parametrize("entry", RAW_ENTRIES, ids=lambda e: e.id)
def test_every_entry_has_a_faithful_english_answer(entry: FaqEntry) -> None:
    """A cheap check that translating changed no fact: the same {office} and the same numbers
    (phones, amounts, days, ages, hours) in the English as in the Japanese."""
    assert entry.question_en and entry.answer_en, f"{entry.where}: no English"
    assert entry.answer_en.count("{office}") == entry.answer.count("{office}")
    assert numbers(entry.answer_en) == numbers(entry.answer), entry.where
    assert re.search(r"[\u3040-\u30ff\u4e00-\u9fff]", entry.question) is not None  # the Japanese stays


def test_every_service_and_office_kind_has_an_english_name() -> None:
    assert [s.id for s in RAW_SERVICES if not s.name_en] == []
    assert set(office_kinds_en()) == set(office_kinds())
    assert all(office_kinds_en()[kind] != office_kinds()[kind] for kind in office_kinds())


@pytest.mark.parametrize("service", [s for s in RAW_SERVICES if s.hours_note], ids=lambda s: s.id)
def test_every_hours_note_has_a_faithful_english_note(service: Service) -> None:
    """The same numbers (days, hours, dates, phones) in the English note as in the Japanese one, and
    English apart from the Japanese names kept in brackets."""
    assert service.hours_note_en, f"{service.where}: no hours_note_en"
    assert numbers(service.hours_note_en) == numbers(service.hours_note), service.where
    assert english_only(service.hours_note_en), service.where


def test_an_english_reply_gives_the_english_hours_note(knowledge: Knowledge) -> None:
    """188's hours are not a schedule but a confirmed note: an English reader gets it in English, a
    Japanese one in Japanese."""
    service = knowledge.service("shohisha-hotline-188")
    assert service is not None and service.hours_status.confirmed and service.hours_note_en
    outcome = ask(knowledge, "I cannot pay back my loans")
    assert "shohisha-hotline-188" in [found.service_id for found in outcome.services]
    assert service.hours_note_en in outcome.text and service.hours_note not in outcome.text
    assert "年末年始" not in outcome.text and english_only(outcome.text), outcome.text
    japanese = ask(knowledge, "借金が返せない")
    assert service.hours_note in japanese.text and service.hours_note_en not in japanese.text


def test_services_show_as_english_then_japanese(knowledge: Knowledge) -> None:
    outcome = ask(knowledge, "How do I apply for welfare?")
    for found in outcome.services:
        service = knowledge.service(found.service_id)
        assert service is not None and found.name.startswith(f"{service.name_en} ({service.name})")
        assert found.phone == service.phone  # numbers unchanged
    assert "Office: Shibuya City welfare office, public assistance consultation" in outcome.replies[0].text  # {office}


def test_an_entry_without_english_says_so_and_gives_the_english_lines(knowledge: Knowledge) -> None:
    entries = tuple(replace(e, answer_en="") if e.id == "seikatsu-hogo-car" else e for e in knowledge.entries)
    untranslated = replace(knowledge, entries=entries, matcher_en=english_matcher(entries))
    outcome = ask(untranslated, "Can I get welfare if I have a car?")
    japanese = next(e for e in entries if e.id == "seikatsu-hogo-car").answer
    assert outcome.faq_id == "seikatsu-hogo-car"
    assert outcome.replies[0].text.startswith(knowledge.texts_en.get("answer_in_japanese"))
    assert japanese in outcome.replies[0].text
    speaking = [s.id for s in knowledge.services if "en" in s.languages]
    assert outcome.services[0].service_id in speaking
    assert "(English spoken)" in outcome.text


@pytest.mark.parametrize(
    ("languages", "text_languages", "interpreted", "mark"),
    [
        (("ja", "en"), (), (), " (English spoken)"),
        # the phone in Japanese, chat and mail in English (DV相談＋): told to write, never "English spoken"
        (("ja",), ("en", "zh"), (), " (English by chat and email: https://example.org/chat)"),
        (("ja",), ("zh",), (), ""),
        # an interpreter brought into the call (119): said so, and to stay on the line
        (("ja",), (), ("en", "zh"), " (an interpreter can join the call in many areas: stay on the line)"),
        (("ja", "en"), (), ("en",), " (English spoken)"),  # the line's own English comes first
        (("ja",), (), ("zh",), ""),
    ],
)
def test_an_english_reader_is_told_how_a_line_takes_english(
    knowledge: Knowledge,
    languages: tuple[str, ...],
    text_languages: tuple[str, ...],
    interpreted: tuple[str, ...],
    mark: str,
) -> None:
    record = replace(
        knowledge.services[0],
        name="窓口",
        name_en="Desk",
        languages=languages,
        text_languages=text_languages,
        interpreted_languages=interpreted,
        text_contact=True,
        url="https://example.org/chat",
    )
    texts = knowledge.texts_en.entries
    marks = LanguageMarks(texts["speaks_english"], texts["writes_english"], texts["interpreted_english"])
    assert english_service(record, marks).name == f"Desk (窓口){mark}"


def test_an_english_reader_at_risk_is_told_119_can_bring_an_interpreter(knowledge: Knowledge) -> None:
    # 119 speaks Japanese; many fire departments bring an interpreter into the call (services/national.yaml)
    outcome = ask(knowledge, "I want to die tonight")
    line = next(line for line in outcome.text.splitlines() if line.endswith("119 (open now)"))
    assert "an interpreter can join the call in many areas: stay on the line" in line
    assert "English spoken" not in line


def test_the_dv_line_is_never_said_to_speak_english_on_the_phone(knowledge: Knowledge) -> None:
    outcome = ask(knowledge, "My husband hits me")
    line = next(line for line in outcome.text.splitlines() if "DV相談＋" in line)
    assert "English spoken" not in line and "English by chat and email: https://soudanplus.jp/" in line


@pytest.mark.parametrize(
    ("text", "first", "never"),
    [
        # the lines for foreign residents speak English; a DV line that does too is only for DV
        ("My employer never paid me for the last month", "houterasu-tagengo", "dv-soudan-plus"),
        # a visa question's places: the immigration line, never a DV line because it speaks languages
        ("My visa expires next month", "isa-information-center", "dv-soudan-plus"),
        ("My husband hits me and I am scared", "dv-soudan-plus", None),
        # a medical question: the medical line that speaks English, and no visa line
        (
            "Is there any organization I can consult by telephone about a medical problem in English",
            "amda-imic",
            "isa-information-center",
        ),
        # ... while a visa question is not sent to the medical line
        ("My visa expires next month", "isa-information-center", "amda-imic"),
    ],
)
def test_english_lines_come_first_when_they_serve_the_need(
    knowledge: Knowledge, text: str, first: str, never: str | None
) -> None:
    outcome = ask(knowledge, text)
    shown = [found.service_id for found in outcome.services]
    assert first in shown and never not in shown, shown


@pytest.mark.parametrize(
    ("text", "entry", "then"),
    [
        # the labour line the answer names speaks Japanese only: the multilingual line follows it
        ("My employer has not paid me for two months", "shokuba-trouble-soudan", "houterasu-tagengo"),
        ("How do I get unemployment benefits?", "koyou-hoken-kihon-teate", "houterasu-tagengo"),
    ],
)
def test_an_english_answer_whose_places_speak_only_japanese_adds_a_line_in_english(
    knowledge: Knowledge, text: str, entry: str, then: str
) -> None:
    outcome = ask(knowledge, text)
    shown = [found.service_id for found in outcome.services]
    speaking = {s.id for s in knowledge.services if "en" in s.languages}
    assert outcome.faq_id == entry
    assert shown[0] not in speaking and then in shown[1:], shown  # the answer's own places stay first


def test_a_japanese_reader_gets_no_line_in_english(knowledge: Knowledge) -> None:
    outcome = respond(Message(text="給料が払われない", at=NIGHT), ConversationState(), knowledge)
    assert outcome.services and "houterasu-tagengo" not in [s.service_id for s in outcome.services]


def test_a_topic_button_in_english_offers_english_questions(knowledge: Knowledge) -> None:
    state = ConversationState(greeted=True, language="en")
    message = Message(text="", kind=MessageKind.POSTBACK, payload="topic:money", at=NIGHT)
    outcome = respond(message, state, knowledge)
    assert all(english_only(c.label) for r in outcome.replies for c in r.choices), outcome.replies
    assert english_only(outcome.text)


def test_check_warns_about_missing_english(knowledge: Knowledge) -> None:
    assert english_warnings(knowledge) == []
    entries = (replace(knowledge.entries[0], answer_en=""), replace(knowledge.entries[1], answer_en="Call 0120-000"))
    noted = next(service for service in knowledge.services if service.hours_note)
    services = (
        replace(knowledge.services[0], name_en=""),
        replace(noted, hours_note_en=""),
        replace(noted, hours_note_en=noted.hours_note_en + " Call 0120-000."),
    )
    found = [p.message for p in english_warnings(replace(knowledge, entries=entries, services=services))]
    assert len(found) == 5 and all(message.startswith("warning: ") for message in found)
    assert "no answer_en" in found[0] and "differ in numbers" in found[1] and "no name_en" in found[2]
    assert "no hours_note_en" in found[3] and "hours_note_en and hours_note differ in numbers" in found[4]


def test_check_passes_and_counts_the_english_warnings(data_copy: Path, cli: Runner) -> None:
    path = data_copy / "faq" / "food.yaml"
    path.write_text(re.sub(r"    answer_en: \|-\n(      .*\n)+", "", path.read_text(), count=1), encoding="utf-8")
    result = cli("check", home=data_copy)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "foodbank-what: no answer_en" in result.stdout and "1 warning(s) about English" in result.stdout


@pytest.mark.parametrize(
    ("word", "stemmed"),
    [
        ("renting", "rent"),
        ("rents", "rent"),
        ("lives", "live"),
        ("living", "live"),
        ("caring", "care"),
        ("car", "car"),
        ("stopped", "stop"),
        ("need", "need"),
        ("abused", "abus"),
        ("abuse", "abus"),
        # nouns in -ing that are no form of the verb: a parking ticket is no park, an evening not even
        ("parking", "parking"),
        ("evening", "evening"),
        ("parked", "park"),
    ],
)
def test_stem(word: str, stemmed: str) -> None:
    assert stem(word) == stemmed


def test_analyze_en_keeps_content_words() -> None:
    assert analyze_en("I can't pay my rent!").words == ("pay", "rent")
    # an age says who, not what: "year" would tie a child's fever to years of withdrawal
    assert analyze_en("My 2-year-old has a fever").words == ("fever",)
    assert analyze_en("my father, aged 80, fell").words == ("father", "fell")
    assert analyze_en("Where is Hello Work?").words == ("hellowork",)
    # a small number is an age or a count; a longer one names a line or a problem
    assert analyze_en("I'm 65 and my pension is small").words == ("pension", "small")
    assert analyze_en("can I call 189 about the 8050 problem").words == ("call", "189", "8050", "problem")


def test_analyze_en_reads_the_faq_word_in_place_of_the_everyday_one() -> None:
    """An everyday word left beside the FAQ's own would count as a word no entry has."""
    table = SynonymTable([Synonym("hikikomori", ("recluse",))], whole_words=True)
    assert analyze_en("My son is a recluse", table).words == ("son", "hikikomori")
    assert analyze_en("My son is a recluse").words == ("son", "reclus")


def test_an_english_conversation_end_to_end(cli: Runner) -> None:
    """`madoguchi ask --json -`: each English line a first contact, answered from the English FAQ (in this
    process: tests/test_cli.py runs the command as a process)."""
    lines = ["How do I apply for welfare?", "I can't pay my rent", "I want to die", "what's the weather like"]
    result = cli("ask", "--json", "--at", "2026-11-25T02:30", "-", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["faq_id"] for a in answers] == ["seikatsu-hogo-where", "yachin-haraenai", None, None]
    assert answers[2]["handoff"] and answers[2]["rule"] == "suicide"
    assert "public assistance (生活保護)" in answers[0]["reply"] and "Sorry, I could not find" in answers[3]["reply"]
    assert all(english_only(a["reply"]) for a in answers), [a["reply"] for a in answers]
    assert all(" (" in s["name"] for a in answers for s in a["services"])  # "English (日本語)"


@pytest.mark.parametrize("text", ["They make me pay it all on my own.", "I raise my kids on my own"])
def test_on_my_own_is_alone_not_owning_a_home(knowledge: Knowledge, text: str) -> None:
    # "on my own" met the entry on keeping one's own home under 生活保護 (first-contact set 54 dev)
    assert ask(knowledge, text).faq_id != "seikatsu-hogo-own-house"
