"""The assistant's view of one car, taken from the VIN service.

The engine asks ``VehicleFacts.lookup(vin)`` and renders statuses, versions and
dates from the answer; the VIN pages use ``lookup_vehicle`` for the same car.
Going through that one function means the assistant can never tell an owner a
recall is fixed while the car's page says it is open.

``lookup`` takes no language (the engine's Protocol), yet recall titles are
per language, so the language of the question being answered travels in a
context variable set by :func:`answering_in`. A context variable (not an
attribute) keeps concurrent requests in different languages apart.
"""

from __future__ import annotations

import contextvars
import logging
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import date

from sqlalchemy.orm import Session

from portal.chat.facts import LatestRelease, VehicleRecall, VehicleSummary
from portal.vehicles.service import VehicleReport, VinRejected, lookup_vehicle

log = logging.getLogger(__name__)
_LANG: contextvars.ContextVar[str] = contextvars.ContextVar("chat_answer_lang", default="en")


@contextmanager
def answering_in(lang: str) -> Iterator[None]:
    """Look cars up in ``lang`` while the block runs."""
    token = _LANG.set(lang)
    try:
        yield
    finally:
        _LANG.reset(token)


def _day(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _recall(row: dict) -> VehicleRecall:
    return VehicleRecall(
        id=row["id"], title=row.get("title") or row["id"], status=row["status"],
        remedy_type=row.get("remedy_type") or "ota", remedy_version=row.get("remedy_version"),
        remedied_at=_day(row.get("remedied_at")), park_it=bool(row.get("park_it")),
        park_outside=bool(row.get("park_outside")),
    )


def _latest(releases: list[dict]) -> LatestRelease | None:
    """The newest release on the car's timeline (the list is in version order; dates decide first)."""
    if not releases:
        return None
    ranked = max(enumerate(releases), key=lambda pair: (_day(pair[1].get("date")) or date.min, pair[0]))[1]
    return LatestRelease(version=ranked["version"], date=_day(ranked.get("date")))


def summary_from_report(report: VehicleReport) -> VehicleSummary | None:
    """The engine's summary of a VIN report; None when the portal cannot say which car it is.

    Also None while the market is not chosen or the portal holds no recall data
    for the car: an empty recall list would then read as a clean record.
    """
    if not report.make_covered or not report.make or not report.model:
        return None
    if report.market is None or report.coverage.get("status") == "not_covered":
        return None
    return VehicleSummary(
        make=report.make, model=report.model, model_year=report.model_year,
        recalls=[_recall(row) for row in report.recalls], latest_release=_latest(report.releases),
    )


class ServiceVehicleFacts:
    """:class:`portal.chat.facts.VehicleFacts` over ``lookup_vehicle``.

    ``sessions`` opens a content session; it is called on every lookup so
    that a newly published build is used as soon as the instance reopens it.
    """

    def __init__(self, sessions: Callable[[], Session]):
        self._sessions = sessions

    def lookup(self, vin: str) -> VehicleSummary | None:
        session = self._sessions()
        try:
            report = lookup_vehicle(session, vin, _LANG.get())
        except VinRejected as exc:
            log.info("assistant VIN lookup refused %s: %s", vin, exc.code)
            return None
        finally:
            session.close()
        return summary_from_report(report)
