"""Two layers: a national answer names `{office}`; the deployment's directory fills it."""

from pathlib import Path

from bot.config.catalog import need_offices, office_kinds, office_kinds_en
from bot.config.compose import with_need_offices
from bot.config.knowledge_store import load_knowledge
from bot.core.knowledge import Knowledge
from bot.core.texts import Texts


def test_answers_name_the_deployments_own_office(knowledge: Knowledge) -> None:
    entry = knowledge.entry("seikatsu-hogo-flow")
    assert entry is not None and "{office}" not in entry.answer
    assert "渋谷区 生活福祉課 相談係" in entry.answer and "03-3463-2042" in entry.answer
    assert "14日以内" in entry.answer and "30日" in entry.answer


def test_each_answer_is_also_composed_for_people_who_live_elsewhere(knowledge: Knowledge) -> None:
    """The same answer with the wording true everywhere, in each language written, for `core.whereabouts`."""
    composed = [entry for entry in knowledge.entries if entry.answer_anywhere]
    assert composed and all("渋谷" not in e.answer_anywhere and "{office}" not in e.answer_anywhere for e in composed)
    entry = knowledge.entry("seikatsu-hogo-flow")
    assert entry is not None and "お住まいの市区町村の福祉事務所（生活保護の担当）" in entry.answer_anywhere
    assert entry.answer_anywhere == entry.answer.replace(
        "渋谷区 生活福祉課 相談係（福祉事務所・生活保護の相談）（電話 03-3463-2042）",
        "お住まいの市区町村の福祉事務所（生活保護の担当）",
    )
    assert all("Shibuya" not in e.answer_en_anywhere for e in composed)
    assert all(bool(e.answer_en_anywhere) == bool(e.answer_en) for e in composed)
    assert not any(e.answer_anywhere for e in knowledge.entries if not e.office)


def test_a_new_city_edits_only_its_directory(data_copy: Path) -> None:
    """Without the Shibuya record the same answer says what is true anywhere; nothing in faq/ changes."""
    path = data_copy / "services" / "demo_city.yaml"
    path.write_text(path.read_text(encoding="utf-8").replace("    offices: [seikatsu-hogo]\n", ""), encoding="utf-8")
    knowledge, problems = load_knowledge(data_copy)
    assert knowledge is not None, problems
    entry = knowledge.entry("seikatsu-hogo-flow")
    assert entry is not None and "お住まいの市区町村の福祉事務所（生活保護の担当）" in entry.answer
    assert "渋谷" not in entry.answer


def test_office_kinds_are_checked(data_copy: Path) -> None:
    path = data_copy / "faq" / "money.yaml"
    text = path.read_text(encoding="utf-8").replace("office: seikatsu-hogo", "office: seikatsu-hogoo", 1)
    path.write_text(text, encoding="utf-8")
    knowledge, problems = load_knowledge(data_copy)
    assert knowledge is None
    assert any("unknown office 'seikatsu-hogoo'" in p.message and p.path.endswith("money.yaml") for p in problems)


def test_places_are_kinds_of_office_or_national_lines(data_copy: Path) -> None:
    """A city's own record is named through its kind (the FAQ serves every deployment); a typo or a local
    id is an error with its file and line."""
    path = data_copy / "faq" / "money.yaml"
    text = path.read_text(encoding="utf-8")
    text = text.replace("places: [seikatsu-hogo, jiritsu-soudan]", "places: [seikatsu-hogoo, jiritsu-soudan]", 1)
    text = text.replace("places: [nenkin]", "places: [shibuya-nenkin-jimusho]", 1)
    path.write_text(text, encoding="utf-8")
    knowledge, problems = load_knowledge(data_copy)
    assert knowledge is None
    found = [p for p in problems if "unknown place" in p.message]
    assert {p.message.split("'")[1] for p in found} == {"seikatsu-hogoo", "shibuya-nenkin-jimusho"}
    assert all(p.path.endswith("money.yaml") and p.line > 0 for p in found)


def test_places_absent_or_empty(knowledge: Knowledge) -> None:
    """No `places:` means the places of the needs; `places: []` means the answer names none."""
    assert all(e.places is None or isinstance(e.places, tuple) for e in knowledge.entries)
    eld = knowledge.entry("eld-kaigo-soudan")
    shoubyou = knowledge.entry("shoubyou-teatekin")
    assert eld is not None and eld.places is None
    assert shoubyou is not None and shoubyou.places == ()


def test_each_need_names_the_offices_it_can_always_be_taken_to(knowledge: Knowledge) -> None:
    """`office_for_<need>` (categories.yaml `offices:`): every kind named is a kind of office, and the line
    is composed in each language from that kind's wording, several joined."""
    kinds, english = office_kinds(), office_kinds_en()
    for need, named in need_offices().items():
        assert need in knowledge.categories and named and all(kind in kinds for kind in named)
        line = knowledge.texts.get(f"office_for_{need}")
        assert line.startswith(knowledge.categories[need]) and all(kinds[kind] in line for kind in named)
        assert all(english[kind] in knowledge.in_english().texts.get(f"office_for_{need}") for kind in named)
    assert knowledge.texts.get("office_for_employment") == (
        "仕事・就労のことは、住所を担当するハローワークや、お住まいの都道府県の労働相談の窓口（労働局の総合労働相談コーナーなど）に相談できます。"
    )
    # the English joiner keeps its spaces (replies.yaml's texts were stripped, and read "address, orthe")
    assert "in charge of your address, or the labour consultation counter" in knowledge.in_english().texts.get(
        "office_for_employment"
    )


def test_composed_texts_keep_the_others() -> None:
    texts = Texts({"need_office": "{need}: {office}", "need_office_or": " / ", "other": "x"})
    composed = with_need_offices(texts, {"food": "食べもの"}, {"food": ("shakyo", "a")}, {"shakyo": "社協", "a": "A"})
    assert composed.entries == {**texts.entries, "office_for_food": "食べもの: 社協 / A"}
