"""Slugs for makes and models, shared by importers, the indexer and URLs.

One function so that "Model 3", "MODEL 3" and "model-3" from different
authorities land on the same model page.
"""

from __future__ import annotations

import re
import unicodedata

_NON_SLUG = re.compile(r"[^a-z0-9]+")


def slugify(text: str) -> str:
    """``"Range Rover Sport"`` -> ``"range-rover-sport"``; ``"F-150"`` -> ``"f-150"``."""
    ascii_text = unicodedata.normalize("NFKD", text or "").encode("ascii", "ignore").decode()
    return _NON_SLUG.sub("-", ascii_text.lower()).strip("-")
