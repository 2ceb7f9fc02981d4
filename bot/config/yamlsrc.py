"""Reading admin-edited YAML with line numbers, so every problem can be told as `file:line: problem`."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any, Protocol

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError


@dataclass(frozen=True)
class Problem:
    path: str
    line: int  # 1-based; 0 when the problem concerns the whole file
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


def load_yaml(path: Path) -> tuple[Any, list[Problem]]:
    """Parse one file. Returns (data, problems); data is None when the file is unreadable."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        return None, [Problem(str(path), 0, f"cannot read file: {error}")]
    try:
        return _parse(text), []
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        reason = error.problem or error.context or "invalid YAML"
        if error.context_mark is not None and "<stream end>" in str(error.problem):
            # Something left open until the end of the file: point at where it was opened.
            mark, reason = error.context_mark, f"{error.context}: {reason}"
        line = mark.line + 1 if mark is not None else 0
        return None, [Problem(str(path), line, f"invalid YAML: {reason}")]
    except YAMLError as error:
        return None, [Problem(str(path), 0, f"invalid YAML: {error}")]


@lru_cache(maxsize=64)  # the data is about 20 files: room for them and a day of edits
def _parse(text: str) -> Any:
    """The same text parses to the same data: a reload re-parses only the files an admin changed.
    Readers never change what they get, so sharing it is safe."""
    try:
        return _parse_in_c(text)
    except YAMLError:
        # libyaml reads YAML 1.1 and refuses some text the round-trip parser takes (a `?` or `10:00`
        # unquoted in a `[...]` list). The pure parser decides, and words any error as before.
        return YAML(typ="rt").load(text)


def _parse_in_c(text: str) -> Any:
    """The round-trip parser is pure Python and took most of a cold load (3.4 s of the shipped data's
    parse on the development machine, against 0.5 s this way). libyaml builds the nodes, which carry
    their lines; the round-trip constructor turns them into the same line-aware maps and lists, with
    the same YAML 1.2 scalars. Without ruamel.yaml.clib this is simply the pure parser again."""
    node = YAML(typ="safe", pure=False).compose(text)
    if node is None:  # an empty file, or only comments
        return None
    return RoundTripConstructor(loader=YAML(typ="rt")).construct_document(node)


def line_of(node: Any, key: Any = None) -> int:
    """1-based line of a mapping key (or of the node itself)."""
    try:
        if key is not None and isinstance(node, CommentedMap) and key in node:
            return int(node.lc.key(key)[0]) + 1
        if isinstance(node, CommentedMap | CommentedSeq):
            return int(node.lc.line) + 1
    except (AttributeError, KeyError, TypeError):
        pass
    return 0


def item_line(seq: Any, index: int) -> int:
    try:
        return int(seq.lc.item(index)[0]) + 1
    except (AttributeError, KeyError, TypeError, IndexError):
        return line_of(seq)


class Reader:
    """Collects problems while walking one file's data."""

    def __init__(self, path: Path):
        self.path = path
        self.problems: list[Problem] = []

    def problem(self, line: int, message: str) -> None:
        self.problems.append(Problem(str(self.path), line, message))

    def mapping_items(self, data: Any, key: str) -> Iterator[tuple[int, Any]]:
        """Yield (line, item) for each mapping in the list under `key`."""
        if not isinstance(data, dict):
            self.problem(line_of(data), f"expected a mapping with a '{key}' list")
            return
        items = data.get(key)
        if not isinstance(items, list):
            self.problem(line_of(data, key), f"'{key}' must be a list")
            return
        for index, item in enumerate(items):
            line = item_line(items, index)
            if not isinstance(item, dict):
                self.problem(line, f"each item of '{key}' must be a mapping")
                continue
            yield line, item

    def text(self, item: Any, key: str, required: bool = True) -> str:
        value = item.get(key)
        if value is None or (isinstance(value, str) and not value.strip()):
            if required:
                self.problem(line_of(item), f"missing '{key}'")
            return ""
        if not isinstance(value, str | int | float):
            self.problem(line_of(item, key), f"'{key}' must be text")
            return ""
        return str(value).strip()

    def text_list(self, item: Any, key: str, required: bool = True) -> tuple[str, ...]:
        value = item.get(key)
        if value is None:
            if required:
                self.problem(line_of(item), f"missing '{key}'")
            return ()
        if not isinstance(value, list) or not all(isinstance(entry, str | int) for entry in value):
            self.problem(line_of(item, key), f"'{key}' must be a list of text")
            return ()
        return tuple(str(entry).strip() for entry in value if str(entry).strip())


class Located(Protocol):
    """Anything read from a file with an id, remembering where it stood (`path:line`)."""

    @property
    def id(self) -> str: ...

    @property
    def where(self) -> str: ...


def duplicate_ids(items: Iterable[Located]) -> list[Problem]:
    """Every second use of an id, pointing back to the first (across files)."""
    first_seen: dict[str, str] = {}
    problems = []
    for item in items:
        if item.id in first_seen:
            path, _, line = item.where.rpartition(":")
            problems.append(Problem(path, int(line or 0), f"duplicate id '{item.id}' (first at {first_seen[item.id]})"))
        else:
            first_seen[item.id] = item.where
    return problems


def read_folder(folder: Path, what: str, problems: list[Problem]) -> Iterator[tuple[Path, Any, Reader]]:
    """Every YAML file of a data folder, parsed, with a reader for its problems; an empty or missing
    folder is itself a problem (the bot must not start with no FAQ or no directory)."""
    files = sorted(folder.glob("*.yaml")) if folder.is_dir() else []
    if not files:
        problems.append(Problem(str(folder), 0, f"no {what} files (*.yaml) found"))
    for path in files:
        data, load_problems = load_yaml(path)
        problems.extend(load_problems)
        if data is not None:
            yield path, data, Reader(path)
