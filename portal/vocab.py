"""The portal's vocabularies, each defined once: authorities, markets, categories, remedies, statuses, kinds.

The content files, the indexer's checks, the listings' filters, the JSON API,
its OpenAPI description (``tests/test_vocab.py`` compares every enum with
this module) and the pages all use these codes, so they are written here
and nowhere else. Each code carries its label, lazily translated: the indexer
and the services can import this module without a request, and a page renders
the label in the reader's language.

Adding a regulator starts here: an :class:`Authority` with the market whose
recalls it publishes, its per-VIN lookup and the form of its recall ids.
No Flask app and no project module behind it (the base layer).
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import lazy_gettext as _l


@dataclass(frozen=True)
class Authority:
    """A recall authority whose recalls the portal holds."""

    code: str  # as stored in ``recalls.authority`` and the API (``NHTSA``)
    market: str  # the market its recalls are for (docs/ARCHITECTURE.md §3)
    label: object  # lazy string, e.g. "NHTSA (United States)"
    # The authority's own lookup for one car, ``{vin}`` filled in; a site without
    # a per-VIN lookup is linked as it is.
    lookup_url: str
    # A stored recall id of this authority (content files, ``recalls.id``).
    id_pattern: str
    # The same ids as people write them (any case, with dashes or spaces), for search and the assistant:
    # its groups, joined and upper-cased, are the stored id (portal/recall_ids.py).
    written_id_pattern: str
    # Words that name its market in a question, as the assistant normalises one (lower case, Simplified):
    # "recalls in China" asks for this authority's recalls. ``weak_market_words`` are also everyday words
    # (English "us"), so they count only when no authority's other words are in the question.
    market_words: tuple[str, ...] = ()
    weak_market_words: tuple[str, ...] = ()
    # The authority's own page for one of its recalls, ``{id}`` the stored id; "" when it has none
    # (the recall's sources then link to its notice).
    recall_page_url: str = ""
    # The stored id's last group when a written form leaves it out (NHTSA: 23V838 is 23V838000).
    omitted_suffix: str = ""
    # Other common written forms of a stored id whose last group is ``omitted_suffix``: format strings
    # over the written pattern's groups, for search to find an id as notes and articles write it.
    short_forms: tuple[str, ...] = ()
    # The portal imports only this authority's recalls whose remedy is over the air
    # (its source's scope), so its OTA share is 100% by selection.
    ota_only: bool = False

    @property
    def vin_lookup(self) -> bool:
        """Whether its lookup answers for one VIN (else it is a site where notices are published)."""
        return "{vin}" in self.lookup_url


AUTHORITIES: dict[str, Authority] = {a.code: a for a in (
    Authority(
        "NHTSA", "US", _l("NHTSA (United States)"),
        # NHTSA's recall search takes the VIN in the URL.
        lookup_url="https://www.nhtsa.gov/recalls?vin={vin}",
        # Year, record type (V vehicle, E equipment, T tyre, C child seat), then six characters
        # (normally digits; a few 2021 campaigns have letters, e.g. 21V00B000).
        id_pattern=r"\d{2}[VETC][0-9A-Z]{6}",
        # 23V838, 23V-838, 23v838000, 23V-838-000: the suffix is 000 when omitted.
        written_id_pattern=r"(\d{2})[-\s]?([VETCvetc])[-\s]?(\d{3})(?:[-\s]?(\d{3}))?",
        market_words=("united states", "usa", "america", "美国", "北美"),
        weak_market_words=(" us ",),
        recall_page_url="https://www.nhtsa.gov/recalls?nhtsaId={id}",
        omitted_suffix="000",
        short_forms=("{0}{1}{2}", "{0}{1}-{2}"),
    ),
    Authority(
        "SAMR", "CN", _l("SAMR (China)"),
        # SAMR publishes no per-VIN lookup that the portal's sources name: its own site,
        # where recall notices are published.
        lookup_url="https://www.samr.gov.cn/",
        # GB/T 39061-2020: S safety / E emissions, year, M, sequence, V voluntary / I investigated / O ordered;
        # a notice without a number gets a portal id from its month and title.
        id_pattern=r"[SE]\d{4}M\d{4}[VIO]|cn-(?:\d{4}-\d{2}|undated)-[a-z0-9-]+",
        written_id_pattern=r"([SEse])[-\s]?(\d{4})[-\s]?([Mm])[-\s]?(\d{4})[-\s]?([VIOvio])",
        market_words=("china", "chinese", "中国", "国内", "大陆", "国产"),
        ota_only=True,
    ),
)}
AUTHORITY_CODES = tuple(AUTHORITIES)
AUTHORITY_LABELS = {code: a.label for code, a in AUTHORITIES.items()}
# The market each authority's recalls are for, and the authority of each such market.
AUTHORITY_FOR_MARKET = {a.market: a.code for a in AUTHORITIES.values()}
RECALL_MARKETS = tuple(AUTHORITY_FOR_MARKET)  # the markets a VIN lookup can be for
OTA_ONLY_AUTHORITIES = tuple(code for code, a in AUTHORITIES.items() if a.ota_only)

# Markets a release or a recall can be for (content field ``market``), with their names.
MARKET_LABELS = {"US": _l("United States"), "CN": _l("China"), "EU": _l("Europe"), "CA": _l("Canada"),
                 "GLOBAL": _l("Worldwide")}

# The four categories of an over-the-air update (MIIT/SAMR notice, February 2025; docs/ARCHITECTURE.md §4).
CATEGORY_LABELS = {
    "general": _l("General update"),
    "technical_parameters": _l("Technical parameters"),
    "driving_automation": _l("Driving automation"),
    "defect_recall": _l("Defect recall"),
}
CATEGORY_EXPLANATIONS = {
    "general": _l("Does not change the car's main technical parameters (screens, comfort, fixes). The maker files it before pushing it."),
    "technical_parameters": _l("Changes main technical parameters such as power, range or charging. Needs product-change approval and filing first."),
    "driving_automation": _l("Changes driving-automation functions. The Notice requires admission approval for upgrades to Level 3 or higher automated driving; the portal also files Level 2 driver-assistance changes here."),
    "defect_recall": _l("Removes a safety defect: it is a recall and runs under the recall rules, free of charge."),
}
CATEGORIES = tuple(CATEGORY_LABELS)

# How a recall is remedied. ``other``: no repair (what instead is the record's ``remedy_kind``).
REMEDY_LABELS = {
    "ota": _l("Over-the-air update"),
    "dealer": _l("Dealer repair"),
    "ota+dealer": _l("Over-the-air update or dealer"),
    "other": _l("No repair"),
}
REMEDY_TYPES = tuple(REMEDY_LABELS)
OTA_REMEDY_TYPES = ("ota", "ota+dealer")  # remedies that reach the car over the air

# A recall's status for one car, in display order: what needs action first (docs/ARCHITECTURE.md §3).
OPEN, REMEDY_NOT_AVAILABLE, UNKNOWN, REMEDIED, NOT_AFFECTED = (
    "open", "remedy_not_available", "unknown", "remedied", "not_affected")
STATUS_LABELS = {
    OPEN: _l("Open"),
    REMEDY_NOT_AVAILABLE: _l("Open: remedy not yet available"),
    UNKNOWN: _l("Status unknown"),
    REMEDIED: _l("Remedied"),
    NOT_AFFECTED: _l("Not affected at your version"),
}
STATUSES = tuple(STATUS_LABELS)
STILL_OPEN = frozenset({OPEN, REMEDY_NOT_AVAILABLE})  # the owner still has a recall to get done
SETTLED = frozenset({REMEDIED, NOT_AFFECTED})  # nothing left for the owner to do

# What a remedy of type ``other`` is (a recall's ``remedy_kind``): what the owner gets instead of a
# repair, or that no remedy is defined yet.
REMEDY_KIND_LABELS = {
    "refund": _l("Refund"),
    "repurchase": _l("The maker buys the vehicle back"),
    "replacement_vehicle": _l("Replacement vehicle"),
    "labels_or_manual": _l("Corrected labels or owner's manual pages sent to owners"),
    "sellers_notified": _l("Sellers of the part told how it may be used"),
    "not_yet_defined": _l("Remedy not yet defined"),
}
REMEDY_KINDS = tuple(REMEDY_KIND_LABELS)

# A recall's type: NHTSA's (the id's third character V, E, T, C); SAMR's recalls are vehicle recalls.
RECALL_TYPE_LABELS = {
    "vehicle": _l("Vehicle recall"),
    "equipment": _l("Equipment recall"),
    "tires": _l("Tire recall"),
    "child_seat": _l("Child seat recall"),
}
RECALL_TYPES = tuple(RECALL_TYPE_LABELS)

# Where a recall's (model, year) comes from: the authority's rows, or the notice's own text.
VEHICLE_BASIS_LABELS = {
    "listed": _l("Listed by the authority"),
    "notice_text": _l("Named in the notice text"),
}
VEHICLE_BASES = tuple(VEHICLE_BASIS_LABELS)

# What one change in a release's notes does (content field ``changes[].kind``).
CHANGE_KIND_LABELS = {
    "added": _l("Added"),
    "improved": _l("Improved"),
    "fixed": _l("Fixed"),
    "removed": _l("Removed"),
    "restricted": _l("Restricted"),
    "paywalled": _l("Needs a paid plan"),
}
CHANGE_KINDS = tuple(CHANGE_KIND_LABELS)


def has_vin_lookup(authority: str | None) -> bool:
    """Whether ``authority`` looks recalls up by VIN (NHTSA does; SAMR publishes notices only)."""
    found = AUTHORITIES.get(authority or "")
    return bool(found and found.vin_lookup)


def lookup_url(authority: str | None, vin: str) -> str | None:
    """The authority's own page for this VIN (or its recall site), None for an authority the portal does not hold."""
    found = AUTHORITIES.get(authority or "")
    return found.lookup_url.format(vin=vin) if found else None


def recall_page_url(authority: str | None, recall_id: str) -> str | None:
    """The authority's own page for this recall, None when it has none or the portal does not hold it."""
    found = AUTHORITIES.get(authority or "")
    return found.recall_page_url.format(id=recall_id) if found and found.recall_page_url else None


def authorities_named_in(question: str) -> set[str]:
    """Every authority whose market a normalised question names with its ``market_words``."""
    return {code for code, authority in AUTHORITIES.items() if any(word in question for word in authority.market_words)}


def authority_named_in(question: str) -> str | None:
    """The authority whose market a normalised question names ("recalls in China" -> ``SAMR``), or None.

    Each authority's ``market_words`` are tried first, in the order above; its ``weak_market_words``
    only when no authority's ``market_words`` are in the question.
    """
    for words in ("market_words", "weak_market_words"):
        for code, authority in AUTHORITIES.items():
            if any(word in question for word in getattr(authority, words)):
                return code
    return None
