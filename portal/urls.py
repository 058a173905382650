"""The paths of a recall page and a release page, written once.

Search results, feeds, the JSON API, the assistant's sources, the indexer's
links and the templates all link to recalls and releases; they build the path
here (and the assistant reads its own links back with the patterns below), so
the pages' routes (``/recalls/<id>``, ``/releases/<make>/<version>``,
docs/ARCHITECTURE.md §6) and every link agree. Plain strings, no Flask: the
indexer and the services use them without a request.
"""

from __future__ import annotations

import re

RECALLS = "/recalls"
RELEASES = "/releases"
# A recall or release link in a text (the assistant's answers), as path parts.
RECALL_LINK = re.compile(RECALLS + r"/([A-Za-z0-9][A-Za-z0-9-]*[A-Za-z0-9])")
RELEASE_LINK = re.compile(RELEASES + r"/([a-z0-9_-]+)/([A-Za-z0-9._-]+)")


def recall_url(recall_id: str) -> str:
    """``/recalls/23V838000``."""
    return f"{RECALLS}/{recall_id}"


def release_url(make: str, version: str) -> str:
    """``/releases/tesla/2023.44.30``."""
    return f"{RELEASES}/{make}/{version}"
