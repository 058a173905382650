"""The releases importer against copies of the real upstream files (Tesla, Rivian, YAML list)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from indexer.frontmatter import read
from indexer.importers.common import ImportFileError
from indexer.importers.releases import detect_format, import_releases
from indexer.importers.releases_common import nhtsa_ids_in_text
from indexer.importers.releases_rivian import heading_versions
from indexer.importers.releases_tesla import family_date
from portal.versions import version_key

ROOT = Path(__file__).resolve().parents[1]
UPSTREAM = ROOT / "content" / "upstream"
TESLA = UPSTREAM / "tesla_release_notes_tesla-info" / "release_families.json"
RIVIAN = UPSTREAM / "rivian_ota_changelog" / "CHANGELOG.md"
XIAOMI = UPSTREAM / "xiaomi_releases.yaml"


@pytest.fixture
def content(tmp_path: Path) -> Path:
    folder = tmp_path / "content"
    folder.mkdir()
    shutil.copy(ROOT / "content" / "makes.yaml", folder / "makes.yaml")
    return folder


def _meta(content: Path, make: str, version: str) -> dict:
    return read(content / "releases" / make / f"{version}.md").meta


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize(
    "family, monday",
    [("2023.44", date(2023, 10, 30)), ("2020.04", date(2020, 1, 20)), ("2020.4", date(2020, 1, 20)),
     ("2019.5", date(2019, 1, 28)), ("2018.28", date(2018, 7, 9)), ("2024.2", date(2024, 1, 8))],
)
def test_family_date_is_monday_of_iso_week(family, monday):
    assert family_date(family) == monday and monday.weekday() == 0


@pytest.mark.parametrize(
    "text, ids",
    [("campaign #23V-838 for US and #2023-657 for Canada", ["23V838000"]),
     ("campaign #23V085 for US", ["23V085000"]),
     ("As the remedy for US Recall 24V-051, this", ["24V051000"]),
     ("NHTSA 23V838000 and 23V-838", ["23V838000"]),
     ("a 12V battery and 2023.44.30 software", [])],
)
def test_nhtsa_ids_in_text(text, ids):
    assert nhtsa_ids_in_text(text) == ids


@pytest.mark.parametrize(
    "heading, versions",
    [("2023.22.00, 2023.22.01", ["2023.22.00", "2023.22.01"]),
     ("2023.10.01 (30311129)", ["2023.10.01"]), ("2022.15.0 (bb3579b1)", ["2022.15.0"]), ("2023.30.00", ["2023.30.00"])],
)
def test_rivian_heading_versions(heading, versions):
    assert heading_versions(heading) == versions


@pytest.mark.parametrize(
    "path, kind", [(TESLA, "tesla"), (RIVIAN, "rivian"), (XIAOMI, "generic"), (ROOT / "content" / "makes.yaml", "unknown")]
)
def test_detect_format(path, kind):
    assert detect_format(path.read_text(encoding="utf-8")) == kind


def test_tesla_import(content):
    report = import_releases(str(TESLA), content)
    files = sorted((content / "releases" / "tesla").glob("*.md"))
    assert len(report.created) == len(files) == 70  # 71 families, 2020.04 and 2020.4 being one release
    assert sum(len(read(f).meta["point_versions"]) for f in files) == 524
    meta = _meta(content, "tesla", "2023.44")
    assert meta["title"] == {"en": "Tesla software 2023.44", "zh": "特斯拉软件 2023.44"}
    assert (meta["date"], meta["date_estimated"]) == (date(2023, 10, 30), True)
    versions = [p["version"] for p in meta["point_versions"]]
    assert versions == sorted(versions, key=version_key) and versions.index("2023.44.30.9") < versions.index("2023.44.30.13")
    assert {p["version"]: p["fleet_share_pct"] for p in meta["point_versions"]}["2023.44.30.9"] == 31.73
    assert [m["model"] for m in meta["models"]] == ["model-s", "model-x", "model-3", "model-y"]
    assert meta["remedies"] == ["23V838000"] and meta["category"] == "defect_recall"
    assert "Apple Podcasts" in meta["features"] and all("Seen in" not in f for f in meta["features"])
    assert meta["sources"][0]["url"] == "https://tesla-info.com/release/2023.44"


@pytest.mark.parametrize(
    "version, remedies", [("2022.45", ["23V085000"]), ("2023.38", ["23V838000"]), ("2024.2", ["24V051000"]), ("2022.12", [])]
)
def test_tesla_remedies_and_recall_category(content, version, remedies):
    import_releases(str(TESLA), content)
    meta = _meta(content, "tesla", version)
    assert meta["remedies"] == remedies and meta["category"] == "defect_recall"


def test_tesla_2020_04_and_2020_4_are_one_release(content):
    # The source's two families 2020.04 and 2020.4 are one version number (Tesla writes 2020.4.1).
    import_releases(str(TESLA), content)
    assert not (content / "releases" / "tesla" / "2020.04.md").exists()
    plain = _meta(content, "tesla", "2020.4")
    assert [p["version"] for p in plain["point_versions"]] == ["2020.4", "2020.4.1", "2020.04.10"]
    assert len(plain["sources"]) >= 2
    body = read(content / "releases" / "tesla" / "2020.4.md").body_en
    assert "2020.04" in body and "once" in body


def test_rivian_import(content):
    report = import_releases(str(RIVIAN), content)
    assert len(report.created) == 28
    merged = _meta(content, "rivian", "2023.22.00")
    assert [p["version"] for p in merged["point_versions"]] == ["2023.22.00", "2023.22.01"]
    assert merged["date"] == date(2023, 6, 22) and merged["date_estimated"] is False
    assert merged["features"] == ["Trip Planning", "Phone App", "Driver's Seat and Steering Wheel Calibration",
                                  "Additional Improvements"]
    assert [s["url"] for s in merged["sources"][:2]] == [
        "https://stories.rivian.com/r1s-software-update-2023-22-0", "https://stories.rivian.com/r1t-software-update-2023-22-0"]
    assert [m["name"] for m in merged["models"]] == ["R1S", "R1T"]
    assert _meta(content, "rivian", "2023.10.01")["version"] == "2023.10.01"  # build hash dropped
    earliest = _meta(content, "rivian", "2021.45.01")
    assert earliest["date"] is None and earliest["date_estimated"] is False and earliest["sources"]
    # Links the changelog hid in an HTML comment are not cited.
    assert all("stories.rivian.com" not in s["url"] for s in _meta(content, "rivian", "2022.35.03")["sources"])


def test_xiaomi_generic_import(content):
    import_releases(str(XIAOMI), content)
    meta = _meta(content, "xiaomi", "1.10.0")
    assert meta["remedies"] == ["S2025M0149I", "S2025M0150I"] and meta["category"] == "defect_recall"
    assert meta["date"] == date(2025, 9, 19) and meta["markets"] == ["CN"] and len(meta["sources"]) == 6


@pytest.mark.parametrize("source", [TESLA, RIVIAN, XIAOMI])
def test_reimport_is_byte_identical(content, source):
    import_releases(str(source), content)
    before = _snapshot(content)
    report = import_releases(str(source), content)
    assert not report.created and not report.updated and report.unchanged
    assert _snapshot(content) == before


def _broken(tmp_path: Path, source: Path, old: str, new: str) -> Path:
    text = source.read_text(encoding="utf-8")
    assert old in text
    target = tmp_path / source.name
    target.write_text(text.replace(old, new, 1), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    "source, old, new, line, message",
    [
        # The upstream JSON is a single line, so the message adds the column.
        (TESLA, '"release_family_name": "2023.44",', '"release_family_name": "2023.44"', 1, "column"),
        (TESLA, '"release_family_name": "2024.2"', '"release_family_name": "2024.x"', 1, "year.week"),
        (TESLA, '"2023.44.30.9": 31.73', '"2023.45.30.9": 31.73', 1, "not a version of this family"),
        (RIVIAN, "## 2023.14.03", "## 2023.14.O3", 368, "not a list of dotted versions"),
        (RIVIAN, "Initial public release: May 1, 2023", "Initial public release: Mai 1, 2023", 381, "release date"),
        (XIAOMI, 'version: "1.10.0"', 'version: "1.10.x"', 14, "dotted numeric"),
    ],
)
def test_bad_file_names_line_and_changes_nothing(content, tmp_path, source, old, new, line, message):
    import_releases(str(source), content)
    before = _snapshot(content)
    bad = _broken(tmp_path, source, old, new)
    with pytest.raises(ImportFileError) as caught:
        import_releases(str(bad), content)
    assert caught.value.line == line and message in caught.value.message
    assert _snapshot(content) == before
