"""How the assistant lists one car's recalls: worst news first, at most five, each status with its real reason.

An owner who asks about the car must see a do-not-drive flag in the first
line, not the tenth, so every list is ordered by what it asks of the owner:
park it, park outside, open, remedy not available, status unknown, remedied.
Past five lines the rest is a link to the VIN page, which shows them all.

A status is worded with the reason the VIN service gives
(``dealer_repair_not_visible``, ``remedy_version_unknown``, ``owner_version``
…), and a recall that only *may* apply (no fleet record: the authority lists
the make, model and year, only the maker's per-VIN record decides) says so,
as the VIN page does.
"""

from __future__ import annotations

from portal.chat.answers import Context, Responses, fill
from portal.chat.facts import VehicleRecall
from portal.urls import recall_url
from portal.vocab import NOT_AFFECTED, OPEN, REMEDIED, REMEDY_NOT_AVAILABLE, SETTLED, STILL_OPEN, UNKNOWN

MAX_LISTED = 5
# The statuses of portal.vocab in the order of what they ask of the owner, after the two parking advisories.
SEVERITY = ("park_it", "park_outside", OPEN, REMEDY_NOT_AVAILABLE, UNKNOWN, REMEDIED, NOT_AFFECTED)
# "other" (refund, buy-back, labels by post) needs no repair visit.
NEEDS_VISIT = frozenset({"dealer", "ota+dealer"})


def severity(item: VehicleRecall) -> int:
    """Position in SEVERITY; a parking advisory outranks the status until the recall is remedied."""
    if item.status not in SETTLED:
        if item.park_it:
            return 0
        if item.park_outside:
            return 1
    return SEVERITY.index(item.status) if item.status in SEVERITY else SEVERITY.index(UNKNOWN)


def ordered(recalls: list[VehicleRecall], *, only_open: bool = False) -> list[VehicleRecall]:
    items = [r for r in recalls if not (only_open and r.status in SETTLED)]
    return sorted(items, key=severity)  # stable: the VIN service's order within one severity


def _versions_part(r: Responses, lang: str, item) -> str:
    stated = [v for v in getattr(item, "remedy_versions", ()) or () if v.version]
    if stated:
        names = ", ".join(f"[{v.version}]({v.source_url})" if v.source_url else v.version for v in stated)
        return fill(r.label(lang, "versions_part"), {"versions": names})
    version = getattr(item, "remedy_version", None)
    return fill(r.label(lang, "version_part"), {"version": version}) if version else ""


def status_text(r: Responses, lang: str, item, stated_version: str | None = None) -> str:
    """The status in words, with its reason (``labels.status`` / ``labels.reason``)."""
    key = item.status
    if key == REMEDIED and not item.remedy_version:
        key = "remedied_no_version"
    values = {
        "remedy_version": item.remedy_version, "remedied_at": item.remedied_at,
        "remedy_type": r.label(lang, "remedy_type", item.remedy_type),
        "remedy_version_part": _versions_part(r, lang, item), "stated": stated_version,
    }
    reasons = r.label(lang, "reason")
    reason = getattr(item, "status_reason", None)
    if reason == "owner_version" and stated_version and f"{key}_owner" in r.label(lang, "status"):
        key = f"{key}_owner"
    text = fill(r.label(lang, "status", key), values)
    if (key == UNKNOWN or key in STILL_OPEN) and reason in reasons:
        text += " — " + fill(reasons[reason], values)
    return text


def _line(r: Responses, ctx: Context, item: VehicleRecall, flags: bool) -> str:
    line = f"- [{item.id}]({recall_url(item.id)}) {item.title}: {status_text(r, ctx.lang, item, _stated(ctx))}"
    if item.status not in SETTLED and (flags or item.park_it or item.park_outside):
        if item.park_it:
            line += " " + r.label(ctx.lang, "park_it")
        elif item.park_outside:
            line += " " + r.label(ctx.lang, "park_outside")
    if getattr(item, "certainty", "applies") == "may_apply":
        line += " " + r.label(ctx.lang, "may_apply")
    return line


def _stated(ctx: Context) -> str | None:
    return ctx.vehicle.stated_version if ctx.vehicle is not None else None


def lines(r: Responses, ctx: Context, items: list[VehicleRecall], flags: bool = False) -> str:
    """At most MAX_LISTED lines, then a link to the VIN page for the rest."""
    shown = [_line(r, ctx, item, flags) for item in items[:MAX_LISTED]]
    if len(items) > MAX_LISTED:
        shown.append(fill(r.label(ctx.lang, "more"), {"count": len(items) - MAX_LISTED, "vin": ctx.vin}))
    return "\n".join(shown)


def counts(recalls: list[VehicleRecall]) -> dict:
    out = {status: 0 for status in SEVERITY[2:]}
    for item in recalls:
        out[item.status if item.status in out else UNKNOWN] += 1
    return out


def summary(r: Responses, ctx: Context) -> str:
    """"5 recalls on record: 1 open, 3 status unknown, 1 remedied." (zero counts left out)."""
    found = counts(ctx.vehicle.recalls)
    parts = [fill(r.label(ctx.lang, "count", status), {"n": n}) for status, n in found.items() if n]
    text = fill(r.label(ctx.lang, "summary"), {"total": len(ctx.vehicle.recalls), "parts": ", ".join(parts)})
    stated = _stated(ctx)
    settled = [i for i in ctx.vehicle.recalls if i.status == REMEDIED and i.status_reason == "owner_version"]
    if stated and settled:
        # "I'm on 2024.20.3 — which recalls does that knock out?": named here, not hidden past the listed lines.
        ids = ", ".join(f"[{i.id}]({recall_url(i.id)}) {i.title}" for i in settled[:MAX_LISTED])
        text += " " + fill(r.label(ctx.lang, "stated_settles"), {"version": stated, "ids": ids})
    return text


def how_to_check(r: Responses, ctx: Context) -> str:
    """The authority's lookup for this car (the VIN page's sentence), or the general way to check."""
    coverage = getattr(ctx.vehicle, "coverage", None) if ctx.vehicle is not None else ctx.coverage
    if coverage is not None and coverage.lookup:
        return coverage.lookup + " " + r.label(ctx.lang, "check_maker")
    return r.label(ctx.lang, "lookup_default")


def safety_headline(r: Responses, ctx: Context) -> str:
    """The first thing an owner asking "can I drive it?" must read, from the car's own recalls."""
    items = ordered(ctx.vehicle.recalls, only_open=True)
    parked = [i for i in items if severity(i) <= 1]
    if parked:
        worst = parked[0]
        key = "headline_park_it" if worst.park_it else "headline_park_outside"
        if getattr(worst, "certainty", "applies") == "may_apply":
            key += "_may"
        lead = _answer(r, ctx, "drive_no") if worst.park_it and key == "headline_park_it" else ""
        text = lead + fill(r.label(ctx.lang, key), {"recall_id": worst.id, "title": worst.title, "vin": ctx.vin})
        if worst.status == UNKNOWN:
            text += " " + r.label(ctx.lang, "headline_status_unknown")
        return text
    if any(i.status in STILL_OPEN for i in items):
        return r.label(ctx.lang, "headline_open")
    if items:
        # Nothing known to be open, but the listed recalls are unseen: how to find out comes with it.
        return r.label(ctx.lang, "headline_unknown") + " " + how_to_check(r, ctx)
    coverage = getattr(ctx.vehicle, "coverage", None)
    if coverage is not None and coverage.status != "covered":
        return r.label(ctx.lang, "headline_incomplete")  # nothing listed, but the data do not cover it all
    return _answer(r, ctx, "drive_yes") + r.label(ctx.lang, "headline_clear")


def _answer(r: Responses, ctx: Context, key: str) -> str:
    """"Yes — " / "No — " for a yes/no question, only where the record settles it."""
    return r.label(ctx.lang, "yes_no", key) + " " if ctx.yes_no else ""


def visit_verdict(r: Responses, ctx: Context) -> tuple[str, list[VehicleRecall]]:
    """Yes / possibly / no for "do I need a service visit?", and the recalls behind the answer."""
    items = ordered(ctx.vehicle.recalls, only_open=True)
    dealer_open = [i for i in items if i.remedy_type in NEEDS_VISIT and i.status in STILL_OPEN]
    dealer_unknown = [i for i in items if i.remedy_type in NEEDS_VISIT and i.status == UNKNOWN]
    if dealer_open:
        return "visit_yes", dealer_open + [i for i in items if i not in dealer_open]
    if dealer_unknown:
        return "visit_maybe", dealer_unknown + [i for i in items if i not in dealer_unknown]
    if items:
        return "visit_no_ota", items
    return "visit_no", []


def hardware_software(recalls: list[VehicleRecall]) -> tuple[int, int]:
    """(software recalls remedied over the air, recalls whose remedy involves hardware or a visit)."""
    software = sum(1 for i in recalls if i.remedy_type == "ota")
    return software, len(recalls) - software
