"""The search backends a web process can serve (``SEARCH_BACKEND``), each with how it opens a build.

:data:`BACKENDS` maps each name to an opener taking the build folder, its
manifest and the build's content engine. The app factory hands this map to
:class:`portal.state.InstanceState`, which calls the opener for the configured
name whenever it opens a build: the state never imports the search package
(whose routes read the state), and the names the portal accepts are the keys
here, for the indexer too.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sqlalchemy import Engine

from portal.instance import InstanceNotReady
from portal.search.backend import SearchBackend, WhooshSearch
from portal.search.postgres import PostgresSearch

Opener = Callable[[Path, dict, Engine], SearchBackend]


def open_whoosh(folder: Path, manifest: dict, content_engine: Engine) -> WhooshSearch:
    """The build's on-disk Whoosh index."""
    return WhooshSearch(folder / "index")


def open_postgres(folder: Path, manifest: dict, content_engine: Engine) -> PostgresSearch:
    """The search tables in the build's own PostgreSQL schema; a build made without them is refused."""
    if "postgres" not in manifest.get("search_backends", ["whoosh"]):
        raise InstanceNotReady(
            f"SEARCH_BACKEND=postgres, but build {manifest.get('build_id')} has no PostgreSQL search "
            "tables: build it with DATABASE_URL naming PostgreSQL.")
    return PostgresSearch(content_engine, manifest["db_schema"])


BACKENDS: dict[str, Opener] = {"whoosh": open_whoosh, "postgres": open_postgres}
