"""VIN normalising, validation, decoding and messages, against real vPIC decoder outputs."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest

from portal.vehicles import (
    ERROR_CODES,
    check_digit,
    decode_vin,
    error_message,
    normalise_vin,
    validate_vin,
)
from portal.vehicles.decode import make_slug_for, model_year
from portal.vehicles.wmi import lookup_wmi, project_table

VECTORS = Path(__file__).parent / "data" / "vin_vectors"
TODAY = date(2026, 11, 22)


def _vpic_md(text: str) -> dict[str, tuple[str, int]]:
    """VIN -> (make, model year) from the "Variable : Value" / "Variable Value" dumps."""
    found = {}
    blocks = re.split(r"^Vin\s*:?\s*(?=[A-Z0-9]{17}\s*$)", text, flags=re.M)[1:]
    for block in blocks:
        make = re.search(r"^Make\s*:?\s*(.+?)\s*$", block, re.M).group(1)
        year = re.search(r"^Model Year\s*:?\s*(\d{4})", block, re.M).group(1)
        found[block[:17]] = (make, int(year))
    return found


def _vpic_fragment(text: str) -> dict[str, tuple[str, int]]:
    """The JSON-fragment dump: ``"Value": X`` lines precede their ``"Variable"``."""
    vin = re.search(r'"SearchCriteria": "VIN:([A-Z0-9]{17})"', text).group(1)
    pairs = dict((var, val) for val, var in re.findall(r'"Value": "([^"]*)",\s*"Variable": "([^"]+)"', text))
    return {vin: (pairs["Make"], int(pairs["Model Year"]))}


def _vpic_json(path: Path) -> dict[str, tuple[str, int | None]]:
    data = json.loads(path.read_text(encoding="utf-8"))
    values = {row["Variable"]: row["Value"] for row in data["Results"]}
    year = values.get("Model Year")
    return {data["SearchCriteria"].split(":", 1)[1]: (values["Make"], int(year) if year else None)}


def vpic_vectors() -> dict[str, tuple[str, int | None]]:
    vectors: dict[str, tuple[str, int | None]] = {}
    for path in sorted(VECTORS.iterdir()):
        if path.suffix == ".json":
            vectors.update(_vpic_json(path))
        elif path.name.startswith("sampleData"):
            text = path.read_text(encoding="utf-8")
            vectors.update(_vpic_fragment(text) if '"SearchCriteria"' in text else _vpic_md(text))
    return vectors


VPIC = vpic_vectors()
# The one vector whose year the 30-year cycle leaves open without the maker's
# own VDS table: a motorcycle (no position-7 rule) whose code N is 1992 or 2022.
CYCLE_AMBIGUOUS = {"1HD4CEM15NY113197"}


def test_all_thirteen_vectors_were_read():
    assert len(VPIC) == 13
    assert VPIC["5YJSA1H12FFP71790"] == ("TESLA", 2015)


@pytest.mark.parametrize("vin", sorted(VPIC))
def test_decoder_agrees_with_vpic(vin):
    make, year = VPIC[vin]
    decoded = decode_vin(vin, today=TODAY)
    if decoded.attribute("make"):  # decoded by vPIC itself: its make exactly
        assert decoded.attribute("make").replace("-", " ") == make and decoded.attributes["make"]["source"] == "vpic"
    else:
        assert make.split()[0].lower() in decoded.manufacturer.lower().replace("-", " ")
    if vin in CYCLE_AMBIGUOUS:
        assert year in decoded.model_year_candidates
    else:
        assert decoded.model_year == year


@pytest.mark.parametrize("vin", sorted(VPIC))
def test_check_digit_matches_vpic_error_codes(vin):
    bad = vin == "3VW3564650M388202"  # vPIC error code 1: check digit wrong
    assert (check_digit(vin) != vin[8]) is bad
    assert decode_vin(vin, today=TODAY).check_digit_valid is not bad


@pytest.mark.parametrize(
    "vin, make, model, year, plant",
    [
        # vPIC decodes the plant of every WMI it knows; the portal's Tesla table only the ones it lacks.
        ("5YJSA1H12FFP71790", "tesla", "model-s", 2015, "Fremont, United States (USA)"),
        ("5YJSA1CP4CFP02607", "tesla", "model-s", 2012, "Fremont, United States (USA)"),
        ("5YJ3E1EA2KF317000", "tesla", "model-3", 2019, "Fremont, United States (USA)"),
        ("LRW3E7EK8NC000123", "tesla", "model-3", 2022, "Shanghai, China"),
        ("7SAYGDEEXPF000001", "tesla", "model-y", 2023, "Fremont, United States (USA)"),
        ("XP7YGCEK5PB000001", "tesla", "model-y", 2023, "Berlin-Brandenburg, Germany"),
        # vPIC decodes the model the brand letter alone could not (vector: 2013 Chrysler 200 Touring).
        ("1C3CCBBB6DN695936", "chrysler", "200", 2013, "Sterling Heights, United States (USA)"),
        ("3VWD07AJ5EM388202", "volkswagen", "jetta", 2014, "Puebla, Mexico"),  # vPIC: 2014 Jetta, Puebla
        ("7FCTGAAA8NN000001", "rivian", "r1t", 2022, "Normal, United States (USA)"),
        ("LGXCE4CB7R0000001", "byd", None, 2024, None),
        ("1FTFW1E84MF000001", "ford", "f-150", 2021, "Dearborn, United States (USA)"),
        ("1M2B112C3EA002650", None, None, 2014, "Allentown, United States (USA)"),  # Mack truck: not a covered make
    ],
)
def test_decode_covered_makes(vin, make, model, year, plant):
    decoded = decode_vin(vin, today=TODAY)
    assert (decoded.make_slug, decoded.model_slug, decoded.model_year, decoded.plant_name) == (
        make, model, year, plant)
    assert decoded.serial == vin[11:] and decoded.wmi == vin[:3]


def test_tesla_example_vin_has_a_valid_check_digit():
    assert check_digit("5YJ3E1EA2KF317000") == "2"
    assert validate_vin("5YJ3E1EA2KF317000").decodable


@pytest.mark.parametrize(
    "raw, vin, ok, code, details, warnings",
    [
        ("5YJ3E1EA2KF317000", "5YJ3E1EA2KF317000", True, None, {}, []),
        ("5yj-3e1 ea2 kf317000", "5YJ3E1EA2KF317000", True, None, {}, []),
        (" 5YJ.3E1.EA2.KF3.17000 ", "5YJ3E1EA2KF317000", True, None, {}, []),
        ("５ＹＪ３Ｅ１ＥＡ２ＫＦ３１７０００", "5YJ3E1EA2KF317000", True, None, {}, []),
        ("5YJ3E1EA2KF31700", "5YJ3E1EA2KF31700", False, "invalid_length", {"expected": 17, "actual": 16}, []),
        ("", "", False, "invalid_length", {"expected": 17, "actual": 0}, []),
        ("5YJ3E1EA2KF3170000", "5YJ3E1EA2KF3170000", False, "invalid_length", {"expected": 17, "actual": 18}, []),
        ("5YJ3E1EA2KF31700O", "5YJ3E1EA2KF31700O", False, "invalid_characters",
         {"position": 17, "character": "O", "suggestion": "0"}, []),
        ("5YJ3E1EA2KF3170_0", "5YJ3E1EA2KF3170_0", False, "invalid_characters",
         {"position": 16, "character": "_"}, []),
        ("3VW3564650M388202", "3VW3564650M388202", False, "check_digit_mismatch",
         {"expected": "6", "actual": "5", "position": 9}, []),
        ("LRW3E7EK1NC000123", "LRW3E7EK1NC000123", False, "check_digit_mismatch",
         {"expected": "8", "actual": "1", "position": 9}, []),
        ("7SAYGDEE1PF000001", "7SAYGDEE1PF000001", False, "check_digit_mismatch",
         {"expected": "X", "actual": "1", "position": 9}, []),
        # Europe: the check digit is advisory, so the VIN stays usable.
        ("WP0ZZZ991TS000001", "WP0ZZZ991TS000001", True, None, {}, ["check_digit_mismatch"]),
        ("ZZ93E1EA1KF317000", "ZZ93E1EA1KF317000", True, "unknown_manufacturer", {"wmi": "ZZ9"}, []),
    ],
)
def test_validate_vin(raw, vin, ok, code, details, warnings):
    check = validate_vin(raw)
    assert (check.vin, check.ok, check.warnings) == (vin, ok, warnings)
    assert (check.error.code if check.error else None) == code
    assert (check.error.details if check.error else {}) == details
    assert check.decodable is (ok and code is None)


def test_unknown_manufacturer_is_not_fatal_and_still_decodes_the_year():
    check = validate_vin("ZZ93E1EA1KF317000")
    assert check.ok and not check.error.fatal
    decoded = decode_vin(check.vin, today=TODAY)
    assert decoded.manufacturer is None and decoded.make_slug is None and decoded.model_year == 2019


@pytest.mark.parametrize("raw", ["5YJ 3E1EA2-KF317000", "5yj3e1ea2kf317000", "5YJ3E1EA2KF317000\t"])
def test_normalise_is_idempotent(raw):
    assert normalise_vin(raw) == normalise_vin(normalise_vin(raw)) == "5YJ3E1EA2KF317000"


@pytest.mark.parametrize("bad", ["5YJ3E1EA2KF31700", "5YJ3E1EA2KF31700O"])
def test_check_digit_rejects_what_is_not_a_vin(bad):
    with pytest.raises(ValueError):
        check_digit(bad)


@pytest.mark.parametrize(
    "vin, light, year",
    [
        ("1HD1GP4558K319097", False, 2008),  # motorcycle: newest year up to next year
        ("JH4KA2650HC000268", True, 1987),  # numeric position 7: 1980-2009
        ("JF1GPAD60D1803590", True, 2013),  # letter in position 7: 2010-2039
        ("1FV3GFBC0YHA74039", False, 2000),  # 2030 would be in the future
        ("LRW3E7EK8NC000123", True, 2022),  # China: no position-7 rule
        ("3VW3564650M388202", True, None),  # 0 is not a year code
    ],
)
def test_model_year(vin, light, year):
    assert model_year(vin, light, TODAY) == year


@pytest.mark.parametrize(
    "name, slug",
    [
        ("Tesla China", "tesla"), ("Changan Ford", "ford"), ("GAC Toyota", "toyota"),
        ("FAW-Volkswagen, China", "volkswagen"), ("BYD Auto, China", "byd"), ("Land Rover", "land-rover"),
        ("Hyundai, Kia", None), ("JLR Jaguar Land Rover", None), ("Volvo Trucks", None),
        ("Rover", None), ("DaimlerChrysler", None), ("GAC Trumpchi", "trumpchi"), (None, None),
    ],
)
def test_make_slug_for(name, slug):
    assert make_slug_for(name) == slug


@pytest.mark.parametrize(
    "wmi, manufacturer, source",
    [
        ("5YJ", "Tesla", "vininfo"),
        ("7FC", "Rivian", "nhtsa-vpic"),
        ("LPS", "Polestar", "nhtsa-vpic"),
        ("50E", "Lucid", "nhtsa-vpic"),
        ("KND", "Hyundai, Kia", "wal33d-github opencars"),  # a name with a comma survives
        ("1FM", "Ford Motor Company", "wal33d-wiki wal33d-github opencars"),
    ],
)
def test_lookup_wmi(wmi, manufacturer, source):
    found = lookup_wmi(wmi)
    assert (found.manufacturer, found.source) == (manufacturer, source)


def test_project_table_holds_only_well_formed_prefixes():
    table = project_table()
    assert len(table) > 900
    assert all(re.fullmatch(r"[A-HJ-NPR-Z0-9]{2,3}", wmi) for wmi in table)
    # opencars ranges and lists were expanded into single WMIs.
    assert all("opencars" in table[wmi].source for wmi in ("JF1", "JF2", "JF3", "WDC", "WDD", "WMX"))


@pytest.mark.parametrize("code", ERROR_CODES)
@pytest.mark.parametrize("lang, where", [("en", "windscreen"), ("zh", "前挡风玻璃左下角")])
def test_every_code_has_a_message_saying_where_the_vin_is(code, lang, where):
    text = error_message(code, lang, expected="8", actual="1", position=9, character="O", wmi="ZZ9")
    assert where in text and "{" not in text and "?" not in text


@pytest.mark.parametrize(
    "lang, needle",
    [("en", "Did you mean \u201c0\u201d"), ("zh", "第 17 位"), ("fr", "Character 17")],
)
def test_message_uses_details(lang, needle):
    check = validate_vin("5YJ3E1EA2KF31700O")
    assert needle in error_message(check.error.code, lang, **check.error.details)


def test_message_for_unknown_code_fails_loudly():
    with pytest.raises(KeyError):
        error_message("no_such_code", "en")
