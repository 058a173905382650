"""Software version arithmetic shared by the indexer, the VIN service and search.

Makers number OTA releases as dotted integers (``2023.44.30.14``,
``2023.30.00``, ``1.10.0``). Text order gets them wrong (``2023.44.30.9`` sorts
after ``2023.44.30.14``), so every comparison and every database column that
orders versions goes through :func:`version_key`, which pads each numeric part
to a fixed width so that plain string order equals numeric order.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

_PART_WIDTH = 6
_VERSION_RE = re.compile(r"^\d+(?:\.\d+)*$")
_VERSION_IN_TEXT_RE = re.compile(r"(?<![\d.])(20\d{2}\.\d{1,2}(?:\.\d{1,3}){0,3})(?![\d])")


class VersionError(ValueError):
    """A string is not a dotted numeric software version."""


def is_version(text: str) -> bool:
    return bool(_VERSION_RE.match(text or ""))


def version_parts(version: str) -> tuple[int, ...]:
    if not is_version(version):
        raise VersionError(f"not a dotted numeric version: {version!r}")
    return tuple(int(part) for part in version.split("."))


@lru_cache(maxsize=8192)
def version_key(version: str) -> str:
    """A string whose lexical order is the numeric order of versions.

    Cached: a VIN lookup keys every install and stated version of the car
    against every recall, the same few hundred strings each time.

    ``2023.44.30.9`` < ``2023.44.30.14`` holds for the keys. A shorter version
    sorts before its own extensions (``2023.44`` < ``2023.44.0``), which is the
    order makers use: the family name comes before its point releases.
    """
    return ".".join(str(part).zfill(_PART_WIDTH) for part in version_parts(version))


def family_of(version: str, depth: int = 2) -> str:
    """The release family a point version belongs to (``2023.44.30.14`` -> ``2023.44``)."""
    return ".".join(version.split(".")[:depth])


def versions_in_text(text: str) -> list[str]:
    """Year-style software versions (``2023.44.30.14``) named in free text, in order, unique."""
    seen: list[str] = []
    for match in _VERSION_IN_TEXT_RE.finditer(text or ""):
        version = match.group(1).rstrip(".")
        if version not in seen:
            seen.append(version)
    return seen


@dataclass(frozen=True)
class VersionRange:
    """An affected-software range such as ``>=2021.36,<2023.44.30``.

    Either bound may be missing. Bounds are kept as written so that the range
    round-trips into content files and pages unchanged.
    """

    lower: str | None = None
    lower_inclusive: bool = True
    upper: str | None = None
    upper_inclusive: bool = False

    @classmethod
    def parse(cls, text: str) -> VersionRange:
        lower = upper = None
        lower_inclusive, upper_inclusive = True, False
        for clause in (part.strip() for part in (text or "").split(",")):
            if not clause:
                continue
            match = re.match(r"^(>=|>|<=|<)\s*(\S+)$", clause)
            if not match or not is_version(match.group(2)):
                raise VersionError(f"not a version bound: {clause!r} (use >=X, >X, <X or <=X)")
            operator, version = match.groups()
            if operator.startswith(">"):
                lower, lower_inclusive = version, operator == ">="
            else:
                upper, upper_inclusive = version, operator == "<="
        if lower is None and upper is None:
            raise VersionError(f"empty version range: {text!r}")
        return cls(lower, lower_inclusive, upper, upper_inclusive)

    def contains(self, version: str) -> bool:
        key = version_key(version)
        if self.lower is not None:
            low = version_key(self.lower)
            if key < low or (key == low and not self.lower_inclusive):
                return False
        if self.upper is not None:
            high = version_key(self.upper)
            if key > high or (key == high and not self.upper_inclusive):
                return False
        return True

    def __str__(self) -> str:
        clauses = []
        if self.lower is not None:
            clauses.append((">=" if self.lower_inclusive else ">") + self.lower)
        if self.upper is not None:
            clauses.append(("<=" if self.upper_inclusive else "<") + self.upper)
        return ",".join(clauses)


# ---------------------------------------------------------------------------
# Owners' versions and software lines.
#
# A maker may run more than one software line at once (NIO's Aspen and Alder),
# and a number on one line says nothing about another: "Alder 2.1.0" is not
# older than "Aspen 3.5.6". So a version the owner states, and a remedy version
# a source states, each carry their line (``None`` for makes with a single
# numbering), and :func:`at_or_after` refuses to compare across lines.


@dataclass(frozen=True)
class Scheme:
    """How one make numbers its software: the pattern of one version and the lines it runs."""

    pattern: re.Pattern[str]
    lines: tuple[str, ...] = ()
    example: str = "1.2.3"
    line_required: bool = False


# Tesla: year.week[.minor[.patch]] (``2023.44.30.14``); the car's screen may add a build hash.
# Rivian: year.week.patch[.n] (``2023.30.00``). NIO: a line name and a dotted number
# (``Aspen 3.5.6``, ``Alder 2.1.0``). Xiaomi: HyperOS numbering (``1.10.0``).
SCHEMES: dict[str, Scheme] = {
    "tesla": Scheme(re.compile(r"^v?(20\d{2}\.(?:[1-9]|[1-4]\d|5[0-3])(?:\.\d{1,3}){0,2})(?:\s+[0-9a-f]{6,40})?$"),
                    example="2023.44.30.14"),
    "rivian": Scheme(re.compile(r"^v?(20\d{2}\.\d{1,2}\.\d{1,2}(?:\.\d{1,3})?)$"), example="2023.30.00"),
    "nio": Scheme(re.compile(r"^(?:(aspen|alder|banyan)\s*)?v?(\d{1,2}\.\d{1,3}\.\d{1,3}(?:\.\d{1,3})?)$"),
                  lines=("aspen", "alder", "banyan"), example="Aspen 3.5.6"),
    # Ford Power-Up: a module's name and a dotted number (``SYNC-25.1.7.10.1``, ``PT-26.13.6``), or
    # a bare number for the early whole-car releases (``4.2.6``); each module numbers on its own.
    "ford": Scheme(re.compile(r"^(?:(sync|pt|ecg|ipc|tcu|hvac|dsmc|ipma-dc|ipma)[\s-]*)?v?(\d{1,3}(?:\.\d{1,4}){1,4})$"),
                   lines=("sync", "pt", "ecg", "ipc", "tcu", "hvac", "dsmc", "ipma", "ipma-dc"), example="SYNC-25.1.7.10.1"),
    "xiaomi": Scheme(re.compile(r"^(?:(?:xiaomi\s+)?hyperos\s*)?v?(\d{1,2}\.\d{1,3}\.\d{1,3}(?:\.\d{1,3})?)$"),
                     example="1.10.0"),
}
_GENERIC = Scheme(re.compile(r"^v?(\d{1,4}(?:\.\d{1,4}){1,4})$"))
MAX_OWNER_VERSION = 64


@dataclass(frozen=True)
class SoftwareVersion:
    """A version on a software line (``line`` is ``None`` where the make runs one line)."""

    version: str
    line: str | None = None

    @property
    def key(self) -> str:
        return version_key(self.version)

    def __str__(self) -> str:
        return f"{self.line.title()} {self.version}" if self.line else self.version


def scheme_for(make: str | None) -> Scheme:
    return SCHEMES.get(make or "", _GENERIC)


def parse_owner_version(make: str | None, text: str) -> SoftwareVersion:
    """The version an owner typed, checked against the make's numbering; raises VersionError."""
    raw = " ".join((text or "").split()).lower()
    if not raw or len(raw) > MAX_OWNER_VERSION:
        raise VersionError(f"not a software version: {text!r}")
    scheme = scheme_for(make)
    match = scheme.pattern.match(raw)
    if not match:
        raise VersionError(f"not a {make or 'software'} version: {text!r} (for example {scheme.example})")
    groups = match.groups()
    line = groups[0] if scheme.lines else None
    return SoftwareVersion(groups[-1], line)


def at_or_after(installed: SoftwareVersion, stated: SoftwareVersion) -> bool | None:
    """Whether ``installed`` is ``stated`` or later; ``None`` when the two are on different or unknown lines."""
    if stated.line and installed.line != stated.line:
        return None
    return installed.key >= stated.key
