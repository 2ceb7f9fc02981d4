"""Admin YAML with line numbers: the parse is shared while a file's text is unchanged."""

from pathlib import Path

from bot.config.yamlsrc import line_of, load_yaml


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
