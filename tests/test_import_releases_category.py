"""The OTA category rules (ARCHITECTURE §4), one table row per rule and edge."""

from __future__ import annotations

import pytest

from indexer.importers.releases_category import (
    CATEGORIES,
    DRIVING_AUTOMATION_TERMS,
    TECHNICAL_PARAMETER_TERMS,
    categorise,
)
from indexer.importers.releases_common import Note


def _notes(*titles: str, text: str = "") -> list[Note]:
    return [Note(t, text) for t in titles]


@pytest.mark.parametrize(
    "notes, remedies, category, reason_part",
    [
        (_notes("Over-the-Air (OTA) Recall", text="campaign #23V-838"), ["23V838000"], "defect_recall", "23V838000"),
        (_notes("Over-the-Air (OTA) recall"), [], "defect_recall", "recall remedy"),
        (_notes("Navigate On Autopilot Fork Initiation", text="This update serves as a remedy to a noncompliance recall."),
         [], "defect_recall", "Navigate On Autopilot Fork Initiation"),
        (_notes("Autopilot Maximum Speed", "Regenerative Braking"), [], "driving_automation", "'Autopilot Maximum Speed'"),
        (_notes("FSD Beta v11.4.4"), [], "driving_automation", "FSD Beta"),
        (_notes("Driver+ Settings Are Now Persistent"), [], "driving_automation", "Driver+"),
        (_notes("Smart Summon (Beta)"), [], "driving_automation", "Smart Summon"),
        (_notes("Regenerative Braking"), [], "technical_parameters", "regenerative braking"),
        (_notes("Direct Current Fast Charging", "Automatic Ride Height"), [], "technical_parameters",
         "charging speed, suspension"),
        (_notes("Peak Power Increase"), [], "technical_parameters", "power and acceleration"),
        (_notes("Top Speed Performance"), [], "technical_parameters", "top speed"),
        (_notes("Dashcam", "Light Show"), [], "general", "No recall"),
        # Recall wording in a description without "remedy" is not a remedy (FSD detection "recall").
        (_notes("Media", text="Improved recall of motorbikes by 8%."), [], "general", "No recall"),
        (_notes("Seat Check", text="displays a notification if the seat is affected by safety recall FSAM-651"),
         [], "general", "No recall"),
        # "Autopilot" in a description alone does not make a driving-automation release.
        (_notes("Driving Visualization", text="shown while Autopilot is engaged"), [], "general", "No recall"),
        # "Range Display" shows the range, it does not change it.
        (_notes("Range Display"), [], "general", "No recall"),
    ],
)
def test_categorise(notes, remedies, category, reason_part):
    got, reason = categorise(notes, remedies)
    assert got == category and got in CATEGORIES
    assert reason_part in reason


def test_reason_lists_at_most_five_features():
    _, reason = categorise(_notes(*[f"FSD Beta v10.{i}" for i in range(8)]), [])
    assert reason.count("'") == 10 and reason.endswith("and 3 more.")


def test_strictest_rule_wins():
    notes = _notes("Autopilot", "Suspension", "Over-the-Air Recall: Telltale Text Size")
    assert categorise(notes, ["24V051000"])[0] == "defect_recall"
    assert categorise(notes[:2], [])[0] == "driving_automation"


@pytest.mark.parametrize("term", DRIVING_AUTOMATION_TERMS)
def test_every_driving_term_fires(term):
    assert categorise(_notes(f"New {term} option"), [])[0] == "driving_automation"


@pytest.mark.parametrize(
    "parameter, term", [(p, t) for p, terms in TECHNICAL_PARAMETER_TERMS.items() for t in terms]
)
def test_every_technical_term_fires(parameter, term):
    category, reason = categorise(_notes(f"Improved {term}"), [])
    assert category == "technical_parameters" and parameter in reason
