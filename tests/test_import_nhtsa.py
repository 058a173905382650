"""The NHTSA importer end to end, on the real upstream files the project ships."""

from __future__ import annotations

import csv
import json
import shutil
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from indexer.frontmatter import read
from indexer.importers.common import ImportFileError
from indexer.importers.fetch import HttpClient
from indexer.importers.nhtsa import import_nhtsa

CONTENT = Path(__file__).resolve().parent.parent / "content"
UPSTREAM = CONTENT / "upstream"
VEHICLE_CSV = UPSTREAM / "nhtsa_api_recalls_nidhi397" / "recalls_by_vehicle_ford_tesla_toyota_2015_2025.csv"
FLAT = UPSTREAM / "nhtsa_flat_rcl_subset_megan-d-perry" / "FLAT_RCL_subset_2020-2022_8makes.tsv"
API_CSV = UPSTREAM / "nhtsa_api_records_toddwseattle" / "out-recalls.csv"
PORSCHE = UPSTREAM / "nhtsa_api_recalls_porsche_softwealth" / "nhtsa_recalls_porsche.json"
ALL = [VEHICLE_CSV, FLAT, API_CSV, PORSCHE]


def fresh_content(tmp_path: Path) -> Path:
    content = tmp_path / "content"
    content.mkdir(parents=True)
    shutil.copy(CONTENT / "makes.yaml", content / "makes.yaml")
    return content


def snapshot(content: Path) -> dict[str, bytes]:
    return {str(p.relative_to(content)): p.read_bytes() for p in sorted((content / "recalls").rglob("*")) if p.is_file()}


def meta(content: Path, campaign: str) -> dict:
    return read(content / "recalls" / "nhtsa" / f"{campaign}.md").meta


@pytest.fixture(scope="module")
def imported(tmp_path_factory) -> Path:
    content = fresh_content(tmp_path_factory.mktemp("all"))
    for path in ALL:
        import_nhtsa(str(path), content)
    return content


def test_all_four_files_give_712_campaigns(imported):
    assert len(list((imported / "recalls" / "nhtsa").glob("*.md"))) == 712


def test_reimporting_changes_no_byte(imported):
    before = snapshot(imported)
    for path in ALL:
        report = import_nhtsa(str(path), imported)
        assert not report.created and not report.updated
    assert snapshot(imported) == before


def test_vehicle_rows_are_exactly_what_nhtsa_listed(imported):
    listed: dict[str, set] = {}
    with VEHICLE_CSV.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            listed.setdefault(row["nhtsa_campaign_number"], set()).add((row["model"], int(row["model_year"])))
    for campaign, rows in listed.items():
        listed_rows = [v for v in meta(imported, campaign)["vehicles"] if v["basis"] == "listed"]
        written = {(v["name"], year) for v in listed_rows for year in v["years"]}
        assert written == rows, campaign
        years = [v["years"] for v in meta(imported, campaign)["vehicles"]]
        assert all(y == sorted(y) for y in years)


def test_overlapping_campaign_is_merged(imported):
    # 20V077000 is in the Porsche list (Macan 2015 only) and the flat file (2015-2018, population).
    record = meta(imported, "20V077000")
    assert record["vehicles"] == [{"model": "macan", "name": "Macan", "years": [2015, 2016, 2017, 2018], "basis": "listed"}]
    assert record["population"] == 70117
    titles = [source["title"] for source in record["sources"]]
    assert titles[0] == "NHTSA recall 20V077000"
    assert any("softwealth/porsche-mcp" in t for t in titles) and any("megan-d-perry/vehicle-recall" in t for t in titles)


def test_merge_does_not_depend_on_import_order(tmp_path):
    one, two = fresh_content(tmp_path / "a"), fresh_content(tmp_path / "b")
    for path in (PORSCHE, FLAT):
        import_nhtsa(str(path), one)
    for path in (FLAT, PORSCHE):
        import_nhtsa(str(path), two)
    assert snapshot(one) == snapshot(two)


@pytest.mark.parametrize(
    "campaign, field, expected",
    [
        ("24V153000", "remedy_version", "2023.44.30.14"),
        ("24V153000", "remedy_type", "ota"),
        ("24V436000", "remedy_type", "ota+dealer"),
        ("24V436000", "remedy_type_basis", "NHTSA overTheAirUpdate flag"),
        ("24V436000", "population", 1033433),
        ("24V720000", "park_outside", True),
        ("24V653000", "remedy_type", "dealer"),
        ("21V424000", "remedy_type", "ota+dealer"),
        ("25V092000", "affected_software", "<2023.38.4"),
        ("26V122000", "remedy_available", False),
        ("23V432000", "park_it", True),
        ("21V00M000", "make", "hyundai"),
        ("24V153000", "title", {"en": "Tesla Model 3, Model S and 2 more — Forward collision avoidance: external/pedestrian alert",
                                "zh": "警告：车外/行人提示音缺陷，可能得不到应有的提醒（远程升级修复）"}),
    ],
)
def test_structured_fields(imported, campaign, field, expected):
    assert meta(imported, campaign)[field] == expected


def test_flat_file_names_are_readable_and_production_kept(imported):
    names = {v["name"] for path in (imported / "recalls" / "nhtsa").glob("2*.md") for v in read(path).meta["vehicles"]}
    assert {"Range Rover Sport", "F-Pace", "X5", "330i", "ID.4"} <= names
    with_production = [read(p).meta for p in (imported / "recalls" / "nhtsa").glob("*.md") if read(p).meta["production"]]
    assert with_production and all(m["production"]["from"] <= m["production"]["to"] for m in with_production if None not in m["production"].values())


def test_english_text_is_nhtsa_verbatim_and_chinese_points_to_it(imported):
    record = meta(imported, "24V436000")
    with API_CSV.open(encoding="utf-8") as handle:
        row = next(r for r in csv.DictReader(handle) if r["NHTSACampaignNumber"] == "24V436000")
    assert record["text"]["en"]["remedy"] == row["Remedy"]
    assert "OTA" in record["text"]["zh"]["remedy"] and "英文原文" in record["text"]["zh"]["notes"]


def break_line(source: Path, target: Path, line: int, old: str, new: str) -> Path:
    lines = source.read_text(encoding="utf-8").split("\n")
    assert old in lines[line - 1]
    lines[line - 1] = lines[line - 1].replace(old, new, 1)
    target.write_text("\n".join(lines), encoding="utf-8")
    return target


@pytest.mark.parametrize(
    "source, line, old, new, message, error_line",
    [
        (FLAT, 1200, None, "2OV16000", "malformed NHTSA campaign id", 1200),
        (VEHICLE_CSV, 2, "2015-06-24", "24/06/2015", "malformed date", 2),
        (API_CSV, 2, "13/06/2024", "2024-06-13", "malformed date", 2),
        # JSON errors name the line where the broken record opens.
        (PORSCHE, 6, "10/04/2000", "10/4/00", "malformed date", 2),
        (PORSCHE, 3, "00V109000", "00V10900", "malformed NHTSA campaign id", 2),
    ],
)
def test_a_broken_row_is_named_and_changes_nothing(tmp_path, source, line, old, new, message, error_line):
    content = fresh_content(tmp_path)
    import_nhtsa(str(VEHICLE_CSV), content)
    before = snapshot(content)
    if old is None:  # break the campaign id, whatever it is, at the start of the line
        old = source.read_text(encoding="utf-8").split("\n")[line - 1].split("\t", 1)[0]
    broken = break_line(source, tmp_path / source.name, line, old, new)
    with pytest.raises(ImportFileError) as caught:
        import_nhtsa(str(broken), content)
    assert caught.value.line == error_line and message in caught.value.message
    assert snapshot(content) == before


@pytest.mark.parametrize(
    "text, message",
    [
        ("plain words, not data\n", "unknown format"),
        ('{"Count": 0}', 'no "results" list'),
        ('{"Count": 0, "results": []}', "no recall records"),
    ],
)
def test_inputs_that_are_not_nhtsa_data(tmp_path, text, message):
    path = tmp_path / "input.txt"
    path.write_text(text, encoding="utf-8")
    with pytest.raises(ImportFileError, match=message):
        import_nhtsa(str(path), fresh_content(tmp_path))


def test_missing_file(tmp_path):
    with pytest.raises(ImportFileError, match="file not found"):
        import_nhtsa(str(tmp_path / "nope.csv"), fresh_content(tmp_path))


def test_a_make_the_portal_does_not_know_names_the_line(tmp_path):
    broken = break_line(API_CSV, tmp_path / "out.csv", 3, "RAM,1500", "ACME,1500")
    with pytest.raises(ImportFileError, match="'ACME' is not in content/makes.yaml") as caught:
        import_nhtsa(str(broken), fresh_content(tmp_path))
    assert caught.value.line == 3


class ApiHandler(BaseHTTPRequestHandler):
    body = b""

    def do_GET(self):  # noqa: N802
        self.send_response(200 if self.path.startswith("/recalls/campaignNumber") else 404)
        self.send_header("Content-Length", str(len(self.body)))
        self.end_headers()
        self.wfile.write(self.body)

    def log_message(self, *args):
        pass


def test_a_url_answering_the_api_shape_imports(tmp_path):
    # The API's answer for 24V436000, rebuilt from the real record in content/upstream.
    with API_CSV.open(encoding="utf-8") as handle:
        record = next(r for r in csv.DictReader(handle) if r["NHTSACampaignNumber"] == "24V436000")
    for flag in ("parkIt", "parkOutSide", "overTheAirUpdate"):
        record[flag] = record[flag] == "true"
    ApiHandler.body = json.dumps({"Count": 1, "Message": "Results returned successfully", "results": [record]}, indent=1).encode()
    httpd = ThreadingHTTPServer(("127.0.0.1", 0), ApiHandler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    content = fresh_content(tmp_path)
    client = HttpClient(timeout=2, retries=0)
    try:
        url = f"http://127.0.0.1:{httpd.server_address[1]}/recalls/campaignNumber?campaignNumber=24V436000"
        report = import_nhtsa(url, content, client)
        with pytest.raises(ImportFileError, match="HTTP 404"):
            import_nhtsa(url.replace("/recalls/", "/other/"), content, client)
    finally:
        httpd.shutdown()
        httpd.server_close()
        client.close()
    assert len(report.created) == 1
    record = meta(content, "24V436000")
    assert (record["remedy_type"], record["remedy_type_basis"]) == ("ota+dealer", "NHTSA overTheAirUpdate flag")
    assert record["sources"][1]["url"] == "https://api.nhtsa.gov/recalls/campaignNumber?campaignNumber=24V436000"
