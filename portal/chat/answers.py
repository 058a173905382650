"""Turn a matched intent plus what is known into a cited answer.

The words live in ``content/qa/<lang>/responses.yaml``; this module only
decides *which* case of an intent applies (VIN known? recall found?) and fills
its placeholders. Keeping the choice in code and the sentences in files lets
translators and staff edit answers without reading Python, while the rules
for "ask for the VIN when it is missing" stay testable in one place.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from portal.chat.facts import CarCoverage, RecallFact, ReleaseFact, VehicleSummary
from portal.chat.rules import INTENTS, LANGS, RuleError
from portal.yaml_text import safe_load

log = logging.getLogger(__name__)


class _Blank(dict):
    def __missing__(self, key):  # an unfilled placeholder renders empty, never raises
        return ""


def fill(template: str, values: dict) -> str:
    return template.format_map(_Blank({k: v for k, v in values.items() if v is not None}))


@dataclass
class Context:
    lang: str
    entities: dict
    vin: str | None = None
    recall: RecallFact | None = None
    release: ReleaseFact | None = None
    vehicle: VehicleSummary | None = None
    vehicle_service: bool = False  # a VehicleFacts was available to ask
    names: dict = field(default_factory=dict)  # slug -> display name
    yes_no: bool = False  # the question expects yes or no first ("Do I need a service visit?")
    recall_from: str | None = None  # "conversation" | "title" when the recall id was not typed
    coverage: CarCoverage | None = None  # set when the portal cannot list the car's recalls (vehicle is None)
    summary: VehicleSummary | None = None  # the VIN service's summary, usable or not
    # A VIN given with a question the car's record does not answer: the car's headline follows the answer.
    car_after: VehicleSummary | None = None
    symptom: object | None = None  # portal.chat.symptoms.Kind the question reports
    question: str = ""  # the question as asked (a few answers pick their list by its words)
    candidates: list = field(default_factory=list)  # RecallFacts whose titles fit the question equally
    title_matches: list = field(default_factory=list)  # ids of the car's recalls whose titles fit the question equally
    no_title_match: bool = False  # a recall named by its subject, and none of the make's recalls is about it
    recall_fact: object | None = None  # recall id -> RecallFact in the answer's language
    # (make, model, ota_only[, year=]) -> recalls listing that make or model (of that model year)
    model_recalls: object | None = None
    campaign: str = ""  # a maker's own campaign number asked about ("22S41"), when no NHTSA or SAMR id is given
    campaign_releases: tuple = ()  # releases whose notes name that campaign number
    makes_named: tuple = ()  # every make the question names, in order, when it names more than one
    release_count: object | None = None  # make -> how many of its OTA releases the portal holds
    recalled_models: object | None = None  # make -> slugs of its models that some recall lists, most recalled first
    feature_changes: object | None = None  # make -> release changes that made features paid, restricted, removed
    makes: frozenset = frozenset()  # the slugs of the makes the portal holds
    topic: object | None = None  # portal.chat.symptoms.Kind: the part a list question is about ("steering")
    rule: str = ""  # the rule that read the question, when one did ("safe_to_drive.park_outside"): a case may follow it


@dataclass
class Rendered:
    text: str
    sources: list[dict]


class Responses:
    """All answer texts and citable sources, validated at load time."""

    def __init__(self, qa_dir: Path):
        self.by_lang: dict[str, dict] = {}
        for lang in LANGS:
            path = qa_dir / lang / "responses.yaml"
            try:
                data = safe_load(path.read_text(encoding="utf-8")) or {}
            except (OSError, yaml.YAMLError) as exc:
                raise RuleError(f"{path}: cannot read: {exc}") from exc
            for key in ("labels", "fallback", "too_long", "suggestion", "intents"):
                if key not in data:
                    raise RuleError(f"{path}: {key}: missing")
            for intent in INTENTS:
                if not isinstance(data["intents"].get(intent), dict):
                    raise RuleError(f"{path}: intents.{intent}: missing")
            self.by_lang[lang] = data
        sources_path = qa_dir / "sources.yaml"
        raw = safe_load(sources_path.read_text(encoding="utf-8")) or []
        self.sources: dict[str, dict] = {}
        for index, item in enumerate(raw):
            for key in ("id", "title", "date", "url"):
                if key not in item:
                    raise RuleError(f"{sources_path}: [{index}].{key}: missing")
            self.sources[item["id"]] = item
        for lang, data in self.by_lang.items():
            for intent, cases in data["intents"].items():
                for key, ids in cases.items():
                    if key == "sources" or key.endswith("_sources"):
                        for source_id in ids or []:
                            if source_id not in self.sources:
                                raise RuleError(f"{qa_dir / lang / 'responses.yaml'}: intents.{intent}.{key}: "
                                                f"unknown source {source_id!r}")

    def text(self, lang: str, key: str) -> str:
        return self.by_lang[lang][key]

    def label(self, lang: str, group: str, key: str | None = None) -> str:
        """A label's text; "" for a label the answer files lack (rules of an older build), never an error."""
        value = self.by_lang[lang]["labels"].get(group)
        if value is None:
            log.warning("no label %r in the %s answers", group, lang)
            return ""
        return value.get(key, key or "") if key is not None else value

    def cite(self, lang: str, source_id: str) -> dict:
        item = self.sources[source_id]
        title = item["title"].get(lang) or item["title"]["en"]
        who = item.get("author") or item.get("publisher")
        parts = ", ".join(str(p) for p in (who, item.get("date")) if p)
        return {"title": f"{title} ({parts})" if parts else title, "url": item.get("url")}


def recall_source(recall: RecallFact) -> dict:
    return {"title": f"{recall.id}: {recall.title}", "url": recall.url}


def release_source(release: ReleaseFact) -> dict:
    return {"title": f"{release.make} {release.version}: {release.title}", "url": release.url}


def vehicle_name(responses: Responses, ctx: Context) -> str:
    v = ctx.vehicle
    if v is None:
        return ""
    values = {"make": ctx.names.get(v.make, v.make), "model": ctx.names.get(v.model, v.model),
              "model_year": v.model_year or ""}
    return fill(responses.label(ctx.lang, "vehicle"), values).strip()
