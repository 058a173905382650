"""Models and model years read from NHTSA's own summaries: real phrasings, then every shipped campaign."""

from __future__ import annotations

import re
from functools import cache
from pathlib import Path

import pytest
import yaml

from indexer.frontmatter import read
from indexer.importers.nhtsa_models import ALIASES
from indexer.importers.nhtsa_notice import Vocabulary, _spellings, named_vehicles

REPO = Path(__file__).resolve().parent.parent
SHIPPED = sorted((REPO / "content" / "recalls" / "nhtsa").glob("*.md"))
MAKES = {entry["slug"]: entry["en"] for entry in yaml.safe_load((REPO / "content" / "makes.yaml").read_text("utf-8"))}


def _read(summary: str, make: str, listed: dict | None = None) -> dict[tuple[str, str], set[int]]:
    found = named_vehicles(summary, make, Vocabulary(MAKES, listed or {}))
    return {key: vehicle.years for key, vehicle in found.items()}


def _years(first: int, last: int) -> set[int]:
    return set(range(first, last + 1))


@pytest.mark.parametrize(
    "campaign, make, summary, expected",
    [
        # One model, a range.
        ("21V653000", "ford", "Ford Motor Company (Ford) is recalling certain 2021 F-150 Super Cab vehicles.  The front seatbelt webbing may be incorrectly routed.",
         {("ford", "f-150"): {2021}}),
        # Two models with their own ranges, the make written before the first.
        ("21V035000", "tesla", "Tesla, Inc. (Tesla) is recalling certain 2012-2018 Tesla Model S and 2016-2018 Model X vehicles with a center display equipped with a NVIDIA Tegra 3 processor.",
         {("tesla", "model-s"): _years(2012, 2018), ("tesla", "model-x"): _years(2016, 2018)}),
        # Four models ("Model 3, Model S and 2 more"), ", and" before the last.
        ("23V838000", "tesla", "Tesla, Inc. (Tesla) is recalling 2012-2023 Model S, 2016-2023 Model X, 2017-2023 Model 3, and 2020-2023 Model Y vehicles equipped with all versions of Autosteer.",
         {("tesla", "model-s"): _years(2012, 2023), ("tesla", "model-x"): _years(2016, 2023),
          ("tesla", "model-3"): _years(2017, 2023), ("tesla", "model-y"): _years(2020, 2023)}),
        # Year lists: "2013, 2018-2021" and "2020-2021, 2023".
        ("24V153000", "tesla", "Tesla, Inc. (Tesla) is recalling certain 2013, 2018-2021 Model S, 2020-2021 Model X, 2018-2022 Model 3, and 2020-2022 Model Y vehicles.  A factory reset muted the Pedestrian Warning System (PWS) sounds.",
         {("tesla", "model-s"): {2013, 2018, 2019, 2020, 2021}, ("tesla", "model-x"): {2020, 2021},
          ("tesla", "model-3"): _years(2018, 2022), ("tesla", "model-y"): _years(2020, 2022)}),
        ("21V834000", "tesla", "Tesla, Inc. (Tesla) is recalling certain 2020-2021, 2023 Model 3 vehicles.  The left and/or right side curtain air bag may have been improperly secured.",
         {("tesla", "model-3"): {2020, 2021, 2023}}),
        ("20V557000", "jaguar", "Jaguar Land Rover North America, LLC (Jaguar) is recalling certain 2010-2011 and 2017 XJ vehicles.  The Restraint Control Module (RCM) software may cause the frontal air bags to deploy improperly.",
         {("jaguar", "xj"): {2010, 2011, 2017}}),
        # "Model S and X": the second model written as its letter only.
        ("23V862000", "tesla", "Tesla, Inc. (Tesla) is recalling certain 2021-2023 Model S and X vehicles.  The cabin doors can be unlocked during a crash.",
         {("tesla", "model-s"): _years(2021, 2023), ("tesla", "model-x"): _years(2021, 2023)}),
        # A year group carries on over a list; models with digits and spaces.
        ("25V896000", "porsche", "Porsche Cars North America, Inc. (Porsche) is recalling certain 2019-2025 Cayenne, Cayenne E-Hybrid, 2020-2025 911, Taycan, 2024-2025 Panamera, and 2025 Panamera E-Hybrid vehicles. The rearview camera image may not display.",
         {("porsche", "cayenne"): _years(2019, 2025), ("porsche", "cayenne-e-hybrid"): _years(2019, 2025),
          ("porsche", "911"): _years(2020, 2025), ("porsche", "taycan"): _years(2020, 2025),
          ("porsche", "panamera"): {2024, 2025}, ("porsche", "panamera-e-hybrid"): {2025}}),
        # Make names switch the make; "Grand Cherokee L" is not a "Grand Cherokee".
        ("24V720000", "jeep", "Chrysler (FCA US, LLC) is recalling certain 2020-2024 Jeep Wrangler and 2022-2024 Jeep Grand Cherokee vehicles.  The high voltage battery may fail internally.",
         {("jeep", "wrangler"): _years(2020, 2024), ("jeep", "grand-cherokee"): _years(2022, 2024)}),
        ("24V436000", "dodge", "Chrysler (FCA US, LLC) is recalling certain 2021-2022 Dodge Durango, 2021-2023 Chrysler Pacifica, Jeep Grand Cherokee L, 2022 Ram 1500, 2500, 3500, Chrysler Voyager, 2022-2023 Jeep Compass, Grand Cherokee, Wagoneer, Grand Wagoneer, and Ram Promaster vehicles.  The radio software may prevent the rearview image from displaying.",
         {("dodge", "durango"): {2021, 2022}, ("chrysler", "pacifica"): _years(2021, 2023),
          ("jeep", "grand-cherokee-l"): _years(2021, 2023), ("ram", "1500"): {2022}, ("ram", "2500"): {2022},
          ("ram", "3500"): {2022}, ("chrysler", "voyager"): {2022}, ("jeep", "compass"): {2022, 2023},
          ("jeep", "grand-cherokee"): {2022, 2023}, ("jeep", "wagoneer"): {2022, 2023},
          ("jeep", "grand-wagoneer"): {2022, 2023}, ("ram", "promaster"): {2022, 2023}}),
        # Makes the portal does not hold (Lexus) are skipped, never credited to Toyota; "RAV4 HV" is the RAV4 Hybrid.
        ("19V544000", "toyota", "Toyota Motor Engineering & Manufacturing (Toyota) is recalling certain 2019 Lexus LS500, LC500, ES300h, UX250h, LS500h, Toyota Prius, RAV4 HV, 2019-2020 Toyota Prius Prime, and 2020 Corolla HV vehicles.",
         {("toyota", "prius"): {2019}, ("toyota", "rav4-hybrid"): {2019}, ("toyota", "prius-prime"): {2019, 2020},
          ("toyota", "corolla-hybrid"): {2020}}),
        # Production dates are not model years; the model year carries over the list.
        ("15V436000", "ford", "Ford Motor Company (Ford) is recalling certain model year 2015 Ford Escape vehicles manufactured April 1, 2014, to June 12, 2015, Ford Focus vehicles manufactured June 17, 2014, to June 12, 2015, and Ford C-Max vehicles manufactured April 22, 2014, to June 12, 2015.",
         {("ford", "escape"): {2015}, ("ford", "focus"): {2015}, ("ford", "c-max"): {2015}}),
        # Upper-case records, "MODEL YEAR"; trims after the model are the model.
        ("12V065000", "porsche", "PORSCHE IS RECALLING CERTAIN MODEL YEAR 2011-2012 CAYENNE, CAYENNE S, CAYENNE S HYBRID, AND CAYENNE TURBO VEHICLES MANUFACTURED FROM MARCH 8, 2010, THROUGH JANUARY 31, 2012 BECAUSE THE HEADLAMPS MAY COME LOOSE.",
         {("porsche", "cayenne"): {2011, 2012}}),
        ("08V076000", "porsche", "PORSCHE IS RECALLING 5,573 MY 2008 CAYENNE V6 VEHICLES.  A FUEL LINE IN THE PLENUM PANEL AREA MAY CONTACT THE REAR ENGINE COMPARTMENT COVER.",
         {("porsche", "cayenne"): {2008}}),
        # A hybrid spelled HEV/PHEV is the model the rows call "Hybrid" / "Plug-In Hybrid", not the base model.
        ("21V00K000", "hyundai", "Hyundai Motor America (Hyundai) is recalling certain 2022 Santa Fe HEV and Santa Fe PHEV vehicles.",
         {("hyundai", "santa-fe-hybrid"): {2022}, ("hyundai", "santa-fe-plug-in-hybrid"): {2022}}),
        # "Mach-E" is the Mustang Mach-E; "Lincoln" models are not Ford's; Super Duty trucks by their names.
        ("25V315000", "ford", "Ford Motor Company (Ford) is recalling certain 2021-2024 Bronco, F-150, 2021-2024 Edge, 2022-2025 Escape, F-250, 2021-2023 Mach-E, 2024 Ranger, Mustang, 2021-2023 Lincoln Nautilus, 2022-2024 Navigator, and 2023-2024 Corsair vehicles.",
         {("ford", "bronco"): _years(2021, 2024), ("ford", "f-150"): _years(2021, 2024), ("ford", "edge"): _years(2021, 2024),
          ("ford", "escape"): _years(2022, 2025), ("ford", "f-250"): _years(2022, 2025),
          ("ford", "mustang-mach-e"): _years(2021, 2023), ("ford", "ranger"): {2024}, ("ford", "mustang"): {2024},
          # Lincoln is Ford's brand: its models are Ford's, with or without the brand before them.
          ("ford", "lincoln-nautilus"): _years(2021, 2023), ("ford", "lincoln-navigator"): _years(2022, 2024),
          ("ford", "lincoln-corsair"): {2023, 2024}}),
        # A model named without a year is not added; nothing is read from sentences after the list.
        ("22V263000", "tesla", "Tesla, Inc. (Tesla) is recalling certain 2018-2022 Model 3 Performance vehicles.  The unit of speed (mph or km/h) may fail to display on the speedometer while in Track Mode.",
         {("tesla", "model-3"): _years(2018, 2022)}),
        ("09E012000", "porsche", "SABERSPORT IS RECALLING 16,270 COMBINATION CORNER AND BUMPER LAMP ASSEMBLIES OF VARIOUS PART NUMBERS SOLD FOR USE AS AFTERMARKET EQUIPMENT FOR VARIOUS PASSENGER VEHICLES.",
         {}),
    ],
)
def test_real_summaries(campaign, make, summary, expected):
    assert _read(summary, make) == expected, campaign


def test_dashes_and_through_in_year_ranges():
    # The shipped summaries write hyphens; NHTSA's site and newer records also use en dashes and "through".
    assert _read("Ford is recalling certain 2019\u20132021 Ford Ranger and model years 2020 through 2022 Transit Connect vehicles.", "ford") == {
        ("ford", "ranger"): {2019, 2020, 2021}, ("ford", "transit-connect"): {2020, 2021, 2022}}
    assert _read("Toyota is recalling certain 2023 - 2024 bZ4X vehicles.", "toyota") == {("toyota", "bz4x"): {2023, 2024}}


def test_the_campaigns_own_rows_name_its_models():
    # "Cayenne GTS" is a model only because this campaign's rows list it under that name.
    summary = "Porsche is recalling certain 2021 Cayenne Turbo, Cayenne GTS, and Cayenne GTS Coupe vehicles."
    assert _read(summary, "porsche", {("porsche", "cayenne-gts"): "Cayenne GTS"}) == {
        ("porsche", "cayenne"): {2021}, ("porsche", "cayenne-gts"): {2021}}


# ---- every shipped campaign ---------------------------------------------------------------

@cache
def _meta(path: Path) -> dict:
    return read(path).meta


def _cells(meta: dict, basis: str) -> set[tuple[str, str, int | None]]:
    return {(entry.get("make") or meta["make"], entry["model"], year)
            for entry in meta["vehicles"] if entry.get("basis", "listed") == basis
            for year in (entry["years"] if entry["years"] is not None else [None])}


def _stated_years(summary: str) -> set[int]:
    """Every model year the text writes: single years and the years inside written ranges."""
    text = summary.replace("\u2013", "-").replace("\u2014", "-")
    years = {int(y) for y in re.findall(r"\b((?:19|20)\d\d)\b", text)}
    for first, last in re.findall(r"\b((?:19|20)\d\d)\s*(?:-|through|to)\s*((?:19|20)?\d\d)\b", text):
        end = int(last) if len(last) == 4 else int(first) // 100 * 100 + int(last)
        years |= set(range(int(first), end + 1))
    return years


def _name_written(name: str, make: str, summary: str) -> bool:
    """The model's name, one of its spellings, or each of its words ("Model S and X"), is in the text."""
    words = set(re.findall(r"[a-z0-9][a-z0-9.\-]*[a-z0-9]|[a-z0-9]", summary.lower()))
    spellings = _spellings(name) + [written for written, canonical in ALIASES.get(make, {}).items() if canonical == name]
    return any(all(part in words for part in spelling.lower().split()) for spelling in spellings)


def test_every_shipped_campaign_keeps_its_rows_and_adds_only_what_its_text_states():
    assert len(SHIPPED) == 712
    grown = 0
    for path in SHIPPED:
        meta = _meta(path)
        listed, noticed = _cells(meta, "listed"), _cells(meta, "notice_text")
        assert listed, path.name  # the authority's rows are all still there
        assert not listed & noticed, path.name  # one basis per (make, model, year)
        if not noticed:
            continue
        grown += 1
        assert meta["recall_type"] == "vehicle", path.name
        summary = meta["text"]["en"]["summary"]
        stated = _stated_years(summary)
        for entry in (e for e in meta["vehicles"] if e.get("basis") == "notice_text"):
            assert entry["years"] and set(entry["years"]) <= stated, (path.name, entry)
            assert _name_written(entry["name"], entry.get("make") or meta["make"], summary), (path.name, entry)
    assert grown >= 200


@pytest.mark.parametrize(
    "campaign, model, years",
    [
        ("23V838000", "model-s", [2012, 2013, 2014]),
        ("21V035000", "model-s", [2012, 2013, 2014]),
        ("25V896000", "taycan", [2020, 2021, 2022, 2023, 2024, 2025]),
        ("24V720000", "grand-cherokee", [2022, 2023, 2024]),
        ("24V720000", "wrangler", [2020, 2021, 2022, 2023]),
    ],
)
def test_shipped_examples_carry_their_notice_years(campaign, model, years):
    meta = _meta(REPO / "content" / "recalls" / "nhtsa" / f"{campaign}.md")
    entry = next(e for e in meta["vehicles"] if e["model"] == model and e.get("basis") == "notice_text")
    assert entry["years"] == years


def test_a_multi_make_campaign_names_each_models_make():
    meta = _meta(REPO / "content" / "recalls" / "nhtsa" / "24V436000.md")
    noticed = {(e.get("make") or meta["make"], e["model"]) for e in meta["vehicles"] if e.get("basis") == "notice_text"}
    assert len(noticed) == 12 and {("jeep", "grand-cherokee-l"), ("ram", "promaster"), ("chrysler", "voyager")} <= noticed


def test_equipment_campaigns_add_nothing_from_their_text():
    for path in SHIPPED:
        meta = _meta(path)
        if meta["id"][2] != "V":
            assert all(e.get("basis", "listed") == "listed" for e in meta["vehicles"]), path.name
