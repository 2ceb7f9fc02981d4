from pathlib import Path

from bot.cli.report_cmd import cluster_unanswered, render
from bot.core.knowledge import Knowledge
from bot.store.storage import Storage
from tests.conftest import Runner, tokyo


def rows(*pairs: tuple[str, str]) -> list[dict[str, str]]:
    return [{"conversation_id": conversation, "text": text} for conversation, text in pairs]


def test_similar_messages_are_grouped_and_counted(knowledge: Knowledge) -> None:
    clusters = cluster_unanswered(
        rows(
            ("a", "マイナンバーカードの更新はどこ"),
            ("b", "マイナンバーカード 更新どこ"),
            ("b", "まいなんばーかーどの更新"),
            ("c", "ゴルフ場の予約はどこ"),
        )
    )
    assert [c.count for c in clusters] == [3, 1]
    assert len(clusters[0].conversations) == 2
    text = render(clusters, knowledge)
    assert "3×" in text and "マイナンバーカードの更新はどこ" in text and "ゴルフ場の予約はどこ" in text


def test_empty_and_blank_messages_are_skipped() -> None:
    assert cluster_unanswered(rows(("a", ""), ("a", "   "))) == []


def test_report_command_reads_the_database(tmp_path: Path, cli: Runner) -> None:
    cli("chat", stdin="ぴよぴよ\nゴルフ場の予約はどこ\n/quit\n", tmp=tmp_path)
    result = cli("report", "unanswered", tmp=tmp_path)
    assert result.returncode == 0 and "ゴルフ場の予約はどこ" in result.stdout and "ぴよぴよ" in result.stdout
    storage = Storage(tmp_path / "chat.db")
    assert list(storage.unanswered(tokyo("2100-01-01 00:00"))) == []
    storage.close()
    later = cli("report", "unanswered", "--since", "2100-01-01", tmp=tmp_path)
    assert "No unanswered messages." in later.stdout
