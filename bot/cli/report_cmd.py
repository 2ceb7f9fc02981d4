"""`madoguchi report unanswered`: what people asked that got no confident answer, grouped.

Similar messages are clustered (rapidfuzz on the folded text, plus shared content words), so an
admin sees at a glance what to add to the FAQ next. Only counts and message texts are shown: no
person, only how many different conversations asked.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from rapidfuzz import fuzz

from bot.core.analyzer import analyze
from bot.core.knowledge import Knowledge
from bot.core.normalize import fold

SIMILAR = 70  # rapidfuzz ratio between folded texts that puts two messages together
SHARED_WORDS = 0.5  # or this share (Jaccard) of content words
EXAMPLES = 3


@dataclass
class Cluster:
    examples: list[str] = field(default_factory=list)
    count: int = 0
    conversations: set[str] = field(default_factory=set)
    folded: str = ""
    words: frozenset[str] = frozenset()

    def as_dict(self, knowledge: Knowledge | None) -> dict[str, Any]:
        closest = knowledge.matcher.rank(self.examples[0], top=1) if knowledge else []
        return {
            "count": self.count,
            "conversations": len(self.conversations),
            "examples": self.examples,
            "closest_faq": closest[0].entry.id if closest else None,
            "closest_score": round(closest[0].score, 1) if closest else None,
        }


def _similar(cluster: Cluster, folded: str, words: frozenset[str]) -> bool:
    if fuzz.ratio(cluster.folded, folded) >= SIMILAR:
        return True
    union = cluster.words | words
    return bool(union) and len(cluster.words & words) / len(union) >= SHARED_WORDS


def cluster_unanswered(rows: Iterable[dict[str, Any]]) -> list[Cluster]:
    clusters: list[Cluster] = []
    for row in rows:
        text = (row.get("text") or "").strip()
        folded = fold(text)
        if not folded:
            continue
        words = frozenset(analyze(text).words)
        home = next((c for c in clusters if _similar(c, folded, words)), None)
        if home is None:
            home = Cluster(folded=folded, words=words)
            clusters.append(home)
        home.count += 1
        home.conversations.add(row["conversation_id"])
        if len(home.examples) < EXAMPLES and text not in home.examples:
            home.examples.append(text[:200])
    return sorted(clusters, key=lambda c: (-c.count, c.examples[0]))


def render(clusters: list[Cluster], knowledge: Knowledge | None) -> str:
    if not clusters:
        return "No unanswered messages."
    lines = [f"{sum(c.count for c in clusters)} unanswered messages in {len(clusters)} groups:"]
    for number, cluster in enumerate(clusters, start=1):
        summary = cluster.as_dict(knowledge)
        lines.append(
            f"{number:>3}. {cluster.count}× from {summary['conversations']} conversation(s); "
            f"closest FAQ: {summary['closest_faq']} ({summary['closest_score']})"
        )
        lines += [f"       「{example}」" for example in cluster.examples]
    return "\n".join(lines)
