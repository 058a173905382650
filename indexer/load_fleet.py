"""Read the demo fleet CSV files (synthetic VINs and their software install histories)."""

from __future__ import annotations

import csv
from datetime import date
from pathlib import Path

from indexer.records import FleetInstall, FleetVehicle
from indexer.validation import MARKET_RE, SLUG_RE, ContentError
from portal.versions import is_version

VEHICLE_COLUMNS = ("vin", "make", "model", "model_year", "market", "production_date")
INSTALL_COLUMNS = ("vin", "version", "installed_at")


def _rows(path: Path, columns: tuple[str, ...], errors: list[ContentError]):
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(line for line in handle if not line.startswith("#"))
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            errors.append(ContentError(str(path), None, f"missing column(s): {', '.join(missing)}"))
            return
        for number, row in enumerate(reader, start=2):
            yield number, row


def _date(value: str, path: Path, field: str, errors: list[ContentError]) -> date | None:
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        errors.append(ContentError(str(path), field, f"must be a date YYYY-MM-DD (got {value!r})"))
        return None


def read_fleet(folder: Path, errors: list[ContentError]) -> tuple[dict[str, FleetVehicle], list[FleetInstall]]:
    vehicles: dict[str, FleetVehicle] = {}
    installs: list[FleetInstall] = []
    vehicles_csv, installs_csv = folder / "vehicles.csv", folder / "installs.csv"
    if not vehicles_csv.exists():
        return vehicles, installs
    for line, row in _rows(vehicles_csv, VEHICLE_COLUMNS, errors):
        where = f"line {line}"
        vin = (row["vin"] or "").strip().upper()
        if len(vin) != 17:
            errors.append(ContentError(str(vehicles_csv), f"{where} vin", f"must have 17 characters (got {vin!r})"))
            continue
        if vin in vehicles:
            errors.append(ContentError(str(vehicles_csv), f"{where} vin", f"duplicate VIN {vin}"))
            continue
        if not (SLUG_RE.match(row["make"] or "") and SLUG_RE.match(row["model"] or "")):
            errors.append(ContentError(str(vehicles_csv), f"{where} make/model", "must be slugs"))
            continue
        if not MARKET_RE.match(row["market"] or "") or not (row["model_year"] or "").isdigit():
            errors.append(ContentError(str(vehicles_csv), f"{where} market/model_year", "unknown market or bad year"))
            continue
        produced = _date(row["production_date"], vehicles_csv, f"{where} production_date", errors)
        vehicles[vin] = FleetVehicle(vin, row["make"], row["model"], int(row["model_year"]), row["market"], produced)
    if installs_csv.exists():
        for line, row in _rows(installs_csv, INSTALL_COLUMNS, errors):
            where = f"line {line}"
            vin, version = (row["vin"] or "").strip().upper(), (row["version"] or "").strip()
            if vin not in vehicles:
                errors.append(ContentError(str(installs_csv), f"{where} vin", f"{vin} is not in vehicles.csv"))
                continue
            if not is_version(version):
                errors.append(ContentError(str(installs_csv), f"{where} version", f"not a version: {version!r}"))
                continue
            when = _date(row["installed_at"], installs_csv, f"{where} installed_at", errors)
            if when:
                installs.append(FleetInstall(vin, version, when))
    return vehicles, installs
