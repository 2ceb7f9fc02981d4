import json
from pathlib import Path

import pytest

from bot.cli.search_cmd import CorpusError, read_corpus
from tests.conftest import Runner
from tests.test_cli import run

CORPUS = [
    {"id": 1, "question": "ごみの出し方を教えてください", "answer": "燃えるごみは月曜と木曜に出してください。"},
    {"id": "b", "question": "住民票の写しはどこで取れますか", "answer": "区役所の窓口で取れます。"},
    {"id": 3, "question": "国民健康保険の保険料が払えません", "answer": "減免や分割の相談ができます。"},
]


def write(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "corpus.jsonl"
    path.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows) + "\n", encoding="utf-8")
    return path


def test_search_json_over_a_corpus(tmp_path: Path) -> None:
    corpus = write(tmp_path, CORPUS)
    result = run(
        "search",
        "--top",
        "2",
        "--json",
        "--corpus",
        str(corpus),
        "-",
        stdin="じゅうみんひょう どこでとれる\n保険料 はらえない\n",
    )
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["query"] for line in lines] == ["じゅうみんひょう どこでとれる", "保険料 はらえない"]
    assert lines[0]["results"][0]["id"] == "b" and lines[1]["results"][0]["id"] == 3  # ids keep their type
    assert len(lines[0]["results"]) <= 2
    scores = [r["score"] for r in lines[1]["results"]]
    assert scores == sorted(scores, reverse=True)


def test_search_our_faq(cli: Runner) -> None:
    result = cli("search", "--json", "--top", "3", "生保の申請どこ")
    assert result.returncode == 0
    assert json.loads(result.stdout)["results"][0]["id"].startswith("seikatsu-hogo")


def test_a_malformed_corpus_names_file_and_line(tmp_path: Path, cli: Runner) -> None:
    path = tmp_path / "bad.jsonl"
    path.write_text('{"id": 1, "question": "a"}\n{"question": "no id"}\n', encoding="utf-8")
    with pytest.raises(CorpusError, match=r"bad\.jsonl:2"):
        read_corpus(path)
    result = cli("search", "--corpus", str(path), "x")
    assert result.returncode == 2 and "bad.jsonl:2" in result.stderr
