"""Speed and memory, run by hand: `python bench/speed.py`. Prints figures; asserts nothing.

- triage: the whole core (`pipeline.respond`: normalize, rules, FAQ match, services, reply) per
  message with 2,000 FAQ entries, beside one raw rapidfuzz `extractOne` over the same questions;
- corpus load: `search --corpus`'s work for 2,000 entries with unique questions and answers and no
  alternates (reading the JSON lines and building the matcher);
- memory: the process's peak RSS;
- start-up: wall time of `madoguchi ask` as a new process (knowledge cache warm, and cold; where the
  environment sets PYTHONDONTWRITEBYTECODE, also with bytecode cached, as an installed package starts).
The 2,000 entries are made by recombining our own FAQ (question + part of another's question,
answer + part of another's answer), so the texts look like real entries; no other FAQ ships here.
"""

from __future__ import annotations

import gc
import json
import os
import resource
import statistics
import subprocess
import sys
import time
from dataclasses import replace
from datetime import datetime
from pathlib import Path

from rapidfuzz import fuzz, process

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bot.cli.search_cmd import load_corpus
from bot.config.faq_files import load_faq_dir
from bot.config.knowledge_store import load_knowledge
from bot.config.parallel import parallel_map
from bot.core.analyzer import analyze
from bot.core.concepts import _reading
from bot.core.hours import TOKYO
from bot.core.matcher import Matcher
from bot.core.model import ConversationState, Message
from bot.core.normalize import fold, fold_marked
from bot.core.pipeline import respond

SIZE = 2000


def forget_messages() -> None:
    """Each message is timed as if new: the caches that keep a message's analysis and its folded form
    (for a story's sentence read twice, a text folded on each step) would otherwise answer the repeated
    messages without sudachi."""
    analyze.cache_clear()
    _reading.cache_clear()
    fold.cache_clear()
    fold_marked.cache_clear()


def timed(function, items, before=lambda: None):  # type: ignore[no-untyped-def]
    """Per-item milliseconds; like timeit, the garbage collector is paused while timing, so a
    collection left over from building the 2,000-entry index is not charged to one message.
    `before` runs untimed ahead of each item."""
    times = []
    gc.collect()
    gc.disable()
    try:
        for item in items:
            before()
            started = time.perf_counter()
            function(item)
            times.append((time.perf_counter() - started) * 1000)
    finally:
        gc.enable()
    times.sort()
    return statistics.median(times), times[int(len(times) * 0.99) - 1]


def main() -> None:
    knowledge, problems = load_knowledge(ROOT)
    assert knowledge is not None, problems
    entries = list(knowledge.entries)
    big = [
        replace(
            e, id=f"{e.id}-{i}", question=f"{e.question} {other.question[:10]}", answer=f"{e.answer}{other.answer[:60]}"
        )
        for i in range(SIZE)
        for e, other in [(entries[i % len(entries)], entries[(i * 7 + 3) % len(entries)])]
    ]
    _, synonyms, _, _ = load_faq_dir(ROOT / "faq")
    started = time.perf_counter()
    matcher = Matcher(big, synonyms, mapper=parallel_map)
    load = time.perf_counter() - started
    big_knowledge = replace(knowledge, entries=tuple(big), matcher=matcher)
    corpus = ROOT / ".madoguchi" / "bench-corpus.jsonl"
    corpus.parent.mkdir(exist_ok=True)
    rows = [{"id": i, "question": f"{e.question}（{i}番）", "answer": f"{i}番。{e.answer}"} for i, e in enumerate(big)]
    corpus.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    started = time.perf_counter()
    load_corpus(corpus, ROOT)
    corpus_load = time.perf_counter() - started
    messages = [a for e in entries for a in e.alternates] + ["死にたい", "今から飛び降りる", "家賃が払えない", "😀"]
    messages = messages * 3
    at = datetime(2026, 11, 25, 2, 0, tzinfo=TOKYO)
    state = ConversationState(greeted=True)
    respond(Message(text="warm up", at=at), state, big_knowledge)
    triage = timed(lambda text: respond(Message(text=text, at=at), state, big_knowledge), messages, forget_messages)
    questions = [fold(e.question) for e in big]
    raw = timed(lambda text: process.extractOne(fold(text), questions, scorer=fuzz.ratio), messages)
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"FAQ entries: {SIZE}, messages timed: {len(messages)}")
    print(f"{'':34} {'median ms':>10} {'p99 ms':>8}")
    print(f"{'triage (whole core, respond())':34} {triage[0]:10.3f} {triage[1]:8.3f}")
    print(f"{'raw rapidfuzz extractOne':34} {raw[0]:10.3f} {raw[1]:8.3f}")
    print(f"matcher build for the {SIZE} entries above (with alternates): {load:.2f} s")
    print(f"corpus load ({SIZE} unique questions and answers, as search --corpus): {corpus_load:.2f} s")
    print(f"peak RSS of this process: {rss:.0f} MiB")
    environments = [("warm cache", os.environ.copy()), ("cold, no cache", {**os.environ, "MADOGUCHI_NO_CACHE": "1"})]
    if os.environ.get("PYTHONDONTWRITEBYTECODE"):
        # This environment forbids bytecode files, so every start compiles the package from source; an
        # installed package (or any ordinary Python) starts from its cached bytecode. Both are shown.
        cached = {key: value for key, value in os.environ.items() if key != "PYTHONDONTWRITEBYTECODE"}
        environments.append(("warm cache, bytecode cached", cached))
    for label, env in environments:
        runs = [_start_up(env) for _ in range(6)][1:]  # the first run writes what the others read
        print(f"madoguchi ask start-up ({label}): median {statistics.median(runs):.2f} s")


def _start_up(env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--json", "生活保護の申請はどこ"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        check=True,
    )
    return time.perf_counter() - started


if __name__ == "__main__":
    main()
