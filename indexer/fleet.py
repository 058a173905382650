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

from indexer.fleet_cars import Car, day, plate_for, production_day, vin_for
from indexer.fleet_content import load_content, point_versions, recall_applies, with_remedy_versions
from indexer.fleet_history import install_history
from portal.vehicles.vin import check_digit
from portal.versions import version_key

__all__ = ["Car", "load_content", "recall_applies", "generate_demo_fleet", "write_demo_fleet",
           "VEHICLE_FIELDS", "INSTALL_FIELDS", "SHOWCASE_VIN"]

VEHICLE_FIELDS = ("vin", "make", "model", "model_year", "market", "production_date")
INSTALL_FIELDS = ("vin", "version", "installed_at")
SHOWCASE_VIN = "5YJ3E1EA2KF317000"  # a 2019 Model 3, remedied for 23V838000
SHOWCASE_RECALL = "23V838000"

FILL_WEIGHTS = {("tesla", "US"): 40, ("tesla", "CN"): 15, ("ford", "US"): 10, ("toyota", "US"): 10,
                ("rivian", "US"): 8}
OTHER_WEIGHT = 2
REMEDY_LAG = timedelta(days=120)
FIRST_YEAR, DEFAULT_YEARS = 2012, range(2018, 2025)  # synthetic cars only; real years win


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
        start, end = day(production.get("from")), day(production.get("to"))
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
                if plate_for(recall["make"], recall["market"], entry["model"], year) is None:
                    continue  # no VIN pattern of this model for that year
                production = production_day(self.rng, year, recall)
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
            filed = day(recall.get("report_date")) or released[1]
            floor = filed if timedelta(0) < filed - released[1] <= REMEDY_LAG else released[1]
            install_history(self.rng, car, versions, must=(released[0], floor))
        elif status == "open" and not (recall or {}).get("remedied_by"):
            install_history(self.rng, car, versions, until=day(recall.get("report_date")) or car.production)
        else:
            install_history(self.rng, car, versions, below=remedy if remedy and status else None)
        car.vin = vin or vin_for(self.rng, car, self.taken)
        self.taken.add(car.vin)
        self.cars.append(car)
        if recall is not None:
            # Without a stated remedy version the portal cannot tell remedied from open: it shows "unknown".
            shown = status if status == "remedy_not_available" or recall.get("stated_versions") else "unknown"
            self.showcase.append((car.vin, recall["id"], shown))

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
    car = Car("tesla", "model-3", 2019, "US", production_day(plan.rng, 2019) or date(2019, 6, 1))
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
    catalogue = {k: {y for y in years if plate_for(*k, y)} for k, years in catalogue.items()}
    slots = sorted(k for k, years in catalogue.items() if years)
    if not slots:
        return
    per_make: dict[tuple[str, str], int] = {}
    for make, market, _ in slots:
        per_make[(make, market)] = per_make.get((make, market), 0) + 1
    weights = [FILL_WEIGHTS.get((m, k), OTHER_WEIGHT) / per_make[(m, k)] for m, k, _ in slots]
    while len(plan.cars) < count:
        make, market, model = plan.rng.choices(slots, weights)[0]
        year = plan.rng.choice(sorted(catalogue[(make, market, model)]))
        production = production_day(plan.rng, year)
        if production <= plan.horizon:
            plan.add(Car(make, model, year, market, production))


def _build(content_dir: Path, count: int, seed: int) -> _Plan:
    releases, recalls = load_content(Path(content_dir))
    dates = [day(r.get("date")) for r in releases] + [day(r.get("report_date")) for r in recalls]
    horizon = max((d for d in dates if d), default=date(2024, 1, 1))
    plan = _Plan(releases, with_remedy_versions(recalls, releases), random.Random(seed), horizon)
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
