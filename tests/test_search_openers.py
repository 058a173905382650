"""The search backend a web process serves is opened through the map the app factory hands its state.

``portal.state`` knows no search backend: :data:`portal.search.openers.BACKENDS`
names them and opens each, and the state calls the one ``SEARCH_BACKEND`` names
with the build it opened. These tests check that hand-over and the refusals
that moved with it.
"""

from __future__ import annotations

import os

import pytest
from flask import Flask

from indexer.build import SEARCH_BACKENDS
from portal import create_app
from portal.instance import InstanceNotReady
from portal.search import NullSearch
from portal.search.openers import BACKENDS, open_postgres
from portal.state import InstanceState, state


def test_the_app_serves_the_backends_the_map_names_and_the_indexer_builds_the_same():
    assert list(BACKENDS) == ["whoosh", "postgres"]
    assert SEARCH_BACKENDS == tuple(BACKENDS)


def test_an_unknown_backend_is_refused_when_the_app_is_made(tmp_path):
    with pytest.raises(ValueError, match=r"SEARCH_BACKEND must be one of whoosh, postgres, not 'elastic'"):
        create_app({"PORTAL_INSTANCE": str(tmp_path), "SEARCH_BACKEND": "elastic"})


def test_postgres_search_on_a_build_without_its_tables_names_the_fix(tmp_path):
    manifest = {"build_id": "b-1", "search_backends": ["whoosh"], "db_schema": None}
    with pytest.raises(InstanceNotReady, match="build b-1 has no PostgreSQL search tables: build it with DATABASE_URL"):
        open_postgres(tmp_path, manifest, None)


def test_the_state_opens_the_search_with_the_opener_it_was_handed(small_instance, database_url):
    name = os.environ.get("SEARCH_BACKEND") or "whoosh"
    calls = []

    def opener(folder, manifest, engine):
        calls.append((folder, manifest["build_id"], engine))
        return NullSearch()

    app = Flask(__name__)
    app.config.update(PORTAL_INSTANCE=str(small_instance.root), DATABASE_URL=database_url, SEARCH_BACKEND=name)
    instance = InstanceState(app, {name: opener}).open()
    try:
        assert state(app) is instance and isinstance(instance.search, NullSearch)
        assert calls == [(instance.build_dir, instance.build_id, instance._content_engine)]
    finally:
        instance.close()
