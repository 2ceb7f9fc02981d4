"""The command line: the JSON contract tests outside this repo rely on, and one console conversation,
through a real process; the other commands in this process (`cli`), where each costs no start-up."""

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest

from bot.store.storage import Storage
from tests.conftest import ROOT, Runner
from tests.serve_process import outside_env


def run(
    *args: str, stdin: str = "", home: Path | None = None, tmp: Path | None = None
) -> subprocess.CompletedProcess[str]:
    env = outside_env()
    if home is not None:
        env["MADOGUCHI_HOME"] = str(home)
    if tmp is not None:
        env["MADOGUCHI_DB"] = str(tmp / "chat.db")
    return subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=tmp or ROOT,
        env=env,
        timeout=60,
    )


def test_ask_json_contract() -> None:
    result = run("ask", "--json", "--at", "2026-11-25T02:00:00+09:00", "生活保護の申請はどこでできますか")
    assert result.returncode == 0, result.stderr
    answer = json.loads(result.stdout)
    assert answer["handoff"] is False and answer["urgency"] is None and answer["rule"] is None
    assert answer["faq_id"] == "seikatsu-hogo-where" and isinstance(answer["score"], float)
    assert "福祉事務所" in answer["reply"]
    assert answer["services"] and set(answer["services"][0]) >= {"id", "name", "phone", "open_now"}


def test_ask_json_stdin_one_line_each_fresh(tmp_path: Path) -> None:
    lines = ["死にたい", "今から飛び降りる", "障害年金", "", "😀", "I want to die"]
    result = run("ask", "--json", "--at", "2026-11-25T03:00", "-", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    answers = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(answers) == len(lines)
    assert [a["rule"] for a in answers] == ["suicide", "suicide", None, None, None, "suicide"]
    assert [a["urgency"] for a in answers][:2] == ["urgent", "emergency"]
    for answer in (answers[0], answers[1], answers[5]):
        assert re.search(r"\b(110|119|0120-279-338)\b", answer["reply"])  # a number that answers at 3 a.m.
    greetings = ("メッセージありがとうございます", "Thank you for your message. This is Madoguchi")
    assert all(a["reply"].startswith(greetings) for a in answers)  # each a fresh first contact, in its language


def test_ask_plain_text(cli: Runner) -> None:
    result = cli("ask", "社協ってなに")
    assert result.returncode == 0 and "社会福祉協議会" in result.stdout


def test_check_ok(cli: Runner) -> None:
    result = cli("check")
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1].startswith("ok:")


def test_check_names_file_line_and_problem(data_copy: Path, cli: Runner) -> None:
    faq = data_copy / "faq" / "money.yaml"
    faq.write_text(faq.read_text(encoding="utf-8").replace("category: money", "category: okane", 1), encoding="utf-8")
    services = data_copy / "services" / "national.yaml"
    services.write_text(
        services.read_text(encoding="utf-8").replace('opens_at: "00:00"', 'opens_at: "0"', 1), encoding="utf-8"
    )
    result = cli("check", home=data_copy)
    assert result.returncode == 1
    assert re.search(rf"{re.escape(str(faq))}:\d+: unknown category 'okane'", result.stderr), result.stderr
    assert re.search(rf"{re.escape(str(services))}:\d+: malformed schedule", result.stderr), result.stderr


def test_ask_and_chat_refuse_without_any_good_config(tmp_path: Path) -> None:
    for command in (("ask", "こんにちは"), ("chat",)):
        result = run(*command, home=tmp_path, tmp=tmp_path)
        assert result.returncode == 2
        assert "refusing to start" in result.stderr


def test_chat_keeps_state_in_a_sqlite_file(tmp_path: Path) -> None:
    result = run("chat", stdin="生活保護\n1\n死にたい\n/quit\n", home=ROOT, tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "[1]" in result.stdout and "ケース #1" in result.stdout
    storage = Storage(tmp_path / "chat.db")
    assert len(storage.cases()) == 1
    assert storage.db["messages"].count >= 8
    storage.close()
    listed = run("cases", "--json", home=ROOT, tmp=tmp_path)
    assert listed.returncode == 0
    [case] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert case["rule_id"] == "suicide" and case["status"] == "open"
    table = run("cases", "--audit", home=ROOT, tmp=tmp_path)
    assert "suicide" in table.stdout and "audit" in table.stdout


def test_check_validates_workers_file(tmp_path: Path, cli: Runner) -> None:
    (tmp_path / "workers.yaml").write_text("notify: [slack:x]\nworkers: []\n", encoding="utf-8")
    result = cli("check", home=ROOT, tmp=tmp_path)
    assert result.returncode == 1 and "workers.yaml:1: notify 'slack:x'" in result.stderr


@pytest.mark.parametrize("text", ["a" * 10_000, "。" * 10_000])
def test_ask_survives_very_long_input(text: str, cli: Runner) -> None:
    result = cli("ask", "--json", text)
    assert result.returncode == 0 and json.loads(result.stdout)["reply"]


def test_ask_reply_includes_the_button_labels_the_person_sees(cli: Runner) -> None:
    answer = json.loads(cli("ask", "--json", "生活保護").stdout)
    assert answer["faq_id"] and len(answer["choices"]) >= 3  # related questions, a person, tomorrow's check-in
    assert all(f"［{label}］" in answer["reply"] for label in answer["choices"])


def test_chat_escalates_a_risk_that_grows_over_messages(tmp_path: Path, cli: Runner) -> None:
    """The console's end of the flow; the three ways a risk grows are tested on in-memory channels
    (test_desk.py), where each costs no process start."""
    turns = ["しにたい", "さっきロープかってきた"]
    result = cli("chat", stdin="\n".join(turns) + "\n", home=ROOT, tmp=tmp_path)
    assert result.returncode == 0, result.stderr
    assert "言い方を変えて" not in result.stdout
    listed = cli("cases", "--json", home=ROOT, tmp=tmp_path)
    [case] = [json.loads(line) for line in listed.stdout.splitlines()]
    assert case["urgency"] == "emergency", case  # one case, raised, not a second one
    audit = cli("cases", "--audit", home=ROOT, tmp=tmp_path)
    assert "raise" in audit.stdout


def test_ask_json_says_when_the_person_was_asked_about_risk(cli: Runner) -> None:
    result = cli("ask", "--json", "-", stdin="つかれた\n生活保護の申請はどこでできますか\n")
    asked, plain = [json.loads(line) for line in result.stdout.splitlines()]
    assert asked["asked_about_risk"] is True and asked["handoff"] is False and "はい" in asked["choices"]
    assert plain["asked_about_risk"] is False


def test_admin_forget_erases_a_case_conversation(tmp_path: Path, cli: Runner) -> None:
    cli("chat", stdin="死にたい\n/quit\n", home=ROOT, tmp=tmp_path)
    erased = cli("forget", "--case", "1", home=ROOT, tmp=tmp_path)
    assert erased.returncode == 0 and "messages=" in erased.stdout and "messages=0" not in erased.stdout
    storage = Storage(tmp_path / "chat.db")
    assert storage.db["messages"].count == 0 and storage.db["conversations"].count == 0
    [case] = storage.cases()
    assert case["rule_id"] == "suicide" and case["triggers"] == "[]"
    storage.close()
    assert cli("forget", "--case", "9", home=ROOT, tmp=tmp_path).returncode == 1


def test_ask_json_answers_easy_japanese_in_easy_japanese(knowledge, cli: Runner) -> None:  # type: ignore[no-untyped-def]
    """やさしい日本語 gets answer_easy, ordinary Japanese the Japanese answer, English the English one."""
    lines = [
        "ビザ きれる。どこ きく？",
        "在留資格の手続きはどこに問い合わせればいいですか",
        "My visa is expiring. Where can I ask?",
    ]
    result = cli("ask", "--json", "--at", "2026-11-25T12:00", "-", stdin="\n".join(lines) + "\n")
    assert result.returncode == 0, result.stderr
    easy, ordinary, english = (json.loads(line) for line in result.stdout.splitlines())
    entry = knowledge.entry("foreign-zairyu-soudan")
    assert easy["faq_id"] == ordinary["faq_id"] == english["faq_id"] == entry.id
    assert entry.answer_easy in easy["reply"] and entry.answer not in easy["reply"]
    assert entry.answer in ordinary["reply"] and entry.answer_easy not in ordinary["reply"]
    assert entry.answer_en in english["reply"]
