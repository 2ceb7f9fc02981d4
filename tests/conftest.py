"""Shared fixtures. No test may reach the internet: a guard refuses any non-loopback connection."""

from __future__ import annotations

import io
import os
import shutil
import socket
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from datetime import datetime
from functools import lru_cache
from pathlib import Path
from typing import Any

import pytest

from bot.cli.main import main
from bot.config.faq_files import load_faq_dir
from bot.config.knowledge_store import load_knowledge
from bot.config.stores import KnowledgeStore
from bot.config.yamlsrc import Problem
from bot.core.faq import FaqEntry
from bot.core.hours import TOKYO
from bot.core.knowledge import Knowledge
from bot.core.matcher import Candidate
from bot.core.model import Urgency
from bot.core.rules import Firing

# Tests keep the knowledge cache (bot/cache.py) out of the user's home, in a folder of their own that
# the run removes at its end (xdist's workers inherit it from the controller, which removes it).
_OWN_CACHE = None if "MADOGUCHI_CACHE_DIR" in os.environ else tempfile.mkdtemp(prefix="madoguchi-cache-")
if _OWN_CACHE is not None:
    os.environ["MADOGUCHI_CACHE_DIR"] = _OWN_CACHE


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    if _OWN_CACHE is not None and "PYTEST_XDIST_WORKER" not in os.environ:
        shutil.rmtree(_OWN_CACHE, ignore_errors=True)


ROOT = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"
SHARED = ROOT.parent / "shared"


@lru_cache(maxsize=1)
def shipped_faq() -> tuple[list[FaqEntry], Any, Any, list[Problem]]:
    """The shipped FAQ as read (before answers are composed), once per test process: three modules
    parametrize over it at collection, in every worker."""
    return load_faq_dir(ROOT / "faq")


_real_connect = socket.socket.connect
_real_connect_ex = socket.socket.connect_ex


def _loopback_only(address: object) -> None:
    host = address[0] if isinstance(address, tuple) else address
    if isinstance(host, str) and (host.startswith("127.") or host in ("localhost", "::1") or host.startswith("/")):
        return
    if isinstance(address, str | bytes):  # unix sockets
        return
    raise RuntimeError(f"test tried to reach the network: {address!r}")


def _guarded_connect(self: socket.socket, address: object) -> None:
    _loopback_only(address)
    return _real_connect(self, address)


def _guarded_connect_ex(self: socket.socket, address: object) -> int:
    _loopback_only(address)
    return _real_connect_ex(self, address)


@pytest.fixture(autouse=True, scope="session")
def offline() -> Iterator[None]:
    """Set once for the whole run (no test lifts it): per test, patching and undoing it was 7,000 times."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(socket.socket, "connect", _guarded_connect)
        patch.setattr(socket.socket, "connect_ex", _guarded_connect_ex)
        yield


@pytest.fixture(scope="session")
def knowledge() -> Knowledge:
    loaded, problems = load_knowledge(ROOT)
    assert not problems, "\n".join(map(str, problems))
    assert loaded is not None
    return loaded


@pytest.fixture(scope="session")
def knowledge_store() -> KnowledgeStore:
    """The shipped data loaded once per test process, for runtimes that only read it."""
    from tests.channel_harness import knowledge_for  # not at the top: channel_harness imports this module

    return knowledge_for(ROOT)


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of faq/, services/ and handoff_rules.yaml for tests that break them."""
    for folder in ("faq", "services"):
        shutil.copytree(ROOT / folder, tmp_path / folder)
    shutil.copy(ROOT / "handoff_rules.yaml", tmp_path / "handoff_rules.yaml")
    return tmp_path


@pytest.fixture
def small_data(tmp_path: Path) -> Path:
    """The shipped rules and directory with one small FAQ file (food.yaml, 3 entries): for tests of loading and
    caching, where the whole FAQ only costs time (a cold load of it is about 3 s, of this one 1 s)."""
    shutil.copytree(ROOT / "services", tmp_path / "services")
    (tmp_path / "faq").mkdir()
    shutil.copy(ROOT / "faq" / "food.yaml", tmp_path / "faq" / "food.yaml")
    shutil.copy(ROOT / "handoff_rules.yaml", tmp_path / "handoff_rules.yaml")
    return tmp_path


def tokyo(text: str) -> datetime:
    """'2026-11-24 02:00' in Asia/Tokyo."""
    return datetime.fromisoformat(text).replace(tzinfo=TOKYO)


def candidate(knowledge: Knowledge, entry_id: str, score: float = 70.0, ratio: float = 0.5) -> Candidate:
    """The shipped entry `entry_id` as the matcher would rank it, at `score` (a table test's ranking)."""
    entry = knowledge.entry(entry_id)
    assert isinstance(entry, FaqEntry), entry_id
    return Candidate(entry=entry, score=score, matched_text=entry.question, ratio=ratio)


def firings(knowledge: Knowledge, fired: list[tuple[str, Urgency, tuple[str, ...]]]) -> list[Firing]:
    """The shipped rules `fired` as (rule id, urgency, words) made into firings (a table test's rules that fired)."""
    found = []
    for rule_id, urgency, words in fired:
        rule = knowledge.rules.by_id(rule_id)
        assert rule is not None, rule_id
        found.append(Firing(rule, urgency, words))
    return found


@pytest.fixture(scope="session")
def _line_server() -> Iterator[object]:
    from tests.fakes import fake_platform, line_app

    with fake_platform(line_app) as fake:
        yield fake


@pytest.fixture(scope="session")
def _tg_server() -> Iterator[object]:
    from tests.fakes import fake_platform, telegram_app

    with fake_platform(telegram_app) as fake:
        yield fake


@pytest.fixture
def line_fake(_line_server: object) -> object:
    """A fake LINE Messaging API on 127.0.0.1 (tests/fakes.py): one server, a clean state per test."""
    _line_server.reset()  # type: ignore[attr-defined]
    return _line_server


@pytest.fixture
def tg_fake(_tg_server: object) -> object:
    """A fake Telegram Bot API on 127.0.0.1 (tests/fakes.py): one server, a clean state per test."""
    _tg_server.reset()  # type: ignore[attr-defined]
    return _tg_server


Runner = Callable[..., subprocess.CompletedProcess[str]]


@pytest.fixture
def cli(monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]) -> Runner:
    """`madoguchi ARGS` as `run` does it, but in this process: the same environment, working directory
    and standard input, the exit code from `main` or its SystemExit."""

    def run_here(*args: str, stdin: str = "", home: Path | None = None, tmp: Path | None = None) -> Any:
        from tests.serve_process import outside_env  # not at the top: it imports this module's harness

        kept = outside_env()  # the environment a subprocess gets, the tests' cache folder included
        for key in [k for k in os.environ if k not in kept]:
            monkeypatch.delenv(key)
        if home is not None:
            monkeypatch.setenv("MADOGUCHI_HOME", str(home))
        if tmp is not None:
            monkeypatch.setenv("MADOGUCHI_DB", str(tmp / "chat.db"))
        monkeypatch.chdir(tmp or ROOT)
        monkeypatch.setattr(sys, "stdin", io.StringIO(stdin))
        capsys.readouterr()
        try:
            code = main(list(args))
        except SystemExit as exit_:
            code = int(exit_.code or 0)
        out, err = capsys.readouterr()
        return subprocess.CompletedProcess(args, code, out, err)

    return run_here
