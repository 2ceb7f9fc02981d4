"""Retrieval quality, run by hand: `python bench/retrieval.py [--corpus FILE.jsonl --queries FILE.jsonl]`.

Two splits of our own FAQ, each measured for three matchers side by side in one run:
- held-out alternates: one alternate per entry (the last) is a query; the index keeps the question,
  the other alternates and the answer;
- questions and answers only: the index has no alternates at all (like `search --corpus`), and every
  alternate is a query.
Matchers: ours (bot.matcher), a character-bigram BM25 baseline over the same texts, and plain
rapidfuzz `extractOne` / `extract` over the indexed questions and alternates.
The same two splits are then measured on the English fields (question_en, alternates_en, answer_en) with
the English matcher (bot.core.english), with and without the English synonyms (synonyms_en).
With --corpus and --queries (JSON lines {"id","question","answer"} and {"query","id"}) it measures
another FAQ set the same way.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path

from rapidfuzz import fuzz, process

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bot.config.faq_files import load_faq_dir
from bot.core.bm25 import Bm25
from bot.core.english import english_entry, matcher_in_english
from bot.core.faq import FaqEntry, Synonym
from bot.core.features import grams
from bot.core.matcher import Matcher
from bot.core.normalize import fold

Ranker = Callable[[str], list[str]]


def bigram_bm25(entries: Sequence[FaqEntry]) -> Ranker:
    def bigrams(text: str) -> list[str]:
        folded = fold(text)
        return [folded[i : i + 2] for i in range(len(folded) - 1)] or [folded]

    index = Bm25([bigrams(" ".join((e.question, *e.alternates, e.answer))) for e in entries])

    def rank(query: str) -> list[str]:
        scores = index.scores(bigrams(query))
        return [entries[i].id for i in scores.argsort()[::-1][:5] if scores[i] > 0]

    return rank


def plain_rapidfuzz(entries: Sequence[FaqEntry]) -> Ranker:
    choices = [(fold(text), entry.id) for entry in entries for text in (entry.question, *entry.alternates)]
    texts = [text for text, _ in choices]

    def rank(query: str) -> list[str]:
        found: list[str] = []
        for _, _, position in process.extract(fold(query), texts, scorer=fuzz.WRatio, limit=40):
            if choices[position][1] not in found:
                found.append(choices[position][1])
        return found[:5]

    return rank


def ours(entries: Sequence[FaqEntry], synonyms: Sequence[Synonym]) -> Ranker:
    matcher = Matcher(entries, synonyms)
    return lambda query: [candidate.entry.id for candidate in matcher.rank(query, top=5)]


def ours_en(entries: Sequence[FaqEntry], synonyms_en: Sequence[Synonym]) -> Ranker:
    matcher = matcher_in_english(list(entries), list(synonyms_en))
    return lambda query: [candidate.entry.id for candidate in matcher.rank(query, top=5)]


def measure(rank: Ranker, queries: Sequence[tuple[str, str]]) -> tuple[float, float, float]:
    hit1 = hit5 = reciprocal = 0.0
    for query, expected in queries:
        found = rank(query)
        if found[:1] == [expected]:
            hit1 += 1
        if expected in found[:5]:
            hit5 += 1
            reciprocal += 1 / (found.index(expected) + 1)
    count = len(queries) or 1
    return hit1 / count, hit5 / count, reciprocal / count


def held_out(entries: list[FaqEntry]) -> tuple[list[FaqEntry], list[tuple[str, str]]]:
    kept, queries = [], []
    for entry in entries:
        if len(entry.alternates) >= 2:
            queries.append((entry.alternates[-1], entry.id))
            entry = replace(entry, alternates=entry.alternates[:-1])
        kept.append(entry)
    return kept, queries


def questions_only(entries: list[FaqEntry]) -> tuple[list[FaqEntry], list[tuple[str, str]]]:
    return [replace(e, alternates=()) for e in entries], [(a, e.id) for e in entries for a in e.alternates]


Makers = dict[str, Callable[[list[FaqEntry]], Ranker]]


def report(title: str, entries: list[FaqEntry], queries: list[tuple[str, str]], makers: Makers) -> None:
    """`makers`: our matcher(s), by name; the two baselines are added after them."""
    print(f"\n{title}: {len(entries)} entries, {len(queries)} queries")
    print(f"{'matcher':34} {'Hit@1':>6} {'Hit@5':>6} {'MRR':>6}")
    results = {}
    for name, make in {**makers, "char-bigram BM25": bigram_bm25, "rapidfuzz extractOne": plain_rapidfuzz}.items():
        results[name] = measure(make(entries), queries)
        hit1, hit5, mrr = results[name]
        print(f"{name:34} {hit1:6.3f} {hit5:6.3f} {mrr:6.3f}")
    baseline = results["char-bigram BM25"][0]
    if baseline:
        print(f"Hit@1 ratio to the bigram BM25 baseline: {results[next(iter(makers))][0] / baseline:.2f}x")


def load_jsonl(path: Path) -> list[dict[str, str]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--corpus", type=Path)
    parser.add_argument("--queries", type=Path)
    args = parser.parse_args()
    root = Path(__file__).resolve().parent.parent
    entries, synonyms, synonyms_en, problems = load_faq_dir(root / "faq")
    if problems:
        raise SystemExit("\n".join(map(str, problems)))
    japanese: Makers = {"madoguchi (bot.matcher)": lambda kept: ours(kept, synonyms)}
    report("Held-out alternates (one per entry)", *held_out(entries), japanese)
    report("Questions and answers only (all alternates as queries)", *questions_only(entries), japanese)
    english = [english_entry(entry) for entry in entries if entry.question_en]
    english_makers: Makers = {
        "English matcher + synonyms_en": lambda kept: ours_en(kept, synonyms_en),
        "English matcher, no synonyms_en": lambda kept: ours_en(kept, ()),
    }
    report("English: held-out alternates_en (one per entry)", *held_out(english), english_makers)
    report("English: questions and answers only (alternates_en as queries)", *questions_only(english), english_makers)
    if args.corpus and args.queries:
        corpus = [
            FaqEntry(str(r["id"]), "general", r["question"], (), r.get("answer", ""), (), "", None)
            for r in load_jsonl(args.corpus)
        ]
        queries = [(r["query"], str(r["id"])) for r in load_jsonl(args.queries)]
        report(f"{args.corpus.name}", corpus, queries, japanese)
    _ = grams  # the matcher's own n-grams; imported so a rename breaks this bench loudly


if __name__ == "__main__":
    main()
