"""Admin YAML with line numbers: the parse is shared while a file's text is unchanged."""

from pathlib import Path
from typing import Any

import pytest
from ruamel.yaml import YAML
from ruamel.yaml.error import YAMLError

from bot.config.yamlsrc import _parse_in_c, item_line, line_of, load_yaml
from tests.conftest import ROOT


def test_an_unchanged_file_is_parsed_once_and_an_edit_is_read_anew(tmp_path: Path) -> None:
    path = tmp_path / "faq.yaml"
    path.write_text("entries:\n  - id: a\n    question: 生活保護\n", encoding="utf-8")
    first, problems = load_yaml(path)
    again, _ = load_yaml(path)
    assert problems == [] and again is first  # the same text: the same parse, no second second spent
    path.write_text("entries:\n  - id: a\n    question: 障害年金\n", encoding="utf-8")
    edited, _ = load_yaml(path)
    assert edited is not first and edited["entries"][0]["question"] == "障害年金"
    assert line_of(edited["entries"][0], "question") == 3


def test_a_broken_file_is_named_with_its_line_every_time(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_text("entries:\n  - id: [a\n", encoding="utf-8")
    for _ in range(2):  # a failed parse is never remembered as a good one
        data, problems = load_yaml(path)
        assert data is None and problems and problems[0].line > 0


def _lines(data: Any) -> Any:
    """The data with every map key's and list item's line beside it, to compare two parses whole."""
    if isinstance(data, dict):
        return [(key, line_of(data, key), _lines(value)) for key, value in data.items()]
    if isinstance(data, list):
        return [(item_line(data, index), _lines(value)) for index, value in enumerate(data)]
    return (type(data).__name__, data)


SHIPPED = sorted(
    [
        *ROOT.glob("faq/*.yaml"),
        *ROOT.glob("services/*.yaml"),
        ROOT / "handoff_rules.yaml",
        *ROOT.glob("bot/data/*.yaml"),
    ]
)


@pytest.mark.parametrize("path", SHIPPED, ids=lambda path: path.name)
def test_libyaml_reads_each_shipped_file_as_the_round_trip_parser_does(path: Path) -> None:
    text = path.read_text(encoding="utf-8")
    # the shipped files are all within what libyaml reads, so a cold load takes the fast way
    assert _lines(_parse_in_c(text)) == _lines(YAML(typ="rt").load(text))


@pytest.mark.parametrize(
    "text",
    [
        "open_now: [あいてる, 空いてる?, やってる?]\n",  # `?` in a [...] list: libyaml refuses it
        "numbers:\n  - {number: 03-1234-5678, description: 月 10:00〜16:00}\n",  # `:` in a {...} map
        "- {source: https://example.jp/, checked: 2026-12-04}\n",
    ],
)
def test_text_libyaml_refuses_is_read_as_before(tmp_path: Path, text: str) -> None:
    with pytest.raises(YAMLError):
        _parse_in_c(text)
    path = tmp_path / "admin.yaml"
    path.write_text(text, encoding="utf-8")
    data, problems = load_yaml(path)
    assert problems == [] and _lines(data) == _lines(YAML(typ="rt").load(text))
