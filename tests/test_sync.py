"""``ota-portal sync`` end to end against a loopback server serving recorded copies of the real files.

The server plays NHTSA (the flat file, zipped as NHTSA zips it, headerless and
in Windows-1252; the recalls API per campaign) and the release-note and SAMR
file hosts, with ETags. The sync must import, skip an unchanged file (by ETag,
and by the inner checksum when the zip is re-zipped), change nothing on a 502
or a truncated body while saying which source failed, and pick up a changed
file, then rebuild so the manifest carries each source's record.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import shutil
import zipfile
from pathlib import Path

import pytest
import yaml

from indexer.importers.fetch import HttpClient
from indexer.sources import load_records
from indexer.sync.run import SyncError, sync
from portal.instance import InstancePaths
from tests.support.upstream_server import UpstreamServer

REPO = Path(__file__).resolve().parents[1]
UPSTREAM = REPO / "content" / "upstream"
SMALL = REPO / "tests" / "data" / "content_small"
FLAT_TSV = UPSTREAM / "nhtsa_flat_rcl_subset_megan-d-perry" / "FLAT_RCL_subset_2020-2022_8makes.tsv"
API_CSV = UPSTREAM / "nhtsa_api_records_toddwseattle" / "out-recalls.csv"


def flat_lines(campaigns: int) -> list[str]:
    """The shipped flat-file rows of the first ``campaigns`` campaigns, headerless with RECORD_ID first, as published."""
    lines = FLAT_TSV.read_text(encoding="utf-8").splitlines()
    out, seen = [], []
    for number, line in enumerate(lines[1:], 1):
        campaign = line.split("\t", 1)[0]
        if campaign not in seen:
            if len(seen) == campaigns:
                break
            seen.append(campaign)
        out.append(f"{number}\t{line}")
    return out


def flat_zip(lines: list[str], stamp=(2026, 12, 1, 3, 0, 0)) -> bytes:
    """Zipped as NHTSA publishes it: FLAT_RCL.txt inside, Windows-1252, CRLF."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        info = zipfile.ZipInfo("FLAT_RCL.txt", date_time=stamp)
        archive.writestr(info, "\r\n".join(lines).encode("cp1252", errors="replace") + b"\r\n")
    return buffer.getvalue()


def api_answers() -> dict[str, bytes]:
    """The recalls API's campaignNumber answer for each recorded campaign (flags as JSON booleans)."""
    answers = {}
    with open(API_CSV, encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            record = {k: (v == "true" if k in ("parkIt", "parkOutSide", "overTheAirUpdate") else v) for k, v in row.items()}
            answers[row["NHTSACampaignNumber"]] = json.dumps({"Count": 1, "Message": "Results returned successfully",
                                                              "results": [record]}).encode()
    return answers


@pytest.fixture
def upstream():
    with UpstreamServer() as server:
        server.put("/nhtsa-flat/FLAT_RCL.zip", flat_zip(flat_lines(12)))
        for campaign, body in api_answers().items():
            server.put(f"/nhtsa-api/campaignNumber?campaignNumber={campaign}", body)
        server.put("/rivian-releases/CHANGELOG.md", (UPSTREAM / "rivian_ota_changelog" / "CHANGELOG.md").read_bytes())
        families = json.loads((UPSTREAM / "tesla_release_notes_tesla-info" / "release_families.json").read_text())
        newest = [f for f in families if f["release_family_name"].startswith("2024.")]
        server.put("/tesla-releases/release_families.json", json.dumps(newest, indent=1).encode())
        server.put("/samr/recalls.json", (UPSTREAM / "samr_ota_recalls" / "recalls.json").read_bytes())
        server.put("/samr/additions_2024.yaml", (UPSTREAM / "samr_ota_recalls" / "additions_2024.yaml").read_bytes())
        server.put("/ford-power-up/README.md", (UPSTREAM / "ford_power_up" / "README.upstream.md").read_bytes())
        server.put("/ford-power-up/Archive.md", (UPSTREAM / "ford_power_up" / "Archive.upstream.md").read_bytes())
        yield server


@pytest.fixture
def site(tmp_path, monkeypatch, upstream, database_url):
    content = tmp_path / "content"
    shutil.copytree(SMALL, content)
    (content / "source_records.yaml").unlink()  # a first sync: nothing recorded yet
    config = yaml.safe_load((REPO / "content" / "sources.yaml").read_text(encoding="utf-8"))
    for source in config:
        if source["name"] == "nhtsa-api":
            source["makes"] = ["chrysler", "dodge", "jeep", "ram", "fiat"]  # the makes the recorded answers cover
    (content / "sources.yaml").write_text(yaml.safe_dump(config, allow_unicode=True), encoding="utf-8")
    monkeypatch.setenv("PORTAL_SYNC_BASE_URL", upstream.base_url)
    paths = InstancePaths(tmp_path / "instance")
    return content, paths, database_url


def run(site, **kwargs):
    """A sync of the site, rebuilding into the suite's database (SQLite, or PostgreSQL in CI's second pass)."""
    content, paths, database_url = site
    client = HttpClient(timeout=5, retries=1, backoff=0.01)
    return sync(content, paths, database_url, client=client, **kwargs)


def outcome(result, name):
    return next(o for o in result.outcomes if o.name == name)


def tree(folder: Path) -> dict[str, str]:
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(folder.rglob("*")) if p.is_file()}


def test_sync_imports_skips_survives_failures_and_picks_up_changes(site, upstream):
    content, paths, _database_url = site
    names = ["nhtsa-flat", "rivian-releases", "samr"]

    first = run(site, names=names)
    assert [o.status for o in first.outcomes] == ["imported", "imported", "imported"], [o.line() for o in first.outcomes]
    assert first.build_id and paths.current_build_id() == first.build_id
    records = load_records(content)
    inner = zipfile.ZipFile(io.BytesIO(upstream.files["/nhtsa-flat/FLAT_RCL.zip"])).read("FLAT_RCL.txt")
    assert records["nhtsa-flat"]["sha256"] == hashlib.sha256(inner).hexdigest()  # the inner file, not the zip
    assert records["nhtsa-flat"]["records"] == 12
    assert records["nhtsa-flat"]["url"] == f"{upstream.base_url}/nhtsa-flat/FLAT_RCL.zip"
    newest = max(line.split("\t")[15] for line in flat_lines(12))  # RCDATE, field 16 of the layout
    assert str(records["nhtsa-flat"]["as_of"]) == f"{newest[:4]}-{newest[4:6]}-{newest[6:]}"
    assert records["rivian-releases"]["records"] == 28 and str(records["rivian-releases"]["as_of"]) == "2023-08-15"
    first_campaign = flat_lines(1)[0].split("\t")[1]
    assert (content / "recalls" / "nhtsa" / f"{first_campaign}.md").is_file()
    manifest = json.loads((paths.builds / first.build_id / "manifest.json").read_text())
    by_name = {s["name"]: s for s in manifest["sources"]}
    assert by_name["nhtsa-flat"]["sha256"] == records["nhtsa-flat"]["sha256"]
    assert by_name["rivian-releases"]["as_of"] == "2023-08-15"
    assert (paths.root / "sync" / "nhtsa-flat" / "FLAT_RCL.txt").read_bytes() == inner  # the raw file is kept

    # Unchanged: the server answers 304 to the ETag, nothing is imported.
    upstream.requests.clear()
    second = run(site, names=names, rebuild=False)
    assert [o.status for o in second.outcomes] == ["unchanged"] * 3
    assert ("/nhtsa-flat/FLAT_RCL.zip", 304) in upstream.requests
    assert second.outcomes[0].report is None

    # Re-zipped (new zip bytes, new ETag), same data inside: still unchanged.
    upstream.put("/nhtsa-flat/FLAT_RCL.zip", flat_zip(flat_lines(12), stamp=(2026, 12, 2, 3, 0, 0)))
    third = run(site, names=["nhtsa-flat"], rebuild=False)
    assert outcome(third, "nhtsa-flat").status == "unchanged"

    before_content, before_records = tree(content), load_records(content)["nhtsa-flat"]
    changed = flat_zip(flat_lines(14))

    # A 502 (after its retries): the source is named as failed, nothing changes.
    upstream.put("/nhtsa-flat/FLAT_RCL.zip", changed)
    upstream.fail["/nhtsa-flat/FLAT_RCL.zip"] = "502"
    failed = run(site, names=["nhtsa-flat"])
    assert outcome(failed, "nhtsa-flat").status == "failed" and "502" in outcome(failed, "nhtsa-flat").detail
    assert failed.build_id is None and tree(content) == before_content
    assert paths.current_build_id() == first.build_id

    # A body cut off half-way: failed, nothing changes, no half file is kept.
    upstream.fail["/nhtsa-flat/FLAT_RCL.zip"] = "truncate"
    cut = run(site, names=["nhtsa-flat"])
    assert outcome(cut, "nhtsa-flat").status == "failed" and "broke off" in outcome(cut, "nhtsa-flat").detail
    assert tree(content) == before_content and load_records(content)["nhtsa-flat"] == before_records
    assert not (paths.root / "sync" / "nhtsa-flat" / ".incoming").exists()

    # The changed file: the dry run says so and writes nothing; the real run imports it.
    del upstream.fail["/nhtsa-flat/FLAT_RCL.zip"]
    dry = run(site, names=["nhtsa-flat"], dry_run=True)
    assert outcome(dry, "nhtsa-flat").status == "would_import" and outcome(dry, "nhtsa-flat").report.created
    assert tree(content) == before_content
    picked = run(site, names=["nhtsa-flat"])
    assert outcome(picked, "nhtsa-flat").status == "imported"
    assert load_records(content)["nhtsa-flat"]["records"] == 14
    assert picked.build_id and paths.current_build_id() == picked.build_id
    for created in outcome(picked, "nhtsa-flat").report.created:
        assert Path(created).is_file()


def test_api_source_asks_only_held_makes_and_sets_the_flags(site, upstream, tmp_path):
    content, paths, _database_url = site
    from indexer.importers.nhtsa import import_nhtsa

    import_nhtsa(str(API_CSV), content)  # the campaigns the flat file would have brought
    for path in (content / "recalls" / "nhtsa").glob("24V436000.md"):
        text = path.read_text(encoding="utf-8").replace("remedy_type_basis: NHTSA overTheAirUpdate flag", "remedy_type_basis: x")
        path.write_text(text, encoding="utf-8")
    result = run(site, names=["nhtsa-api"], rebuild=False)
    assert outcome(result, "nhtsa-api").status == "imported", outcome(result, "nhtsa-api").line()
    asked = {key for key, _ in upstream.requests if key.startswith("/nhtsa-api/")}
    assert len(asked) == 8  # the eight Stellantis campaigns; the Tesla ones are not asked about
    record = load_records(content)["nhtsa-api"]
    assert record["records"] == 8 and str(record["as_of"]) == "2024-09-27"
    meta = yaml.safe_load((content / "recalls" / "nhtsa" / "24V436000.md").read_text(encoding="utf-8").split("---")[1])
    assert meta["remedy_type_basis"] == "NHTSA overTheAirUpdate flag"


def test_unknown_source_is_refused_with_the_configured_names(site):
    with pytest.raises(SyncError, match="unknown source nope; configured: .*nhtsa-flat"):
        run(site, names=["nope"])


def test_a_source_without_url_is_skipped_and_keeps_its_shipped_copy(site, monkeypatch):
    monkeypatch.delenv("PORTAL_SYNC_BASE_URL")
    content, _paths, _database_url = site
    before = tree(content)
    result = run(site, names=["samr"])
    assert outcome(result, "samr").status == "skipped" and "no published URL" in outcome(result, "samr").detail
    assert tree(content) == before


def test_release_and_ford_sources_import_through_their_importers(site, upstream):
    content, _paths, _database_url = site
    # With the shipped records, the same Ford files have the same checksum: unchanged.
    shutil.copy(SMALL / "source_records.yaml", content / "source_records.yaml")
    result = run(site, names=["tesla-releases", "ford-power-up"], rebuild=False)
    assert [o.status for o in result.outcomes] == ["imported", "unchanged"], [o.line() for o in result.outcomes]
    records = load_records(content)
    assert records["tesla-releases"]["records"] == 1 and records["tesla-releases"]["newest"] == "2024.2"
    assert not (content / "releases" / "ford").exists()
    # Without a record, the same files are new: imported.
    records.pop("ford-power-up")
    (content / "source_records.yaml").write_text(yaml.safe_dump(records), encoding="utf-8")
    result = run(site, names=["ford-power-up"], rebuild=False)
    assert outcome(result, "ford-power-up").status == "imported"
    records = load_records(content)
    assert records["ford-power-up"]["records"] == 149 and str(records["ford-power-up"]["as_of"]) == "2026-06-01"
    assert len(list((content / "releases" / "ford").glob("*.md"))) == 94


def test_a_bad_row_in_the_flat_file_changes_nothing_and_names_its_line(site, upstream):
    content, _paths, _database_url = site
    lines = flat_lines(3)
    lines[5] = "\t".join(lines[5].split("\t")[:10])  # a row cut short
    upstream.put("/nhtsa-flat/FLAT_RCL.zip", flat_zip(lines))
    before = tree(content)
    result = run(site, names=["nhtsa-flat"])
    failed = outcome(result, "nhtsa-flat")
    assert failed.status == "failed" and "line 6" in failed.detail and "expected 27 tab-separated fields" in failed.detail
    assert tree(content) == before and result.build_id is None
