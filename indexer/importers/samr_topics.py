"""What each SAMR OTA recall is about, in the portal's own words (en/zh).

The fact sheet gives counts, dates and versions as fields but the defect only
as a sentence, and that sentence is not ours to show. Short phrases written
for the portal from those facts (the system at fault, what can go wrong, what
the update does and, for mixed remedies, what the workshop does) are kept as
package data in ``samr_topics.yaml`` beside this module, read once. A record
without an entry still imports, with neutral wording.
"""

from __future__ import annotations

from importlib import resources
from typing import NamedTuple

import yaml

TOPICS_FILE = "samr_topics.yaml"


class Topic(NamedTuple):
    system: tuple[str, str]
    risk: tuple[str, str]
    fix: tuple[str, str]
    workshop: tuple[str, str] | None = None


def _topic(entry: dict) -> Topic:
    def pair(name: str) -> tuple[str, str] | None:
        texts = entry.get(name)
        return (texts["en"], texts["zh"]) if texts else None
    return Topic(pair("system"), pair("risk"), pair("fix"), pair("workshop"))


_DATA = yaml.safe_load(resources.files(__package__).joinpath(TOPICS_FILE).read_text(encoding="utf-8"))
GENERIC = _topic(_DATA["generic"])
TOPICS: dict[str, Topic] = {record_id: _topic(entry) for record_id, entry in _DATA["topics"].items()}
# One defect split into two recall numbers (the September 2025 Xiaomi campaign) shares its wording.
TOPICS.update({record_id: TOPICS[same] for record_id, same in _DATA["aliases"].items()})


def topic_for(record_id: str) -> Topic:
    return TOPICS.get(record_id, GENERIC)
