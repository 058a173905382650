"""``ota-portal ask``, ``eval-qa`` and ``staff create``: the functions, then the commands through click."""

from __future__ import annotations

import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner

from portal.chat.service import QuestionFileError, format_answer, instance_engine, run_evaluation
from portal.cli import main
from portal.instance import InstanceNotReady
from portal.staff.auth import authenticate, find_user
from portal.state import state

DEV_QUESTIONS = Path(__file__).parent / "data" / "qa_dev.jsonl"
FLEET_VIN = "5YJ3E1EA2KF317000"
PASSWORD = "a long enough password"


@pytest.fixture
def env(small_instance, database_url) -> dict:
    values = {"PORTAL_INSTANCE": str(small_instance.root)}
    if database_url:
        values["DATABASE_URL"] = database_url
    return values


def run(env: dict, *args: str, input: str | None = None):
    return CliRunner().invoke(main, list(args), env=env, input=input)


def test_instance_engine_answers_with_sources_and_trace(small_instance, database_url):
    with instance_engine(small_instance, database_url) as engine:
        answer = engine.ask("Has recall 23V838 been fixed on my car?", "en", vin=FLEET_VIN)
    text = format_answer(answer)
    assert answer.intent == "recall_status" and "remedied" in answer.answer
    assert "Sources:" in text and "/recalls/23V838000" in text
    assert "Rule trace:" in text and "winner recall_status" in text


def test_instance_engine_reads_the_installed_rules_when_the_builds_are_older(small_instance, database_url, tmp_path,
                                                                               monkeypatch):
    """A build made by an older portal lacks an intent this code answers: the installed rules answer, as in the app."""
    import shutil

    import yaml

    import portal.chat.service as service_module

    _, manifest = service_module.served_build(small_instance, database_url)
    old = tmp_path / "build"
    shutil.copytree(service_module.DEFAULT_QA_DIR, old / "qa")
    path = old / "qa" / "en" / "responses.yaml"
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    del data["intents"]["update_regression"]
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")
    monkeypatch.setattr(service_module, "served_build", lambda paths, url=None: (old, manifest))
    with instance_engine(small_instance, database_url) as engine:
        answer = engine.ask("who pays if the recall update breaks something else?", "en")
    assert answer.intent == "update_regression" and "maker" in answer.answer


def test_instance_engine_refuses_a_missing_instance(tmp_path):
    from portal.instance import InstancePaths

    with pytest.raises(InstanceNotReady, match="ota-portal build"):
        with instance_engine(InstancePaths.from_env(tmp_path)):
            pass


def test_ask_command_prints_answer_sources_and_rule(env):
    result = run(env, "ask", "Has recall 23V838 been fixed on my car?", "--vin", FLEET_VIN)
    assert result.exit_code == 0, result.output
    assert "remedied" in result.output and "/vin/5YJ3E1EA2KF317000" in result.output
    assert "Intent: recall_status" in result.output and "winner recall_status" in result.output


def test_ask_command_in_chinese(env):
    result = run(env, "ask", "为什么OTA升级也叫召回？", "--lang", "zh")
    assert result.exit_code == 0, result.output
    assert "Intent: ota_recall_why" in result.output and "召回" in result.output


def test_ask_command_refuses_a_malformed_vin(env):
    result = run(env, "ask", "Does my car have recalls?", "--vin", "5YJ3E1EA2KF31700O")
    assert result.exit_code == 1 and "Error:" in result.output and "O" in result.output


def test_ask_command_without_instance_names_the_fix(tmp_path):
    result = run({"PORTAL_INSTANCE": str(tmp_path)}, "ask", "hello")
    assert result.exit_code == 1 and "ota-portal build" in result.output


def test_run_evaluation_reports_accuracy_per_language(small_instance, database_url):
    with instance_engine(small_instance, database_url) as engine:
        report = run_evaluation(DEV_QUESTIONS, engine)
    assert "accuracy en:" in report and "accuracy zh:" in report and "p95" in report


def test_eval_qa_reaches_95_percent_per_language(env):
    result = run(env, "eval-qa", str(DEV_QUESTIONS))
    assert result.exit_code == 0, result.output
    lines = {line.split(":")[0]: line for line in result.output.splitlines()}
    for lang in ("en", "zh"):
        share = float(lines[f"accuracy {lang}"].split(":")[1].split("%")[0])
        assert share >= 95.0, lines[f"accuracy {lang}"]
    assert "out-of-scope rejected: 100.0%" in result.output
    assert "latency ms: p50" in result.output and "p95" in result.output


@pytest.mark.parametrize("content", [None, "{not json\n", '["a list"]\n', b"\xff\xfe\x00bad"])
def test_eval_qa_exits_1_on_an_unreadable_file(env, tmp_path, content):
    path = tmp_path / "questions.jsonl"
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif content is not None:
        path.write_text(content, encoding="utf-8")
    result = run(env, "eval-qa", str(path))
    assert result.exit_code == 1
    assert f"Error: {path}" in result.output


def test_run_evaluation_raises_a_named_error(tmp_path):
    with pytest.raises(QuestionFileError, match="no such file"):
        run_evaluation(tmp_path / "missing.jsonl", engine=None)


def test_staff_create_prompts_twice_and_stores_an_argon2_hash(env, app):
    name = f"cli-{uuid.uuid4().hex[:8]}"
    result = run(env, "staff", "create", name, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert PASSWORD not in result.output and f"Created staff user {name}" in result.output
    with state(app).runtime_session() as db:
        assert find_user(db, name).password_hash.startswith("$argon2")
        assert authenticate(db, name, PASSWORD) is not None


def test_staff_create_refuses_duplicates_short_and_mismatched_passwords(env):
    name = f"cli-{uuid.uuid4().hex[:8]}"
    assert run(env, "staff", "create", name, input=f"{PASSWORD}\n{PASSWORD}\n").exit_code == 0
    duplicate = run(env, "staff", "create", name, input=f"{PASSWORD}\n{PASSWORD}\n")
    assert duplicate.exit_code == 1 and "already exists" in duplicate.output
    short = run(env, "staff", "create", f"x{name}", input="short\nshort\n")
    assert short.exit_code == 1 and "at least 12 characters" in short.output
    mismatch = run(env, "staff", "create", f"y{name}", input=f"{PASSWORD}\nsomething else entirely\n"
                                                             f"{PASSWORD}\n{PASSWORD}\n")
    assert mismatch.exit_code == 0 and "do not match" in mismatch.output.lower()
