"""Render one intent's answer: pick the case, fill it, collect citations.

The single entry point the engine calls; it joins each intent's case chooser
(named in :mod:`portal.chat.intents`) with the texts of
:class:`portal.chat.answers.Responses`.
"""

from __future__ import annotations

import logging
import re

from portal.chat.answers import Context, Rendered, Responses, fill
from portal.chat.cases import named_model_recalls
from portal.chat.intents import chooser as intent_chooser

log = logging.getLogger(__name__)

# Intents whose whole answer is the car's record: for a car the portal cannot list, the coverage is the answer.
CAR_RECORD = frozenset({"vehicle_recalls", "recall_status", "latest_release", "version_fixed"})
# Intents whose first words must be what to do now, whatever is known about the car.
SAFETY_FIRST = frozenset({"symptom"})


def coverage_text(responses: Responses, ctx: Context) -> str:
    """What the VIN page says when it cannot list the car's recalls: its verdict, coverage and lookup."""
    cov = ctx.coverage
    car = " ".join(str(p) for p in (cov.make_name, cov.model_name, cov.model_year) if p)
    parts = [fill(responses.label(ctx.lang, "coverage_car"), {"car": car or ctx.vin, "vin": ctx.vin})]
    if cov.status == "not_covered":
        parts.append(responses.label(ctx.lang, "coverage_not_clean"))
    elif cov.status in ("choose_market", "choose_model"):
        # Until the market or model is chosen the page lists nothing: say so, so that no list reads as no recall.
        parts.append(responses.label(ctx.lang, "coverage_cannot_tell"))
    for sentence in (cov.verdict, cov.note):
        if sentence and sentence not in parts:
            parts.append(sentence)
    if cov.status == "choose_model" and cov.model_choices:
        parts.append(fill(responses.label(ctx.lang, "coverage_choose_model"),
                          {"models": ", ".join(cov.model_choices), "vin": ctx.vin}))
    if cov.lookup and cov.lookup not in cov.note:
        parts.append(cov.lookup)
    parts.append(fill(responses.label(ctx.lang, "coverage_page"), {"vin": ctx.vin}))
    return "\n".join(parts)


def render(responses: Responses, intent: str, ctx: Context) -> tuple[Rendered, str]:
    """The answer and the case key that produced it (for the trace).

    For a car whose recalls the portal cannot list (``ctx.coverage``), the VIN
    page's coverage sentences lead: they are the whole answer to a question
    about the car's record, and come before the general answer otherwise.
    """
    if ctx.vin and ctx.vehicle is None and ctx.coverage is not None:
        lead = coverage_text(responses, ctx)
        page = [{"title": ctx.vin, "url": f"/vin/{ctx.vin}"}]
        if intent in CAR_RECORD:
            named = named_model_recalls(responses, ctx)
            if named is not None:
                return Rendered(tidy(lead + "\n\n" + named[0]), page + named[1]), "coverage+named_model"
            return Rendered(tidy(lead), page), "coverage"
        vin, ctx.vin, entities = ctx.vin, None, ctx.entities
        if entities.get("make") and not entities.get("model") and ctx.coverage.model_name:
            # "does hyundai do recalls OTA on the ioniq 5?" for an IONIQ 5 the portal holds no recall of: the make's
            # other models' recalls would answer for a different car, so the general answer follows instead.
            ctx.entities = {k: v for k, v in entities.items() if k != "make"}
        try:
            rendered, key = render(responses, intent, ctx)
        finally:
            ctx.vin, ctx.entities = vin, entities
        if intent in SAFETY_FIRST:  # what to do now comes before anything about the car's record
            return Rendered(tidy(rendered.text + "\n\n" + lead), rendered.sources + page), f"{key}+coverage"
        return Rendered(tidy(lead + "\n\n" + rendered.text), page + rendered.sources), f"coverage+{key}"
    texts = responses.by_lang[ctx.lang]["intents"][intent]
    chooser = intent_chooser(intent)
    key, values, extra = chooser(responses, ctx) if chooser else ("default", {}, [])
    if key == "default" and "." in ctx.rule and f"rule_{ctx.rule.split('.', 1)[1]}" in texts:
        # A general answer with a text of its own for the rule that read the question ("recall_rights.modified"
        # -> rule_modified): the part of the topic asked about, not the whole list.
        key = f"rule_{ctx.rule.split('.', 1)[1]}"
    if key not in texts:
        key = "default"
    if key not in texts:
        # A case the language's answers lack: a general answer with where to look, never an error page.
        log.error("no %r answer for intent %s (%s); answering with the overview", key, intent, ctx.lang)
        texts, key, values = responses.by_lang[ctx.lang]["intents"]["domain_overview"], "default", {}
    text = fill(texts[key], values).strip()
    if values.get("lead") and "{lead}" not in texts[key]:  # a text that places the lead itself is not led twice
        text = values["lead"] + "\n\n" + text
    if ctx.symptom is not None and intent not in SAFETY_FIRST:
        now = responses.by_lang[ctx.lang]["intents"]["symptom"].get(f"now_{ctx.symptom.name}")
        if now:
            text = now + "\n\n" + text
    notes = _notes(responses, ctx)
    if notes:
        text = text + "\n\n" + notes if intent in SAFETY_FIRST else notes + "\n\n" + text
    source_ids = texts.get(f"{key}_sources", texts.get("sources") or [])
    sources = [*extra, *(responses.cite(ctx.lang, s) for s in source_ids)]
    if not sources:  # every answer cites something: at worst the portal's VIN page
        sources = [responses.cite(ctx.lang, "portal_vin")]
    seen, unique = set(), []
    for source in sources:
        marker = (source["title"], source["url"])
        if marker not in seen:
            seen.add(marker)
            unique.append(source)
    # Collapse blank lines left by empty placeholders.
    text = "\n".join(line for line in text.splitlines() if line.strip())
    return Rendered(tidy(text), unique), key


def _notes(responses: Responses, ctx: Context) -> str:
    """What the reader must know before the answer: a synthetic demo car, a version taken on the owner's word."""
    notes = []
    vehicle = ctx.vehicle
    if ctx.vin and vehicle is not None:
        if vehicle.demo:
            notes.append(fill(responses.label(ctx.lang, "demo_note"), {"vin": ctx.vin}))
        if vehicle.stated_version:
            notes.append(fill(responses.label(ctx.lang, "stated_note"), {"version": vehicle.stated_version}))
    if ctx.recall_from == "conversation" and ctx.entities.get("recall_id"):
        notes.append(fill(responses.label(ctx.lang, "recall_from_conversation"), {"recall_id": ctx.entities["recall_id"]}))
    elif ctx.recall_from == "title" and ctx.entities.get("recall_id"):
        notes.append(fill(responses.label(ctx.lang, "recall_from_title"), {"recall_id": ctx.entities["recall_id"]}))
    return "\n".join(notes)


_CJK_GAP = re.compile(r"(?<=[\u3000-\u9fff\uff00-\uffef])[ \t]+(?=[\u3000-\u9fff\uff00-\uffef])")
_DOUBLED_STOP = re.compile(r"(?<![.])([.。])[.。](?![.。])")


def tidy(text: str) -> str:
    """Drop the spaces YAML line folding leaves between Chinese characters, and a full stop doubled by a
    template that ends a sentence its value already ended ("{status}." after "… a source states.")."""
    return _DOUBLED_STOP.sub(r"\1", _CJK_GAP.sub("", text))
