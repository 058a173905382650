"""The assistant's intents in one table: what each reads and which function picks its answer.

One row per intent says everything the engine needs to know about it:

* ``vin_aware``: with a VIN known, the answer reads that car's record;
* ``recall_aware``: a recall id from earlier in the conversation applies
  ("is it fixed?" after a recall was discussed);
* ``stated_version``: a software version in the question is the car's own
  ("my car is on 2023.44.30"), not a release asked about;
* ``chooser``: the function (``module.function`` in ``portal.chat``) that
  picks the answer's case and fills it; without one the ``default`` case.

Matching (which intent a question is) lives in the rule, paraphrase and
symptom files under ``content/qa``; the words of each answer in
``responses.yaml``. Adding an intent is one row here plus its texts.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from importlib import import_module


@dataclass(frozen=True)
class Intent:
    name: str
    vin_aware: bool = False
    recall_aware: bool = False
    stated_version: bool = False
    chooser: str | None = None


TABLE: tuple[Intent, ...] = (
    Intent("ota_recall_why"),
    Intent("recall_definition"),
    Intent("ota_definition"),
    Intent("resale_value", vin_aware=True, chooser="recall_cases.with_vin"),
    Intent("ota_categories"),
    Intent("ota_approval"),
    Intent("recall_cost", vin_aware=True, recall_aware=True, chooser="recall_cases.recall_cost"),
    Intent("dealer_visit", vin_aware=True, recall_aware=True, stated_version=True, chooser="recall_cases.dealer_visit"),
    Intent("vehicle_recalls", vin_aware=True, stated_version=True, chooser="cases.vehicle_recalls"),
    Intent("recall_status", vin_aware=True, recall_aware=True, stated_version=True, chooser="cases.recall_status"),
    Intent("release_changes", chooser="cases.release_changes"),
    Intent("latest_release", vin_aware=True, stated_version=True, chooser="cases.latest_release"),
    # VIN-aware so that, for a car the portal cannot list, the VIN page's coverage leads the answer.
    Intent("recall_details", vin_aware=True, recall_aware=True, chooser="recall_cases.recall_details"),
    Intent("defect_definition"),
    Intent("safe_to_drive", vin_aware=True, recall_aware=True, stated_version=True, chooser="recall_cases.safe_to_drive"),
    Intent("update_failed"),
    # An update that left a new fault or made something worse ("the nav is slow since the update"): whose it is to fix.
    Intent("update_regression"),
    # How long an update takes to install and whether the car can be used meanwhile: general facts, no per-release times.
    Intent("update_duration"),
    # A technical service bulletin is not a recall ("is a TSB the same as a recall?").
    Intent("service_bulletin"),
    # Carfax and other vehicle-history services: the portal cannot speak for them; where a recall's status is known.
    Intent("history_service"),
    # Insurance, lawsuits, renting out a car with an open recall: not advice the portal gives; what it can say.
    Intent("legal_advice"),
    # A car exported or imported between markets: recalls are per market; ask the maker there with the VIN.
    Intent("market_move"),
    # Where the portal's data come from ("报告上的数据都是从哪来的？").
    Intent("data_sources"),
    Intent("used_car_check", vin_aware=True, chooser="recall_cases.used_car"),
    Intent("right_to_know"),
    Intent("ota_statistics"),
    Intent("recall_number_format", chooser="recall_cases.recall_number_format"),
    Intent("concealment"),
    Intent("report_defect"),
    Intent("greeting"),
    Intent("thanks"),
    Intent("symptom", vin_aware=True, stated_version=True, chooser="recall_cases.symptom"),
    Intent("feature_change", chooser="cases.feature_change"),
    Intent("vin_location", chooser="cases.vin_location"),
    Intent("recall_rights", vin_aware=True, recall_aware=True),
    Intent("ota_not_always_recall"),
    Intent("ota_vs_dealer_recall"),
    Intent("recall_lookup"),
    Intent("recall_quality"),
    Intent("update_postpone", recall_aware=True),
    # What a status on the VIN page or the report means ("status unknown", "可能适用").
    Intent("status_terms"),
    # A car of a make the portal holds no data for ("理想L9能查吗"): not covered, and where to check.
    Intent("make_not_covered", chooser="cases.make_not_covered"),
    # A question with a word of the domain that nothing else reads: what the portal offers, where to look.
    Intent("domain_overview"),
)
BY_NAME = {intent.name: intent for intent in TABLE}
INTENTS = tuple(BY_NAME)
VIN_AWARE = frozenset(i.name for i in TABLE if i.vin_aware)
RECALL_AWARE = frozenset(i.name for i in TABLE if i.recall_aware)
STATED_VERSION = frozenset(i.name for i in TABLE if i.stated_version)


@cache
def chooser(name: str):
    """The intent's case chooser, imported on first use (the choosers import the answer texts' helpers)."""
    intent = BY_NAME.get(name)
    if intent is None or intent.chooser is None:
        return None
    module, function = intent.chooser.rsplit(".", 1)
    return getattr(import_module(f"portal.chat.{module}"), function)
