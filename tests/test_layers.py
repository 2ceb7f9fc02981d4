"""The tree keeps its shape: the core decides and touches nothing outside itself.

bot/core may import only bot.core and the libraries that compute (no files, no network, no
database, no clock, no environment); the other rooms may import the core, never the other way.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.conftest import ROOT

CORE = ROOT / "bot" / "core"
ROOMS = ("core", "config", "store", "channels", "casework", "cli")
# What computes: text analysis, fuzzy matching, the holiday calendar, the standard library's pure parts.
CORE_MAY_IMPORT = {
    "__future__",
    "threading",  # a tokenizer per thread (state, not I/O)
    "dataclasses",
    "enum",
    "re",
    "math",
    "unicodedata",
    "functools",
    "collections",
    "typing",
    "datetime",
    "zoneinfo",
    "itertools",
    "heapq",
    "bisect",
    "statistics",
    "sudachipy",
    "rapidfuzz",
    "jpholiday",
    "numpy",
    "collections.abc",
}
FORBIDDEN_CALLS = {("os", "environ"), ("os", "getenv"), ("datetime", "now"), ("time", "time"), ("date", "today")}


def modules(folder: Path) -> list[Path]:
    return sorted(path for path in folder.rglob("*.py") if path.name != "__init__.py")


def imports(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.append(node.module)
    return found


@pytest.mark.parametrize("path", modules(CORE), ids=lambda p: p.name)
def test_the_core_imports_only_the_core_and_what_computes(path: Path) -> None:
    outside = [
        name
        for name in imports(path)
        if not name.startswith("bot.core") and name not in CORE_MAY_IMPORT and name.split(".")[0] not in CORE_MAY_IMPORT
    ]
    assert outside == [], f"{path.relative_to(ROOT)} reaches outside the core: {outside}"


@pytest.mark.parametrize("path", modules(CORE), ids=lambda p: p.name)
def test_the_core_reads_no_environment_clock_or_file(path: Path) -> None:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    attributes = {
        (node.value.id, node.attr)
        for node in ast.walk(tree)
        if isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name)
    }
    calls = {node.func.id for node in ast.walk(tree) if isinstance(node, ast.Call) and isinstance(node.func, ast.Name)}
    assert not attributes & FORBIDDEN_CALLS and "open" not in calls, path.name


def test_every_module_lives_in_a_room() -> None:
    loose = [path.name for path in (ROOT / "bot").glob("*.py") if path.name not in ("__init__.py", "__main__.py")]
    assert loose == []
    assert {folder.name for folder in (ROOT / "bot").iterdir() if (folder / "__init__.py").exists()} == set(ROOMS)


def test_no_room_is_imported_by_the_core_at_run_time() -> None:
    """Importing the core loads no other room (a transitive check, by a fresh interpreter)."""
    import subprocess
    import sys

    code = (
        "import sys, bot.core.pipeline, bot.core.answering, bot.core.risk, bot.core.intents;"
        "print(sorted({m.split('.')[1] for m in sys.modules if m.startswith('bot.') and m.count('.') >= 1}))"
    )
    loaded = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True).stdout
    assert loaded.strip() == "['core']", loaded


def test_the_readme_layout_names_every_module() -> None:
    layout = (ROOT / "README.md").read_text(encoding="utf-8").split("## How it is built", 1)[1].split("\n## ", 1)[0]
    missing = [
        f"{path.parent.name}/{path.name}"
        for folder in ROOMS
        for path in modules(ROOT / "bot" / folder)
        if path.name not in layout
    ]
    assert missing == []


SQL = re.compile(
    r"^\s*(select\b.*\bfrom\b|insert\s+(or\s+\w+\s+)?into\b|update\s+\w+\s+set\b|delete\s+from\b"
    r"|(create|alter|drop)\s+(table|index|unique\s+index)\b)",
    re.IGNORECASE | re.DOTALL,
)


def strings(tree: ast.AST) -> list[str]:
    """Every string literal, f-strings with a placeholder where a value goes."""
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.append(node.value)
        elif isinstance(node, ast.JoinedStr):
            found.append("".join(part.value if isinstance(part, ast.Constant) else "x" for part in node.values))
    return found


@pytest.mark.parametrize(
    "path", [p for room in ROOMS if room != "store" for p in modules(ROOT / "bot" / room)], ids=lambda p: p.name
)
def test_sql_is_written_only_in_the_store(path: Path) -> None:
    """Outside bot/store no module runs a statement or holds one: the store has a method for each."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    runs = [
        node.func.attr
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and node.func.attr in ("execute", "executemany", "executescript", "query")
    ]
    statements = [text for text in strings(tree) if SQL.match(text)]
    assert runs == [] and statements == [], f"{path.relative_to(ROOT)}: {runs} {statements}"
