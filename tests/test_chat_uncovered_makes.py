"""The makes the assistant calls "not covered" are makes the portal really holds nothing for.

A make listed in ``uncovered_makes`` (content/qa/aliases.yaml) is answered "the
portal holds no recall or release data for it". That is false for a make of
content/makes.yaml, and for a brand whose cars the VIN decoder files under a make
the portal holds (Lincoln: NHTSA files Lincolns in Ford's campaigns), so neither
may appear there.
"""

from __future__ import annotations

import csv
from pathlib import Path

import yaml

REPO = Path(__file__).resolve().parent.parent


def _uncovered_names() -> set[str]:
    data = yaml.safe_load((REPO / "content" / "qa" / "aliases.yaml").read_text(encoding="utf-8"))
    return {name.casefold() for names in data["uncovered_makes"].values() for name in names}


def _held_names() -> set[str]:
    makes = yaml.safe_load((REPO / "content" / "makes.yaml").read_text(encoding="utf-8"))
    held = {m[key].casefold() for m in makes for key in ("slug", "en", "zh")}
    rows = (REPO / "portal" / "vehicles" / "vpic_models.csv").read_text(encoding="utf-8").splitlines()
    decoded = csv.reader(line for line in rows if line and not line.startswith("#"))
    held |= {row[0].casefold() for row in decoded if row and row[0] != "vpic_make"}
    return held


def test_no_make_the_portal_holds_or_decodes_is_called_not_covered():
    assert not _uncovered_names() & _held_names()


def test_lincoln_is_answered_from_fords_campaigns(shipped_client):
    answer = shipped_client.post("/api/v1/ask", json={"question": "Any recalls on a 2025 Lincoln Navigator?",
                                                      "lang": "en"}).get_json()
    assert answer["intent"] == "vehicle_recalls" and "Lincoln Navigator" in answer["answer"]
    assert "Not covered" not in answer["answer"] and "/recalls/" in answer["answer"]
