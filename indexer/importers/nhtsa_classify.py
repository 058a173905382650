"""Structured facts read from NHTSA's recall text.

Owners ask "is this fixed over the air?", "which software fixes it?", "can I
drive it?". NHTSA answers in prose; only the newest API records carry flags
(``overTheAirUpdate``, ``parkIt``, ``parkOutSide``). Where a flag exists it
wins; otherwise the answer is read from the text with narrow patterns, and the
record says which basis was used so that a page can show how sure it is.
Every pattern here was checked against the real campaigns in
``content/upstream`` (see ``tests/test_import_nhtsa_classify.py``).
"""

from __future__ import annotations

import re

from portal.versions import version_key, versions_in_text

BASIS_FLAG = "NHTSA overTheAirUpdate flag"
BASIS_OTA_TEXT = "remedy text mentions an over-the-air update"
BASIS_DEALER_TEXT = "remedy text names dealer service"
BASIS_NO_OTA_TEXT = "remedy text mentions no over-the-air update"

_OTA_RE = re.compile(r"over[- ]the[- ]air|\bOTA\b", re.IGNORECASE)
_DEALER_RE = re.compile(r"\bdealers?(?:ship)?s?\b|\bretailers?\b", re.IGNORECASE)

# "prior to 2023.38.4", "before release 2020.48" -> the versions below are affected.
_BEFORE_RE = re.compile(
    r"(?:prior to|before|earlier than|older than|lower than)\s+(?:(?:the\s+)?(?:software|firmware)\s+)?"
    r"(?:(?:release|version)\s+)*(?:version\s+)?(20\d\d\.[\d.]*\d)",
    re.IGNORECASE,
)
_THROUGH_RE = re.compile(r"(20\d\d\.[\d.]*\d)\s+(?:through|to)\s+(20\d\d\.[\d.]*\d)", re.IGNORECASE)
_EXACT_RE = re.compile(r"(?:software|firmware)\s+(?:release\s+)?(?:version\s+)?(20\d\d\.[\d.]*\d)", re.IGNORECASE)
_SENTENCE_RE = re.compile(r"(?<=[.!?])\s+(?=[A-Z\"(])")

# The remedy is not (yet) there: said outright, or an interim notice awaiting it.
_NOT_AVAILABLE_RE = re.compile(
    r"remedy (?:is|was) (?:still |currently |not yet )*(?:not (?:yet )?available|under development|being developed)"
    r"|parts are not (?:currently |yet )?available(?!,)"
    r"|\(remedy not available\)",
    re.IGNORECASE,
)
_AWAITING_RE = re.compile(
    r"(?:second|additional|further) (?:notice|letters?)[^.]*\b(?:once|when)\b[^.]*\b(?:remedy|parts)\b[^.]*\bavailable",
    re.IGNORECASE,
)
# Owner letters (the final notice) sent, or a recall start date: a remedy exists.
_FINAL_NOTICE_RE = re.compile(
    r"owner (?:notification )?letters (?:\(remedy available\) )?(?:were|was) (?:mailed|sent)"
    r"|final remedy owner letters were mailed|\brecall began",
    re.IGNORECASE,
)
_PARK_OUTSIDE_RE = re.compile(
    r"park (?:the |their |your )?(?:vehicles? )?outside|park(?:ed)? outdoors", re.IGNORECASE
)
_DO_NOT_DRIVE_RE = re.compile(
    r"\b(?:do not|not to|not|should not|must not)\s+drive\s+(?:the|their|your|this|these)\s+vehicles?", re.IGNORECASE
)


def classify_remedy_type(remedy: str, ota_flag: bool | None) -> tuple[str, str]:
    """``(remedy_type, remedy_type_basis)``; the API flag, when present, wins over the text."""
    dealer_too = bool(_DEALER_RE.search(remedy or ""))
    if ota_flag is not None:
        if not ota_flag:
            return "dealer", BASIS_FLAG
        # The flag says OTA is offered; the text says whether dealers are the alternative.
        return ("ota+dealer" if dealer_too else "ota"), BASIS_FLAG
    if _OTA_RE.search(remedy or ""):
        return ("ota+dealer" if dealer_too else "ota"), BASIS_OTA_TEXT
    return "dealer", BASIS_DEALER_TEXT if dealer_too else BASIS_NO_OTA_TEXT


def affected_software(summary: str, remedy: str = "") -> str | None:
    """The affected version range the text states, e.g. ``<2023.38.4``; None when unstated or ambiguous.

    A sentence that names more versions than its pattern explains (``2023.44.30
    through 2023.44.30.6 or 2023.44.100``) is left alone: a wrong range would
    mark fixed cars as affected.
    """
    for sentence in _sentences(summary):
        named = versions_in_text(sentence)
        if not named:
            continue
        before = _BEFORE_RE.search(sentence)
        if before and len(named) == 1:
            return f"<{before.group(1)}"
        through = _THROUGH_RE.search(sentence)
        if through and len(named) == 2:
            return f">={through.group(1)},<={through.group(2)}"
        exact = _EXACT_RE.search(sentence)
        if exact and len(named) == 1 and not re.search(r"or (?:newer|later|higher)", sentence, re.IGNORECASE):
            return f">={exact.group(1)},<={exact.group(1)}"
    for sentence in _sentences(remedy):
        before = _BEFORE_RE.search(sentence)
        if before and len(versions_in_text(sentence)) == 1:
            return f"<{before.group(1)}"
    return None


# "firmware X or newer, which will alert owners if ...": X warns of the defect, it does not remove it.
_ALERT_ONLY_RE = re.compile(r"\bwhich will (?:alert|warn|notify)\b", re.IGNORECASE)


def remedy_version(remedy: str) -> str | None:
    """The software version the remedy text names as the fix (the lowest, if several)."""
    candidates = []
    for sentence in _sentences(remedy):
        if _ALERT_ONLY_RE.search(sentence):
            continue
        affected = {match.group(1) for match in _BEFORE_RE.finditer(sentence)}
        candidates += [version for version in versions_in_text(sentence) if version not in affected]
    return min(candidates, key=version_key) if candidates else None


def remedy_available(remedy: str) -> bool:
    """False when the text says the remedy is not available yet and no final notice was sent."""
    text = remedy or ""
    pending = _NOT_AVAILABLE_RE.search(text) or _AWAITING_RE.search(text)
    return not pending or bool(_FINAL_NOTICE_RE.search(text))


def park_flags_from_text(*texts: str) -> tuple[bool, bool]:
    """``(park_it, park_outside)`` from NHTSA's advice to owners."""
    joined = " ".join(text for text in texts if text)
    return bool(_DO_NOT_DRIVE_RE.search(joined)), bool(_PARK_OUTSIDE_RE.search(joined))


def _sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_RE.split(text or "") if part.strip()]
