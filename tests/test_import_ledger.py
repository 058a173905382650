"""The import ledger: what each upstream source was queried for, read and checked like every content file."""

from __future__ import annotations

from pathlib import Path

import yaml

from indexer.load_ledger import read_ledger

REPO = Path(__file__).resolve().parent.parent
SOURCES = REPO / "content" / "upstream"


def _read(path: Path, errors: list):
    return yaml.safe_load(path.read_text(encoding="utf-8"))


def test_the_shipped_ledger_names_existing_sources_and_what_they_queried():
    errors: list = []
    rows = read_ledger(REPO / "content" / "import_ledger.yaml", _read, errors)
    assert not errors
    assert {row.source for row in rows} <= {path.name for path in SOURCES.iterdir() if path.is_dir()}
    by_vehicle = {(r.make, r.model) for r in rows if r.scope == "by_vehicle"}
    # The only per-vehicle query: Nidhi397's recallsByVehicle answers (its ATTRIBUTION.md lists the models).
    attribution = (SOURCES / "nhtsa_api_recalls_nidhi397" / "ATTRIBUTION.md").read_text(encoding="utf-8")
    for make, model in by_vehicle:
        assert {r.source for r in rows if (r.make, r.model) == (make, model) and r.scope == "by_vehicle"} == {
            "nhtsa_api_recalls_nidhi397"}
    assert ("ford", "mustang-mach-e") not in by_vehicle and ("hyundai", "ioniq-5") not in by_vehicle
    assert ("ford", "f-150") in by_vehicle and "2015" in attribution


def test_a_bad_ledger_entry_names_the_file_and_the_field(tmp_path):
    path = tmp_path / "import_ledger.yaml"
    path.write_text("- {source: x, authority: NHTSA, scope: everything, vehicles: [{make: ford, years: [2025, 2020]}]}\n",
                    encoding="utf-8")
    errors: list = []
    read_ledger(path, _read, errors)
    assert {e.field for e in errors} == {"[0].scope", "[0].vehicles[0].years"}
    assert all(e.path == str(path) for e in errors)


def test_no_ledger_means_nothing_is_claimed(tmp_path):
    assert read_ledger(tmp_path / "import_ledger.yaml", _read, []) == []
