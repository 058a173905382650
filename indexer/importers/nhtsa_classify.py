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
BASIS_UNDEFINED_TEXT = "remedy text says the remedy is still being developed"
BASIS_OTHER_TEXT = "remedy text names no repair: {kind}"
BASIS_OTA_PARTS_TEXT = "remedy text mentions an over-the-air update and a part replacement"

_KIND_WORDS = {
    "sellers_notified": "the sellers of the part are told how it may be used",
    "refund": "a refund", "repurchase": "a repurchase", "replacement_vehicle": "a replacement vehicle",
    "labels_or_manual": "labels or owner's manual pages sent to owners", "not_yet_defined": "not yet defined",
}
# Checked in this order: a campaign that repurchases and also mails a label is a repurchase.
_KIND_RES = (
    ("repurchase", re.compile(r"\brepurchase|\bbuy ?backs?\b", re.IGNORECASE)),
    ("replacement_vehicle", re.compile(r"\breplace the vehicles?\b|\breplacement vehicles?\b", re.IGNORECASE)),
    ("refund", re.compile(r"\brefund", re.IGNORECASE)),
    ("labels_or_manual", re.compile(
        r"\b(?:mail|send|provide|furnish)\w*\b[^.]*(?:\blabels?\b|owner'?s manual|manual (?:insert|supplement))",
        re.IGNORECASE)),
)
# "The remedy is currently under development", said of the remedy itself, in the present tense.
_UNDEFINED_RE = re.compile(
    r"\bthe (?:final )?remedy is (?:currently |still )*(?:being developed|under development|not yet (?:defined|determined))"
    r"|\bthe (?:final )?remedy (?:is|has) not (?:yet )?been (?:developed|defined|determined|finali[sz]ed)",
    re.IGNORECASE,
)
# A repair someone will carry out; "owner letters will be mailed" is not one.
_ACTION_RE = re.compile(
    r"\b(?:dealers?|retailers?|will|to)\b[^.]*?\b(?:replac|repair|inspect|install|updat|reprogram|modif|remov|adjust|"
    r"tighten|secur|reflash|recalibrat|rework|perform|suppl|fix|retrofit|disabl|clean|lubricat|re-?torqu|re-?rout|"
    r"reposition|realign|apply|add)\w*",
    re.IGNORECASE,
)

_OTA_RE = re.compile(r"over[- ]the[- ]air|\bOTA\b", re.IGNORECASE)
# "Tesla will also ... replace the affected computers": a workshop repair beside the update, even when no
# dealer is named (the maker's own service centres do it).
_PART_REPAIR_RE = re.compile(
    r"\b(?:replac|repair)\w*\b[^.]*\b(?:computers?|modules?|boards?|parts?|components?|units?|assembl\w+|cameras?|"
    r"harness\w*|hardware)\b",
    re.IGNORECASE,
)
# "Ford will notify the distributors of the hubs ...": only the sellers of an equipment part are told; a dealer
# named in passing ("none were purchased from Ford dealers") is no repair.
_SELLERS_RE = re.compile(r"\bnotify (?:the |its )?(?:distributors|retailers|sellers)\b", re.IGNORECASE)
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

# Whether the remedy is there yet. NHTSA appends to the remedy text as a campaign moves on ("Interim
# letters were mailed ... A second notice will be sent once the remedy is available ... Owner notification
# letters were mailed ..."), so what counts is what is said last:
# * the remedy itself is still being developed (present tense): not available, unless owner letters
#   (not interim ones) are reported after that sentence;
# * a second or further notice is promised "once the remedy is available": not available, unless a final
#   notice, a recall start or a renotification is reported after it;
# * parts or the remedy are expected later: not available, unless a final notice is reported anywhere.
_STILL_DEVELOPED_RE = re.compile(
    r"\b(?:the )?(?:final )?remedy is (?:currently |still )*(?:being developed|under development|not (?:yet )?available)"
    r"|\b(?:the )?(?:final )?remedy (?:is|has) not (?:yet )?been (?:developed|defined|determined|finali[sz]ed)",
    re.IGNORECASE,
)
_NOTICE_PENDING_RE = re.compile(
    r"(?:second|additional|further|final) (?:notices?|letters?|notification)[^.]*\b(?:once|when)\b[^.]*\b(?:remedy|parts)\b[^.]*\bavailable",
    re.IGNORECASE,
)
_PARTS_PENDING_RE = re.compile(
    r"(?<!if the )(?<!if )(?:replacement |remedy )?parts are not (?:currently |yet )?available(?!,)|remedy was still not available|\(remedy not available\)"
    r"|(?:remedy|parts) (?:is|are) expected to be available",
    re.IGNORECASE,
)
_FINAL_LETTERS_RE = re.compile(
    r"(?<!interim )(?<!interim notification )\b(?:owner (?:notification )?letters|owner letters) (?:\(remedy available\) )?"
    r"(?:were|was) (?:mailed|sent)|final remedy owner letters were mailed|\(remedy available\)",
    re.IGNORECASE,
)
_STARTED_RE = re.compile(r"\brecall began|\brenotification letter was (?:mailed|sent)", re.IGNORECASE)
# "park outside and away from structures", "park their vehicles outside", "park their vehicle outdoors".
_PARK_OUTSIDE_RE = re.compile(
    r"\bpark(?:ed)?\s+(?:(?:the|their|your|these|this|its)\s+)?(?:(?:vehicles?|cars?|trucks?|motorcycles?)\s+)?"
    r"(?:outside|outdoors|away from (?:structures|buildings|homes))",
    re.IGNORECASE,
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
        if not dealer_too and _PART_REPAIR_RE.search(remedy):
            return "ota+dealer", BASIS_OTA_PARTS_TEXT
        return ("ota+dealer" if dealer_too else "ota"), BASIS_OTA_TEXT
    return "dealer", BASIS_DEALER_TEXT if dealer_too else BASIS_NO_OTA_TEXT


def remedy_kind(remedy: str) -> str | None:
    """For a remedy that is not a repair: one of ``portal.vocab.REMEDY_KINDS``; None for a repair (by a dealer or over the air).

    A campaign that names no remedy yet ("The remedy is currently under
    development") is ``not_yet_defined`` unless the text also says what will be
    done. A refund, repurchase, replacement vehicle, or labels / manual pages
    sent to owners count only when no dealer is named: "dealers will replace
    the label" is a dealer repair.
    """
    text = remedy or ""
    if _UNDEFINED_RE.search(text) and not _ACTION_RE.search(_UNDEFINED_RE.sub("", text)):
        return "not_yet_defined"
    if _SELLERS_RE.search(text) and not _ACTION_RE.search(text):
        return "sellers_notified"
    if _DEALER_RE.search(text):
        return None
    for kind, pattern in _KIND_RES:
        if pattern.search(text):
            return kind
    return None


def classify_remedy(remedy: str, ota_flag: bool | None) -> tuple[str, str, str | None]:
    """``(remedy_type, remedy_type_basis, remedy_kind)``: over the air and dealer as before, else ``other`` with its kind."""
    remedy_type, basis = classify_remedy_type(remedy, ota_flag)
    if remedy_type != "dealer" or basis == BASIS_FLAG:
        return remedy_type, basis, None
    kind = remedy_kind(remedy)
    if kind is None:
        return remedy_type, basis, None
    if kind == "not_yet_defined":
        return "other", BASIS_UNDEFINED_TEXT, kind
    return "other", BASIS_OTHER_TEXT.format(kind=_KIND_WORDS[kind]), kind


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
    """False when the remedy text, read to its end, says the remedy is not there yet."""
    text = remedy or ""
    sentences = _sentences(text)

    def last(pattern: re.Pattern) -> int:
        return max((n for n, sentence in enumerate(sentences) if pattern.search(sentence)), default=-1)

    final = last(_FINAL_LETTERS_RE)
    started = max(final, last(_STARTED_RE))
    developing = last(_STILL_DEVELOPED_RE)
    if developing >= 0 and final <= developing:
        return False
    notice = last(_NOTICE_PENDING_RE)
    if notice >= 0 and started <= notice:
        return False
    return not (last(_PARTS_PENDING_RE) >= 0 and final < 0 and started < 0)


def park_flags_from_text(*texts: str) -> tuple[bool, bool]:
    """``(park_it, park_outside)`` from NHTSA's advice to owners."""
    joined = " ".join(text for text in texts if text)
    return bool(_DO_NOT_DRIVE_RE.search(joined)), bool(_PARK_OUTSIDE_RE.search(joined))


def _sentences(text: str) -> list[str]:
    return [part for part in _SENTENCE_RE.split(text or "") if part.strip()]
