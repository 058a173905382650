"""Publishing keeps what is served: a build killed at publish, a full disk, live nodes' schemas, prune."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
import textwrap

import pytest
from click.testing import CliRunner
from sqlalchemy import create_engine, text

from indexer import build as build_module
from indexer.build import build
from portal.cli import main as cli
from portal.db.nodes import record_serving
from portal.instance import InstancePaths
from tests.conftest import REPO, SMALL_CONTENT, opened_app


def _manifest(paths: InstancePaths) -> dict:
    return json.loads(paths.manifest.read_text(encoding="utf-8"))


@pytest.fixture
def instance(tmp_path, database_url) -> InstancePaths:
    paths = InstancePaths.from_env(tmp_path / "instance")
    build(SMALL_CONTENT, paths, database_url)
    return paths


def _build_killed_at_publish(paths: InstancePaths, database_url: str | None) -> None:
    script = textwrap.dedent(f"""
        import os, signal, sys
        sys.path.insert(0, {str(REPO)!r})
        from indexer import build as b
        from portal.instance import InstancePaths
        b.publish_build = lambda *args: os.kill(os.getpid(), signal.SIGKILL)
        b.build({str(SMALL_CONTENT)!r}, InstancePaths.from_env({str(paths.root)!r}), {database_url!r})
    """)
    process = subprocess.run([sys.executable, "-c", script], capture_output=True, timeout=120)
    assert process.returncode == -9, process.stderr.decode()


def test_a_build_killed_at_publish_never_costs_the_served_build(instance, database_url):
    served = instance.current_build_id()
    _build_killed_at_publish(instance, database_url)
    unpublished = {p.name for p in instance.builds.iterdir()} - {served}
    assert len(unpublished) == 1 and instance.current_build_id() == served
    build(SMALL_CONTENT, instance, database_url)
    remaining = {p.name for p in instance.builds.iterdir()}
    # The build that was really served is kept as the rollback target; the unpublished one goes.
    assert served in remaining and not unpublished & remaining
    assert len(remaining) == 2


def test_a_full_disk_ends_with_the_clean_message(instance, monkeypatch, database_url):
    monkeypatch.setenv("PORTAL_INSTANCE", str(instance.root))
    if database_url:
        monkeypatch.setenv("DATABASE_URL", database_url)
    before = _manifest(instance)

    def full(_content, _build_dir):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(build_module, "_copy_rules", full)
    result = CliRunner().invoke(cli, ["build", "--content", str(SMALL_CONTENT)])
    assert result.exit_code == 1
    assert "Nothing was changed" in result.output and "disk filled up" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    assert _manifest(instance) == before
    assert not list(instance.builds.glob("*.partial"))


def test_a_really_full_filesystem_ends_with_the_clean_message(tmp_path, monkeypatch):
    """A real 3 MB tmpfs (needs root): the second build runs out of space half-way."""
    monkeypatch.delenv("SEARCH_BACKEND", raising=False)  # an embedded build, whatever the suite runs on
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=3m", "tmpfs", str(mount)], capture_output=True)
    if done.returncode:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.decode().strip()}")
    try:
        paths = InstancePaths.from_env(mount / "instance")
        build(SMALL_CONTENT, paths, None)
        before = _manifest(paths)
        free = shutil.disk_usage(mount).free
        (mount / "filler").write_bytes(b"\0" * max(0, free - 300_000))
        env = {**os.environ, "PORTAL_INSTANCE": str(paths.root), "PYTHONPATH": str(REPO)}
        env.pop("DATABASE_URL", None)
        env.pop("SEARCH_BACKEND", None)
        result = subprocess.run([sys.executable, "-m", "portal.cli", "build", "--content", str(SMALL_CONTENT)],
                                env=env, capture_output=True, text=True, timeout=120)
        assert result.returncode == 1, result.stderr
        assert "Nothing was changed" in result.stderr and "Traceback" not in result.stderr
        assert _manifest(paths) == before
    finally:
        subprocess.run(["umount", str(mount)], check=False)


@pytest.mark.postgres
def test_live_nodes_keep_their_schema_and_prune_drops_only_orphans(instance, database_url, monkeypatch, tmp_path):
    if not database_url:
        pytest.skip("needs DATABASE_URL naming PostgreSQL")
    engine = create_engine(database_url)
    try:
        first = _manifest(instance)
        record_serving(engine, first["build_id"], first["db_schema"], node="test-node-a")
        for _ in range(3):
            build(SMALL_CONTENT, instance, database_url)
        with engine.connect() as conn:
            assert conn.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"),
                                {"s": first["db_schema"]}).first(), "a live node's schema was dropped"
        with engine.begin() as conn:  # a schema from some other build folder, long gone
            conn.execute(text('CREATE SCHEMA IF NOT EXISTS "content_20200101t000000000000z_dead00"'))
        monkeypatch.setenv("PORTAL_INSTANCE", str(instance.root))
        monkeypatch.setenv("DATABASE_URL", database_url)
        listed = CliRunner().invoke(cli, ["prune"])
        assert listed.exit_code == 0, listed.output
        assert "orphaned content_20200101t000000000000z_dead00" in listed.output
        assert first["db_schema"] in listed.output and "live node" in listed.output
        dropped = CliRunner().invoke(cli, ["prune", "--yes"])
        assert "dropped  content_20200101t000000000000z_dead00" in dropped.output
        with engine.connect() as conn:
            assert not conn.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = 'content_20200101t000000000000z_dead00'")).first()
            assert conn.execute(text("SELECT 1 FROM pg_namespace WHERE nspname = :s"), {"s": first["db_schema"]}).first()
    finally:
        with engine.begin() as conn:
            conn.execute(text("DELETE FROM serving_nodes WHERE node = 'test-node-a'"))
        engine.dispose()


@pytest.mark.postgres
def test_a_node_whose_schema_is_gone_answers_503(instance, database_url):
    if not database_url:
        pytest.skip("needs DATABASE_URL naming PostgreSQL")
    with opened_app(instance, database_url) as app:
        client = app.test_client()
        assert client.get("/healthz").status_code == 200
        engine = create_engine(database_url)
        with engine.begin() as conn:
            conn.execute(text(f'DROP SCHEMA "{_manifest(instance)["db_schema"]}" CASCADE'))
        engine.dispose()
        response = client.get("/healthz")
        assert response.status_code == 503 and response.get_json()["ok"] is False


def test_healthz_names_the_search_backend(client):
    body = client.get("/healthz").get_json()
    assert body["ok"] is True and body["search_backend"] in ("whoosh", "postgres")


def test_nodes_record_the_build_they_serve(instance, database_url):
    from portal.db.nodes import live_builds
    from portal.instance import runtime_database_url

    with opened_app(instance, database_url) as app:
        app.test_client().get("/healthz")
    engine = create_engine(runtime_database_url(instance, database_url))
    try:
        assert instance.current_build_id() in live_builds(engine)
    finally:
        engine.dispose()


def test_a_node_with_nothing_shipped_says_to_ship_a_build(tmp_path, monkeypatch, capsys):
    from portal.wsgi import create_served_app

    monkeypatch.setenv("PORTAL_INSTANCE", str(tmp_path / "empty"))
    monkeypatch.setenv("DATABASE_URL", "postgresql+psycopg://nobody@127.0.0.1:9/none")
    with pytest.raises(SystemExit):
        create_served_app()
    err = capsys.readouterr().err
    assert "ship a build" in err and "builds/<id>/" in err and "`current` link" in err


def test_shipping_the_build_folder_and_current_link_is_enough(instance, tmp_path, database_url):
    """docs/DEPLOYMENT.md step 3: builds/<id>/ and the current link, nothing else."""
    node = InstancePaths.from_env(tmp_path / "node")
    build_id = instance.current_build_id()
    shutil.copytree(instance.build_dir(build_id), node.build_dir(build_id))
    os.symlink(f"builds/{build_id}", node.current)
    if not database_url:  # on one machine the runtime tables sit beside the build
        shutil.copy(instance.runtime_db, node.runtime_db)
    with opened_app(node, database_url) as app:
        client = app.test_client()
        assert client.get("/healthz").status_code == 200
        assert client.get("/recalls/23V838000").status_code == 200
