"""Operations on PostgreSQL, on a cluster the test starts itself: a restart answers 503 (never 500),
nodes refuse a wrong database or missing settings in one line, a schema served in the last 15 minutes
is kept and a rollback to it serves on every node.

Marked ``postgres`` so that CI runs it once, in its PostgreSQL pass; it never uses DATABASE_URL's
server, because it stops and restarts its own.
"""

from __future__ import annotations

import json
import os
import shutil
from datetime import UTC, datetime, timedelta

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from indexer.build import build
from portal.cli import main as cli
from portal.instance import InstancePaths
from tests.conftest import SMALL_CONTENT, opened_app
from tests.support.services import own_postgres
from tests.test_operations import _one_line, _serve_refusal

pytestmark = [pytest.mark.postgres]


@pytest.fixture(scope="module")
def cluster(tmp_path_factory):
    with own_postgres(tmp_path_factory.mktemp("own-pg")) as pg:
        yield pg


@pytest.fixture(scope="module")
def host(cluster, tmp_path_factory) -> InstancePaths:
    """The build host's instance, built into the private cluster (Whoosh and PostgreSQL search both)."""
    paths = InstancePaths.from_env(tmp_path_factory.mktemp("build-host") / "instance")
    build(SMALL_CONTENT, paths, cluster.url, search="whoosh")
    return paths


def _schema_exists(url: str, schema: str) -> bool:
    engine = create_engine(url)
    try:
        with engine.connect() as conn:
            return conn.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": schema}).first() is not None
    finally:
        engine.dispose()


def _manifest(paths: InstancePaths) -> dict:
    return json.loads((paths.build_dir(paths.current_build_id()) / "manifest.json").read_text())


def test_a_postgres_restart_answers_503_with_retry_after_never_500(cluster, host):
    with opened_app(host, cluster.url, WTF_CSRF_ENABLED=False) as application:
        client = application.test_client()
        assert client.get("/recalls").status_code == 200
        cluster.stop()
        try:
            # Listings are cached per build: ask for ones not asked before, which must reach the database.
            for path in ("/recalls?reported_year=2020", "/api/v1/recalls?reported_year=2021", "/healthz"):
                response = client.get(path)
                assert response.status_code == 503, (path, response.status_code)
                if path != "/healthz":
                    assert response.headers["Retry-After"]
            asked = client.post("/api/v1/ask", json={"question": "What is an OTA recall?", "lang": "en"})
            assert asked.status_code in (200, 503), asked.status_code  # answered (not logged) or 503
            assert client.post("/staff/login", data={"username": "a-user", "password": "some password"}).status_code == 503
        finally:
            cluster.start()
        assert client.get("/recalls").status_code == 200
        assert client.get("/healthz").status_code == 200


def test_a_connection_postgres_terminates_after_the_answer_is_made_does_not_replace_it(cluster, host):
    """A restart can end a request's connection between its last query and the session's closing rollback."""
    from portal.state import db

    with opened_app(host, cluster.url, WTF_CSRF_ENABLED=False) as application:
        def read_then_lose_the_connection():
            pid = db().execute(text("SELECT pg_backend_pid()")).scalar_one()
            killer = create_engine(cluster.url)
            try:
                with killer.connect() as conn:
                    assert conn.execute(text("SELECT pg_terminate_backend(:pid)"), {"pid": pid}).scalar_one()
            finally:
                killer.dispose()
            return "answered"

        application.add_url_rule("/_lost-connection", view_func=read_then_lose_the_connection)
        client = application.test_client()
        response = client.get("/_lost-connection")
        assert (response.status_code, response.text) == (200, "answered")
        assert client.get("/recalls").status_code == 200  # the pool opened a new connection


def test_an_empty_database_is_refused_in_one_line(cluster, host, tmp_path):
    cluster.psql("CREATE DATABASE empty_db OWNER portal")
    empty = cluster.url.rsplit("/", 1)[0] + "/empty_db"
    line = _one_line(_serve_refusal(host.root, DATABASE_URL=empty))
    assert _manifest(host)["db_schema"] in line and "empty_db" in line and "ship a build" in line
    engine = create_engine(empty)
    with engine.connect() as conn:  # refused before writing anything into it
        assert conn.execute(text("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")).scalar() == 0
    engine.dispose()


def test_a_node_without_database_url_or_search_backend_is_told_what_to_set(cluster, host, tmp_path):
    line = _one_line(_serve_refusal(host.root))
    assert "DATABASE_URL" in line and "do not build on a serving node" in line
    node = InstancePaths.from_env(tmp_path / "node")
    build_id = host.current_build_id()
    shutil.copytree(host.build_dir(build_id), node.build_dir(build_id), ignore=shutil.ignore_patterns("index"))
    manifest = json.loads((node.build_dir(build_id) / "manifest.json").read_text())
    manifest["search_backends"] = ["postgres"]  # as a SEARCH_BACKEND=postgres build writes it: no index/
    (node.build_dir(build_id) / "manifest.json").write_text(json.dumps(manifest))
    os.symlink(f"builds/{build_id}", node.current)
    line = _one_line(_serve_refusal(node.root, DATABASE_URL=cluster.url))
    assert "SEARCH_BACKEND=postgres" in line and "ota-portal build" not in line.replace("do not build", "")


def test_a_schema_served_in_the_last_15_minutes_is_kept_and_rollback_serves_it(cluster, host):
    first = _manifest(host)
    with opened_app(host, cluster.url) as node:
        client = node.test_client()
        assert client.get("/healthz").json["build_id"] == first["build_id"]
        build(SMALL_CONTENT, host, cluster.url, search="whoosh")  # a new build: the node moves to it at its next request
        second = _manifest(host)
        assert client.get("/healthz").json["build_id"] == second["build_id"]
        for _ in range(2):  # two more builds before anyone rolls back
            build(SMALL_CONTENT, host, cluster.url, search="whoosh")
        assert _schema_exists(cluster.url, first["db_schema"]), \
            "a schema a node served minutes ago was dropped"
        assert host.build_dir(first["build_id"]).is_dir()
        env = {"PORTAL_INSTANCE": str(host.root), "DATABASE_URL": cluster.url}
        result = CliRunner().invoke(cli, ["rollback", "--to", first["build_id"]], env=env)
        assert result.exit_code == 0, result.output
        health = client.get("/healthz")
        assert health.status_code == 200 and health.json["build_id"] == first["build_id"]
        assert client.get("/recalls").status_code == 200
    # Once nothing has served it for 15 minutes, the next build may drop it.
    engine = create_engine(cluster.url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE serving_nodes SET heartbeat_at = :t WHERE db_schema = :s"),
                     {"t": datetime.now(UTC) - timedelta(minutes=16), "s": second["db_schema"]})
    engine.dispose()
    for _ in range(2):
        build(SMALL_CONTENT, host, cluster.url, search="whoosh")
    assert not _schema_exists(cluster.url, second["db_schema"])


def test_rollback_refuses_a_build_whose_schema_is_gone(cluster, host):
    kept = [b for b in host.finished_builds() if b != host.current_build_id()]
    target = kept[-1]
    schema = json.loads((host.build_dir(target) / "manifest.json").read_text())["db_schema"]
    engine = create_engine(cluster.url)
    with engine.begin() as conn:
        conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
    engine.dispose()
    before = host.current_build_id()
    result = CliRunner().invoke(cli, ["rollback", "--to", target],
                                env={"PORTAL_INSTANCE": str(host.root), "DATABASE_URL": cluster.url})
    assert result.exit_code == 2 and "was dropped" in result.output and "Nothing was changed" in result.output
    assert host.current_build_id() == before
