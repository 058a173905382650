"""vPIC's make and model names to the portal's make and model slugs, from one table.

``vpic_models.csv`` beside this module holds every rule (its header says why
each holds): a brand of one maker reaches that maker's campaigns (a Lincoln
is under ``ford``), a model vPIC names apart from NHTSA's recall lists is
mapped by hand (the Expedition MAX is an Expedition), a variant vPIC only
tells by an attribute gets its own model (an F-150 with electrification BEV
is the F-150 Lightning), and everything else is vPIC's model name slugged as
the importers slug NHTSA's names.
"""

from __future__ import annotations

import csv
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from portal.slugs import slugify

TABLE_PATH = Path(__file__).with_name("vpic_models.csv")
ANY_MODEL = "*"


@dataclass(frozen=True)
class ModelRule:
    vpic_make: str
    vpic_model: str  # upper case, or ANY_MODEL
    when: tuple[str, str] | None  # (attribute, value prefix, lower case)
    make: str
    model: str  # slug, a "{slug}" template, or "" for the slugged vPIC name
    name: str  # display name, a "{name}" template, or "" for vPIC's name
    source: str

    def matches(self, make: str, model: str, attributes: dict[str, str]) -> bool:
        if make != self.vpic_make or self.vpic_model not in (ANY_MODEL, model):
            return False
        if self.when is None:
            return True
        name, value = self.when
        return (attributes.get(name) or "").lower().startswith(value)

    def slug_for(self, vpic_model: str) -> str:
        slug = slugify(vpic_model)
        if not self.model:
            return slug
        return self.model.replace("{slug}", slug)

    def name_for(self, vpic_model: str) -> str:
        return self.name.replace("{name}", vpic_model) if self.name else vpic_model


@dataclass(frozen=True)
class PortalModel:
    make: str
    model: str | None
    name: str | None  # the model's display name
    source: str  # the table row's source, e.g. ``vpic-names``


@lru_cache(maxsize=1)
def rules() -> tuple[ModelRule, ...]:
    with TABLE_PATH.open(encoding="utf-8", newline="") as handle:
        rows = csv.DictReader(line for line in handle if not line.startswith("#"))
        found = []
        for row in rows:
            when = None
            if row["when"]:
                name, _, value = row["when"].partition("=")
                when = (name.strip(), value.strip().lower())
            found.append(ModelRule(row["vpic_make"].upper(), row["vpic_model"].upper() if row["vpic_model"] != ANY_MODEL
                                   else ANY_MODEL, when, row["make"], row["model"], row["name"], row["source"]))
        return tuple(found)


def portal_model(attributes: dict[str, str]) -> PortalModel | None:
    """The portal make and model for vPIC's attributes (``make``, ``model``, ...); None for a make it lacks."""
    make = (attributes.get("make") or "").upper()
    if not make:
        return None
    model = attributes.get("model") or ""
    for rule in rules():
        if rule.matches(make, model.upper() if model else "\0", attributes):
            return PortalModel(rule.make, rule.slug_for(model) or None, rule.name_for(model) or None, rule.source)
    for rule in rules():  # the make is known, the model is not
        if rule.vpic_make == make and rule.vpic_model == ANY_MODEL:
            return PortalModel(rule.make, None, None, rule.source)
    return None

