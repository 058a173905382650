"""Shared fixtures: built instances (small fixture content and the shipped content), app, client.

Instances are built once per session with the real indexer. When
``DATABASE_URL`` names PostgreSQL (CI's second pass) every build and app in the
suite uses it, so the same tests run against both databases.
"""

from __future__ import annotations

import os
import socket
from contextlib import contextmanager
from pathlib import Path

import pytest

from indexer.build import build
from portal import create_app
from portal.config import TestConfig
from portal.instance import InstancePaths
from portal.state import state

REPO = Path(__file__).resolve().parent.parent
SMALL_CONTENT = REPO / "tests" / "data" / "content_small"
SHIPPED_CONTENT = REPO / "content"
_LOOPBACK = ("127.", "::1", "localhost")


# Tests left out of `make test-fast` although they use no shipped_* fixture, by node id
# prefix, with what makes each long on its own (seconds summed from --durations on a
# loaded 2-core machine). `make test` and CI run them all.
SHIPPED_CONTENT_TESTS = {  # read or build the whole content/ or content/upstream
    "tests/test_import_nhtsa.py": "imports the four full NHTSA upstream files (107 s)",
    "tests/test_import_nhtsa_facts.py": "checks every shipped NHTSA campaign against upstream (10 s)",
    "tests/test_import_nhtsa_notice.py::test_every_shipped_campaign": "re-reads every shipped campaign (11 s)",
    "tests/test_recall_titles.py": "loads the whole content/ (13 s)",
    "tests/test_remedy_sources.py": "loads the whole content/ (23 s)",
    "tests/test_fleet.py::test_shipped_fleet_installs_match_shipped_releases": "loads the whole content/ (11 s)",
    "tests/test_build.py::test_kill_9_during_build": "starts a build of content/ (35 s)",
}
SLOW_TESTS = {
    "tests/test_serving.py": "real gunicorn workers, waiting out read timeouts (60 s)",
    "tests/test_api_contract.py": "schemathesis: hundreds of generated requests (71 s)",
    "tests/test_build_publish.py::test_a_build_killed_at_publish": "a build in a subprocess, killed (15 s)",
    "tests/test_build_publish.py::test_a_really_full_filesystem": "a build onto a full filesystem (8 s)",
    "tests/test_operations.py::test_a_deleted_database_is_503_and_never_recreated":
        "real gunicorn, its workers killed and waited for while they start again (14 s)",
    "tests/test_operations.py::test_per_worker_limits_never_add_up_to_more_than_stated": "real gunicorn workers (8 s)",
    "tests/test_operations.py::test_an_instance_copied_without_its_links_is_served": "real gunicorn workers (5 s)",
    "tests/test_operations_postgres.py": "a PostgreSQL cluster of its own, started, restarted and stopped (11 s)",
    "tests/test_serving_attacks.py": "real gunicorn, replaying the crafted requests and slow clients (10 s)",
}


def _uses_shipped_build(item) -> bool:
    """A shipped_* fixture asked for by name, through another fixture, or as a parameter
    value that the test passes to ``request.getfixturevalue``."""
    names = list(getattr(item, "fixturenames", ()))
    callspec = getattr(item, "callspec", None)
    if callspec is not None:
        names += [value for value in callspec.params.values() if isinstance(value, str)]
    return any(name.startswith("shipped_") for name in names)


def pytest_collection_modifyitems(config, items):
    """Mark every test that needs the shipped build (about 100 s to make, once a session)
    or the whole shipped content as ``shipped``, and the long ones above as ``slow``, so
    that ``make test-fast`` can leave them out."""
    for item in items:
        if _uses_shipped_build(item) or item.nodeid.startswith(tuple(SHIPPED_CONTENT_TESTS)):
            item.add_marker(pytest.mark.shipped)
        if item.nodeid.startswith(tuple(SLOW_TESTS)):
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _no_network(monkeypatch):
    """Tests talk to loopback only: a connection anywhere else is a bug in the test."""
    real_connect = socket.socket.connect

    def guarded(sock, address):
        host = address[0] if isinstance(address, tuple) else str(address)
        if sock.family in (socket.AF_INET, socket.AF_INET6) and not str(host).startswith(_LOOPBACK):
            raise RuntimeError(f"network access to {host} blocked in tests")
        return real_connect(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(scope="session")
def database_url() -> str | None:
    url = os.environ.get("DATABASE_URL") or None
    if url and not url.startswith("sqlite"):
        from tests.support.requirements import require_postgres

        require_postgres()
    return url


def build_instance(content: Path, root: Path, database_url: str | None) -> InstancePaths:
    paths = InstancePaths.from_env(root)
    build(content, paths, database_url)
    return paths


def open_app(paths: InstancePaths, database_url: str | None, **overrides):
    config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
    config.update(PORTAL_INSTANCE=str(paths.root), DATABASE_URL=database_url,
                  SEARCH_BACKEND=os.environ.get("SEARCH_BACKEND") or "whoosh", **overrides)
    app = create_app(config)
    state(app).open()
    return app


@contextmanager
def opened_app(paths: InstancePaths, database_url: str | None, **overrides):
    """An app on ``paths`` whose database connections are closed afterwards."""
    application = open_app(paths, database_url, **overrides)
    try:
        yield application
    finally:
        state(application).close()


def ask_turns(paths: InstancePaths, database_url: str | None, *turns) -> list[dict]:
    """Each turn ``(question, lang, vin)`` through the JSON API, in one conversation; the replies in order."""
    replies, session = [], None
    with opened_app(paths, database_url, RATELIMIT_ENABLED=False) as app:
        client = app.test_client()
        for question, lang, vin in turns:
            body = {"question": question, "lang": lang, **({"vin": vin} if vin else {}),
                    **({"session": session} if session else {})}
            replies.append(client.post("/api/v1/ask", json=body).get_json())
            session = replies[-1]["session"]
    return replies


@pytest.fixture(scope="session")
def symptoms():
    """The shipped symptom lists, read once: the symptom tests ask them directly, without an app."""
    from portal.chat.engine import DEFAULT_QA_DIR
    from portal.chat.symptoms import Symptoms

    return Symptoms(DEFAULT_QA_DIR / "symptoms.yaml")


@pytest.fixture(scope="session")
def small_instance(tmp_path_factory, database_url) -> InstancePaths:
    return build_instance(SMALL_CONTENT, tmp_path_factory.mktemp("small-instance"), database_url)


@pytest.fixture(scope="session")
def shipped_instance(tmp_path_factory, database_url) -> InstancePaths:
    return build_instance(SHIPPED_CONTENT, tmp_path_factory.mktemp("shipped-instance"), database_url)


@pytest.fixture
def shipped_session(shipped_app):
    """A session on the shipped content database the app serves, closed after the test."""
    with shipped_app.app_context():
        content = state(shipped_app).content_session()
        yield content
        content.close()


@pytest.fixture(scope="session")
def shipped_whoosh_index(shipped_instance, database_url, tmp_path_factory) -> Path:
    """A Whoosh index of the shipped content, for tests of the Whoosh backend itself: the build's own,
    or (when the build searched with PostgreSQL and wrote none) one written from its database."""
    from whoosh.index import exists_in

    if exists_in(str(shipped_instance.index)):
        return shipped_instance.index
    from sqlalchemy.orm import Session

    from indexer.search_index import write_index
    from portal.db.engine import content_engine, is_sqlite
    from portal.instance import content_database_url, read_manifest

    url = content_database_url(shipped_instance, database_url)
    engine = content_engine(url, schema=read_manifest(shipped_instance).get("db_schema"), read_only=is_sqlite(url))
    index_dir = tmp_path_factory.mktemp("shipped-whoosh-index")
    try:
        with Session(engine) as session:
            write_index(index_dir, session)
    finally:
        engine.dispose()
    return index_dir


@pytest.fixture(scope="session")
def app(small_instance, database_url):
    application = open_app(small_instance, database_url)
    yield application
    state(application).close()


@pytest.fixture(scope="session")
def shipped_app(shipped_instance, database_url):
    application = open_app(shipped_instance, database_url)
    yield application
    state(application).close()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def shipped_client(shipped_app):
    return shipped_app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()
