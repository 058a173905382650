"""Recognise an NHTSA input by its content and parse it into rows.

Inputs arrive as files or URL responses whose names say little, so the format
is recognised from the content itself (a JSON shape, or the header line):

* ``flat``   NHTSA's tab-separated flat recall file (``FLAT_RCL``), with the
             official layout names as a header, or headerless as published;
* ``vehicle_csv``  recallsByVehicle results, one row per campaign × model × year;
* ``api_csv``  campaignNumber API records as CSV (with the OTA/park flags);
* ``api_json`` the API's ``{"Count", "results"}`` answer;
* ``record_list`` a JSON list of records.
"""

from __future__ import annotations

import csv
import io

from .common import ImportFileError
from .nhtsa_json import api_record_row, parse_api_json, parse_record_list
from .nhtsa_rows import FieldChecker, Row

# NHTSA's flat file layout (RCL.txt, March 2020), fields 1-27, in order.
FLAT_FIELDS = (
    "RECORD_ID CAMPNO MAKETXT MODELTXT YEARTXT MFGCAMPNO COMPNAME MFGNAME BGMAN ENDMAN "
    "RCLTYPECD POTAFF ODATE INFLUENCED_BY MFGTXT RCDATE DATEA RPNO FMVSS DESC_DEFECT "
    "CONEQUENCE_DEFECT CORRECTIVE_ACTION NOTES RCL_CMPT_ID MFR_COMP_NAME MFR_COMP_DESC MFR_COMP_PTNO"
).split()
VEHICLE_CSV_COLUMNS = {"nhtsa_campaign_number", "make", "model", "model_year", "remedy", "report_received_date"}
API_CSV_COLUMNS = {"NHTSACampaignNumber", "Make", "Model", "ModelYear", "Remedy", "ReportReceivedDate"}


def detect_format(text: str) -> str:
    stripped = text.lstrip()
    if stripped.startswith("{"):
        return "api_json"
    if stripped.startswith("["):
        return "record_list"
    first = stripped.split("\n", 1)[0].rstrip("\r")
    if "\t" in first:
        fields = first.split("\t")
        if "CAMPNO" in fields or fields[0].isdigit():
            return "flat"
    header = set(next(csv.reader([first]), []))
    if VEHICLE_CSV_COLUMNS <= header:
        return "vehicle_csv"
    if API_CSV_COLUMNS <= header:
        return "api_csv"
    return "unknown"


def parse(text: str, source: str) -> tuple[str, list[Row]]:
    """The format name and the rows of an input; ImportFileError when it is neither."""
    fmt = detect_format(text)
    parsers = {
        "flat": parse_flat,
        "vehicle_csv": parse_vehicle_csv,
        "api_csv": parse_api_csv,
        "api_json": parse_api_json,
        "record_list": parse_record_list,
    }
    if fmt not in parsers:
        raise ImportFileError(
            source,
            "unknown format: expected the NHTSA flat file (TSV), an NHTSA API JSON answer or "
            "record list, or a CSV with NHTSA campaign columns",
            1,
        )
    rows = parsers[fmt](text, source)
    if not rows:
        raise ImportFileError(source, "no recall records in the input")
    return fmt, rows


def parse_flat(text: str, source: str) -> list[Row]:
    # Flat-file text holds bare quote characters; quoting must be off or rows merge.
    reader = csv.reader(io.StringIO(text), delimiter="\t", quoting=csv.QUOTE_NONE)
    first = next(reader)
    if "CAMPNO" in first:
        names, records = first, reader
    else:
        names, records = FLAT_FIELDS, _chain([first], reader)
    rows = []
    for values in records:
        line = reader.line_num
        if values == [] or values == [""]:
            continue
        if len(values) < len(names):
            raise ImportFileError(source, f"expected {len(names)} tab-separated fields, found {len(values)}", line)
        record = dict(zip(names, values))
        check = FieldChecker(source, line)
        rows.append(
            Row(
                line=line,
                campaign=check.campaign(record["CAMPNO"]),
                make=check.required(record["MAKETXT"], "MAKETXT"),
                model=check.required(record["MODELTXT"], "MODELTXT"),
                year=check.year(record["YEARTXT"]),
                component=record["COMPNAME"].strip(),
                manufacturer=record["MFGNAME"].strip() or None,
                report_date=check.date(record["RCDATE"], "compact"),
                population=check.count(record["POTAFF"]),
                production_from=check.date(record["BGMAN"], "compact", required=False),
                production_to=check.date(record["ENDMAN"], "compact", required=False),
                summary=record["DESC_DEFECT"].strip(),
                consequence=record["CONEQUENCE_DEFECT"].strip(),
                remedy=record["CORRECTIVE_ACTION"].strip(),
                notes=record["NOTES"].strip(),
            )
        )
    return rows


def parse_vehicle_csv(text: str, source: str) -> list[Row]:
    rows = []
    for line, record in _csv_records(text, source):
        check = FieldChecker(source, line)
        rows.append(
            Row(
                line=line,
                campaign=check.campaign(record["nhtsa_campaign_number"]),
                make=check.required(record["make"], "make"),
                model=check.required(record["model"], "model"),
                year=check.year(record["model_year"]),
                component=(record.get("component") or "").strip(),
                report_date=check.date(record["report_received_date"], "iso"),
                summary=(record.get("summary") or "").strip(),
                consequence=(record.get("consequence") or "").strip(),
                remedy=(record.get("remedy") or "").strip(),
                notes=(record.get("notes") or "").strip(),
            )
        )
    return rows


def parse_api_csv(text: str, source: str) -> list[Row]:
    return [api_record_row(record, FieldChecker(source, line)) for line, record in _csv_records(text, source)]


def _csv_records(text: str, source: str):
    """Yield (first line of the record, record) — quoted fields may span lines."""
    reader = csv.DictReader(io.StringIO(text.lstrip("\ufeff")))
    previous_end = 1  # the header line
    for record in reader:
        start, previous_end = previous_end + 1, reader.line_num
        if None in record:
            # More fields than columns: the row is broken (an unquoted comma or quote).
            raise ImportFileError(source, "more fields than the header names (a stray comma or quote?)", start)
        yield start, record


def _chain(first, rest):
    yield from first
    yield from rest
