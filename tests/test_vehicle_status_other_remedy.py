"""A remedy that is not a repair (refund, buy-back, replacement vehicle, labels) is never read from software."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

from portal.vehicles.applicability import Install
from portal.vehicles.status import recall_status

INSTALLS = [Install("2023.44.30", "2023.0044.0030", date(2023, 12, 1))]


def _recall(remedy_type: str, available: bool = True) -> SimpleNamespace:
    return SimpleNamespace(remedy_type=remedy_type, remedy_available=available, report_date=date(2022, 3, 1))


def test_other_remedy_with_a_fleet_record_is_unknown_with_its_own_reason():
    status = recall_status(_recall("other"), None, True, INSTALLS)
    assert (status.status, status.reason) == ("unknown", "other_remedy_not_visible")


def test_other_remedy_not_yet_defined_is_remedy_not_available():
    status = recall_status(_recall("other", available=False), None, True, INSTALLS)
    assert (status.status, status.reason) == ("remedy_not_available", "no_remedy_yet")


def test_dealer_repair_keeps_its_reason():
    assert recall_status(_recall("dealer"), None, True, INSTALLS).reason == "dealer_repair_not_visible"
