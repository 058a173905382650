"""The assistant's view of one car, taken from the VIN service.

The engine asks ``VehicleFacts.lookup(vin)`` and renders statuses, versions and
dates from the answer; the VIN pages use ``lookup_vehicle`` for the same car.
Going through that one function means the assistant can never tell an owner a
recall is fixed while the car's page says it is open.

``lookup`` takes the language of the answer explicitly (recall titles and the
coverage sentences are per language), so concurrent answers in different
languages never share one.

A car the portal cannot list recalls for (make or model not held, market or
model still to be chosen) is still summarised, with ``usable=False`` and the
VIN page's own coverage sentences (:mod:`portal.vehicles.wording`), so the
assistant says what the page says instead of "check the VIN".
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from datetime import date

from cachetools import TTLCache
from flask import has_app_context
from flask_babel import force_locale
from sqlalchemy.orm import Session

from portal.chat.facts import CarCoverage, LatestRelease, VehicleRecall, VehicleSummary, remedy_versions_of
from portal.vehicles.service import VehicleReport, VinRejected, lookup_vehicle

log = logging.getLogger(__name__)
# A conversation asks about one car several times in a minute ("any recalls?", "is it safe?",
# "do I need the dealer?"): each answer reads the same report. The content is read-only for a
# build and the cache lives in the engine made for that build, so a short TTL only bounds memory.
CACHE_SIZE = 512
CACHE_SECONDS = 120.0
_MISSING = object()


def _day(value) -> date | None:
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        return None


def _recall(row: dict, fleet_record: bool) -> VehicleRecall:
    # Rows carry ``certainty`` where the VIN service provides it; otherwise a fleet record settles it.
    certainty = row.get("certainty") or ("applies" if fleet_record else "may_apply")
    return VehicleRecall(
        id=row["id"], title=row.get("title") or row["id"], status=row["status"],
        remedy_type=row.get("remedy_type") or "ota", remedy_version=row.get("remedy_version"),
        remedied_at=_day(row.get("remedied_at")), park_it=bool(row.get("park_it")),
        park_outside=bool(row.get("park_outside")), status_reason=row.get("status_reason"),
        certainty=certainty, remedy_versions=remedy_versions_of(row.get("remedy_versions")),
    )


def _last_install(releases: list[dict]) -> LatestRelease | None:
    """The car's own newest install, read from the timeline's ``installed`` entries."""
    installs = [(i.get("installed_at") or "", i.get("version")) for r in releases for i in (r.get("installed") or [])
                if i.get("version")]
    if not installs:
        return None
    when, version = max(installs)
    return LatestRelease(version=version, date=_day(when))


def _latest(releases: list[dict]) -> LatestRelease | None:
    """The newest release on the car's timeline (the list is in version order; dates decide first)."""
    if not releases:
        return None
    ranked = max(enumerate(releases), key=lambda pair: (_day(pair[1].get("date")) or date.min, pair[0]))[1]
    return LatestRelease(version=ranked["version"], date=_day(ranked.get("date")))


def _coverage_status(report: VehicleReport) -> str:
    status = (report.coverage or {}).get("status") or "not_covered"
    gaps = {g.get("code") for g in (report.coverage or {}).get("gaps", [])}
    if report.market is None and "make_not_held" not in gaps:
        return "choose_market"
    if status != "not_covered" and report.needs_model:
        return "choose_model"
    return status


_WORDING_APP = None
_WORDING_LOCK = threading.Lock()


def _wording_app():
    """A Flask app with only the translations, for wording outside the web process (``ota-portal ask``)."""
    global _WORDING_APP
    if _WORDING_APP is None:
        with _WORDING_LOCK:
            if _WORDING_APP is None:
                from flask import Flask
                from flask_babel import Babel

                from portal.config import Config

                app = Flask("portal.chat.wording")
                app.config.update(BABEL_DEFAULT_LOCALE=Config.BABEL_DEFAULT_LOCALE,
                                  BABEL_TRANSLATION_DIRECTORIES=Config.BABEL_TRANSLATION_DIRECTORIES)
                Babel(app)
                _WORDING_APP = app
    return _WORDING_APP


def coverage_of(report: VehicleReport, lang: str) -> CarCoverage:
    """The VIN page's verdict and coverage sentences for this car, in ``lang``."""
    from portal.vehicles.wording import coverage_note, lookup_sentence, verdict

    def words() -> tuple[str, str, str]:
        coverage = report.coverage or {}
        lookup = ""
        if coverage.get("lookup_url"):
            lookup = lookup_sentence(coverage.get("authority") or "", coverage["lookup_url"])
        else:
            lookup = " ".join(lookup_sentence(item["authority"], item["url"]) for item in coverage.get("lookups", [])
                              if item.get("url"))
        return str(verdict(report)), str(coverage_note(report)), str(lookup)

    try:
        if has_app_context():
            with force_locale(lang):
                verdict_text, note, lookup = words()
        else:  # the command line: a bare app that only knows the catalogues
            with _wording_app().test_request_context(), force_locale(lang):
                verdict_text, note, lookup = words()
    except Exception:  # noqa: BLE001 - wording needs an app; without one the page link still says it
        log.exception("coverage wording failed for %s", report.vin)
        verdict_text, note, lookup = "", "", ""
    return CarCoverage(
        status=_coverage_status(report), verdict=verdict_text, note=note, lookup=lookup,
        lookup_url=(report.coverage or {}).get("lookup_url"), make_name=report.make_name
        or (report.decoded or {}).get("manufacturer"), model_name=report.model_name, model_year=report.model_year,
        model_choices=tuple(c.get("name") or c.get("slug") for c in report.model_choices),
        ruled_out=tuple(row.get("id") for row in report.not_applicable if row.get("id")))


def summary_from_report(report: VehicleReport, stated_version: str | None = None,
                        lang: str = "en") -> VehicleSummary | None:
    """The engine's summary of a VIN report.

    ``usable`` is False while the market or model is not chosen or the portal
    holds no recall data for the car: an empty recall list would then read as
    a clean record, so the summary carries the page's coverage sentences instead.
    """
    coverage = coverage_of(report, lang)
    if (not report.make_covered or not report.make or not report.model or report.market is None
            or (report.coverage or {}).get("status") == "not_covered"):
        return VehicleSummary(make=report.make or "", model=report.model or "", model_year=report.model_year,
                              fleet_record=report.fleet_record, demo=bool(report.demo), coverage=coverage,
                              usable=False)
    return VehicleSummary(coverage=coverage,
        make=report.make, model=report.model, model_year=report.model_year,
        recalls=[_recall(row, report.fleet_record) for row in report.recalls], latest_release=_latest(report.releases),
        last_install=_last_install(report.releases), fleet_record=report.fleet_record, demo=bool(report.demo),
        stated_version=stated_version,
    )


def _lookup(session: Session, vin: str, lang: str, version: str | None) -> tuple[VehicleReport, str | None]:
    """The report, using the owner's stated version when the VIN service takes one (and it is well formed)."""
    if version:
        try:
            return lookup_vehicle(session, vin, lang, version=version), version
        except TypeError:  # a VIN service without the ``version`` keyword
            pass
        except (ValueError, VinRejected) as exc:
            if isinstance(exc, VinRejected) and exc.code != "invalid_version":
                raise
            # A malformed version: answer from the record alone.
            log.info("assistant ignored stated version %r for %s: %s", version, vin, exc)
    return lookup_vehicle(session, vin, lang), None


class ServiceVehicleFacts:
    """:class:`portal.chat.facts.VehicleFacts` over ``lookup_vehicle``.

    ``sessions`` opens a content session; it is called on every lookup so
    that a newly published build is used as soon as the instance reopens it.
    """

    def __init__(self, sessions: Callable[[], Session], cache_size: int = CACHE_SIZE,
                 cache_seconds: float = CACHE_SECONDS, clock=time.monotonic):
        self._sessions = sessions
        self._cache: TTLCache[tuple, VehicleSummary | None] = TTLCache(cache_size, cache_seconds, timer=clock)
        self._lock = threading.Lock()

    def lookup(self, vin: str, version: str | None = None, lang: str = "en") -> VehicleSummary | None:
        key = (vin, lang, version)
        with self._lock:
            hit = self._cache.get(key, _MISSING)  # a car the portal cannot summarise is kept as None
        if hit is not _MISSING:
            return hit
        summary = self._lookup_uncached(vin, version, lang)
        with self._lock:
            self._cache[key] = summary
        return summary

    def _lookup_uncached(self, vin: str, version: str | None, lang: str) -> VehicleSummary | None:
        session = self._sessions()
        try:
            report, used = _lookup(session, vin, lang, version)
        except VinRejected as exc:
            log.info("assistant VIN lookup refused %s: %s", vin, exc.code)
            return None
        finally:
            session.close()
        return summary_from_report(report, used, lang)
