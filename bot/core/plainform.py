"""The rules' view of a folded message: the plain forms the rules are written in (pure).

The rules say 眠れない, 血が止まらない, 食べるものがない, "i don't"; people write 眠れません, 血が止まりません,
食べるものがありません, "i dont". Both sides are read through `for_rules` (messages, and the rules' words at
load), so a phrase written once meets every politeness. The FAQ matchers read the words as typed.
A phrase in the spoken progressive (燃えてる) also stands for its written forms (燃えている, 燃えています),
and the other way round (`with_progressive_forms`): the rules' regular expressions were written for the
text as typed, so the message itself keeps its ている.
"""

from __future__ import annotations

import re

from sudachipy import tokenizer

from bot.core.analyzer import _tokenizer
from bot.core.normalize import spell_out

# ありません and ございません are ない; colloquial ～てません (食べてません) is ～てない. Never ～ませんか: an
# invitation (一緒に死にませんか, shall we die together) or a question, not a negative.
_NOT_THERE = re.compile(r"(?:あり|ござい)ません(でした)?(?!か)")
_TE_NOT = re.compile(r"(?<=[てで])ません(でした)?(?!か)")
# Kansai negatives: あらへん is ない, できひん/でけへん できない, and ～へん after a stem that is the one before
# ない (止まらへん, 帰れへん, 行かへん) is ～ない. Not へん of 返事, 変な, 変化 (what may follow it is excluded).
# 良い is いい, as the rules write it (死んでも良いでしょうか and 死んだ方が良い met no rule). In kana, よい only
# where it can be nothing else, after も, が, ば or ら (死んでもよい, 消えればよい), and よろしい there too.
_GOOD = re.compile(r"良い|(?<=[もがばら])(?:よい|よろしい)")
_KANSAI_NOT_THERE = re.compile(r"あらへん(かった)?")
_KANSAI_CANNOT = re.compile(r"(?:できひん|でけへん)(かった)?")
_KANSAI_NOT = re.compile(r"(?<=[らかさたまわれけえせてめべげ])へん(かった)?(?![じなかこしきさ])")
# Godan verbs: the letter that ends the dictionary form, and the endings of its other forms
# (未然・連用・終止・仮定・意志, then the euphonic stem of て/た: 殴って, 書いて, 話して, 死んで).
GODAN_ROWS = {
    "う": "わいうえおっ",
    "く": "かきくけこい",
    "ぐ": "がぎぐげごい",
    "す": "さしすせそし",
    "つ": "たちつてとっ",
    "ぬ": "なにぬねのん",
    "ぶ": "ばびぶべぼん",
    "む": "まみむめもん",
    "る": "らりるれろっ",
}
_THERE = frozenset({"ある", "有る", "ござる"})  # their negative is ない itself


def for_rules(folded: str) -> str:
    """Contractions spelt out (`normalize.spell_out`), polite or Kansai negatives made plain and 良い read
    いい: 眠れません -> 眠れない, 止まりませんでした -> 止まらなかった, 食べるものがありません -> 食べるものがない,
    止まらへん -> 止まらない, 死んでも良い -> 死んでもいい."""
    text = _TE_NOT.sub(_nai, _NOT_THERE.sub(_nai, spell_out(folded)))
    if "良い" in text or "よい" in text or "よろしい" in text:
        text = _GOOD.sub("いい", text)
    if "へん" in text or "ひん" in text:
        text = _KANSAI_CANNOT.sub(lambda negative: "でき" + _nai(negative), text)
        text = _KANSAI_NOT.sub(_nai, _KANSAI_NOT_THERE.sub(_nai, text))
    return _verbs_made_plain(text) if "ません" in text else text


def _nai(negative: re.Match[str]) -> str:
    return "なかった" if negative.group(1) else "ない"


# sudachi reads at most 49,149 bytes at once; a longer message is read ません by ません, each with the
# letters before it that hold its verb and the four after it (でしたか).
_SUDACHI_BYTES = 49_149
_MASEN = re.compile("ません")
_VERB_CONTEXT = 64


def _verbs_made_plain(text: str) -> str:
    if len(text.encode("utf-8")) < _SUDACHI_BYTES:
        return _verbs_in(text)
    pieces, done = [], 0
    for negative in _MASEN.finditer(text):
        if negative.start() < done:
            continue  # inside the last window's four letters after: left as written
        start, end = max(done, negative.start() - _VERB_CONTEXT), min(len(text), negative.end() + 4)
        pieces += [text[done:start], _verbs_in(text[start:end])]
        done = end
    return "".join(pieces) + text[done:]


def _verbs_in(text: str) -> str:
    """A verb before ませ + ん (+ でし + た), by its conjugation (sudachi): its stem before ない, then ない
    (なかった). A stem that cannot be told is left as written: a wrong plain form would match nothing."""
    morphemes = list(_tokenizer().tokenize(text, tokenizer.Tokenizer.SplitMode.C))
    pieces, last = [], 0
    for at, verb in enumerate(morphemes):
        surfaces = [m.surface() for m in morphemes[at + 1 : at + 6]]
        if verb.part_of_speech()[0] != "動詞" or surfaces[:2] != ["ませ", "ん"]:
            continue
        stem = _stem_before_nai(verb)
        if stem is None:
            continue
        past = surfaces[2:4] == ["でし", "た"]
        end = morphemes[at + (4 if past else 2)].end()
        # 一緒に死にませんか: an invitation, not a negative. Told by the letter after it, not by sudachi's next
        # word, which may take the か into a longer one (死にませんかあいう was read as 死なないか).
        if text.startswith("か", end):
            continue
        pieces += [text[last : verb.begin()], stem, "なかった" if past else "ない"]
        last = end
    return "".join(pieces) + text[last:]


def _stem_before_nai(verb: tokenizer.Morpheme) -> str | None:  # type: ignore[name-defined]
    surface, kind = verb.surface(), verb.part_of_speech()[4]
    if verb.dictionary_form() in _THERE:
        return ""
    if kind.startswith("五段"):  # 止まり -> 止まら, 言い -> 言わ: the row of its dictionary form's last letter
        row = GODAN_ROWS.get(verb.dictionary_form()[-1:])
        return surface[:-1] + row[0] if row and surface[-1:] == row[1] else None
    if kind.startswith("カ行変格"):
        return "こ" if surface == "き" else surface  # 来 (written in kanji, read either way)
    return surface if keeps_stem(kind) else None  # 起き, 食べ, し: the same before ます and ない


def keeps_stem(kind: str) -> bool:
    """A conjugation (sudachi's) whose stem is the same before ない, ます and て: 一段, サ変, カ変."""
    return "一段" in kind or kind.startswith(("サ行", "カ行"))


# The spoken progressive and its written forms: 燃えてる / 燃えている / 燃えています, 食べてない / 食べていない.
_PROGRESSIVE = (
    ("てる", ("ている", "ています")),
    ("でる", ("でいる", "でいます")),
    ("てた", ("ていた", "ていました")),
    ("でた", ("でいた", "でいました")),
    ("てない", ("ていない",)),
    ("でない", ("でいない",)),
)


def with_progressive_forms(phrase: str) -> tuple[str, ...]:
    """The phrase and its other progressive forms, for the rules' literal words (at load). A form that is
    no progressive (捨てる -> 捨ている) matches nothing, so it costs nothing but a word in a pattern."""
    forms = [phrase]
    for spoken, written in _PROGRESSIVE:
        if spoken in phrase:
            forms += [phrase.replace(spoken, form, 1) for form in written]
        for form in written:
            if form in phrase:
                forms.append(phrase.replace(form, spoken, 1))
    return tuple(dict.fromkeys(forms))


_EXISTS = frozenset({"いる", "居る", "ある", "有る", "在る"})


def with_polite_forms(phrase: str) -> tuple[str, ...]:
    """The phrase and, when it ends in a verb's dictionary form, that verb in ます and ました (at load):
    終わらせる also stands for 終わらせます, 死ぬ for 死にます. Concepts meet these already (their stems are
    prefixes); a rule's literal word did not: 「明日には全部終わらせます」 fired nothing."""
    morphemes = list(_tokenizer().tokenize(phrase, tokenizer.Tokenizer.SplitMode.C))
    stem = _stem_before_masu(morphemes[-1]) if morphemes else None
    if stem is None:
        return (phrase,)
    head = phrase[: morphemes[-1].begin()]
    return (phrase, head + stem + "ます", head + stem + "ました")


def _stem_before_masu(last: tokenizer.Morpheme) -> str | None:  # type: ignore[name-defined]
    """A verb, or a causative or passive ending (終わら-せる, 殴ら-れる), in its dictionary form: its stem
    before ます (五段 u-row to i-row, 一段 and the endings without る); None for anything else."""
    part, kind, form = last.part_of_speech()[0], last.part_of_speech()[4], last.part_of_speech()[5]
    surface = last.surface()
    # Not いる/ある: 人いる (is anyone there?) said politely is 人います, and so is こどもが2人います.
    if part not in ("動詞", "助動詞") or not form.startswith("終止形") or last.dictionary_form() in _EXISTS:
        return None
    if part == "動詞" and kind.startswith("五段") and surface[-1:] in GODAN_ROWS:
        return surface[:-1] + GODAN_ROWS[surface[-1]][1]  # 死ぬ -> 死に
    if ("一段" in kind or kind == "助動詞-レル") and surface.endswith("る"):
        return surface[:-1]
    return None
