"""Plain-language VIN error messages in English and Simplified Chinese.

An owner who mistyped a VIN needs to know what to fix and where to read the
VIN again, not an error code. Every message therefore names the problem
(with the position when there is one) and ends with where the VIN is printed.
The English texts live here, beside the codes, and their Chinese in the
gettext catalogue (read without a request, :func:`portal.localise.catalogue`),
so that the web pages, the JSON API and the Q&A engine all say the same thing;
``details`` are the ones ``validate_vin`` puts on its ``VinError``.
"""

from __future__ import annotations

from typing import Any

from portal.localise import N_, catalogue
from portal.vehicles.vin import CHECK_DIGIT_MISMATCH, INVALID_CHARACTERS, INVALID_LENGTH, UNKNOWN_MANUFACTURER

LANGUAGES = ("en", "zh")
DEFAULT_LANGUAGE = "en"

WHERE_TO_FIND = N_("You can find the VIN at the lower-left corner of the windscreen, on the driver's door pillar, "
                   "or on the registration or title document.")

_TEMPLATES: dict[str, str] = {
    INVALID_LENGTH: N_("A VIN has exactly {expected} letters and digits; this one has {actual}. "
                       "Check for a missing or extra character."),
    INVALID_CHARACTERS: N_("Character {position} (\u201c{character}\u201d) cannot appear in a VIN: only the digits "
                           "0-9 and the letters A-Z except I, O and Q are used."),
    CHECK_DIGIT_MISMATCH: N_("The VIN does not add up: its check digit (position 9) is {actual}, but the other "
                             "characters give {expected}. One character was probably misread or mistyped."),
    UNKNOWN_MANUFACTURER: N_("This VIN is well formed, but we do not know the manufacturer code {wmi} (its first "
                             "three characters), so we cannot tell which recalls and updates apply. Please check "
                             "the first characters."),
}

# Outside North America and China a maker need not use the check digit: a mismatch is a warning, not an error.
# The VIN page and the assistant both say it in these words.
CHECK_DIGIT_ADVISORY = N_("The VIN's check digit does not add up. Makers in this region need not use it, but please "
                          "compare the VIN with the car.")

# Added when a suggestion is known (an O typed for a 0, an I for a 1).
_SUGGESTION = N_("Did you mean \u201c{suggestion}\u201d?")


class _Blank(dict):
    """Formats a missing detail as "?" so a message never fails to render."""

    def __missing__(self, key: str) -> str:
        return "?"


def error_message(code: str, lang: str = DEFAULT_LANGUAGE, **details: Any) -> str:
    """The message for ``code`` in ``lang`` (``en`` or ``zh``; other values fall back to ``en``).

    Raises ``KeyError`` for an unknown code, so a new code cannot ship without text.
    """
    language = lang if lang in LANGUAGES else DEFAULT_LANGUAGE
    translate, values = catalogue(language).gettext, _Blank(details)
    separator = " " if language == "en" else ""  # Chinese sentences follow one another without a space
    parts = [translate(_TEMPLATES[code]).format_map(values)]
    if code == INVALID_CHARACTERS and details.get("suggestion"):
        parts.append(translate(_SUGGESTION).format_map(values))
    return separator.join(parts + [translate(WHERE_TO_FIND)])


def where_to_find(lang: str = DEFAULT_LANGUAGE) -> str:
    """Where the VIN is printed, in ``lang`` (English for a language the portal does not speak)."""
    return catalogue(lang if lang in LANGUAGES else DEFAULT_LANGUAGE).gettext(WHERE_TO_FIND)


def advisory_message(lang: str = DEFAULT_LANGUAGE) -> str:
    """The check-digit warning for a VIN of a region that need not use one, in ``lang``."""
    return catalogue(lang if lang in LANGUAGES else DEFAULT_LANGUAGE).gettext(CHECK_DIGIT_ADVISORY)
