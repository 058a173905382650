"""``ota-portal prune``: find and drop build schemas nothing serves any more.

A build host drops the schemas of the builds it removes, but schemas written
from other instance folders (CI, containers, a second build host) are never
its to drop, and at scale each holds hundreds of megabytes. A schema is kept
when a node reported serving it within ``LIVE_SECONDS`` (see
:mod:`portal.db.nodes`) or when this instance folder serves it or keeps it as
the rollback target; every other build schema is orphaned. Listing is the
default; ``--yes`` drops.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

from sqlalchemy import create_engine

from indexer.swap import build_schema_name, build_schemas, drop_schemas
from portal.db.engine import is_sqlite
from portal.db.nodes import forget_stale_nodes, live_schemas
from portal.instance import InstancePaths

# A schema younger than this may be a build still being written on another host.
BUILDING_GRACE = timedelta(hours=1)
_STAMP_RE = re.compile(r"^content_(\d{8}t\d{6})")


def _recent(schema: str, now: datetime) -> bool:
    match = _STAMP_RE.match(schema)
    if not match:
        return False
    made = datetime.strptime(match.group(1), "%Y%m%dt%H%M%S").replace(tzinfo=UTC)
    return now - made < BUILDING_GRACE


class PruneError(RuntimeError):
    """Nothing to prune with (no PostgreSQL named)."""


@dataclass
class PruneReport:
    kept: dict[str, str] = field(default_factory=dict)  # schema -> why
    orphaned: list[str] = field(default_factory=list)

    def text(self, dropped: bool) -> str:
        lines = [f"kept     {schema}  ({why})" for schema, why in sorted(self.kept.items())]
        verb = "dropped " if dropped else "orphaned"
        lines += [f"{verb} {schema}" for schema in self.orphaned]
        if not self.orphaned:
            lines.append("No orphaned build schemas.")
        elif not dropped:
            lines.append(f"{len(self.orphaned)} orphaned schema(s); run `ota-portal prune --yes` to drop them.")
        return "\n".join(lines)


def _local_schemas(paths: InstancePaths) -> dict[str, str]:
    """Schemas of the build folders this instance holds (the served one and its rollback target)."""
    kept = {}
    served = paths.current_build_id()
    if paths.builds.is_dir():
        for folder in paths.builds.iterdir():
            if folder.name.endswith(".partial"):
                continue
            try:
                schema = json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get("db_schema")
            except (OSError, ValueError):
                schema = build_schema_name(folder.name)
            if schema:
                kept[schema] = "served here" if folder.name == served else "kept here"
    return kept


def prune(paths: InstancePaths, database_url: str | None, drop: bool = False) -> PruneReport:
    if not database_url or is_sqlite(database_url):
        raise PruneError("build schemas exist only on PostgreSQL: set DATABASE_URL")
    engine = create_engine(database_url)
    try:
        report = PruneReport(kept=_local_schemas(paths))
        for schema in live_schemas(engine):  # the stronger reason: dropping it would break a node
            report.kept[schema] = "a live node serves it" + (
                f", {report.kept[schema]}" if schema in report.kept else "")
        existing = build_schemas(engine)
        now = datetime.now(UTC)
        for schema in existing:
            if schema not in report.kept and _recent(schema, now):
                report.kept[schema] = "made within the last hour: may still be building"
        report.orphaned = [schema for schema in existing if schema not in report.kept]
        report.kept = {schema: why for schema, why in report.kept.items() if schema in set(existing)}
        if drop:
            drop_schemas(engine, report.orphaned)
            forget_stale_nodes(engine)
        return report
    finally:
        engine.dispose()
