"""A cache of the loaded knowledge, so `madoguchi ask` starts fast.

Parsing the YAML with line numbers and analysing every FAQ phrasing takes longer than answering.
The result is pickled under a key made of the data files' bytes and the code that reads them; any
edit to either gives a new key. The cache lives in the user's own cache folder and only holds what
the files already say; a broken or foreign cache file is ignored and rebuilt.
"""

from __future__ import annotations

import hashlib
import logging
import os
import pickle
import sys
import tempfile
import time
from pathlib import Path

from bot.config import compiled_patterns
from bot.config.knowledge_store import RULES_FILE, load_knowledge
from bot.config.yamlsrc import Problem
from bot.core.knowledge import Knowledge
from bot.core.rules import prepare

log = logging.getLogger(__name__)
CODE = Path(__file__).resolve().parents[1]  # the whole package: any code change rebuilds the cache
# Every edit of the data gives a new key, and a running bot reloads on every edit: without pruning the
# folder grew by a 3 MB file per edit (1.9 GB on the development machine). The newest few are kept, for
# deployments with different data or areas that share the folder; an older one is simply rebuilt.
KEEP = 8


def cache_dir() -> Path:
    if os.environ.get("MADOGUCHI_CACHE_DIR"):
        return Path(os.environ["MADOGUCHI_CACHE_DIR"])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "madoguchi"


def knowledge_key(base: Path) -> str:
    digest = hashlib.sha256(sys.version.encode())
    digest.update(os.environ.get("MADOGUCHI_AREA", "").encode())  # answers name the area's own offices
    sources = sorted(CODE.rglob("*.py")) + sorted(CODE.glob("data/*.yaml"))
    data = sorted(base.glob("faq/*.yaml")) + sorted(base.glob("services/*.yaml")) + [base / RULES_FILE]
    for path in sources + data:
        digest.update(str(path.relative_to(CODE if path.is_relative_to(CODE) else base)).encode())
        digest.update(path.read_bytes() if path.exists() else b"-")
    return digest.hexdigest()[:32]


def load_knowledge_cached(base: Path) -> tuple[Knowledge | None, list[Problem]]:
    if os.environ.get("MADOGUCHI_NO_CACHE"):
        return load_knowledge(base)
    path = cache_dir() / f"knowledge-{knowledge_key(base)}.pickle"
    try:
        with path.open("rb") as handle:
            knowledge = pickle.load(handle)
        if isinstance(knowledge, Knowledge):
            return knowledge, []
    except FileNotFoundError:
        pass
    except Exception as error:  # noqa: BLE001 - a stale or damaged cache is rebuilt, never trusted
        log.info("knowledge cache %s ignored: %s", path, error)
    knowledge, problems = load_knowledge(base)
    if knowledge is not None:
        _write(path, knowledge)
    return knowledge, problems


def _write(path: Path, knowledge: Knowledge) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(
            dir=path.parent, prefix="knowledge-", suffix=".partial", delete=False
        ) as handle:
            prepare(knowledge.rules)  # the patterns made on first use go into the cache too
            compiled_patterns.dump(knowledge, handle)
        os.replace(handle.name, path)
    except OSError as error:  # a read-only home is fine: the bot just starts slower
        log.info("knowledge cache not written: %s", error)
        return
    _prune(path.parent)


def _prune(folder: Path) -> None:
    """Delete all but the KEEP newest cached knowledge files. Another process may be deleting the same
    files at once, or reading one: a file gone is fine (it is rebuilt when next wanted)."""
    found = []
    for path in folder.glob("knowledge-*.pickle"):
        try:
            found.append((path.stat().st_mtime, path))
        except OSError:
            continue
    for _, path in sorted(found, reverse=True)[KEEP:]:
        path.unlink(missing_ok=True)
    # A process killed while writing leaves its partial file behind; one an hour old is nobody's.
    for partial in folder.glob("knowledge-*.partial"):
        try:
            if time.time() - partial.stat().st_mtime > 3600:
                partial.unlink(missing_ok=True)
        except OSError:
            continue
