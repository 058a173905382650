"""The one-word verdict an answer about a car carries: open, clear, unknown or not_covered.

For a transparency product a false clean record is the worst output there
is, so ``clear`` is earned, not defaulted: every listed recall must be
remedied (or ruled out) *and* the portal must hold the authority's recalls
for this make, model and year. A recall the portal cannot see the status of,
data that are incomplete for the car, a model still to be chosen: all
``unknown``. A make or year the portal holds nothing for: ``not_covered``.
The statuses are the VIN page's own (``portal.vehicles.status`` via the VIN
service), so the headline and the page cannot disagree.
"""

from __future__ import annotations

from portal.vocab import SETTLED, STILL_OPEN

OPEN, CLEAR, UNKNOWN, NOT_COVERED = "open", "clear", "unknown", "not_covered"
HEADLINES = (OPEN, CLEAR, UNKNOWN, NOT_COVERED)


def headline(vehicle, vin: str | None) -> str | None:
    """The headline for the car behind ``vin`` (None when no car is in question)."""
    if not vin:
        return None
    if vehicle is None:
        return UNKNOWN  # the VIN could not be read just now: nothing is known, nothing is clean
    coverage = getattr(vehicle, "coverage", None)
    if not getattr(vehicle, "usable", True):
        status = coverage.status if coverage is not None else "not_covered"
        return NOT_COVERED if status == "not_covered" else UNKNOWN
    recalls = vehicle.recalls
    if any(r.status in STILL_OPEN for r in recalls):
        return OPEN
    if any(r.status not in SETTLED for r in recalls):
        return UNKNOWN
    if coverage is not None and coverage.status != "covered":
        return UNKNOWN
    return CLEAR
