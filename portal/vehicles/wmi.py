"""World Manufacturer Identifier (VIN positions 1-3) to manufacturer name.

The ``vininfo`` library is maintained upstream and is asked first. It lacks
several makers the portal covers (Rivian, Lucid, Polestar) and some Chinese
joint ventures, so ``wmi_table.csv`` next to this module carries the project's
own table, merged from public listings (the file header names each source and
its licence). A three-character match in either source beats a two-character
prefix match in either, because makers that share a two-character prefix
(``1F`` Ford) also have specific three-character WMIs.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from vininfo.dicts import WMI as VININFO_WMI

TABLE_PATH = Path(__file__).with_name("wmi_table.csv")
VININFO_SOURCE = "vininfo"


@dataclass(frozen=True)
class WmiInfo:
    """Who a WMI belongs to, and which source said so."""

    wmi: str  # the prefix that matched: two or three characters
    manufacturer: str
    source: str


@lru_cache(maxsize=1)
def project_table() -> dict[str, WmiInfo]:
    """The project's own table, keyed by two- or three-character prefix."""
    with TABLE_PATH.open(encoding="utf-8", newline="") as handle:
        lines = (line for line in handle if not line.startswith("#"))
        return {
            row["wmi"]: WmiInfo(row["wmi"], row["manufacturer"], row["sources"])
            for row in csv.DictReader(lines)
        }


def _from_vininfo(prefix: str) -> WmiInfo | None:
    entry = VININFO_WMI.get(prefix)
    if entry is None:
        return None
    # vininfo stores either a plain name or a Brand/Assembler object.
    name = entry if isinstance(entry, str) else entry.manufacturer
    return WmiInfo(prefix, name, VININFO_SOURCE)


def lookup_wmi(vin: str) -> WmiInfo | None:
    """The manufacturer for the first characters of ``vin`` (a VIN or a bare WMI), or None."""
    code = (vin or "").upper()
    prefixes = [code[:3]] if len(code) >= 3 else []
    if len(code) >= 2:
        prefixes.append(code[:2])
    table = project_table()
    for prefix in prefixes:
        found = _from_vininfo(prefix) or table.get(prefix)
        if found is not None:
            return found
    return None


def sources_of(wmi: str) -> list[str]:
    """Every source that lists ``wmi`` exactly (for citations on the decode page)."""
    found = [VININFO_SOURCE] if wmi in VININFO_WMI else []
    entry = project_table().get(wmi)
    if entry is not None:
        found.extend(entry.source.split())
    return found
