"""Generate the synthetic demo fleet (``content/fleet/*.csv``) from the content itself.

Real per-VIN software histories belong to the manufacturers, yet the VIN page
can only show "remedied by OTA on date D" with a fleet record. The demo fleet
makes every recall status visible on real content: it is generated from the
release and recall files, so every installed version is a real point version
of that make, installed no earlier than its release and the car's production,
and the showcase cars cover each status (remedied, open, remedy not
available, Chinese cars under SAMR recalls). VINs carry real WMIs and valid
check digits and decode (``portal.vehicles``) to the recorded make, model and
year; their serial numbers are random, so they do not identify real cars.
The same seed always gives the same files.
"""

from __future__ import annotations

import csv
import random
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

from indexer import frontmatter
from portal.vehicles.decode import YEAR_CODES, YEAR_CYCLE_START
from portal.vehicles.vin import check_digit
from portal.versions import version_key

VEHICLE_FIELDS = ("vin", "make", "model", "model_year", "market", "production_date")
INSTALL_FIELDS = ("vin", "version", "installed_at")
SHOWCASE_VIN = "5YJ3E1EA2KF317000"  # a 2019 Model 3, remedied for 23V838000
SHOWCASE_RECALL = "23V838000"

# (wmi, positions 4-8, plant) per make and market. Tesla position 4 is the
# model line, so it has one pattern per model; FCA US position 5 is the brand.
# North American VINs keep a letter in position 7 (model years 2010-2039).
TESLA_PLATES = {
    "US": {"model-3": ("5YJ", "3E1EA", "F"), "model-y": ("5YJ", "YGDEE", "F"),
           "model-s": ("5YJ", "SA1H1", "F"), "model-x": ("5YJ", "XCAE2", "F")},
    # Shanghai builds the Model 3 and Y for China; the S and X are imported from Fremont.
    "CN": {"model-3": ("LRW", "3E7EK", "C"), "model-y": ("LRW", "YGCEK", "C"),
           "model-s": ("5YJ", "SA1H1", "F"), "model-x": ("5YJ", "XCAE2", "F")},
}
MAKE_PLATES = {
    ("ford", "US"): ("1FT", "FW1E8", "F"), ("toyota", "US"): ("4T1", "B11HK", "U"),
    ("rivian", "US"): ("7FC", "TGAAA", "N"), ("byd", "CN"): ("LGX", "CE4CB", "S"),
    ("toyota", "CN"): ("LFM", "A1RC8", "T"), ("trumpchi", "CN"): ("LMG", "AE4G5", "G"),
    ("polestar", "US"): ("LPS", "ED3KA", "L"), ("polestar", "CN"): ("LPS", "ED3KA", "L"), ("volvo", "US"): ("YV4", "A22RK", "1"),
    ("porsche", "US"): ("WP0", "AB2Y1", "S"), ("hyundai", "US"): ("5NP", "E34AF", "H"),
    ("kia", "US"): ("KNA", "E55LC", "6"), ("volkswagen", "US"): ("1VW", "SA7A3", "C"),
    ("land-rover", "US"): ("SAL", "GS2RE", "A"), ("jaguar", "US"): ("SAJ", "DA1EX", "C"),
    ("bmw", "US"): ("WBA", "JA7C5", "B"), ("chrysler", "US"): ("2C3", "CCAAG", "H"),
    ("dodge", "US"): ("2C3", "CDXBG", "H"), ("jeep", "US"): ("1C4", "RJFAG", "C"),
    ("ram", "US"): ("1C6", "SRFFT", "N"), ("fiat", "US"): ("3C3", "CFFAR", "T"),
}
FILL_WEIGHTS = {("tesla", "US"): 40, ("tesla", "CN"): 15, ("ford", "US"): 10, ("toyota", "US"): 10,
                ("rivian", "US"): 8}
OTHER_WEIGHT = 2
REMEDY_LAG = timedelta(days=120)
FIRST_YEAR, DEFAULT_YEARS = 2012, range(2018, 2025)  # synthetic cars only; real years win


def plate_for(make: str, market: str, model: str) -> tuple[str, str, str] | None:
    if make == "tesla":
        return TESLA_PLATES.get(market, {}).get(model)
    return MAKE_PLATES.get((make, market))


@dataclass
class Car:
    make: str
    model: str
    year: int
    market: str
    production: date
    vin: str = ""
    installs: list[tuple[str, date]] = field(default_factory=list)

    def row(self) -> dict[str, Any]:
        return {"vin": self.vin, "make": self.make, "model": self.model, "model_year": self.year,
                "market": self.market, "production_date": self.production.isoformat()}


def _day(value: Any) -> date | None:
    return value if isinstance(value, date) or value is None else date.fromisoformat(str(value))


def load_content(content_dir: Path) -> tuple[list[dict], list[dict]]:
    """Releases and recalls (front matter), recalls with editorial remedy facts merged in."""
    releases = [frontmatter.read(p).meta for p in sorted((content_dir / "releases").glob("*/*.md"))]
    recalls = []
    for path in sorted((content_dir / "recalls").glob("*/*.md")):
        meta = dict(frontmatter.read(path).meta)
        editorial = content_dir / "editorial" / "recalls" / f"{meta.get('id')}.yaml"
        if editorial.exists():
            extra = yaml.safe_load(editorial.read_text(encoding="utf-8")) or {}
            meta.update({k: extra[k] for k in ("remedy_version", "affected_software") if extra.get(k)})
        recalls.append(meta)
    return releases, recalls


def _applies_to(entries: list[dict] | None, model: str, year: int) -> bool:
    """A ``models``/``vehicles`` list covers the car (an empty list covers every model)."""
    if not entries:
        return True
    return any(e.get("model") == model and (not e.get("years") or year in e["years"]) for e in entries)


def recall_applies(recall: dict, car: Car) -> bool:
    if recall.get("make") != car.make or recall.get("market") not in (None, car.market):
        return False
    production = recall.get("production") or {}
    start, end = _day(production.get("from")), _day(production.get("to"))
    if (start and car.production < start) or (end and car.production > end):
        return False
    return bool(recall.get("vehicles")) and _applies_to(recall["vehicles"], car.model, car.year)


def point_versions(releases: list[dict], car: Car) -> list[tuple[str, date, str]]:
    """(version, release date, release) a car may install: its make, market, model and year; version order.

    A release's ``markets`` limit it only when some release of the make names the
    car's market at all; otherwise the content simply has no market data for it
    (Tesla's lists come from cars reporting outside China), not an exclusion.
    """
    own = [r for r in releases if r.get("make") == car.make]
    market_known = any(car.market in (r.get("markets") or []) for r in own)
    found = {}
    for release in own:
        released = _day(release.get("date"))
        markets = release.get("markets") or []
        if released is None or (market_known and markets and car.market not in markets):
            continue
        if not _applies_to(release.get("models"), car.model, car.year):
            continue
        for point in release.get("point_versions") or []:
            found.setdefault(str(point["version"]), (released, str(release.get("version"))))
    return sorted(((v, d, family) for v, (d, family) in found.items()), key=lambda item: version_key(item[0]))


def _history(rng: random.Random, car: Car, versions: list[tuple[str, date, str]],
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


def _vin(rng: random.Random, car: Car, taken: set[str]) -> str:
    wmi, vds, plant = plate_for(car.make, car.market, car.model)
    code = YEAR_CODES[(car.year - YEAR_CYCLE_START) % len(YEAR_CODES)]
    while True:
        body = f"{wmi}{vds}0{code}{plant}{rng.randint(100000, 999999)}"
        vin = body[:8] + check_digit(body) + body[9:]
        if vin not in taken:
            taken.add(vin)
            return vin


def _production(rng: random.Random, year: int, recall: dict | None = None) -> date | None:
    """A production day inside model year ``year`` (Aug-Jul) and inside the recall's range."""
    start, end = date(year - 1, 8, 1), date(year, 7, 31)
    production = (recall or {}).get("production") or {}
    start = max(start, _day(production.get("from")) or start)
    end = min(end, _day(production.get("to")) or end)
    if start > end:
        return None
    return start + timedelta(days=rng.randint(0, (end - start).days))


@dataclass
class _Plan:
    releases: list[dict]
    recalls: list[dict]
    rng: random.Random
    horizon: date
    cars: list[Car] = field(default_factory=list)
    showcase: list[tuple[str, str, str]] = field(default_factory=list)  # (vin, recall id, status)
    taken: set[str] = field(default_factory=set)
    shares: dict[tuple[str, str], float] = field(default_factory=dict)  # fleet_share_pct per point version

    def years(self, entry_years: list[int] | None, recall: dict | None = None) -> list[int]:
        """Model years to draw from: as listed, else those the production range spans."""
        production = (recall or {}).get("production") or {}
        start, end = _day(production.get("from")), _day(production.get("to"))
        if not entry_years and start and end:
            entry_years = range(start.year, end.year + 2)
        years = [y for y in (entry_years or DEFAULT_YEARS) if FIRST_YEAR <= y <= self.horizon.year + 1]
        return sorted(set(years))

    def car_for(self, recall: dict) -> Car | None:
        """A new car the recall applies to, or None when no covered plate fits."""
        entries = list(recall.get("vehicles") or [])
        for entry in self.rng.sample(entries, len(entries)):
            if plate_for(recall["make"], recall["market"], entry.get("model")) is None:
                continue
            years = self.years(entry.get("years"), recall)
            for year in self.rng.sample(years, len(years)):
                production = _production(self.rng, year, recall)
                if production and production <= self.horizon:
                    car = Car(recall["make"], entry["model"], year, recall["market"], production)
                    if recall_applies(recall, car):
                        return car
        return None

    def add(self, car: Car, recall: dict | None = None, status: str = "", vin: str = "") -> None:
        versions = point_versions(self.releases, car)
        remedy = (recall or {}).get("remedy_version")
        if status == "remedied":
            released = self.remedy_point(car, versions, recall["remedied_by"])
            # A remedy released shortly before the filing reaches cars after it (23V838000:
            # 2023.44.30 from December 2023); one released long before was already there.
            filed = _day(recall.get("report_date")) or released[1]
            floor = filed if timedelta(0) < filed - released[1] <= REMEDY_LAG else released[1]
            _history(self.rng, car, versions, must=(released[0], floor))
        elif status == "open" and not (recall or {}).get("remedied_by"):
            _history(self.rng, car, versions, until=_day(recall.get("report_date")) or car.production)
        else:
            _history(self.rng, car, versions, below=remedy if remedy and status else None)
        car.vin = vin or _vin(self.rng, car, self.taken)
        self.taken.add(car.vin)
        self.cars.append(car)
        if recall is not None:
            self.showcase.append((car.vin, recall["id"], status))

    def remedy_point(self, car: Car, versions: list[tuple[str, date, str]], remedy: str) -> tuple[str, date]:
        """The point version that remedies: the most installed one of the first release at or past ``remedy``."""
        past = [(v, d, f) for v, d, f in versions if version_key(v) >= version_key(remedy)]
        first = [(v, d) for v, d, f in past if f == past[0][2]]
        return max(first, key=lambda vd: self.shares.get((car.make, vd[0])) or 0.0)

    def can_remedy(self, car: Car, recall: dict) -> bool:
        remedy = recall.get("remedy_version")
        return bool(remedy and "ota" in str(recall.get("remedy_type")) and recall.get("remedy_available", True)
                    and any(version_key(v) >= version_key(remedy) for v, _, _ in point_versions(self.releases, car)))


def _showcase(plan: _Plan, budget: int) -> None:
    by_id = {recall["id"]: recall for recall in plan.recalls}
    target = by_id.get(SHOWCASE_RECALL)
    car = Car("tesla", "model-3", 2019, "US", _production(plan.rng, 2019) or date(2019, 6, 1))
    if check_digit(SHOWCASE_VIN) == SHOWCASE_VIN[8]:
        if target and recall_applies(target, car) and plan.can_remedy(car, target):
            plan.add(car, target, "remedied", SHOWCASE_VIN)
        else:
            plan.add(car, vin=SHOWCASE_VIN)
    for recall in sorted(plan.recalls, key=lambda r: (r.get("authority") != "SAMR", str(r["id"]))):
        if len(plan.cars) >= budget:
            return
        if not recall.get("remedy_available", True):
            statuses = ["remedy_not_available"]
        elif recall.get("authority") == "SAMR":
            statuses = ["remedied", "open"]
        elif recall.get("remedy_version") and "ota" in str(recall.get("remedy_type")):
            statuses = ["remedied", "remedied", "open"]
        else:
            continue
        for status in statuses:
            car = plan.car_for(recall)
            if car is None:
                break
            if status == "remedied" and not plan.can_remedy(car, recall):
                status = "open"
            plan.add(car, recall, status)


def _fill(plan: _Plan, count: int) -> None:
    catalogue: dict[tuple[str, str, str], set[int]] = {}
    for recall in plan.recalls:
        for entry in recall.get("vehicles") or []:
            key = (recall.get("make"), recall.get("market"), entry.get("model"))
            catalogue.setdefault(key, set()).update(plan.years(entry.get("years")))
    for release in plan.releases:
        for market in release.get("markets") or ["US"]:
            for entry in release.get("models") or []:
                key = (release.get("make"), market, entry.get("model"))
                catalogue.setdefault(key, set()).update(plan.years(entry.get("years")))
    slots = sorted(k for k, years in catalogue.items() if years and plate_for(*k))
    if not slots:
        return
    per_make: dict[tuple[str, str], int] = {}
    for make, market, _ in slots:
        per_make[(make, market)] = per_make.get((make, market), 0) + 1
    weights = [FILL_WEIGHTS.get((m, k), OTHER_WEIGHT) / per_make[(m, k)] for m, k, _ in slots]
    while len(plan.cars) < count:
        make, market, model = plan.rng.choices(slots, weights)[0]
        year = plan.rng.choice(sorted(catalogue[(make, market, model)]))
        production = _production(plan.rng, year)
        if production <= plan.horizon:
            plan.add(Car(make, model, year, market, production))


def _with_remedy_versions(recalls: list[dict], releases: list[dict]) -> list[dict]:
    """Recalls whose remedy version is unnamed take it from the releases that list them in ``remedies``.

    Open cars stay below the first such release and remedied cars install the
    last one, so either reading of "the remedy version" gives the same status.
    """
    linked: dict[str, list[str]] = {}
    for release in sorted(releases, key=lambda r: version_key(str(r["version"]))):
        for recall_id in release.get("remedies") or []:
            linked.setdefault(recall_id, []).append(str(release["version"]))
    found = []
    for recall in recalls:
        named, links = recall.get("remedy_version"), linked.get(recall["id"]) or [None]
        found.append(dict(recall, remedy_version=named or links[0], remedied_by=named or links[-1]))
    return found


def _build(content_dir: Path, count: int, seed: int) -> _Plan:
    releases, recalls = load_content(Path(content_dir))
    dates = [_day(r.get("date")) for r in releases] + [_day(r.get("report_date")) for r in recalls]
    horizon = max((d for d in dates if d), default=date(2024, 1, 1))
    plan = _Plan(releases, _with_remedy_versions(recalls, releases), random.Random(seed), horizon)
    plan.shares = {(r["make"], str(p["version"])): p.get("fleet_share_pct") or 0.0
                   for r in releases for p in r.get("point_versions") or []}
    _showcase(plan, budget=count * 3 // 5)
    _fill(plan, count)
    del plan.cars[count:]
    plan.showcase = [s for s in plan.showcase if s[0] in {car.vin for car in plan.cars}]
    return plan


def _rows(plan: _Plan) -> tuple[list[dict], list[dict]]:
    cars = sorted(plan.cars, key=lambda car: car.vin)
    installs = [{"vin": car.vin, "version": version, "installed_at": day.isoformat()}
                for car in cars for version, day in car.installs]
    return [car.row() for car in cars], installs


def generate_demo_fleet(content_dir: Path, count: int = 320, seed: int = 2024) -> tuple[list[dict], list[dict]]:
    """Vehicle rows and install rows (the CSV columns), sorted; the same seed gives the same rows."""
    return _rows(_build(content_dir, count, seed))


def _write_csv(path: Path, fields: tuple[str, ...], rows: list[dict]) -> None:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


README = """# Demo fleet — SYNTHETIC DATA, NOT REAL CARS

These files are **synthetic demonstration data**. Real per-VIN software
histories belong to the manufacturers. The VINs were generated with real
manufacturer codes (WMIs) and valid check digits so that they decode like real
ones, but their serial numbers are random: they do not identify real cars.

* `vehicles.csv`: `vin, make, model, model_year, market, production_date`
* `installs.csv`: `vin, version, installed_at` — every version is a point
  version of a release of that make in `content/releases/`, installed in version
  order, never before the release date nor before the car's production date.

Generated by `indexer/fleet.py` (`python -m indexer.fleet content`) from the
release and recall files, seed {seed}: {vehicles} vehicles, {installs} installs.
Do not edit by hand; regenerate after the content changes.

## Showcase VINs (one per recall and status)

| VIN | recall | status shown |
|---|---|---|
{table}
"""


def render_readme(showcase: list[tuple[str, str, str]], vehicles: int, installs: int, seed: int) -> str:
    table = "\n".join(f"| `{vin}` | {recall} | {status} |" for vin, recall, status in showcase)
    return README.format(seed=seed, vehicles=vehicles, installs=installs, table=table)


def write_demo_fleet(content_dir: Path, count: int = 320, seed: int = 2024) -> tuple[Path, Path]:
    """Write ``fleet/vehicles.csv``, ``fleet/installs.csv`` and ``fleet/README.md``; return the CSV paths."""
    plan = _build(Path(content_dir), count, seed)
    vehicles, installs = _rows(plan)
    out = Path(content_dir) / "fleet"
    out.mkdir(parents=True, exist_ok=True)
    _write_csv(out / "vehicles.csv", VEHICLE_FIELDS, vehicles)
    _write_csv(out / "installs.csv", INSTALL_FIELDS, installs)
    readme = render_readme(plan.showcase, len(vehicles), len(installs), seed)
    (out / "README.md").write_text(readme, encoding="utf-8")
    return out / "vehicles.csv", out / "installs.csv"


if __name__ == "__main__":
    import sys

    paths = write_demo_fleet(Path(sys.argv[1] if len(sys.argv) > 1 else "content"))
    print(*paths, sep="\n")
