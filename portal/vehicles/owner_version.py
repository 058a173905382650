"""The software version an owner states (``?version=``): checked, named, and explained where to read it.

Every owner can read the car's software version on its screen in seconds, and
that version decides an over-the-air recall once a source states the remedy
version. The portal takes it as the owner's word — never as a record — so
pages print it as "as stated by the owner". A version that does not follow the
make's numbering is refused with a message in the owner's language; one that
does but that the portal has no release for is accepted with a warning (new
releases appear before the portal's data has them).
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import bindparam, select
from sqlalchemy.orm import Session

from portal.db import content as db
from portal.localise import N_, catalogue
from portal.versions import SoftwareVersion, VersionError, family_of, parse_owner_version, scheme_for

INVALID_VERSION = "invalid_version"
UNKNOWN_VERSION = "unknown_version"

# Where the owner reads the version. Tesla's menu is Controls > Software; for the other makes
# the portal has no source naming the exact menu, so it says where such a screen generally is.
# English here, Chinese in the gettext catalogue (portal.localise.catalogue: no request needed).
WHERE_TO_FIND = {
    "tesla": N_("On the touchscreen, tap Controls › Software."),
}
GENERIC_WHERE = N_("In the vehicle's software or settings screen on the centre display.")
_INVALID = N_("“{raw}” is not a {make} software version. Enter it as the car shows it, for example {example}.")
_UNKNOWN = N_("The portal has no release {version} of this make in its data. It is compared as you typed it; "
              "check it against the car's screen.")


def _text(message: str, lang: str) -> str:
    return catalogue(lang).gettext(message) if lang in ("en", "zh") else message


class VersionRejected(ValueError):
    """A malformed version: ``code`` is ``invalid_version``, ``message`` is in the asked language."""

    def __init__(self, message: str, details: dict):
        super().__init__(message)
        self.code, self.message, self.details = INVALID_VERSION, message, details


@dataclass(frozen=True)
class OwnerVersion:
    version: SoftwareVersion
    raw: str
    known: bool

    def as_json(self, lang: str, stated_on: str) -> dict:
        return {"version": self.version.version, "line": self.version.line, "display": str(self.version),
                "known": self.known, "stated_on": stated_on, "verified": False,
                "warning": None if self.known else UNKNOWN_VERSION,
                "warning_message": None if self.known else unknown_message(str(self.version), lang)}


def where_to_find(make: str | None, lang: str) -> str:
    return _text(WHERE_TO_FIND.get(make or "", GENERIC_WHERE), lang)


def unknown_message(version: str, lang: str) -> str:
    return _text(_UNKNOWN, lang).format(version=version)


def parse_or_reject(make: str | None, make_name: str | None, raw: str, lang: str) -> SoftwareVersion:
    try:
        return parse_owner_version(make, raw)
    except VersionError:
        example = scheme_for(make).example
        shown = raw.strip()[:40]
        name = make_name or ("" if lang == "zh" else "valid")
        message = _text(_INVALID, lang).format(raw=shown, make=name, example=example)
        raise VersionRejected(message, {"version": shown, "make": make, "example": example}) from None


_KNOWN = select(db.ReleaseVersion.id).where(
    db.ReleaseVersion.make_slug == bindparam("make"), db.ReleaseVersion.version == bindparam("version")).union_all(
    select(db.Release.id).where(db.Release.make_slug == bindparam("make"), db.Release.version == bindparam("version")))


def owner_version(session: Session, make: str | None, make_name: str | None, raw: str | None,
                  lang: str) -> OwnerVersion | None:
    """The stated version, or None when none was given; raises VersionRejected when malformed."""
    if raw is None or not raw.strip():
        return None
    version = parse_or_reject(make, make_name, raw, lang)
    known = bool(make) and session.connection().execute(
        _KNOWN, {"make": make, "version": version.version}).first() is not None
    return OwnerVersion(version, raw.strip(), known)


def after_owner(release_version: str, make: str | None, owner: SoftwareVersion) -> bool:
    """Whether a timeline release comes after the owner's version (Tesla: by family, 2023.44 holds 2023.44.30.9)."""
    try:
        mine = family_of(owner.version, 2) if make == "tesla" else owner.version
        return SoftwareVersion(release_version).key > SoftwareVersion(mine).key
    except VersionError:
        return False
