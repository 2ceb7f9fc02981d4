"""Regular expressions pickled with their compiled form, so the knowledge cache loads without
recompiling them.

Python pickles a pattern as its source and compiles it again on load. The rules hold about 550
patterns, several of them thousands of characters long (every inflection of every word, in two
scripts), and `re` parses them in pure Python: 0.25-0.4 s of every `madoguchi ask`, most of its
start-up. Here a pattern is pickled with the program `re` compiled it to, and rebuilt from that
program by the same internal constructor `re` itself ends with.

That constructor is CPython's own and not a public API, so nothing is trusted blindly:
- at dump time the rebuilt pattern must compare equal to the original (CPython compares the source,
  the flags and the compiled program), or the pattern is pickled the ordinary way;
- the program is tagged with the regex engine's MAGIC number and the Python version, and on load any
  mismatch or error compiles the pattern from its source as usual;
- the cache key already holds `sys.version`, so a cache written by another Python is never read.
"""

from __future__ import annotations

import copyreg
import importlib
import io
import pickle
import re
import sys
from typing import IO, Any

_sre: Any
_compiler: Any
_parser: Any
try:  # CPython's internals; without them patterns pickle as usual
    _sre = importlib.import_module("_sre")
    _compiler = importlib.import_module("re._compiler")
    _parser = importlib.import_module("re._parser")
except ImportError:  # pragma: no cover - other Pythons
    _sre = None

_TAG = (sys.version, getattr(_sre, "MAGIC", None))

Program = tuple[list[int], int, dict[str, int], tuple[str | None, ...]]


def dump(obj: object, handle: IO[bytes]) -> None:
    """`pickle.dump`, with every pattern in `obj` carrying its compiled program."""
    pickler = pickle.Pickler(handle, protocol=pickle.HIGHEST_PROTOCOL)
    table = copyreg.dispatch_table.copy()
    table[re.Pattern] = _reduce
    pickler.dispatch_table = table
    pickler.dump(obj)


def dumps(obj: object) -> bytes:
    buffer = io.BytesIO()
    dump(obj, buffer)
    return buffer.getvalue()


def rebuild(source: str, flags: int, tag: tuple[str, Any], program: Program | None) -> re.Pattern[str]:
    """The pattern from its program when this Python wrote it, else compiled from its source."""
    if program is not None and tag == _TAG and _sre is not None:
        try:
            code, groups, groupindex, indexgroup = program
            pattern: re.Pattern[str] = _sre.compile(source, flags, code, groups, groupindex, indexgroup)
            return pattern
        except Exception:  # noqa: BLE001, S110 - any doubt: compile from the source, as Python would
            pass
    return re.compile(source, flags)


def _reduce(pattern: re.Pattern[str]) -> tuple[Any, tuple[Any, ...]]:
    program = _program(pattern)
    return rebuild, (pattern.pattern, pattern.flags, _TAG, program)


def _program(pattern: re.Pattern[str]) -> Program | None:
    """What `re._compiler.compile` hands the engine for this pattern, if rebuilding from it gives
    the very same pattern (source, flags and compiled code all equal)."""
    if _sre is None or not isinstance(pattern.pattern, str):
        return None
    try:
        parsed = _parser.parse(pattern.pattern, pattern.flags)
        code = [int(op) for op in _compiler._code(parsed, pattern.flags)]  # opcodes are int subclasses
        groupindex = dict(parsed.state.groupdict)
        indexgroup: list[str | None] = [None] * parsed.state.groups
        for name, index in groupindex.items():
            indexgroup[index] = name
        program: Program = (code, parsed.state.groups - 1, groupindex, tuple(indexgroup))
        rebuilt = _sre.compile(pattern.pattern, pattern.flags, *program)
    except Exception:  # noqa: BLE001 - an engine that differs: pickle the ordinary way
        return None
    return program if rebuilt == pattern else None
