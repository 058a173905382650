"""Remedy facts of a recall, as its sources state them: the remedy versions and the affected software ranges.

A recall's remedy version is known only when a source states it
(``recall_remedy_versions``: the notice's own version, or one from
``editorial/remedy_versions.yaml`` with its citation), per software line. The
recall and release pages show these facts, the assistant quotes them and the
VIN page (:mod:`portal.vehicles.status`) compares a car's software with them,
so they live with the recalls, below every feature that reads them.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from portal.db import content as db
from portal.localise import localised_field
from portal.versions import SoftwareVersion, VersionError, VersionRange, version_parts
from portal.vocab import OTA_REMEDY_TYPES, REMEDY_TYPES

# Remedies that leave no trace in the software, the ones not over the air: a dealer repair; a refund,
# repurchase or mailed label ("other").
NO_SOFTWARE_TRACE = tuple(t for t in REMEDY_TYPES if t not in OTA_REMEDY_TYPES)


@dataclass(frozen=True)
class StatedRemedy:
    """One remedy version a source states for a recall, with that source (a ``recall_remedy_versions`` row)."""

    version: str
    key: str
    line: str | None
    models: tuple[str, ...]
    match: str
    reliability: str
    source_title: str
    source_url: str | None
    source_date: str | None
    note_en: str
    note_zh: str

    def for_model(self, model: str | None) -> bool:
        return not self.models or model is None or model in self.models

    def as_json(self, lang: str) -> dict:
        return {"version": self.version, "line": self.line, "models": list(self.models) or None,
                "match": self.match, "reliability": self.reliability,
                "source": {"title": self.source_title, "url": self.source_url, "date": self.source_date},
                "note": localised_field(self, "note", lang) or None}


_STATED = (select(db.RecallRemedyVersion).where(db.RecallRemedyVersion.recall_id.in_(bindparam("ids", expanding=True)))
           .order_by(db.RecallRemedyVersion.recall_id, db.RecallRemedyVersion.position))
_RANGES = select(db.RecallAffectedRange.recall_id, db.RecallAffectedRange.version_range).where(
    db.RecallAffectedRange.recall_id.in_(bindparam("ids", expanding=True)))


def stated_remedies(session: Session, recall_ids: list[str]) -> dict[str, list[StatedRemedy]]:
    """The stated remedy versions of each recall, in the order the data gives them (one query)."""
    found: dict[str, list[StatedRemedy]] = {}
    if not recall_ids:
        return found
    for row in session.connection().execute(_STATED, {"ids": list(recall_ids)}).mappings():
        found.setdefault(row["recall_id"], []).append(StatedRemedy(
            row["version"], row["version_key"], row["line"], tuple(m for m in (row["models"] or "").split(",") if m),
            row["match"], row["reliability"], row["source_title"], row["source_url"], row["source_date"],
            row["note_en"], row["note_zh"]))
    return found


def affected_ranges(session: Session, recalls: list) -> dict[str, list[VersionRange]]:
    """Stated affected-software ranges per recall: the notice's own, then those from editorial data."""
    found: dict[str, list[VersionRange]] = {}
    texts = [(r.id, r.affected_software) for r in recalls if r.affected_software]
    if recalls:
        texts += list(session.connection().execute(_RANGES, {"ids": [r.id for r in recalls]}))
    for recall_id, text in texts:
        try:
            found.setdefault(recall_id, []).append(VersionRange.parse(text))
        except VersionError:
            continue  # a range nobody can read narrows nothing
    return found


def satisfies(installed: SoftwareVersion, stated: StatedRemedy) -> bool | None:
    """Whether ``installed`` carries ``stated``'s fix; None when the lines differ or are not known."""
    if stated.line and installed.line != stated.line:
        return None
    try:
        have = version_parts(installed.version)
    except VersionError:
        return False
    want = version_parts(stated.version)
    if stated.match == "branch" and have[:len(want) - 1] != want[:len(want) - 1]:
        return False
    return installed.key >= stated.key


def remedied_by(installed: SoftwareVersion, stated: list[StatedRemedy]) -> tuple[bool | None, StatedRemedy | None]:
    """(verdict, the entry that decides it). True if any entry is met; None if only other lines were stated."""
    answers = [(satisfies(installed, s), s) for s in stated]
    for answer, entry in answers:
        if answer:
            return True, entry
    if installed.line is not None:
        answers = [(a, s) for a, s in answers if s.line in (None, installed.line)]
    if not answers or any(a is None for a, _ in answers):
        return None, None
    return False, answers[0][1]
