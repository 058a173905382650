"""Recall status for one car (docs/ARCHITECTURE.md §3): remedied, open, remedy_not_available, unknown, not_affected.

A status rests only on stated facts. The portal knows a recall was fixed when
the software the car runs — from a fleet record's install history, or as the
owner states it — is at or after a remedy version that a *source states* for
that recall, on the same software line (``recall_remedy_versions``: the
notice's own version, or one from ``editorial/remedy_versions.yaml`` with its
citation). Nothing is inferred from release families or from a release's notes
mentioning a recall. Without a stated remedy version, an over-the-air recall's
status is ``unknown`` (reason ``remedy_version_unknown``), whatever the car
installed: the fix may have shipped before the recall was even filed.

With a version the owner states (``owner``), each OTA recall with a stated
remedy version is ``remedied`` or ``open`` by comparison, or ``not_affected``
when the version lies outside every affected range a source states; the
reason is then ``owner_version`` (the version is the owner's word, not a
record).

The remedy facts it compares with (stated remedy versions, affected ranges)
are the recall's own: :mod:`portal.recalls.remedies`.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from portal.recalls.remedies import NO_SOFTWARE_TRACE, StatedRemedy, remedied_by
from portal.vehicles.applicability import Install
from portal.versions import SoftwareVersion, VersionRange
from portal.vocab import NOT_AFFECTED, OPEN, REMEDIED, REMEDY_NOT_AVAILABLE, UNKNOWN

# Why a status is what it is (stable codes; pages translate them).
NO_FLEET_RECORD = "no_fleet_record"
DEALER_REPAIR_NOT_VISIBLE = "dealer_repair_not_visible"
OTHER_REMEDY_NOT_VISIBLE = "other_remedy_not_visible"  # a refund, buy-back, replacement vehicle or mailed labels
REMEDY_VERSION_UNKNOWN = "remedy_version_unknown"
NOT_UPDATED_SINCE_RECALL = "not_updated_since_recall"  # kept for old links; no longer produced
DEALER_PART_NOT_VISIBLE = "dealer_part_not_visible"
NO_REMEDY_YET = "no_remedy_yet"
OWNER_VERSION = "owner_version"
SOFTWARE_LINE_UNKNOWN = "software_line_unknown"


@dataclass(frozen=True)
class RecallStatus:
    status: str
    reason: str | None = None
    remedy_version: str | None = None  # the installed (or stated) version when remedied
    remedied_at: date | None = None
    required_version: str | None = None  # the stated version that remedies, when known


def _required(stated: list[StatedRemedy], line: str | None) -> str | None:
    """The version to name as "fixed by X or later": the first on the car's line that counts for any later version."""
    same = [s for s in stated if s.line == line] or stated
    open_ended = [s for s in same if s.match == "or_later"] or same
    return open_ended[0].version if open_ended else None


def owner_status(recall, stated: list[StatedRemedy], ranges: list[VersionRange], owner: SoftwareVersion) -> RecallStatus | None:
    """The verdict from a version the owner states, or None when it cannot decide this recall."""
    if recall.remedy_type in NO_SOFTWARE_TRACE or not stated:
        return None
    verdict, entry = remedied_by(owner, stated)
    if verdict:
        return RecallStatus(REMEDIED, OWNER_VERSION, owner.version, None, entry.version)
    if ranges and not any(r.contains(owner.version) for r in ranges):
        return RecallStatus(NOT_AFFECTED, OWNER_VERSION, required_version=_required(stated, owner.line))
    if verdict is None:
        return RecallStatus(UNKNOWN, SOFTWARE_LINE_UNKNOWN, required_version=_required(stated, owner.line))
    return RecallStatus(OPEN, OWNER_VERSION, required_version=_required(stated, owner.line))


def recall_status(recall, stated: list[StatedRemedy] | None, has_record: bool, installs: list[Install],
                  owner: SoftwareVersion | None = None, ranges: list[VersionRange] | None = None) -> RecallStatus:
    """The status of one recall for one car (``stated``: the entries for the car's model; None: none stated)."""
    stated = stated or []
    required = _required(stated, owner.line if owner else None)
    if not recall.remedy_available:
        return RecallStatus(REMEDY_NOT_AVAILABLE, NO_REMEDY_YET, required_version=required)
    if owner is not None:
        found = owner_status(recall, stated, ranges or [], owner)
        if found is not None:
            return found
    if recall.remedy_type in NO_SOFTWARE_TRACE and (has_record or owner is not None):
        reason = OTHER_REMEDY_NOT_VISIBLE if recall.remedy_type == "other" else DEALER_REPAIR_NOT_VISIBLE
        return RecallStatus(UNKNOWN, reason)
    if not has_record:
        if owner is not None:
            return RecallStatus(UNKNOWN, REMEDY_VERSION_UNKNOWN)
        return RecallStatus(UNKNOWN, NO_FLEET_RECORD, required_version=required)
    if not stated:
        return RecallStatus(UNKNOWN, REMEDY_VERSION_UNKNOWN)
    undecided = False
    for install in installs:  # in the order they happened: the first that carries the fix
        verdict, entry = remedied_by(SoftwareVersion(install.version), stated)
        if verdict:
            return RecallStatus(REMEDIED, None, install.version, install.installed_at, entry.version)
        undecided = undecided or verdict is None
    if undecided:
        return RecallStatus(UNKNOWN, SOFTWARE_LINE_UNKNOWN, required_version=required)
    reason = DEALER_PART_NOT_VISIBLE if recall.remedy_type == "ota+dealer" else None
    return RecallStatus(OPEN, reason, required_version=required)
