"""FAQ retrieval on real citizens' queries, run by hand: `python bench/faq_benchmark.py [--split dev|test|all]`.

The set is localgovFAQ (Amagasaki city's FAQ and queries people wrote, with graded relevance;
bench/data/README.md says where it comes from and why it is not in this repo). Put its three JSON
files in .madoguchi/localgovfaq/ (or pass --data); their SHA-256 are checked against
bench/data/localgovfaq_split.json, which also holds the dev/test split of the queries, made before
any tuning. Tune on dev; report test.

Matchers, side by side in one run, all over question + answer of every entry:
- madoguchi: `search --corpus` exactly (the corpus written as JSON lines, read by bot.search);
- sudachi BM25: plain BM25 (k1 1.2, b 0.75) over sudachi short-unit dictionary forms without
  particles, auxiliaries and symbols: a stand-in for Elasticsearch's Kuromoji analyzer;
- char-bigram BM25: the baseline of bench/retrieval.py.
Figures: Recall@10 and nDCG@10 (graded gains 1 and 2), MRR@10, median ms per query.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import math
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from sudachipy import tokenizer  # noqa: E402

from bot.cli.search_cmd import load_corpus
from bot.core.analyzer import _dictionary
from bot.core.bm25 import Bm25
from bot.core.normalize import fold, nfkc

SPLIT_FILE = ROOT / "bench" / "data" / "localgovfaq_split.json"
DEPTH = 10
Ranker = Callable[[str], list[str]]


@dataclass(frozen=True)
class Dataset:
    corpus: dict[str, tuple[str, str]]  # id -> (question, answer)
    queries: dict[str, str]
    qrels: dict[str, dict[str, int]]  # query id -> {doc id: grade}


def load(data: Path) -> tuple[Dataset, dict[str, list[str]]]:
    split = json.loads(SPLIT_FILE.read_text(encoding="utf-8"))
    raw = {}
    for name, digest in split["sha256"].items():
        content = (data / name).read_bytes()
        if hashlib.sha256(content).hexdigest() != digest:
            raise SystemExit(f"{data / name}: not the pinned file (SHA-256 differs)")
        raw[name.removesuffix(".json")] = json.loads(content)
    corpus = {}
    for key, text in raw["corpus"].items():
        question, _, answer = text.removeprefix("Question: ").partition("\nAnswer: ")
        corpus[key] = (question.strip(), answer.strip())
    dataset = Dataset(corpus, raw["queries"], raw["qrels"])
    return dataset, {"dev": split["dev"], "test": split["test"], "all": split["dev"] + split["test"]}


def madoguchi(dataset: Dataset) -> Ranker:
    path = ROOT / ".madoguchi" / "faq-benchmark-corpus.jsonl"
    path.parent.mkdir(exist_ok=True)
    rows = [{"id": key, "question": q, "answer": a} for key, (q, a) in dataset.corpus.items()]
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    matcher, ids = load_corpus(path, ROOT)
    return lambda query: [str(ids[c.entry.id]) for c in matcher.rank(query, top=DEPTH)]


_KUROMOJI_STOP = ("助詞", "助動詞", "補助記号", "空白", "接頭辞")


def kuromoji_like(text: str) -> list[str]:
    morphemes = _dictionary().tokenizer().tokenize(nfkc(text), tokenizer.Tokenizer.SplitMode.A)
    return [m.dictionary_form().lower() for m in morphemes if m.part_of_speech()[0] not in _KUROMOJI_STOP]


def bm25_ranker(dataset: Dataset, analyze: Callable[[str], list[str]]) -> Ranker:
    keys = list(dataset.corpus)
    index = Bm25([analyze(f"{q} {a}") for q, a in dataset.corpus.values()])

    def rank(query: str) -> list[str]:
        scores = index.scores(analyze(query))
        return [keys[i] for i in scores.argsort()[::-1][:DEPTH] if scores[i] > 0]

    return rank


def bigrams(text: str) -> list[str]:
    folded = fold(text)
    return [folded[i : i + 2] for i in range(len(folded) - 1)] or [folded]


@dataclass(frozen=True)
class Figures:
    recall: float
    ndcg: float
    mrr: float
    median_ms: float


def score(found: list[str], relevant: dict[str, int]) -> tuple[float, float, float]:
    top = found[:DEPTH]
    recall = sum(1 for doc in top if doc in relevant) / len(relevant)
    dcg = sum(relevant.get(doc, 0) / math.log2(rank + 2) for rank, doc in enumerate(top))
    best = sorted(relevant.values(), reverse=True)[:DEPTH]
    ideal = sum(grade / math.log2(rank + 2) for rank, grade in enumerate(best))
    first = next((rank for rank, doc in enumerate(top) if doc in relevant), None)
    return recall, dcg / ideal, 0.0 if first is None else 1 / (first + 1)


def measure(rank: Ranker, dataset: Dataset, query_ids: Sequence[str]) -> Figures:
    totals, times = [0.0, 0.0, 0.0], []
    for key in query_ids:
        started = time.perf_counter()
        found = rank(dataset.queries[key])
        times.append((time.perf_counter() - started) * 1000)
        for number, value in enumerate(score(found, dataset.qrels[key])):
            totals[number] += value
    count = len(query_ids) or 1
    return Figures(totals[0] / count, totals[1] / count, totals[2] / count, statistics.median(times))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=ROOT / ".madoguchi" / "localgovfaq")
    parser.add_argument("--split", choices=("dev", "test", "all"), default="dev")
    parser.add_argument("--only", help="measure one matcher: madoguchi, sudachi, bigram")
    args = parser.parse_args()
    dataset, splits = load(args.data)
    query_ids = splits[args.split]
    print(f"localgovFAQ {args.split}: {len(dataset.corpus)} entries, {len(query_ids)} queries")
    print(f"{'matcher':30} {'R@10':>6} {'nDCG@10':>8} {'MRR':>6} {'ms/query':>9} {'build s':>8}")
    makers: dict[str, Callable[[], Ranker]] = {
        "madoguchi": lambda: madoguchi(dataset),
        "sudachi": lambda: bm25_ranker(dataset, kuromoji_like),
        "bigram": lambda: bm25_ranker(dataset, bigrams),
    }
    labels = {
        "madoguchi": "madoguchi (search --corpus)",
        "sudachi": "sudachi BM25 (Kuromoji-like)",
        "bigram": "char-bigram BM25",
    }
    for name, make in makers.items():
        if args.only and name != args.only:
            continue
        started = time.perf_counter()
        ranker = make()
        build = time.perf_counter() - started
        figures = measure(ranker, dataset, query_ids)
        print(
            f"{labels[name]:30} {figures.recall:6.3f} {figures.ndcg:8.3f} {figures.mrr:6.3f} "
            f"{figures.median_ms:9.3f} {build:8.2f}"
        )


if __name__ == "__main__":
    main()
