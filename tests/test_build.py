"""Builds are all-or-nothing: a broken folder, an exception or kill -9 leaves the previous build serving."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from indexer import build as build_module
from indexer.build import build
from indexer.validation import ContentValidationError
from portal.cli import main as cli
from portal.instance import SCHEMA_VERSION, InstancePaths
from tests.conftest import SHIPPED_CONTENT, SMALL_CONTENT, opened_app

BUILD_TIMEOUT_S = 120


@pytest.fixture
def instance(tmp_path, database_url) -> InstancePaths:
    paths = InstancePaths.from_env(tmp_path / "instance")
    build(SMALL_CONTENT, paths, database_url)
    return paths


@pytest.fixture
def broken_content(tmp_path) -> Path:
    content = tmp_path / "broken"
    shutil.copytree(SMALL_CONTENT, content)
    path = content / "recalls" / "nhtsa" / "24V801000.md"
    path.write_text(path.read_text(encoding="utf-8").replace("remedy_type: ota", "remedy_type: teleport"),
                    encoding="utf-8")
    return content


def _manifest(paths: InstancePaths) -> dict:
    return json.loads(paths.manifest.read_text(encoding="utf-8"))


def test_manifest_describes_the_build(instance):
    manifest = _manifest(instance)
    assert manifest["schema_version"] == SCHEMA_VERSION
    assert manifest["counts"]["recalls_by_authority"] == {"NHTSA": 6, "SAMR": 3}
    assert manifest["counts"]["vehicles"] == 2
    assert len(manifest["content_hash"]) == 64
    assert instance.current.is_symlink()
    assert instance.index.is_dir() == ("whoosh" in manifest["search_backends"])


def test_healthz_returns_the_manifest(client, small_instance):
    body = client.get("/healthz").get_json()
    manifest = _manifest(small_instance)
    assert body["build_id"] == manifest["build_id"]
    assert body["counts"] == manifest["counts"]
    assert body["content_hash"] == manifest["content_hash"]


def test_same_content_gives_the_same_hash(instance, database_url):
    first = _manifest(instance)["content_hash"]
    build(SMALL_CONTENT, instance, database_url)
    assert _manifest(instance)["content_hash"] == first


def test_broken_content_keeps_the_previous_build(instance, broken_content, database_url):
    before = _manifest(instance)
    with pytest.raises(ContentValidationError):
        build(broken_content, instance, database_url)
    assert _manifest(instance) == before
    assert not list(instance.builds.glob("*.partial"))


def test_cli_build_names_file_and_field_and_exits_non_zero(instance, broken_content, monkeypatch, database_url):
    monkeypatch.setenv("PORTAL_INSTANCE", str(instance.root))
    if database_url:
        monkeypatch.setenv("DATABASE_URL", database_url)
    before = _manifest(instance)
    result = CliRunner().invoke(cli, ["build", "--content", str(broken_content)])
    assert result.exit_code == 1
    assert "24V801000.md" in result.output and "field 'remedy_type'" in result.output
    assert _manifest(instance) == before


def test_exception_during_build_keeps_the_previous_build(instance, monkeypatch, database_url):
    before = _manifest(instance)

    def failing_copy(_content, _build_dir):
        raise OSError("cannot copy")

    monkeypatch.setattr(build_module, "_copy_rules", failing_copy)
    with pytest.raises(OSError):
        build(SMALL_CONTENT, instance, database_url)
    assert _manifest(instance) == before
    assert not list(instance.builds.glob("*.partial"))


def test_kill_9_during_build_keeps_the_previous_build(instance, database_url):
    """A build killed half-way leaves only debris, which the next build clears."""
    before = _manifest(instance)
    env = {**os.environ, "PORTAL_INSTANCE": str(instance.root)}
    if database_url:
        env["DATABASE_URL"] = database_url
    process = subprocess.Popen(
        [sys.executable, "-m", "portal.cli", "build", "--content", str(SHIPPED_CONTENT)],
        env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + BUILD_TIMEOUT_S
    while not list(instance.builds.glob("*.partial")) and time.monotonic() < deadline and process.poll() is None:
        time.sleep(0.05)
    assert process.poll() is None, "the build finished before it could be killed"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    assert _manifest(instance) == before
    with opened_app(instance, database_url) as app:
        assert app.test_client().get("/healthz").get_json()["build_id"] == before["build_id"]
    build(SMALL_CONTENT, instance, database_url)
    assert not list(instance.builds.glob("*.partial"))
    assert _manifest(instance)["build_id"] != before["build_id"]


def test_old_builds_are_removed_but_the_previous_is_kept(instance, database_url):
    for _ in range(3):
        build(SMALL_CONTENT, instance, database_url)
    finished = [p for p in instance.builds.iterdir() if p.is_dir()]
    assert len(finished) == 2
    assert instance.current_build_id() in {p.name for p in finished}


def test_a_running_app_follows_a_new_build(instance, database_url):
    with opened_app(instance, database_url) as app:
        client = app.test_client()
        first = client.get("/healthz").get_json()["build_id"]
        build(SMALL_CONTENT, instance, database_url)
        assert client.get("/healthz").get_json()["build_id"] != first
        assert client.get("/recalls/23V838000").status_code == 200


def test_server_refuses_to_start_without_a_build(tmp_path, monkeypatch, capsys):
    from portal.wsgi import create_served_app

    monkeypatch.setenv("PORTAL_INSTANCE", str(tmp_path / "empty"))
    with pytest.raises(SystemExit) as caught:
        create_served_app()
    assert caught.value.code == 3
    assert "ota-portal build" in capsys.readouterr().err


def test_server_refuses_an_instance_of_another_schema_version(instance, monkeypatch, capsys):
    from portal.wsgi import create_served_app

    manifest_file = instance.current / "manifest.json"
    manifest = json.loads(manifest_file.read_text())
    manifest["schema_version"] = SCHEMA_VERSION + 1
    manifest_file.write_text(json.dumps(manifest))
    monkeypatch.setenv("PORTAL_INSTANCE", str(instance.root))
    with pytest.raises(SystemExit):
        create_served_app()
    err = capsys.readouterr().err
    assert "schema version" in err and "ota-portal build" in err
