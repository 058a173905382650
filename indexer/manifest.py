"""The build manifest: what a build contains, so servers and health checks can tell builds apart."""

from __future__ import annotations

import hashlib
from collections import Counter
from pathlib import Path

from indexer.records import ContentBundle
from portal.vocab import AUTHORITY_CODES, OTA_REMEDY_TYPES

# Raw upstream copies are importer input, not built content.
_NOT_CONTENT = ("upstream",)


def content_hash(content_dir: Path) -> str:
    """SHA-256 over every built content file's relative path and bytes, in a fixed order."""
    digest = hashlib.sha256()
    for path in sorted(p for p in content_dir.rglob("*") if p.is_file()):
        relative = path.relative_to(content_dir)
        if relative.parts[0] in _NOT_CONTENT or relative.name.startswith("."):
            continue
        digest.update(str(relative).encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def counts(bundle: ContentBundle) -> dict:
    by_authority = Counter(r.authority for r in bundle.recalls.values())
    by_make = Counter(r.make for r in bundle.releases.values())
    return {
        "recalls": len(bundle.recalls),
        "recalls_by_authority": {code: by_authority.get(code, 0) for code in AUTHORITY_CODES},
        "recalls_ota": sum(1 for r in bundle.recalls.values() if r.remedy_type in OTA_REMEDY_TYPES),
        "releases": len(bundle.releases),
        "releases_by_make": dict(sorted(by_make.items())),
        "versions": sum(len(r.point_versions) for r in bundle.releases.values()),
        "vehicles": len(bundle.vehicles),
    }
