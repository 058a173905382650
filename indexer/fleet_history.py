"""Install histories for demo cars: real point versions, in order, never before their release."""

from __future__ import annotations

import random
from datetime import date, timedelta

from indexer.fleet_cars import Car
from portal.versions import version_key


def install_history(rng: random.Random, car: Car, versions: list[tuple[str, date, str]],
             must: tuple[str, date] | None = None, below: str | None = None,
             until: date | None = None) -> None:
    """Installs in version order, each no earlier than its release, the car, and the one before.

    At most one point version per release, and about half the releases, the way
    owners skip updates. ``must`` (a remedy, with the earliest day it may land)
    is always installed; ``below`` keeps the car short of an open recall's remedy;
    ``until`` stops the history before a day (a car not updated since a recall
    whose remedy version nobody has named is the only way such a recall is
    visibly open).
    """
    ceiling = version_key(below) if below else None
    must_key = version_key(must[0]) if must else None
    eligible: dict[str, list[tuple[str, date]]] = {}
    for version, released, family in versions:
        key = version_key(version)
        too_old = released < car.production - timedelta(days=60) and not (must and version == must[0])
        if (ceiling and key >= ceiling) or too_old:
            continue  # not past an open recall's remedy; no software much older than the car (but its remedy)
        eligible.setdefault(family, []).append((version, released))
    last, done = car.production, must is None
    for family, points in eligible.items():
        if must is not None and must[0] in (v for v, _ in points):
            version, released = must
            done = True
        elif not done and must_key and version_key(points[-1][0]) > must_key:
            continue  # nothing past the remedy before the remedy itself
        elif rng.random() < 0.5:
            version, released = rng.choice(points)
            if must_key and not done and version_key(version) > must_key:
                continue
        else:
            continue
        when = max(last, released) + timedelta(days=rng.randint(0, 20))
        if until is not None and when >= until:
            break
        last = when
        car.installs.append((version, last))
