"""Which case of an intent's answer applies, and the values to fill it with.

An owner who asks "is recall 23V838 done?" without a VIN should be asked for
the VIN; with a VIN and the car's record they should get the status, version
and date. Those decisions are made here, one small function per data-aware
intent; intents without one use their ``default`` case. How one car's recalls
are ordered and worded lives in :mod:`portal.chat.car`.
"""

from __future__ import annotations

import re
from collections import Counter

from portal.chat import car
from portal.chat.answers import Context, Responses, fill, recall_source, release_source, vehicle_name
from portal.chat.entities import model_year_said, recall_year_said
from portal.chat.followup import _words
from portal.chat.headline import headline
from portal.chat.normalise import normalise
from portal.chat.symptoms import matching_recalls
from portal.chat.versions_said import compare_stated
from portal.urls import recall_url, release_url
from portal.vocab import OTA_REMEDY_TYPES, authority_named_in

Case = tuple[str, dict, list[dict]]  # (case key, values, extra sources)


def _remedy_version_part(r: Responses, lang: str, version: str | None) -> str:
    return fill(r.label(lang, "version_part"), {"version": version}) if version else ""


def status_text(r: Responses, lang: str, item) -> str:
    return car.status_text(r, lang, item)


def _vehicle_values(r: Responses, ctx: Context) -> dict:
    return {"vehicle": vehicle_name(r, ctx), "vin": ctx.vin}


def _page(ctx: Context) -> list[dict]:
    return [{"title": ctx.vin, "url": f"/vin/{ctx.vin}"}]


def _yes_no(r: Responses, ctx: Context, key: str) -> str:
    """"Yes — " / "No — " before the answer to a yes/no question; nothing otherwise."""
    return r.label(ctx.lang, "yes_no", key) + " " if ctx.yes_no else ""


def _vin_case(r: Responses, ctx: Context, with_vehicle: str, *, only_open=False, flags=False) -> Case | None:
    """Shared handling for a known VIN: the car's record (worst first, five at most), or None."""
    if not ctx.vin or ctx.vehicle is None:
        return None
    items = car.ordered(ctx.vehicle.recalls, only_open=only_open)
    if ctx.topic is not None:
        # "Which recalls cover steering?": the recalls naming that part first, each group worst first.
        matching = {id(i) for i in matching_recalls(ctx.topic, items)}
        items = [i for i in items if id(i) in matching] + [i for i in items if id(i) not in matching]
    key = with_vehicle if items else f"{with_vehicle}_none"
    return key, {**_vehicle_values(r, ctx), "lines": car.lines(r, ctx, items, flags)}, _page(ctx)


MAX_MODEL_RECALLS = 6

# The end of a summary's first sentence: "。", or ". " before a capital that does not follow "Inc", "Co" or "Ltd".
_SENTENCE_END = re.compile(r"。|(?<!\bInc)(?<!\bCo)(?<!\bLtd)(?<!\bCorp)\.\s+(?=[A-Z])")


def scope_sentence(summary: str) -> str:
    """The notice's first sentence: which cars (models, years, production dates) the recall takes in."""
    text = (summary or "").strip()
    match = _SENTENCE_END.search(text)
    first = text[:match.end()].strip() if match else text
    return first if first.endswith(("。", ".")) else first + ("。" if re.search(r"[\u4e00-\u9fff]", first) else ".")


def model_name(ctx: Context, make: str | None, model: str | None) -> str:
    """The make or model as an answer names it, the make put in front of a model name without it."""
    target = " ".join(ctx.names.get(s, s) for s in (make if not model else None, model) if s)
    if model and make and not target.lower().startswith(ctx.names.get(make, make).lower()):
        target = f"{ctx.names.get(make, make)} {target}"
    return target


def model_recall_lines(r: Responses, ctx: Context, items) -> list[str]:
    """One line per recall of ``ContentFacts.model_recalls``: link, title, remedy type and date."""
    return [f"- [{rid}]({recall_url(rid)}) {title} ({r.label(ctx.lang, 'remedy_type', remedy)}"
            + (f", {when.isoformat()}" if when else "") + ")" for rid, title, when, remedy, *_ in items]


def _model_recalls(r: Responses, ctx: Context) -> Case | None:
    """Without a VIN but with a make or model: the recalls the portal holds for it, and how to check one car."""
    make, model = ctx.entities.get("make"), ctx.entities.get("model")
    if not (make or model) or ctx.model_recalls is None:
        return None
    question = normalise(ctx.question)
    ota_only = any(w in question for w in ("ota", "over the air", "空中", "远程", "在线升级"))
    # "my 2019 Escape": the recalls listing that model year only.
    year = model_year_said(ctx.question) if model else None
    extra = {"year": year} if year else {}
    items = ctx.model_recalls(make, model, ota_only, **extra) or (
        ctx.model_recalls(make, model, False, **extra) if ota_only else ())
    # "in China" / "in the US": that authority's recalls only, when it holds any.
    items = of_authority(items, authority_named_in(question))
    target = query = model_name(ctx, make, model)
    if year:
        target = f"{year}款{target}" if ctx.lang == "zh" else f"{year} {target}"
    issued = None if year else recall_year_said(ctx.question)
    if issued:
        # "How many OTA recalls did Tesla have in 2023?": the recalls issued that year, not every year's.
        items = tuple(i for i in items if i[2] is not None and i[2].year == issued)
        target = fill(r.label(ctx.lang, "issued_in"), {"target": target, "year": issued})
    if not items:
        releases = ctx.release_count(make) if make and not model and not issued and ctx.release_count else 0
        # "Do you track Rivian's release notes, were any updates recalls?": no recall, but its updates are here.
        held = fill(r.label(ctx.lang, "releases_held"), {"count": releases, "make": ctx.names.get(make, make),
                                                          "slug": make}) if releases else ""
        return "model_none", {"target": target, "releases": held}, []
    stated = ctx.entities.get("version")
    if stated and ctx.recall_fact is not None:
        return _checked_against(r, ctx, items, stated, target)
    lines = model_recall_lines(r, ctx, items[:MAX_MODEL_RECALLS])
    if len(items) > MAX_MODEL_RECALLS:
        lines.append(fill(r.label(ctx.lang, "more_search"), {"count": len(items) - MAX_MODEL_RECALLS,
                                                              "q": query if issued else target}))
    if make and not model:
        lines.extend(_models_listed(r, ctx, make))
    return "model", {"target": target, "count": len(items), "lines": "\n".join(lines),
                     "lookup": r.label(ctx.lang, "lookup_default")}, \
        [{"title": rid, "url": recall_url(rid)} for rid, *_ in items[:3]]


# A make's list names its models when they are this few: "我的比亚迪海豹有没有召回" must not read BYD's Seagull and
# Qin recalls as the Seal's.
MAX_MODELS_NAMED = 8


def _models_listed(r: Responses, ctx: Context, make: str) -> list[str]:
    """For a make named without a model: which models its recalls list, so a reader with another model sees none is
    about their car (the portal's data, not a guarantee)."""
    if ctx.recalled_models is None:
        return []
    slugs = ctx.recalled_models(make)
    if not slugs or len(slugs) > MAX_MODELS_NAMED:
        return []
    names = [ctx.names.get(slug, slug) for slug in slugs]
    return [fill(r.label(ctx.lang, "models_listed"), {"models": ("、" if ctx.lang == "zh" else ", ").join(names),
                                                      "make": ctx.names.get(make, make)})]


# "Is it true almost all of Tesla's US recalls are fixed over the air?", "特斯拉的召回多大比例靠OTA解决": a share asked for.
_OTA_SHARE = re.compile(r"(?:almost all|nearly all|basically all|all of|most of|majority|what share|what percentage|what proportion|"
                        r"how many of|percent|比例|大部分|大多|多数|基本都|几乎都|都是|都靠|全是|全部都|占多少|几成)")
_OTA_WORDS = re.compile(r"\bota\b|over the air|over-the-air|remote|远程|空中|在线升级|ota")
# Recalls since this year are "recent" in the share of over-the-air remedies.
RECENT_SINCE = 2022


def of_authority(items: tuple, authority: str | None) -> tuple:
    """"In China" / "in the US": the recalls of that authority only, when it holds any (``model_recalls`` rows)."""
    if not authority:
        return items
    return tuple(i for i in items if len(i) < 5 or i[4] == authority) or items


def remedy_counts(items) -> Counter:
    """How many of the ``model_recalls`` rows have each remedy type ("ota", "ota+dealer", "dealer", "other")."""
    return Counter(item[3] for item in items)


def asks_ota_share(question: str) -> bool:
    """Whether a question asks what share of a make's recalls are remedied over the air."""
    norm = normalise(question)
    return bool(_OTA_SHARE.search(norm) and _OTA_WORDS.search(norm))


def _ota_share(r: Responses, ctx: Context) -> Case:
    """How many of a make's (or model's) recalls the portal holds were remedied over the air, counted from its data."""
    make, model = ctx.entities.get("make"), ctx.entities.get("model")
    authority = authority_named_in(normalise(ctx.question))
    items = of_authority(ctx.model_recalls(make, model, False), authority)
    if not items:
        return "model_none", {"target": model_name(ctx, make, model), "releases": ""}, []
    by_type = remedy_counts(items)
    over_air = sum(by_type[kind] for kind in OTA_REMEDY_TYPES)
    recent = [i for i in items if i[2] is not None and i[2].year >= RECENT_SINCE]
    recent_air = sum(1 for i in recent if i[3] in OTA_REMEDY_TYPES)
    share = "almost_all" if over_air * 10 >= len(items) * 9 else "most" if over_air * 2 > len(items) else "fewer"
    values = {"target": model_name(ctx, make, model), "count": len(items), "ota": by_type["ota"],
              "both": by_type["ota+dealer"], "visit": by_type["dealer"],
              "other": len(items) - by_type["ota"] - by_type["ota+dealer"] - by_type["dealer"], "over_air": over_air,
              "share": r.label(ctx.lang, "ota_share", share), "since": RECENT_SINCE, "recent": len(recent),
              "recent_air": recent_air,
              "authority": r.label(ctx.lang, "authority_part", authority) if authority else ""}
    return "ota_share", values, []


def _makes_recalls(r: Responses, ctx: Context) -> Case:
    """"We run Hyundai IONIQ 5s and Kia EV6s — do you have their recalls?": each make's count, with its list's link."""
    lines = []
    for make in ctx.makes_named:
        name = ctx.names.get(make, make)
        items = ctx.model_recalls(make, None, False)
        lines.append(fill(r.label(ctx.lang, "make_count"), {"make": name, "count": len(items), "ota": remedy_counts(items)["ota"]}))
    return "makes", {"lines": "\n".join(lines), "lookup": r.label(ctx.lang, "lookup_default")}, []


def named_model_recalls(responses: Responses, ctx: Context) -> tuple[str, list] | None:
    """"VIN … 蔚来ES8 的召回有没有我的车", "想买二手秦PLUS DM-i": a make or model the portal holds, named in the
    question; its recalls in the VIN page's words, with the car's own applicability left to the maker."""
    if not (ctx.entities.get("make") or ctx.entities.get("model")):
        return None
    case = _model_recalls(responses, ctx)
    if case is None or case[0] != "model":
        return None
    return fill(responses.label(ctx.lang, "coverage_named"), case[1]), case[2]


def _checked_against(r: Responses, ctx: Context, items, stated: str, target: str) -> Case:
    """"Is my Model 3 on 2023.44.30 fixed?" without a VIN: every recall of the model against the stated version."""
    from portal.chat.versions_said import compare_stated

    facts = [(item, ctx.recall_fact(item[0])) for item in items]
    # Recalls with a stated remedy version first: those the version can settle.
    facts.sort(key=lambda pair: not (pair[1] is not None and (pair[1].remedy_versions or pair[1].remedy_version)))
    lines, held = [], ctx.recall
    try:
        for (rid, title, *_), fact in facts[:MAX_MODEL_RECALLS]:
            ctx.recall = fact
            if fact is not None:
                lines.append(f"- [{rid}]({recall_url(rid)}) {title}: {compare_stated(r, ctx, stated)}")
    finally:
        ctx.recall = held
    if len(items) > MAX_MODEL_RECALLS:
        lines.append(fill(r.label(ctx.lang, "more_search"), {"count": len(items) - MAX_MODEL_RECALLS, "q": target}))
    return "model_version", {"target": target, "count": len(items), "stated": stated, "lines": "\n".join(lines),
                             "lookup": r.label(ctx.lang, "lookup_default")}, \
        [{"title": item[0], "url": recall_url(item[0])} for item, _ in facts[:3]]


# The rule that reads "the app shows no recall — so there is none?": nothing shown is not nothing there.
NOT_SEEN_RULE = "vehicle_recalls.not_seen"


def vehicle_recalls(r: Responses, ctx: Context) -> Case:
    if not ctx.vin:
        if ctx.rule == NOT_SEEN_RULE:
            return "not_seen", {}, []
        if len(ctx.makes_named) > 1 and not ctx.entities.get("model") and ctx.model_recalls is not None:
            return _makes_recalls(r, ctx)
        if asks_ota_share(ctx.question) and (ctx.entities.get("make") or ctx.entities.get("model")) \
                and ctx.model_recalls is not None:
            return _ota_share(r, ctx)
        return _model_recalls(r, ctx) or ("need_vin", {}, [])
    case = _vin_case(r, ctx, "vehicle")
    if case:
        key, values, sources = case
        values["lead_in"] = headline_lead(r, ctx) + (" " + car.summary(r, ctx) if ctx.vehicle.recalls else "")
        return key, values, sources
    key = "vin_unknown" if ctx.vehicle_service else "vin_page"
    values = {"vin": ctx.vin}
    maker_unknown = _maker_unknown(ctx) if ctx.vehicle_service else None
    if maker_unknown:
        # A well-formed VIN of a maker code the portal does not know: what the VIN page says, and that no data is no verdict.
        key, values = "vin_maker_unknown", {"vin": ctx.vin, "reason": maker_unknown,
                                            "not_clean": r.label(ctx.lang, "coverage_not_clean")}
    named = _model_recalls(r, ctx)
    if named is not None and named[0] == "model":
        # "小米SU7，查一下召回" with a VIN the portal cannot read: what the VIN page says, then the named model's recalls.
        mkey, mvalues, sources = named
        mvalues["lead"] = fill(r.by_lang[ctx.lang]["intents"]["vehicle_recalls"].get(key, ""), values)
        return mkey, mvalues, _page(ctx) + sources
    return key, values, _page(ctx)


def _maker_unknown(ctx: Context) -> str | None:
    """The VIN page's message for a well-formed VIN whose maker code the portal does not know, else None."""
    from portal.vehicles import error_message, validate_vin
    from portal.vehicles.vin import UNKNOWN_MANUFACTURER

    check = validate_vin(ctx.vin)
    if check.error is None or check.error.code != UNKNOWN_MANUFACTURER:
        return None
    return error_message(check.error.code, ctx.lang, **check.error.details)


def headline_lead(r: Responses, ctx: Context) -> str:
    """The answer's first words about the car: open, clear or unknown (never clear while anything is open or unseen)."""
    state = headline(ctx.vehicle, ctx.vin) or "unknown"
    if state == "clear" and not ctx.vehicle.recalls:
        return r.label(ctx.lang, "headline_lead", "clear_none")
    if state == "unknown" and not ctx.vehicle.recalls:
        state = "unknown_none"
    if ctx.yes_no and state in ("open", "clear"):
        state += "_yes_no"  # "Does my car have open recalls?" is answered "Yes —" / "No —" first
    return fill(r.label(ctx.lang, "headline_lead", state), {"lookup": car.how_to_check(r, ctx)})


def _recall_on_car(ctx: Context, rid: str):
    return next((item for item in ctx.vehicle.recalls if item.id == rid), None)


def _status_answer(item) -> str:
    return {"remedied": "yes", "open": "no", "remedy_not_available": "no"}.get(item.status, "unknown")


def recall_status(r: Responses, ctx: Context) -> Case:
    rid = ctx.entities.get("recall_id")
    extra = [recall_source(ctx.recall)] if ctx.recall else []
    stated = ctx.entities.get("version")
    if rid and ctx.vin and ctx.vehicle is not None:
        item = _recall_on_car(ctx, rid)
        if item is not None:
            text = car.status_text(r, ctx.lang, item, ctx.vehicle.stated_version)
            if getattr(item, "certainty", "applies") == "may_apply":
                text += "\n" + r.label(ctx.lang, "may_apply")
            if item.status == "unknown":
                if ctx.recall is not None and ctx.recall.remedy_version and not ctx.vehicle.stated_version:
                    # "which software version fixes it?": the remedy version a source states, to compare with the car's own.
                    text += "\n" + fill(r.by_lang[ctx.lang]["intents"]["recall_status"]["remedy_hint"],
                                        {"remedy_version": ctx.recall.remedy_version})
                text += "\n" + car.how_to_check(r, ctx)  # "ok is it fixed?": where the answer the portal lacks is found
            return "status", {**_vehicle_values(r, ctx), "recall_id": rid, "title": item.title,
                              "yes_no": _yes_no(r, ctx, _status_answer(item)), "status": text}, extra + _page(ctx)
        return "not_listed", {**_vehicle_values(r, ctx), "recall_id": rid}, extra
    if rid and ctx.vin:
        return "vin_page", {"vin": ctx.vin, "recall_id": rid}, extra + _page(ctx)
    if rid:
        said = compare_stated(r, ctx, stated) if stated else ""
        hint = ""
        if ctx.recall and ctx.recall.remedy_version and not said:
            hint = fill(r.by_lang[ctx.lang]["intents"]["recall_status"]["remedy_hint"],
                        {"remedy_version": ctx.recall.remedy_version})
        about = ""
        if ctx.recall is not None:
            # Which cars it may apply to and how it is remedied: the VIN then says whether this one is among them.
            about = fill(r.by_lang[ctx.lang]["intents"]["recall_status"]["recall_about"],
                         {"recall_id": rid, "title": ctx.recall.title,
                          "models": ", ".join(ctx.names.get(m, m) for m in ctx.recall.models)
                          or ctx.names.get(ctx.recall.make, ctx.recall.make),
                          "remedy_type": r.label(ctx.lang, "remedy_type", ctx.recall.remedy_type),
                          "scope": scope_sentence(ctx.recall.summary)})
        return "need_vin", {"recall_id": rid, "remedy_hint": hint, "stated_part": said, "about": about}, extra
    if ctx.vin and ctx.vehicle is not None and ctx.vehicle.recalls:
        fitting = [item for item in ctx.vehicle.recalls if item.id in set(ctx.title_matches)]
        if fitting:
            # "Is the frunk/hood latch recall done?" and two of the car's recalls are about the hood latch:
            # each of them on this car, rather than the whole record.
            return "title_matches", {**_vehicle_values(r, ctx), "lines": car.lines(r, ctx, car.ordered(fitting))}, \
                _page(ctx)
        items = car.ordered(ctx.vehicle.recalls)
        return "need_id", {"vin": ctx.vin, "lines": car.lines(r, ctx, items)}, _page(ctx)
    if ctx.vin:
        return "need_id_only", {"vin": ctx.vin}, []
    if ctx.no_title_match and not ctx.vin:
        from portal.chat.recall_cases import no_title_match

        return no_title_match(r, ctx)
    if stated and ctx.candidates:
        # "im on 2023.38.4, is the power steering recall done?": each recall whose name fits, against the version.
        lines, held = [], ctx.recall
        try:
            for fact in ctx.candidates:
                ctx.recall = fact
                lines.append(f"- [{fact.id}]({recall_url(fact.id)}) ({fact.authority}) {fact.title}: {compare_stated(r, ctx, stated)}")
        finally:
            ctx.recall = held
        return "candidates_stated", {"version": stated, "lines": "\n".join(lines)}, \
            [recall_source(fact) for fact in ctx.candidates]
    if ctx.candidates and not ctx.vin:
        # "Was the SU7 navigation-assist recall done over the air?": the fitting recalls, each with its remedy.
        from portal.chat.recall_cases import recall_details

        return recall_details(r, ctx)
    if stated:
        # "I am on 2024.44.25.3, do I still need to update?": how to compare, and what to send.
        return "need_both_stated", {"version": stated}, []
    return "need_both", {}, []


def _release_values(r: Responses, ctx: Context, rel) -> dict:
    changes = "\n".join(f"- {r.label(ctx.lang, 'change_kind', kind)}: {text}" for kind, text in rel.changes)
    remedies = (fill(r.label(ctx.lang, "remedies"), {"ids": ", ".join(f"[{i}]({recall_url(i)})" for i in rel.remedies)})
                if rel.remedies else r.label(ctx.lang, "not_remedy"))
    return {"make": ctx.names.get(rel.make, rel.make), "version": rel.version, "title": rel.title,
            "date_part": f" ({rel.date.isoformat()})" if rel.date else "",
            "category": r.label(ctx.lang, "category", rel.category),
            "summary": (rel.summary + "\n") if rel.summary else "", "changes": changes,
            "remedies": remedies, "url": rel.url}


def release_changes(r: Responses, ctx: Context) -> Case:
    if ctx.release:
        values = _release_values(r, ctx, ctx.release)
        asked = ctx.entities.get("version")
        if asked and asked != ctx.release.version:
            values["lead"] = fill(r.label(ctx.lang, "asked_in_release"), {"asked": asked, "version": ctx.release.version})
        return "release", values, [release_source(ctx.release)]
    version = ctx.entities.get("version")
    if version:
        return "not_found", {"version": version}, [{"title": version, "url": f"/search?q={version}&type=release"}]
    return "need_version", {}, []


def latest_release(r: Responses, ctx: Context) -> Case:
    """The car's own last install and, separately, the newest release for its model."""
    make, model = ctx.entities.get("make"), ctx.entities.get("model")
    if ctx.vehicle is not None and not (make or model):
        newest, own = ctx.vehicle.latest_release, ctx.vehicle.last_install
        values = {**_vehicle_values(r, ctx)}
        if own:
            values["installed"] = fill(r.label(ctx.lang, "last_install"), {
                "version": own.version, "date_part": f" ({own.date.isoformat()})" if own.date else ""})
        elif ctx.vehicle.stated_version:
            values["installed"] = fill(r.label(ctx.lang, "stated_install"), {"version": ctx.vehicle.stated_version})
        else:
            values["installed"] = r.label(ctx.lang, "no_install_record")
        if newest:
            values["newest"] = fill(r.label(ctx.lang, "newest_for_model"), {
                "version": newest.version, "date_part": f" ({newest.date.isoformat()})" if newest.date else ""})
        return "vehicle", values, _page(ctx)
    target = " ".join(ctx.names.get(s, s) for s in (make, model) if s)
    if ctx.release:
        return "release", {**_release_values(r, ctx, ctx.release), "target": target}, [release_source(ctx.release)]
    if target:
        return "not_found", {"target": target}, [{"title": target, "url": f"/search?q={target}&type=release"}]
    return "need_model", {}, []


# Words that say which kind of change a question is about ("paid", "删除", "限制").
_KIND_WORDS = {
    "paywalled": ("paid", "pay", "subscri", "paywall", "purchase", "fee", "charge", "收费", "付费", "订阅", "付钱", "要钱", "解锁", "月费"),
    "removed": ("remov", "took away", "taken away", "gone", "delet", "删", "移除", "取消", "拿掉", "没了"),
    "restricted": ("restrict", "limit", "lock", "disabl", "限制", "限速", "锁", "停用"),
}
# Words that ask for a kind of change ("removed", "付费"): they name no feature.
_ALL_KIND_WORDS = tuple(w for words in _KIND_WORDS.values() for w in words)
MAX_FEATURE_LINES = 8
_TRIAL_WORDS = re.compile(r"\btrial|试用|体验期|免费期")


# A question word found in at most this many changes names the feature asked about.
MAX_FEATURE_NAME_HITS = 3


def feature_change(r: Responses, ctx: Context) -> Case:
    """Features an update made paid, restricted or removed, from the release data's change kinds, releases named."""
    texts = r.by_lang[ctx.lang]["intents"]["feature_change"]
    make = ctx.entities.get("make")
    name = ctx.names.get(make, make) if make else ""
    make_part = fill(texts["make_part"], {"make": name}) if make else ""
    question = normalise(ctx.question)
    asked = tuple(kind for kind, words in _KIND_WORDS.items() if any(w in question for w in words))
    changes = ctx.feature_changes(make) if ctx.feature_changes else ()
    # "it says trial — so after that I gotta pay?": what a trial that came with an update means.
    trial = r.label(ctx.lang, "trial_note") if _TRIAL_WORDS.search(question) else ""
    if not changes:
        return "none", {"make_part": make_part, "trial": trial}, []
    counts = {kind: sum(1 for c in changes if c[3] == kind) for kind in ("paywalled", "restricted", "removed")}
    shown = [c for c in changes if c[3] in asked] or list(changes)
    # "my boombox doesnt work while driving anymore": the changes that name the feature asked about lead.
    texts_of = [normalise(c[4]) for c in changes]
    # Only a word few changes contain names a feature ("boombox"); "removed" or "features" names none.
    words = {w for w in _words(question, None) if 0 < sum(w in t for t in texts_of) <= MAX_FEATURE_NAME_HITS
             and not any(k in w for k in _ALL_KIND_WORDS)}
    named = [c for c, t in zip(changes, texts_of) if any(w in t for w in words)]
    if named:
        shown = [c for c in named if c[3] in asked] or named
    lines = []
    for mk, version, _, kind, text, remedies in shown[:MAX_FEATURE_LINES]:
        label = f"{ctx.names.get(mk, mk)} {version}"
        line = f"- [{label}]({release_url(mk, version)}) — {r.label(ctx.lang, 'change_kind', kind)}: {text}"
        if remedies:
            # Boombox restricted while driving by 2022.8: that change was a recall's remedy, not a commercial choice.
            line += fill(r.label(ctx.lang, "change_remedies"),
                         {"recalls": ", ".join(f"[{rid}]({recall_url(rid)})" for rid in remedies)})
        lines.append(line)
    values = {"lead": fill(texts["lead"], {"make_part": make_part}), "lines": "\n".join(lines),
              "counts": fill(texts["counts"], {"make_part": make_part, **counts}), "trial": trial}
    sources = [{"title": f"{ctx.names.get(mk, mk)} {version}", "url": release_url(mk, version)}
               for mk, version, *_ in shown[:3]]
    return "default", values, sources


def vin_location(r: Responses, ctx: Context) -> Case:
    """Where the VIN is, in the VIN page's own words (portal.vehicles.messages), and where the version is."""
    from portal.vehicles.messages import where_to_find

    return "default", {"where": where_to_find(ctx.lang)}, []


def make_not_covered(r: Responses, ctx: Context) -> Case:
    """The make asked about is not one the portal holds: say so, name what it covers, and where to check."""
    covered = sorted({name for slug, name in ctx.names.items() if slug in ctx.makes}) if ctx.makes else []
    if not (ctx.entities.get("other_make_name") or ctx.entities.get("other_make")):
        # "Which makes do you cover?": the list, and where to look for any other make.
        return "which", {"covered": ("、" if ctx.lang == "zh" else ", ").join(covered)}, []
    return "default", {"make": ctx.entities.get("other_make_name") or ctx.entities.get("other_make", ""),
                       "covered": ("、" if ctx.lang == "zh" else ", ").join(covered)}, []
