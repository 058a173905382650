"""Normalise and validate a VIN typed or pasted by a person.

Owners copy VINs from registration papers, photos of the windscreen plate and
Chinese input methods, so the same 17 characters arrive with spaces, dashes,
lower case or full-width letters. Everything is normalised first; only then is
the VIN judged, and a rejection names one specific problem (the error codes are
part of the public API, see docs/ARCHITECTURE.md §5) so the message can say what
to fix.

The check digit (position 9, ISO 3779 / 49 CFR 565.15) is mandatory in North
America and in China (GB 16735), so a mismatch there is an error; elsewhere
makers need not use it and a mismatch is only a warning.

An unknown WMI is not a malformed VIN: ``validate_vin`` then returns
``ok=True`` together with a non-fatal ``error`` (``fatal=False``), so a page can
still show the decoded year while the JSON API reports the code.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from typing import Any

from portal.vehicles.vpic import vpic_decode
from portal.vehicles.wmi import lookup_wmi

VIN_LENGTH = 17

INVALID_LENGTH = "invalid_length"
INVALID_CHARACTERS = "invalid_characters"
CHECK_DIGIT_MISMATCH = "check_digit_mismatch"
UNKNOWN_MANUFACTURER = "unknown_manufacturer"
ERROR_CODES = (INVALID_LENGTH, INVALID_CHARACTERS, CHECK_DIGIT_MISMATCH, UNKNOWN_MANUFACTURER)

# ISO 3779 / 49 CFR 565.15 transliteration and position weights.
_TRANSLITERATION = {
    **{str(digit): digit for digit in range(10)},
    **dict(zip("ABCDEFGH", range(1, 9))),
    **dict(zip("JKLMN", range(1, 6))),
    "P": 7,
    "R": 9,
    **dict(zip("STUVWXYZ", range(2, 10))),
}
_WEIGHTS = (8, 7, 6, 5, 4, 3, 2, 10, 0, 9, 8, 7, 6, 5, 4, 3, 2)
_CHECK_DIGIT_POSITION = 9  # 1-based, as printed in the regulation

# Separators people type or that OCR/copying adds; any Unicode dash or space.
_SEPARATORS = re.compile(r"[\s.\-\u2010-\u2015\u2212\u30fb\u00b7]+")
# Letters that look like digits: the usual cause of an I, O or Q in a VIN.
_LOOKALIKES = {"I": "1", "O": "0", "Q": "0"}
# First characters whose region requires a valid check digit: North America
# (1-5, and 7, which ISO 3780 now allocates to the United States) and China (L).
_ENFORCING_REGIONS = frozenset("123457L")


@dataclass(frozen=True)
class VinError:
    """One specific reason a VIN cannot be used as typed (``code`` is in ERROR_CODES)."""

    code: str
    details: dict[str, Any] = field(default_factory=dict)

    @property
    def fatal(self) -> bool:
        """False only for ``unknown_manufacturer``: the VIN itself is well formed."""
        return self.code != UNKNOWN_MANUFACTURER


@dataclass
class VinCheck:
    """The result of :func:`validate_vin`.

    ``ok`` says whether the VIN is well formed and may be looked up; ``error``
    is set whenever something must be reported (fatal or not); ``warnings``
    holds advisory codes such as ``check_digit_mismatch`` outside the enforcing
    regions.
    """

    vin: str
    ok: bool
    error: VinError | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def decodable(self) -> bool:
        """Well formed and with a known manufacturer: everything can be decoded."""
        return self.ok and self.error is None


def normalise_vin(raw: str) -> str:
    """Full-width to ASCII, drop spaces/dashes/dots, upper-case: ``"5yj-3e1 ea2"`` -> ``"5YJ3E1EA2"``."""
    text = unicodedata.normalize("NFKC", raw or "")
    return _SEPARATORS.sub("", text).upper()


def check_digit(vin: str) -> str:
    """The check digit (``"0"``–``"9"`` or ``"X"``) that position 9 of ``vin`` should hold.

    Position 9 itself does not count (its weight is 0). Raises ``ValueError`` for
    a VIN that is not 17 valid characters.
    """
    if len(vin) != VIN_LENGTH:
        raise ValueError(f"a VIN has {VIN_LENGTH} characters, got {len(vin)}")
    try:
        total = sum(_TRANSLITERATION[char] * weight for char, weight in zip(vin, _WEIGHTS))
    except KeyError as exc:
        raise ValueError(f"character {exc.args[0]!r} cannot appear in a VIN") from None
    remainder = total % 11
    return "X" if remainder == 10 else str(remainder)


def check_digit_enforced(vin: str) -> bool:
    """Whether the VIN's region (North America 1-5 and 7, China L) requires a valid check digit."""
    return bool(vin) and vin[0] in _ENFORCING_REGIONS


def _bad_character(vin: str) -> VinError | None:
    for position, char in enumerate(vin, start=1):
        if char not in _TRANSLITERATION:
            details: dict[str, Any] = {"position": position, "character": char}
            if char in _LOOKALIKES:
                details["suggestion"] = _LOOKALIKES[char]
            return VinError(INVALID_CHARACTERS, details)
    return None


def validate_vin(raw: str) -> VinCheck:
    """Normalise ``raw`` and judge it; the first problem found is reported.

    Order: length, characters, check digit, manufacturer. Length comes first
    because a missing or extra character shifts every later position, which
    would make a character or check-digit message misleading.
    """
    vin = normalise_vin(raw)
    if len(vin) != VIN_LENGTH:
        return VinCheck(vin, False, VinError(INVALID_LENGTH, {"expected": VIN_LENGTH, "actual": len(vin)}))
    bad = _bad_character(vin)
    if bad is not None:
        return VinCheck(vin, False, bad)

    warnings: list[str] = []
    expected = check_digit(vin)
    actual = vin[_CHECK_DIGIT_POSITION - 1]
    if expected != actual:
        if check_digit_enforced(vin):
            details = {"expected": expected, "actual": actual, "position": _CHECK_DIGIT_POSITION}
            return VinCheck(vin, False, VinError(CHECK_DIGIT_MISMATCH, details))
        warnings.append(CHECK_DIGIT_MISMATCH)

    if lookup_wmi(vin) is None and not vpic_decode(vin).get("make"):
        return VinCheck(vin, True, VinError(UNKNOWN_MANUFACTURER, {"wmi": vin[:3]}), warnings)
    return VinCheck(vin, True, None, warnings)
