"""`madoguchi search`: the matcher alone, on our FAQ or on another FAQ set given as JSON lines."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from bot.config.faq_files import SYNONYMS_FILE, read_synonyms
from bot.config.parallel import parallel_map
from bot.config.word_vectors import word_vectors
from bot.core.faq import FaqEntry, Synonym
from bot.core.matcher import CORPUS, Matcher


class CorpusError(ValueError):
    pass


def read_corpus(path: Path) -> tuple[list[FaqEntry], dict[str, Any]]:
    """JSON lines {"id", "question", "answer"}; ids keep their JSON type in the output."""
    entries, ids = [], {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            row = json.loads(line)
            key = str(row["id"])
            question = str(row["question"])
        except (json.JSONDecodeError, KeyError, TypeError) as error:
            raise CorpusError(f'{path}:{number}: expected {{"id", "question", "answer"}}: {error}') from error
        ids[key] = row["id"]
        entries.append(FaqEntry(key, "general", question, (), str(row.get("answer") or ""), (), "", None))
    return entries, ids


def load_corpus(path: Path, base: Path) -> tuple[Matcher, dict[str, Any]]:
    entries, ids = read_corpus(path)
    synonyms: list[Synonym] = read_synonyms(base / "faq" / SYNONYMS_FILE)  # abbreviations help any Japanese FAQ
    return Matcher(entries, synonyms, tuning=CORPUS, mapper=parallel_map, vectors=word_vectors()), ids


def search_lines(
    matcher: Matcher, queries: Iterable[str], top: int, ids: dict[str, Any] | None, as_json: bool
) -> Iterator[str]:
    for query in queries:
        found = matcher.rank(query, top=top)
        results = [{"id": (ids or {}).get(c.entry.id, c.entry.id), "score": round(c.score, 3)} for c in found]
        if as_json:
            yield json.dumps({"query": query, "results": results}, ensure_ascii=False)
        else:
            yield f"{query}\n" + "\n".join(f"  {r['score']:7.2f}  {r['id']}" for r in results)
