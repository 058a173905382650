"""Demo-fleet cars to offer on the start page: one per recall status, found in the data.

VINs written into the code go stale whenever the demo fleet is regenerated,
so the examples are looked up in the served build instead (a few dozen
lookups), once per build and language, kept for the served build.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.build_memo import BuildMemo
from portal.db import content as db
from portal.vehicles.service import lookup_vehicle

STATUS_ORDER = ("remedied", "open", "remedy_not_available", "unknown")
PREFERRED_VINS = ("5YJ3E1EA2KF317000",)  # the 2019 Model 3 whose Autosteer recall was remedied over the air
MAX_CARS_SCANNED = 400

_EXAMPLES = BuildMemo(max_entries=8)  # one list per language


def demo_examples(session: Session, build_id: str | None, lang: str) -> list[dict]:
    """``[{vin, status, model_year, make_name, model_name, recall_id}]``, in STATUS_ORDER."""
    return _EXAMPLES.get(build_id, lang, lambda: _find_examples(session, lang))


def _find_examples(session: Session, lang: str) -> list[dict]:
    demo = session.scalars(select(db.Vehicle.vin).where(db.Vehicle.demo.is_(True))
                           .order_by(db.Vehicle.vin).limit(MAX_CARS_SCANNED)).all()
    candidates = [v for v in PREFERRED_VINS if v in demo] + [v for v in demo if v not in PREFERRED_VINS]
    found: dict[str, dict] = {}
    for vin in candidates:
        report = lookup_vehicle(session, vin, lang)
        for recall in report.recalls:
            status = recall["status"]
            if status in STATUS_ORDER and status not in found:
                found[status] = {"vin": vin, "status": status, "model_year": report.model_year,
                                 "make_name": report.make_name, "model_name": report.model_name,
                                 "recall_id": recall["id"]}
        if len(found) == len(STATUS_ORDER):
            break
    return [found[s] for s in STATUS_ORDER if s in found]
