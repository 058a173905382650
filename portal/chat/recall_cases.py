"""Answer cases that depend on one recall: details, dealer visit, safe to drive, its number.

Split from :mod:`portal.chat.cases` to keep modules short; the idea is the
same — choose the case from what is known, fill it from the recall's record.
"""

from __future__ import annotations

from collections import Counter

from portal.chat import car
from portal.chat.answers import Context, Responses, fill, recall_source
from portal.chat.cases import (
    MAX_MODEL_RECALLS,
    Case,
    _page,
    _vehicle_values,
    _yes_no,
    model_name,
    model_recall_lines,
    named_model_recalls,
)
from portal.chat.entities import NHTSA_RE, SAMR_RE
from portal.urls import recall_url, release_url


def _flags(r: Responses, ctx: Context) -> str:
    rec = ctx.recall
    if rec.park_it:
        return r.label(ctx.lang, "park_it")
    if rec.park_outside:
        return r.label(ctx.lang, "park_outside")
    return fill(r.label(ctx.lang, "no_park_flags"), {"recall_id": rec.id})


def _recall_values(r: Responses, ctx: Context) -> dict:
    rec = ctx.recall
    models = ", ".join(ctx.names.get(m, m) for m in rec.models) or ctx.names.get(rec.make, rec.make)
    # A remedy is free whoever owns the car; until there is one, the recall stays open.
    remedy_note = r.label(ctx.lang, "remedy_free") if rec.remedy_available else r.label(ctx.lang, "remedy_pending")
    return {
        "recall_id": rec.id, "authority": rec.authority, "title": rec.title, "summary": rec.summary,
        "consequence": rec.consequence, "models": models, "url": rec.url,
        "date_part": f", {rec.report_date.isoformat()}" if rec.report_date else "",
        "population_part": fill(r.label(ctx.lang, "population"), {"population": f"{rec.population:,}"})
        if rec.population else "",
        "remedy_type": r.label(ctx.lang, "remedy_type", rec.remedy_type),
        "remedy_version_part": car._versions_part(r, ctx.lang, rec),
        "remedy_note": remedy_note, "flags": _flags(r, ctx),
        "consequence_part": rec.consequence,
        "remedy_part": fill(r.label(ctx.lang, "remedy_stated"), {"remedy": rec.remedy}) if getattr(rec, "remedy", "") else "",
        "related_part": fill(r.label(ctx.lang, "related"), {"ids": ", ".join(
            f"[{rid}]({recall_url(rid)}) ({authority})" for rid, authority in getattr(rec, "related", ()) or ())})
        if getattr(rec, "related", ()) else "",
    }


def _campaign(r: Responses, ctx: Context) -> Case:
    """A maker's own campaign number ("22S41"): the releases whose notes give it as their remedy, and what the portal
    does not hold (the recall's NHTSA record, which no source links to that number)."""
    if not ctx.campaign_releases:
        return "campaign_none", {"code": ctx.campaign}, []
    # The month only: some release dates are known to the month ("the history gives the month, not the day").
    lines = [f"- [{ctx.names.get(mk, mk)} {version}]({release_url(mk, version)})" + (f" ({day:%Y-%m})" if day else "")
             for mk, version, day in ctx.campaign_releases]
    make = ctx.campaign_releases[0][0]
    return "campaign", {"code": ctx.campaign, "make": ctx.names.get(make, make), "lines": "\n".join(lines)}, \
        [{"title": f"{ctx.names.get(mk, mk)} {version}", "url": release_url(mk, version)} for mk, version, _ in ctx.campaign_releases[:3]]


def recall_details(r: Responses, ctx: Context) -> Case:
    rid = ctx.entities.get("recall_id")
    if ctx.campaign and not rid and (ctx.campaign_releases or not ctx.recall):
        # A campaign number the release notes name answers from them; one they do not name, but whose recall the
        # words found by its title ("trailer brake module recall (26C10)"), is that recall.
        return _campaign(r, ctx)
    if ctx.recall:
        return "recall", _recall_values(r, ctx), [recall_source(ctx.recall)]
    if ctx.no_title_match:
        return no_title_match(r, ctx)
    if ctx.candidates:
        # Several recalls of the make fit the title asked about: each with its remedy, stated version and size.
        lines = [f"- [{rec.id}]({recall_url(rec.id)}) ({rec.authority}) {rec.title}: "
                 f"{r.label(ctx.lang, 'remedy_type', rec.remedy_type)}{car._versions_part(r, ctx.lang, rec)}"
                 + (fill(r.label(ctx.lang, "population"), {"population": f"{rec.population:,}"}) if rec.population else "")
                 for rec in ctx.candidates]
        return "candidates", {"lines": "\n".join(lines)}, [recall_source(rec) for rec in ctx.candidates]
    if rid:
        return "not_found", {"recall_id": rid}, [{"title": rid, "url": f"/search?q={rid}&type=recall"}]
    if ctx.vin:
        # The car is known: its page lists its recalls, so only the recall meant is missing.
        return "need_id_vin", {"vin": ctx.vin}, [{"title": ctx.vin, "url": f"/vin/{ctx.vin}"}]
    return "need_id", {}, []


def no_title_match(r: Responses, ctx: Context) -> Case:
    """A recall named by its subject that none of the make's or model's recalls is about: say so, then what is held."""
    make, model = ctx.entities.get("make"), ctx.entities.get("model")
    items = ctx.model_recalls(make, model, True) if ctx.model_recalls is not None else ()
    target = model_name(ctx, make, model)
    lines = model_recall_lines(r, ctx, items[:MAX_MODEL_RECALLS])
    return "no_title_match", {"target": target, "lines": "\n".join(lines) or "-",
                              "lookup": r.label(ctx.lang, "lookup_default")}, \
        [{"title": rid, "url": recall_url(rid)} for rid, *_ in items[:3]]


def dealer_visit(r: Responses, ctx: Context) -> Case:
    """Yes or no first: from the recall when one is named, else from the car's open recalls."""
    if ctx.recall:
        values = _recall_values(r, ctx)
        answer = "visit_yes" if ctx.recall.remedy_type in car.NEEDS_VISIT else "visit_no"
        advice = r.by_lang[ctx.lang]["intents"]["dealer_visit"].get(f"advice_{ctx.recall.remedy_type}", "")
        return "recall", {**values, "yes_no": _yes_no(r, ctx, answer), "advice": fill(advice, values)}, \
            [recall_source(ctx.recall)]
    if ctx.campaign_releases and not ctx.recall:
        # "22S41 要去dealer吗 还是Power-Up就可以": the releases whose notes name the campaign, over the air.
        return _campaign(r, ctx)
    if ctx.candidates and not ctx.vin:
        # "倒车镜头没画面那个召回，OTA 完还要回店换电脑吗": each recall the words fit, with whether it needs a visit and for what.
        lines, held = [], ctx.recall
        try:
            for fact in ctx.candidates[:6]:
                ctx.recall = fact
                part = _recall_values(r, ctx).get("remedy_part", "") if fact.remedy_type == "ota+dealer" else ""
                lines.append(f"- [{fact.id}]({recall_url(fact.id)}) {fact.title}: "
                             f"{r.label(ctx.lang, 'visit_by_type', fact.remedy_type)}{(' ' + part) if part else ''}")
        finally:
            ctx.recall = held
        return "candidates", {"lines": "\n".join(lines)}, [recall_source(f) for f in ctx.candidates[:3]]
    if ctx.vin and ctx.vehicle is not None:
        key, items = car.visit_verdict(r, ctx)
        return "vehicle", {**_vehicle_values(r, ctx), "verdict": fill(r.label(ctx.lang, key), _vehicle_values(r, ctx)),
                           "lines": car.lines(r, ctx, items)}, _page(ctx)
    make, model = ctx.entities.get("make"), ctx.entities.get("model")
    items = ctx.model_recalls(make, model, False) if ctx.model_recalls is not None and (make or model) else ()
    if items:
        # No car: yes, no or partly per recall of the model, from the portal's own remedy types.
        shown = items[:6]
        lines = "\n".join(f"- [{rid}]({recall_url(rid)}) {title}: {r.label(ctx.lang, 'visit_by_type', remedy)}"
                           for rid, title, _, remedy, *_ in shown)
        target = " ".join(ctx.names.get(x, x) for x in (make, model) if x)
        lines += "\n" + _visit_tally(r, ctx, [remedy for _, _, _, remedy, *_ in items])
        return "model", {"target": target, "lines": lines, "count": len(items)}, \
            [{"title": rid, "url": recall_url(rid)} for rid, *_ in shown[:3]]
    return "default", {}, []


def _visit_tally(r: Responses, ctx: Context, remedies: list[str]) -> str:
    """"Is every Tesla recall over the air?": how many of the listed recalls need no visit, and whether that is most."""
    counted = Counter(remedies)
    ota, both, visit = counted["ota"], counted["ota+dealer"], counted["dealer"]
    share = "none" if not ota else "all" if ota == len(remedies) else "most" if ota * 2 > len(remedies) else "some"
    return fill(r.label(ctx.lang, "visit_tally", share), {"count": len(remedies), "ota": ota, "both": both, "visit": visit})


def recall_cost(r: Responses, ctx: Context) -> Case:
    """"Do I have to pay?" is answered "No." first; "who pays?" or "how much?" gets the answer without it."""
    lead = r.label(ctx.lang, "free_lead") + ("" if ctx.lang == "zh" else " ") if ctx.yes_no else ""
    return "default", {"answer_no": lead}, []


def safe_to_drive(r: Responses, ctx: Context) -> Case:
    """Safety first: with a VIN, the car's parking advisories head the answer, then open, then unknown."""
    if ctx.vin and ctx.vehicle is not None:
        items = car.ordered(ctx.vehicle.recalls, only_open=True)
        return "vehicle" if items else "vehicle_none", {**_vehicle_values(r, ctx), "headline": car.safety_headline(r, ctx),
                           "lines": car.lines(r, ctx, items, flags=True)}, _page(ctx)
    if ctx.recall:
        return "recall", _recall_values(r, ctx), [recall_source(ctx.recall)]
    if ctx.vin:
        return "vin_page", {"vin": ctx.vin}, _page(ctx)
    # "The letter says park outside — can I still use my garage?": the rule's own text (rule_park_outside), no and why.
    return "default", {}, []


def with_vin(r: Responses, ctx: Context) -> Case:
    """resale_value / used_car_check: the car's own recalls and its printable history report."""
    if not ctx.vin:
        return "default", {}, []
    report = [{"title": ctx.vin, "url": f"/vin/{ctx.vin}/report"}]
    if ctx.vehicle is not None:
        software, hardware = car.hardware_software(ctx.vehicle.recalls)
        found = car.counts(ctx.vehicle.recalls)
        return "with_vehicle", {**_vehicle_values(r, ctx), "software": software, "hardware": hardware,
                                "open": found["open"] + found["remedy_not_available"],
                                "unknown": found["unknown"], "remedied": found["remedied"]}, report
    return "with_vin", {"vin": ctx.vin}, report


# The rule that reads "which OTA updates did this car get?": where a car's update history is kept, VIN or not.
UPDATE_HISTORY_RULE = "used_car_check.update_history"


def used_car(r: Responses, ctx: Context) -> Case:
    """used_car_check: the car's record with a VIN; for a model named without one, its recalls lead the checklist."""
    if ctx.rule == UPDATE_HISTORY_RULE:
        # The rule's own text (rule_update_history) answers; with a VIN, the car's page is cited beside it.
        return "default", {}, _page(ctx) if ctx.vin else []
    key, values, extra = with_vin(r, ctx)
    if key == "default" and ctx.entities.get("model"):
        named = named_model_recalls(r, ctx)
        if named is not None:
            return "default", {"lead": named[0]}, named[1]
    return key, values, extra


def recall_number_format(r: Responses, ctx: Context) -> Case:
    rid = ctx.entities.get("recall_id")
    cases = r.by_lang[ctx.lang]["intents"]["recall_number_format"]
    lead = ""
    if rid and SAMR_RE.fullmatch(rid):
        words = cases["samr_words"]
        lead = fill(cases["samr_id"], {"recall_id": rid, "category_word": words.get(rid[0], ""),
                                        "year": rid[1:5], "sequence": rid[6:10], "type_word": words.get(rid[10], "")})
    elif rid and NHTSA_RE.fullmatch(rid):
        lead = fill(cases["nhtsa_id"], {"recall_id": rid, "year": rid[:2], "sequence": rid[3:6]})
    extra = [recall_source(ctx.recall)] if ctx.recall else []
    return "default", {"lead": lead}, extra




def symptom(r: Responses, ctx: Context) -> Case:
    """Safety first: what to do now for this kind of symptom, then the car's recalls naming the same part."""
    from portal.chat.symptoms import matching_recalls

    texts = r.by_lang[ctx.lang]["intents"]["symptom"]
    kind = ctx.symptom
    values = {"now": texts.get(f"now_{kind.name}", "") if kind else "", "general": texts["general"],
              "then": texts["then"]}
    if ctx.vin and ctx.vehicle is not None:
        matches = car.ordered(matching_recalls(kind, ctx.vehicle.recalls)) if kind else []
        key = "match" if matches else "none"
        values["recalls"] = fill(texts[key], {**_vehicle_values(r, ctx), "lines": car.lines(r, ctx, matches, True)})
        return "default", values, _page(ctx)
    if not ctx.vin:
        named = _model_matches(r, ctx, kind) if kind else None
        if named:
            values["recalls"], sources = named
            return "default", values, sources
        values["recalls"] = texts["need_vin"]
    return "default", values, []


def _model_matches(r: Responses, ctx: Context, kind) -> tuple[str, list[dict]] | None:
    """Without a VIN but with a model named ("CS55PLUS 360影像花屏"): that model's recalls naming the same part.

    Said as recalls that may apply: which of them reach this car, and whether they are done,
    only its VIN tells, so the answer still asks for it.
    """
    from portal.chat.symptoms import names_part

    make, model = ctx.entities.get("make"), ctx.entities.get("model")
    if not model or ctx.model_recalls is None:
        return None
    items = [item for item in ctx.model_recalls(make, model, False) if names_part(kind, item[1])]
    if not items:
        return None
    target, lines = model_name(ctx, make, model), model_recall_lines(r, ctx, items[:MAX_MODEL_RECALLS])
    text = fill(r.by_lang[ctx.lang]["intents"]["symptom"]["model_match"], {"target": target, "lines": "\n".join(lines)})
    return text, [{"title": rid, "url": recall_url(rid)} for rid, *_ in items[:3]]
