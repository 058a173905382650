"""Readers for the pieces that recalls and releases share: vehicles lists and sources."""

from __future__ import annotations

from indexer.records import SourceRef, VehicleSpec
from indexer.validation import FieldReader
from portal.vocab import VEHICLE_BASES

# Where the listed cars were built, for recalls that name it (SAMR: 进口 imported / 国产 China-built).
VEHICLE_ORIGINS = (None, "imported", "domestic")


def read_vehicles(reader: FieldReader, field: str, required: bool = True, recall: bool = False) -> list[VehicleSpec]:
    """``[{model, name, years}]``; a recall's entries may also name a ``make``, a ``basis`` and an ``origin``."""
    specs = []
    for index, item in enumerate(reader.list_of(field, required=required)):
        if not isinstance(item, dict):
            reader.error(f"{field}[{index}]", "must be a mapping {model, name, years}")
            continue
        sub = reader.child(f"{field}[{index}]", item)
        model = sub.slug("model")
        name = sub.text("name", required=False) or (model or "")
        years = item.get("years")
        if years is not None and not (
            isinstance(years, list) and all(isinstance(y, int) and 1900 < y < 2100 for y in years)
        ):
            sub.error("years", f"must be a list of model years or null (got {years!r})")
            years = None
        make, basis, origin = None, "listed", None
        if recall:
            make = sub.slug("make", required=False)
            basis = sub.choice("basis", VEHICLE_BASES, required=False) or "listed"
            if basis == "notice_text" and years is None:
                sub.error("years", "must list the model years the notice names (basis notice_text)")
            origin = item.get("origin")
            if origin not in VEHICLE_ORIGINS:
                sub.error("origin", f"must be one of imported, domestic or null (got {origin!r})")
                origin = None
        sub.unknown_fields(("model", "name", "years", "make", "basis", "origin") if recall else ("model", "name", "years"))
        if model:
            specs.append(VehicleSpec(model, name, sorted(set(years)) if years is not None else None, make, basis, origin))
    if required and not specs and not any(e.field and e.field.startswith(field) for e in reader.errors):
        reader.error(field, "must list at least one model")
    return specs


def read_sources(reader: FieldReader) -> list[SourceRef]:
    sources = []
    for index, item in enumerate(reader.list_of("sources", required=True)):
        if not isinstance(item, dict):
            reader.error(f"sources[{index}]", "must be a mapping {title, url, date}")
            continue
        sub = reader.child(f"sources[{index}]", item)
        title = sub.text("title")
        url = sub.text("url", required=False) or None
        if url and not url.startswith(("http://", "https://", "/")):
            sub.error("url", f"must be an http(s) URL or a site path (got {url!r})")
        when = sub.text("date", required=False) or None
        sub.unknown_fields(("title", "url", "date"))
        sources.append(SourceRef(title, url, when))
    if not sources and "sources" in reader.data:
        reader.error("sources", "must list at least one source")
    return sources
