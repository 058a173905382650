"""Which case of an intent's answer applies, and the values to fill it with.

An owner who asks "is recall 23V838 done?" without a VIN should be asked for
the VIN; with a VIN and the car's record they should get the status, version
and date. Those decisions are made here, one small function per data-aware
intent; intents without one use their ``default`` case.
"""

from __future__ import annotations

from portal.chat.answers import Context, Responses, fill, recall_source, release_source, vehicle_name

Case = tuple[str, dict, list[dict]]  # (case key, values, extra sources)


def _remedy_version_part(r: Responses, lang: str, version: str | None) -> str:
    return fill(r.label(lang, "version_part"), {"version": version}) if version else ""


def status_text(r: Responses, lang: str, item) -> str:
    key = item.status
    if key == "remedied" and not item.remedy_version:
        key = "remedied_no_version"
    return fill(r.label(lang, "status", key), {
        "remedy_version": item.remedy_version, "remedied_at": item.remedied_at,
        "remedy_type": r.label(lang, "remedy_type", item.remedy_type),
        "remedy_version_part": _remedy_version_part(r, lang, item.remedy_version),
    })


def _lines(r: Responses, ctx: Context, only_open: bool = False, flags: bool = False) -> str:
    lines = []
    for item in ctx.vehicle.recalls:
        if only_open and item.status == "remedied":
            continue
        line = f"- [{item.id}](/recalls/{item.id}) {item.title}: {status_text(r, ctx.lang, item)}"
        if flags and item.park_it:
            line += " " + r.label(ctx.lang, "park_it")
        elif flags and item.park_outside:
            line += " " + r.label(ctx.lang, "park_outside")
        lines.append(line)
    return "\n".join(lines)


def _vehicle_values(r: Responses, ctx: Context) -> dict:
    return {"vehicle": vehicle_name(r, ctx), "vin": ctx.vin}


def _vin_case(r: Responses, ctx: Context, with_vehicle: str, *, only_open=False, flags=False) -> Case | None:
    """Shared handling for a known VIN: the car's record, its page, or 'not found'."""
    if not ctx.vin:
        return None
    page = [{"title": ctx.vin, "url": f"/vin/{ctx.vin}"}]
    if ctx.vehicle is not None:
        lines = _lines(r, ctx, only_open=only_open, flags=flags)
        key = with_vehicle if lines else f"{with_vehicle}_none"
        return key, {**_vehicle_values(r, ctx), "lines": lines}, page
    return None


def vehicle_recalls(r: Responses, ctx: Context) -> Case:
    if not ctx.vin:
        return "need_vin", {}, []
    case = _vin_case(r, ctx, "vehicle")
    if case:
        return case
    key = "vin_unknown" if ctx.vehicle_service else "vin_page"
    return key, {"vin": ctx.vin}, [{"title": ctx.vin, "url": f"/vin/{ctx.vin}"}]


def recall_status(r: Responses, ctx: Context) -> Case:
    rid = ctx.entities.get("recall_id")
    extra = [recall_source(ctx.recall)] if ctx.recall else []
    if rid and ctx.vin and ctx.vehicle is not None:
        for item in ctx.vehicle.recalls:
            if item.id == rid:
                return "status", {**_vehicle_values(r, ctx), "recall_id": rid,
                                  "status": status_text(r, ctx.lang, item)}, extra + [{"title": ctx.vin, "url": f"/vin/{ctx.vin}"}]
        return "not_listed", {**_vehicle_values(r, ctx), "recall_id": rid}, extra
    if rid and ctx.vin:
        return "vin_page", {"vin": ctx.vin, "recall_id": rid}, extra + [{"title": ctx.vin, "url": f"/vin/{ctx.vin}"}]
    if rid:
        hint = ""
        if ctx.recall and ctx.recall.remedy_version:
            hint = fill(r.by_lang[ctx.lang]["intents"]["recall_status"]["remedy_hint"],
                        {"remedy_version": ctx.recall.remedy_version})
        return "need_vin", {"recall_id": rid, "remedy_hint": hint}, extra
    if ctx.vin and ctx.vehicle is not None and ctx.vehicle.recalls:
        return "need_id", {"vin": ctx.vin, "lines": _lines(r, ctx)}, []
    if ctx.vin:
        return "need_id_only", {"vin": ctx.vin}, []
    return "need_both", {}, []


def _release_values(r: Responses, ctx: Context, rel) -> dict:
    changes = "\n".join(f"- {r.label(ctx.lang, 'change_kind', kind)}: {text}" for kind, text in rel.changes)
    remedies = (fill(r.label(ctx.lang, "remedies"), {"ids": ", ".join(rel.remedies)}) if rel.remedies
                else r.label(ctx.lang, "not_remedy"))
    return {"make": ctx.names.get(rel.make, rel.make), "version": rel.version, "title": rel.title,
            "date_part": f" ({rel.date.isoformat()})" if rel.date else "",
            "category": r.label(ctx.lang, "category", rel.category),
            "summary": (rel.summary + "\n") if rel.summary else "", "changes": changes,
            "remedies": remedies, "url": rel.url}


def release_changes(r: Responses, ctx: Context) -> Case:
    if ctx.release:
        return "release", _release_values(r, ctx, ctx.release), [release_source(ctx.release)]
    version = ctx.entities.get("version")
    if version:
        return "not_found", {"version": version}, [{"title": version, "url": f"/search?q={version}&type=release"}]
    return "need_version", {}, []


def latest_release(r: Responses, ctx: Context) -> Case:
    make, model = ctx.entities.get("make"), ctx.entities.get("model")
    if ctx.vehicle is not None and ctx.vehicle.latest_release and not (make or model):
        latest = ctx.vehicle.latest_release
        return "vehicle", {**_vehicle_values(r, ctx), "version": latest.version,
                           "date_part": f" ({latest.date.isoformat()})" if latest.date else ""}, \
            [{"title": ctx.vin, "url": f"/vin/{ctx.vin}"}]
    target = " ".join(ctx.names.get(s, s) for s in (make, model) if s)
    if ctx.release:
        return "release", {**_release_values(r, ctx, ctx.release), "target": target}, [release_source(ctx.release)]
    if target:
        return "not_found", {"target": target}, [{"title": target, "url": f"/search?q={target}&type=release"}]
    return "need_model", {}, []
