"""The OTA category rules (docs/ARCHITECTURE.md §4), one table row per rule and edge."""

from __future__ import annotations

import pytest

from indexer.importers.releases_category import (
    DRIVING_AUTOMATION_TERMS,
    TECHNICAL_PARAMETER_TERMS,
    categorise,
)
from indexer.importers.releases_common import Note
from portal.vocab import CATEGORIES


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


# --- list items and catch-all notes (makers that gather changes under one heading) ---

@pytest.mark.parametrize(
    "title, text, category, reason_part",
    [
        ("Additional Improvements", "- Improved Highway Assist performance, availability, and notifications\n",
         "driving_automation", "Highway Assist"),
        ("Additional Improvements", "- Made various improvements to Adaptive Cruise Control and lane centering\n"
         "  for Highway Assist.\n", "driving_automation", "Adaptive Cruise Control"),
        # A wrapped list item is one change: the function named on its second line counts.
        ("Additional Improvements", "- Decreased disengagements of Adaptive Cruise\n- Improved lane centering for\n"
         "  Highway Assist\n", "driving_automation", "Highway Assist"),
        # A catch-all title with a paragraph instead of a list.
        ("Additional Improvement", "This update addresses an issue that disengaged Adaptive Cruise Control or\n"
         "Highway Assist in low light.\n", "driving_automation", "Adaptive Cruise Control"),
        # A named feature's prose that mentions a driving function in passing stays a title-only reading.
        ("Driving Visualization", "Shown while Autopilot is engaged.\n", "general", "No recall"),
        ("Additional Improvements", "- Improved Bluetooth stability\n- Faster navigation\n", "general", "No recall"),
    ],
)
def test_list_items_and_catch_all_notes(title, text, category, reason_part):
    got, reason = categorise([Note(title, text)], [])
    assert got == category and reason_part in reason


def test_reason_does_not_say_assisted_driving():
    _, reason = categorise(_notes("Autopilot"), [])
    assert "assisted driving" not in reason and "driving-automation" in reason


def _imported(source):
    from indexer.importers.releases import load_make_names, parse_releases
    from tests.test_import_releases import ROOT

    names = load_make_names(ROOT / "content")
    return {r.version: r for r in parse_releases(source.read_text(encoding="utf-8"), str(source), names)}


def test_every_rivian_release_changing_driver_plus_functions_is_driving_automation():
    """Each Rivian release whose notes change Highway Assist, adaptive cruise or lane keeping."""
    from indexer.importers.releases_category import list_items
    from tests.test_import_releases import RIVIAN

    releases = _imported(RIVIAN)
    functions = ("highway assist", "adaptive cruise control", "lane keeping assist")
    changing = {v for v, r in releases.items()
                if any(f in item.lower() for n in r.notes for item in list_items(n.text) + [n.title] for f in functions)
                or any(f in n.text.lower() for n in r.notes if n.title.startswith("Additional Improvement")
                       for f in functions)}
    named = {"2022.3.1", "2022.7.0", "2022.15.0", "2022.23.03", "2022.31.05", "2022.39.01", "2023.06.05"}
    assert named <= changing
    for version in sorted(changing):
        assert categorise(releases[version].notes, [])[0] == "driving_automation", version


def test_rivian_rules_agree_with_every_editorial_reading():
    """Where editors read a Rivian release's category, the rules now read the same."""
    import yaml

    from tests.test_import_releases import RIVIAN, ROOT

    releases = _imported(RIVIAN)
    for path in sorted((ROOT / "content" / "editorial" / "releases" / "rivian").glob("*.yaml")):
        editorial = yaml.safe_load(path.read_text(encoding="utf-8"))
        if "category" in editorial:
            assert categorise(releases[path.stem].notes, [])[0] == editorial["category"], path.stem
