"""Read ``content/import_ledger.yaml``: which source was queried for which makes, models and years.

The ledger is what lets a VIN page say "covered" honestly: a recall the
portal holds shows that a campaign exists, not that every campaign for the car
was looked for. Each entry becomes one row per (make, model) it names
(``model`` None = every model of the make), with the model-year range, the
scope of the query and the date. A missing ledger is allowed (the small test
content has none): then no car is "covered".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from indexer.validation import ContentError
from portal.vocab import AUTHORITY_CODES as AUTHORITIES

SCOPES = ("by_vehicle", "filed_between", "sample", "ota_only")


@dataclass(frozen=True)
class LedgerRow:
    source: str
    authority: str
    scope: str
    make: str
    model: str | None
    year_from: int | None
    year_to: int | None
    queried: date | None
    filed_from: date | None
    filed_to: date | None


def read_ledger(path: Path, read_yaml, errors: list[ContentError]) -> list[LedgerRow]:
    if not path.exists():
        return []
    data = read_yaml(path, errors)
    if not isinstance(data, list):
        if data is not None:
            errors.append(ContentError(str(path), None, "must be a list of sources"))
        return []
    rows: list[LedgerRow] = []
    for index, entry in enumerate(data):
        where = f"[{index}]"
        if not isinstance(entry, dict):
            errors.append(ContentError(str(path), where, "must be a mapping"))
            continue
        source, authority, scope = entry.get("source"), entry.get("authority"), entry.get("scope")
        if not isinstance(source, str) or not source:
            errors.append(ContentError(str(path), f"{where}.source", "is required"))
        if authority not in AUTHORITIES:
            errors.append(ContentError(str(path), f"{where}.authority", f"must be one of {', '.join(AUTHORITIES)}"))
        if scope not in SCOPES:
            errors.append(ContentError(str(path), f"{where}.scope", f"must be one of {', '.join(SCOPES)}"))
        dates = {}
        for key in ("queried", "filed_from", "filed_to"):
            value = entry.get(key)
            if value is not None and not isinstance(value, date):
                errors.append(ContentError(str(path), f"{where}.{key}", "must be a date (YYYY-MM-DD) or null"))
                value = None
            dates[key] = value
        for number, vehicle in enumerate(entry.get("vehicles") or []):
            at = f"{where}.vehicles[{number}]"
            make, models, years = vehicle.get("make"), vehicle.get("models"), vehicle.get("years")
            if not isinstance(make, str) or not make:
                errors.append(ContentError(str(path), f"{at}.make", "is required"))
                continue
            if years is not None and not (isinstance(years, list) and len(years) == 2
                                          and all(isinstance(y, int) for y in years) and years[0] <= years[1]):
                errors.append(ContentError(str(path), f"{at}.years", "must be [first, last] model years or null"))
                continue
            first, last = (years or (None, None))
            for model in (models if isinstance(models, list) else [None]):
                rows.append(LedgerRow(str(source), str(authority), str(scope), make,
                                      None if model is None else str(model), first, last,
                                      dates["queried"], dates["filed_from"], dates["filed_to"]))
    return rows
