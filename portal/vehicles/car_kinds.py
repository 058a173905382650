"""Which models are passenger cars, read from the recalls that list them (no hand-made list).

The chooser and the "Browse by make" list are for car owners, but NHTSA's
campaigns also list motorcycles (BMW's R 1250 GS, K 1600 ...) and heavy trucks
(Volvo Trucks' VNL, VNR ...). The notices say which they are: a motorcycle
campaign calls the vehicles "motorcycles", and a heavy-truck campaign is filed
by a truck maker ("Volvo Trucks North America"). A model counts as a car when
at least one recall listing it is neither, and a model that only release notes
list (a maker's OTA software) is a car too. A make is offered when it has a car
model that some recall lists.
"""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from portal.db import content as db
from portal.listing import build_cached

_MOTORCYCLE = re.compile(r"\b(?:motorcycles?|scooters?)\b", re.IGNORECASE)
_TRUCK_MAKER = re.compile(r"\btrucks?\b", re.IGNORECASE)  # in the filing company's name


def is_car_recall(summary_en: str | None, manufacturer: str | None) -> bool:
    """False for a campaign about motorcycles, or filed by a maker of trucks."""
    return not (_MOTORCYCLE.search(summary_en or "") or _TRUCK_MAKER.search(manufacturer or ""))


def car_models(session: Session, build_id: str | None) -> tuple[frozenset, frozenset]:
    """``(car models as (make, model), makes with a car model that a recall lists)`` for the served build."""
    return build_cached(build_id, ("car-models",), lambda: _car_models(session))


def _car_models(session: Session) -> tuple[frozenset, frozenset]:
    rows = session.execute(
        select(db.RecallVehicle.make_slug, db.RecallVehicle.model_slug, db.Recall.summary_en, db.Recall.manufacturer)
        .join(db.Recall, db.Recall.id == db.RecallVehicle.recall_id))
    recalled, cars = set(), set()
    for make, model, summary, manufacturer in rows:
        recalled.add((make, model))
        if is_car_recall(summary, manufacturer):
            cars.add((make, model))
    released = set(session.execute(select(db.ReleaseModel.make_slug, db.ReleaseModel.model_slug).distinct()))
    cars |= released - recalled
    makes_with_car_recalls = {make for make, model in cars if (make, model) in recalled}
    return frozenset(cars), frozenset(makes_with_car_recalls)


def cars_only(choices: dict, cars: frozenset) -> dict:
    """The chooser's ``{makes: [...], years}`` without models that are not cars, and without emptied makes."""
    makes = []
    for make in choices["makes"]:
        models = [m for m in make["models"] if (make["make"], m["slug"]) in cars]
        if models:
            makes.append({**make, "models": models})
    return {**choices, "makes": makes}
