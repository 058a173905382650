"""Recall status for one car (ARCHITECTURE §3): remedied, open, remedy_not_available, unknown.

The only evidence the portal has that a recall was fixed is software: a fleet
record showing an install of the remedy version or a later one. So a status is
never better than that evidence allows. A recall without a remedy is
``remedy_not_available`` whatever the record says; without a fleet record, or
when the fix is a dealer repair that leaves no trace in the software history,
the status is ``unknown`` and ``reason`` says which. When nobody has said which
version fixes an OTA recall, no install can be shown to be its remedy: if the
car has installed any update since the recall was filed, the fix may be in it,
so the status is ``unknown`` (reason ``remedy_version_unknown``); if it has
installed none since, it cannot have the over-the-air remedy and the recall is
``open`` (reason ``not_updated_since_recall``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from portal.db import content as db
from portal.vehicles.applicability import Install

REMEDIED = "remedied"
OPEN = "open"
REMEDY_NOT_AVAILABLE = "remedy_not_available"
UNKNOWN = "unknown"
STATUSES = (OPEN, REMEDY_NOT_AVAILABLE, UNKNOWN, REMEDIED)  # display order: what needs action first

# Why a status is what it is (stable codes; pages translate them).
NO_FLEET_RECORD = "no_fleet_record"
DEALER_REPAIR_NOT_VISIBLE = "dealer_repair_not_visible"
OTHER_REMEDY_NOT_VISIBLE = "other_remedy_not_visible"  # a refund, buy-back, replacement vehicle or mailed labels
REMEDY_VERSION_UNKNOWN = "remedy_version_unknown"
NOT_UPDATED_SINCE_RECALL = "not_updated_since_recall"
DEALER_PART_NOT_VISIBLE = "dealer_part_not_visible"
NO_REMEDY_YET = "no_remedy_yet"


@dataclass(frozen=True)
class RemedyVersion:
    """The first version that remedies a recall, and where that fact comes from."""

    version: str
    key: str
    source: str  # "recall" (named by the recall) | "release" (lowest linked remedy release)


@dataclass(frozen=True)
class RecallStatus:
    status: str
    reason: str | None = None
    remedy_version: str | None = None  # the installed version when remedied
    remedied_at: date | None = None
    required_version: str | None = None  # the version that remedies, when known


_LINKED = (select(db.ReleaseRemedy.recall_id, db.Release.version_key, db.Release.version)
           .join(db.Release, db.Release.id == db.ReleaseRemedy.release_id)
           .where(db.ReleaseRemedy.recall_id.in_(bindparam("ids", expanding=True))))


def remedy_versions(session: Session, recalls: list) -> dict[str, RemedyVersion]:
    """Remedy version per recall id: the recall's own, else its lowest linked remedy release (one query)."""
    found = {r.id: RemedyVersion(r.remedy_version, r.remedy_version_key, "recall")
             for r in recalls if r.remedy_version and r.remedy_version_key}
    missing = [r.id for r in recalls if r.id not in found]
    if missing:
        for recall_id, key, version in session.connection().execute(_LINKED, {"ids": missing}):
            if recall_id not in found or key < found[recall_id].key:
                found[recall_id] = RemedyVersion(version, key, "release")
    return found


def first_install_from(installs: list[Install], key: str, not_before: date | None = None) -> Install | None:
    """The first install (in time) of ``key``'s version or a later one, on or after ``not_before``."""
    return next((i for i in installs
                 if i.version_key >= key and (not_before is None or i.installed_at >= not_before)), None)


def recall_status(recall, remedy: RemedyVersion | None, has_record: bool,
                  installs: list[Install]) -> RecallStatus:
    required = remedy.version if remedy else None
    if not recall.remedy_available:
        return RecallStatus(REMEDY_NOT_AVAILABLE, NO_REMEDY_YET, required_version=required)
    if not has_record:
        return RecallStatus(UNKNOWN, NO_FLEET_RECORD, required_version=required)
    if recall.remedy_type == "dealer":
        return RecallStatus(UNKNOWN, DEALER_REPAIR_NOT_VISIBLE)
    if recall.remedy_type == "other":
        return RecallStatus(UNKNOWN, OTHER_REMEDY_NOT_VISIBLE)
    if remedy is None:
        filed = recall.report_date
        if any(filed is None or i.installed_at >= filed for i in installs):
            return RecallStatus(UNKNOWN, REMEDY_VERSION_UNKNOWN)
        return RecallStatus(OPEN, NOT_UPDATED_SINCE_RECALL)
    # A remedy version inferred from a linked release family (not named by the
    # recall) is only trusted for installs made once the recall existed: a
    # family's early point versions predate the fix it later carried.
    not_before = recall.report_date if remedy.source == "release" else None
    done = first_install_from(installs, remedy.key, not_before)
    if done is not None:
        return RecallStatus(REMEDIED, None, done.version, done.installed_at, required)
    reason = DEALER_PART_NOT_VISIBLE if recall.remedy_type == "ota+dealer" else None
    return RecallStatus(OPEN, reason, required_version=required)
