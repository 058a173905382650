"""NHTSA records in JSON: the official API response and record lists.

``api.nhtsa.gov/recalls/campaignNumber`` answers ``{"Count": n, "results":
[...]}`` with one record per (make, model, model year); the same field names
appear in CSV exports of that API. Some datasets reshape the API output into a
plain list of smaller objects (``{campaign, model, year, date, ...}``). Errors
must name a line even in JSON, so each array element is decoded on its own and
its starting offset turned into a line number.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator

from .common import ImportFileError
from .nhtsa_rows import FieldChecker, Row

SHORT_RECORD_MAKE = "PORSCHE"
_RESULTS_RE = re.compile(r'"results"\s*:\s*\[')


def parse_api_json(text: str, source: str) -> list[Row]:
    """``{"Count": .., "results": [{NHTSACampaignNumber, Make, Model, ...}]}``."""
    match = _RESULTS_RE.search(text)
    if not match:
        raise ImportFileError(source, 'API response has no "results" list', 1)
    return [api_record_row(item, FieldChecker(source, line)) for line, item in _elements(text, match.end() - 1, source)]


def parse_record_list(text: str, source: str) -> list[Row]:
    """A top-level JSON list: API records, or the reshaped ``{campaign, model, year, ...}`` objects."""
    rows = []
    for line, item in _elements(text, text.index("["), source):
        check = FieldChecker(source, line)
        rows.append(api_record_row(item, check) if "NHTSACampaignNumber" in item else _short_record_row(item, check))
    return rows


def api_record_row(record: dict, check: FieldChecker) -> Row:
    """One record with the API's field names (also the columns of API CSV exports)."""
    flags = {name: check.flag(record[name], name) if name in record else None for name in ("overTheAirUpdate", "parkIt", "parkOutSide")}
    return Row(
        line=check.line,
        campaign=check.campaign(record.get("NHTSACampaignNumber")),
        make=check.required(record.get("Make"), "Make"),
        model=check.required(record.get("Model"), "Model"),
        year=check.year(record.get("ModelYear")),
        component=str(record.get("Component") or "").strip(),
        manufacturer=str(record.get("Manufacturer") or "").strip() or None,
        report_date=check.date(record.get("ReportReceivedDate"), "dmy"),
        population=check.count(record.get("PotentialNumberofUnitsAffected")),
        summary=str(record.get("Summary") or "").strip(),
        consequence=str(record.get("Consequence") or "").strip(),
        remedy=str(record.get("Remedy") or "").strip(),
        notes=str(record.get("Notes") or "").strip(),
        ota_flag=flags["overTheAirUpdate"],
        park_it_flag=flags["parkIt"],
        park_outside_flag=flags["parkOutSide"],
    )


def _short_record_row(record: dict, check: FieldChecker) -> Row:
    # The reshaped list has no make field. The only dataset of this shape
    # (softwealth/porsche-mcp) holds Porsche records only, so the shape implies
    # the make; a "make" field, when a record has one, wins.
    make = record.get("make") or SHORT_RECORD_MAKE
    return Row(
        line=check.line,
        campaign=check.campaign(record.get("campaign")),
        make=check.required(make, "make"),
        model=check.required(record.get("model"), "model"),
        year=check.year(record.get("year")),
        component=str(record.get("component") or "").strip(),
        report_date=check.date(record.get("date"), "dmy"),
        # Upstream wrote 0 for every record: zero means "not known", not "no vehicles".
        population=check.count(record.get("units"), zero_is_unknown=True),
        summary=str(record.get("summary") or "").strip(),
        consequence=str(record.get("consequence") or "").strip(),
        remedy=str(record.get("remedy") or "").strip(),
    )


def _elements(text: str, start: int, source: str) -> Iterator[tuple[int, dict]]:
    """Decode the objects of the JSON array opening at ``text[start] == '['``, with their lines."""
    decoder = json.JSONDecoder()
    pos = _skip_space(text, start + 1)
    while pos < len(text) and text[pos] != "]":
        line = text.count("\n", 0, pos) + 1
        try:
            item, pos = decoder.raw_decode(text, pos)
        except json.JSONDecodeError as exc:
            raise ImportFileError(source, f"invalid JSON: {exc.msg}", exc.lineno) from None
        if not isinstance(item, dict):
            raise ImportFileError(source, "expected a JSON object for each record", line)
        yield line, item
        pos = _skip_space(text, pos)
        if pos < len(text) and text[pos] == ",":
            pos = _skip_space(text, pos + 1)
        elif pos >= len(text) or text[pos] != "]":
            raise ImportFileError(source, "invalid JSON: expected ',' or ']' after a record", text.count("\n", 0, pos) + 1)


def _skip_space(text: str, pos: int) -> int:
    while pos < len(text) and text[pos] in " \t\r\n":
        pos += 1
    return pos
