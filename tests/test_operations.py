"""What an on-call engineer relies on: honest health, 503 (never 500) when a service goes away,
start-ups that refuse a wrong setup in one line, a deleted database never re-created empty,
``migrate`` saying what it applied, and a rollback that serves the previous build.

Outages use services the test starts itself (tests/support/services.py), never the shared ones.
"""

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
from sqlalchemy import create_engine, text

from indexer.build import build
from portal.cli import main as cli
from portal.db.migrate import head_revision
from portal.instance import InstancePaths
from portal.state import state
from tests.conftest import REPO, SMALL_CONTENT, opened_app
from tests.support.gunicorn_server import fetch, gunicorn
from tests.support.services import free_port, own_redis


def _copy(instance: InstancePaths, target: Path, symlinks: bool = True) -> InstancePaths:
    """The instance folder without its live runtime database (copying an open SQLite file drops its locks)."""
    shutil.copytree(instance.root, target, symlinks=symlinks, ignore=shutil.ignore_patterns("runtime.db*"))
    return InstancePaths.from_env(target)


def _serve_refusal(root: Path, **env: str | None) -> subprocess.CompletedProcess:
    """``ota-portal serve`` that is expected to stop before listening."""
    environment = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "SEARCH_BACKEND")}
    environment["PORTAL_INSTANCE"] = str(root)
    environment.update({k: v for k, v in env.items() if v is not None})
    return subprocess.run([sys.executable, "-m", "portal.cli", "serve", "--port", str(free_port())],
                          env=environment, capture_output=True, text=True, timeout=120, cwd=REPO)


def _one_line(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 3, (result.returncode, result.stdout, result.stderr)
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "Traceback" not in result.stderr, result.stderr
    return lines[0]


@pytest.fixture
def sqlite_only(database_url):
    if database_url:
        pytest.skip("a SQLite instance's case; PostgreSQL's is in the cluster tests below")


# -- health -----------------------------------------------------------------------------------------

def operational(reasons: list[str]) -> list[str]:
    """The reasons other than a source's age (the fixture content's sources are old snapshots, so always stale)."""
    return [reason for reason in reasons if not reason.startswith("source ")]


def test_health_says_ok_with_no_operational_reasons(client):
    health = client.get("/healthz")
    assert health.status_code == 200 and health.json["ok"] is True
    assert operational(health.json["reasons"]) == []
    assert health.json["status"] == ("degraded" if health.json["reasons"] else "ok")


def test_redis_away_fails_open_and_health_recovers(small_instance, database_url, tmp_path):
    with own_redis(tmp_path) as redis, opened_app(
            small_instance, database_url, RATELIMIT_STORAGE_URI=redis.url(), ASK_RATE_LIMIT="100 per minute",
            WTF_CSRF_ENABLED=False) as application:
        client = application.test_client()
        assert client.post("/api/v1/ask", json={"question": "What is an OTA recall?", "lang": "en"}).status_code == 200
        assert operational(client.get("/healthz").json["reasons"]) == []
        redis.stop()
        asked = client.post("/api/v1/ask", json={"question": "What is an OTA recall?", "lang": "en"})
        assert asked.status_code == 200, asked.data[:300]
        assert client.post("/ask", data={"question": "What is an OTA recall?"}).status_code < 500
        assert client.post("/staff/login", data={"username": "nobody", "password": "wrong password!"}).status_code == 401
        health = client.get("/healthz")
        assert health.status_code == 200 and health.json["status"] == "degraded"
        assert any("Redis" in reason for reason in health.json["reasons"]), health.json["reasons"]
        redis.start()  # the same port: the operator brought it back
        health = client.get("/healthz")
        assert health.status_code == 200 and operational(health.json["reasons"]) == [], health.json
        assert client.post("/api/v1/ask", json={"question": "What is an OTA recall?", "lang": "en"}).status_code == 200


def test_a_deleted_database_is_503_and_never_recreated(small_instance, sqlite_only, tmp_path):
    copy = _copy(small_instance, tmp_path / "instance")
    database = copy.current / "portal.db"
    with gunicorn(copy.root, tmp_path, workers=2) as served:
        assert fetch(f"{served.base}/healthz")[0] == 200
        database.unlink()
        for _ in range(4):  # both workers
            assert fetch(f"{served.base}/healthz")[0] == 503
        for pid in served.worker_pids():  # restarted workers open the build afresh
            os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            status, headers, _body = fetch(f"{served.base}/recalls")
            if status != 502 and status < 500 or status == 503:
                break
            time.sleep(0.2)
        for _ in range(4):
            status, headers, _body = fetch(f"{served.base}/recalls")
            assert status == 503 and headers["Retry-After"]
            assert fetch(f"{served.base}/healthz")[0] == 503
        assert not database.exists()


# -- start-up ---------------------------------------------------------------------------------------

def test_start_up_refuses_a_missing_database_in_one_line(small_instance, sqlite_only, tmp_path):
    copy = _copy(small_instance, tmp_path / "instance")
    (copy.current / "portal.db").unlink()
    line = _one_line(_serve_refusal(copy.root))
    assert "portal.db" in line and "ota-portal build" in line


def test_start_up_refuses_an_unreachable_database_in_one_line(small_instance, sqlite_only, tmp_path):
    copy = _copy(small_instance, tmp_path / "instance")
    url = f"postgresql+psycopg://portal:secret@127.0.0.1:{free_port()}/portal"
    line = _one_line(_serve_refusal(copy.root, DATABASE_URL=url))
    assert "Cannot connect to DATABASE_URL" in line and "secret" not in line


def test_start_up_refuses_a_database_url_it_cannot_use_in_one_line(small_instance, sqlite_only, tmp_path):
    copy = _copy(small_instance, tmp_path / "instance")
    assert "postgresql+psycopg://" in _one_line(_serve_refusal(copy.root, DATABASE_URL="postgres://a@127.0.0.1/db"))


def test_start_up_refuses_runtime_tables_newer_than_the_code(small_instance, sqlite_only, tmp_path):
    copy = _copy(small_instance, tmp_path / "instance")
    assert CliRunner().invoke(cli, ["migrate"], env={"PORTAL_INSTANCE": str(copy.root)}).exit_code == 0
    engine = create_engine(f"sqlite:///{copy.runtime_db}")
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '0099'"))
    engine.dispose()
    line = _one_line(_serve_refusal(copy.root))
    assert "0099" in line and head_revision() in line and "build host first" in line


def test_an_instance_copied_without_its_links_is_served(small_instance, sqlite_only, tmp_path):
    copy = _copy(small_instance, tmp_path / "instance", symlinks=False)  # cp -rL: `current` is a folder
    assert copy.current.is_dir() and not copy.current.is_symlink()
    with gunicorn(copy.root, tmp_path) as served:
        status, _headers, body = fetch(f"{served.base}/healthz")
    assert status == 200 and json.loads(body)["build_id"] == json.loads((copy.current / "manifest.json").read_text())["build_id"]


def test_builds_without_a_current_link_are_refused_with_the_fix(small_instance, sqlite_only, tmp_path):
    copy = _copy(small_instance, tmp_path / "instance")
    copy.current.unlink()  # rsync -r without -l drops links
    line = _one_line(_serve_refusal(copy.root))
    assert "ota-portal rollback --to" in line


def test_migrate_says_what_it_applied(tmp_path):
    env = {"PORTAL_INSTANCE": str(tmp_path / "instance"), "DATABASE_URL": ""}
    first = CliRunner().invoke(cli, ["migrate"], env=env)
    assert first.exit_code == 0, first.output
    assert "Applied 0001" in first.output and f"Applied {head_revision()}" in first.output
    again = CliRunner().invoke(cli, ["migrate"], env=env)
    assert again.exit_code == 0 and "Applied" not in again.output and "nothing to apply" in again.output


# -- rollback ---------------------------------------------------------------------------------------

def test_rollback_serves_the_previous_build(small_instance, sqlite_only, tmp_path):
    copy = _copy(small_instance, tmp_path / "instance")
    first = copy.current_build_id()
    build(SMALL_CONTENT, copy, None)
    second = copy.current_build_id()
    assert second != first
    with opened_app(copy, None) as application:
        client = application.test_client()
        assert client.get("/healthz").json["build_id"] == second
        result = CliRunner().invoke(cli, ["rollback"], env={"PORTAL_INSTANCE": str(copy.root), "DATABASE_URL": ""})
        assert result.exit_code == 0 and f"Now serving build {first}" in result.output, result.output
        assert copy.current_build_id() == first
        health = client.get("/healthz")
        assert health.status_code == 200 and health.json["build_id"] == first
        assert client.get("/recalls").status_code == 200
    refused = CliRunner().invoke(cli, ["rollback", "--to", "no-such-build"],
                                 env={"PORTAL_INSTANCE": str(copy.root), "DATABASE_URL": ""})
    assert refused.exit_code == 2 and "Nothing was changed" in refused.output
    assert copy.current_build_id() == first


# -- limits on one machine with several workers --------------------------------------------------------

def test_per_worker_limits_never_add_up_to_more_than_stated(small_instance, sqlite_only, tmp_path):
    """memory:// counts per worker: with 2 workers each allows half, so 4 per minute means at most 4."""
    with gunicorn(small_instance.root, tmp_path, workers=2, LOGIN_RATE_LIMIT="4 per minute",
                  ASK_RATE_LIMIT="6 per minute", RATELIMIT_STORAGE_URI="memory://") as served:
        import re

        import requests

        with requests.Session() as browser:  # a real sign-in form, CSRF token and all, tried 16 times
            token = re.search(r'name="csrf_token"[^>]*value="([^"]+)"',
                              browser.get(f"{served.base}/staff/login").text).group(1)
            logins = [browser.post(f"{served.base}/staff/login", allow_redirects=False, data={
                "csrf_token": token, "username": f"user{n}", "password": "wrong password!"}).status_code
                for n in range(16)]
        asks = [fetch(f"{served.base}/api/v1/ask", "POST",
                      json.dumps({"question": "What is an OTA recall?", "lang": "en"}).encode(),
                      {"Content-Type": "application/json"})[0] for _ in range(20)]
    assert sum(code != 429 for code in logins) <= 4 and 429 in logins, logins
    assert sum(code == 200 for code in asks) <= 6 and 429 in asks, asks


def test_limit_arithmetic():
    from portal.limits_arith import divide_limit

    assert divide_limit("30 per minute", 2) == "15 per minute"
    assert divide_limit("10/minute", 4) == "2 per minute"
    assert divide_limit("1 per second; 50 per hour", 3) == "1 per second; 16 per hour"


# -- a full disk --------------------------------------------------------------------------------------

def test_sign_out_on_a_full_disk_fails_closed(small_instance, sqlite_only, tmp_path):
    from portal.staff.auth import create_staff_user
    from tests.test_staff import PASSWORD, sign_in, soup

    mount = tmp_path / "disk"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        root = mount / "instance"
        root.mkdir()
        (root / "builds").symlink_to(small_instance.builds)  # the build stays where it is; runtime.db goes here
        os.symlink(os.readlink(small_instance.current), root / "current")
        copy = InstancePaths.from_env(root)
        from portal.db.migrate import migrate_runtime

        migrate_runtime(f"sqlite:///{copy.runtime_db}")
        with opened_app(copy, None, WTF_CSRF_ENABLED=True, PORTAL_MIN_FREE_MB=1) as application:
            with state(application).runtime_session() as db:
                create_staff_user(db, "diskfull-owner", PASSWORD)
            client = application.test_client()
            assert sign_in(client, "diskfull-owner").status_code == 302
            saved = client.get_cookie("session").value
            csrf = soup(client.get("/staff")).find("input", attrs={"name": "csrf_token"})["value"]
            free = shutil.disk_usage(mount).free
            with open(mount / "filler", "wb") as filler:
                filler.write(b"\0" * (free - 4096))
            out = client.post("/staff/logout", data={"csrf_token": csrf})
            assert out.status_code in (302, 503)  # recorded, or said not to be: never a 500
            replay = application.test_client()
            replay.set_cookie("session", saved)
            assert replay.get("/staff/queue.json").status_code in (401, 503)  # the saved cookie reads nothing
            health = application.test_client().get("/healthz")
            assert health.json["status"] == "degraded"
    finally:
        subprocess.run(["umount", str(mount)], check=False)
