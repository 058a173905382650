"""Reading structure from NHTSA text and names: tables of real phrases from content/upstream."""

from __future__ import annotations

import pytest

from indexer.importers import nhtsa_classify as classify
from indexer.importers.nhtsa_formats import detect_format
from indexer.importers.nhtsa_names import component_title, model_name
from indexer.importers.nhtsa_zh import component_zh, years_zh
from portal.versions import VersionRange


@pytest.mark.parametrize(
    "remedy, flag, expected",
    [
        ("Tesla will release an over-the-air (OTA) software update, free of charge.", None, ("ota", classify.BASIS_OTA_TEXT)),
        ('Dealers will update the radio software or the software will be OTA, "Over-The-Air," free of charge.', True, ("ota+dealer", classify.BASIS_FLAG)),
        ("The EBB module software will be updated over-the-air (OTA) or by a dealer, free of charge.", None, ("ota+dealer", classify.BASIS_OTA_TEXT)),
        ("Dealers will update the ABS control module software, free of charge.", False, ("dealer", classify.BASIS_FLAG)),
        ("Dealers will update the ABS control module software, free of charge.", None, ("dealer", classify.BASIS_DEALER_TEXT)),
        ("Porsche will rework or replace and apply a protective film to the fuel pump flange.", None, ("dealer", classify.BASIS_NO_OTA_TEXT)),
        # "quota" must not read as OTA.
        ("Dealers will replace the module; parts are allocated by quota.", None, ("dealer", classify.BASIS_DEALER_TEXT)),
    ],
)
def test_remedy_type(remedy, flag, expected):
    assert classify.classify_remedy_type(remedy, flag) == expected


@pytest.mark.parametrize(
    "remedy, expected",
    [
        ("Tesla released an over-the-air (OTA) software update, release 2023.44.30.14, free of charge.", "2023.44.30.14"),
        ("Owners should ensure their vehicles are operating firmware release 2020.48.48.12 or newer.", "2020.48.48.12"),
        ("Vehicles with software prior to 2023.38.4 will receive an update.", None),
        ("Tesla will release an over-the-air (OTA) software update, free of charge.", None),
    ],
)
def test_remedy_version(remedy, expected):
    assert classify.remedy_version(remedy) == expected


@pytest.mark.parametrize(
    "summary, expected",
    [
        ("Tesla is recalling certain 2023 Model 3 and Model Y vehicles operating software prior to 2023.38.4.  The board may fail.", "<2023.38.4"),
        ("Tesla is recalling 2020-2021 Model Y vehicles operating software version 2021.36.5.2.  A communication error may occur.", ">=2021.36.5.2,<=2021.36.5.2"),
        # Three versions in one sentence do not fit one range: left for an editor.
        ("Tesla is recalling vehicles running a software release version 2023.44.30 through 2023.44.30.6 or 2023.44.100.", None),
        ("Ford is recalling certain 2021 F-150 vehicles.", None),
    ],
)
def test_affected_software(summary, expected):
    found = classify.affected_software(summary)
    assert found == expected
    if found:
        VersionRange.parse(found)  # the range must be one the portal can evaluate


@pytest.mark.parametrize(
    "remedy, available",
    [
        ("The remedy is currently under development. Interim letters, notifying owners of the safety risk, were mailed.", False),
        ("Interim letters were mailed January 22, 2025.  A second notice will be sent once the final remedy is available, anticipated March 2026.", False),
        ("Dealers will replace the fuel delivery module.  Interim notification letters (remedy not available) were mailed on September 30, 2021.  Owner notification letters were mailed November 2021.", True),
        # 19V859000: the second notice promised after the recall began was sent (a renotification).
        ("Ford issued owners and interim notification on January 29, 2020.  Recall began March 23, 2020.  A second notice will be sent once parts are available, expected to be late in the first quarter of 2020.  A renotification letter was sent on July 10, 2020.", True),
        # 17V368000: letters went out, then a second notice is promised for when the remedy exists.
        ("Owner notification letters were mailed January 12, 2018.  Owners will receive a second notice when the remedy is available.", False),
        # 21V176000: the recall began while the remedy itself is still being developed.
        ("The remedy is currently being developed.  All affected vehicles are still in dealer inventory, and therefore no owner letters will be mailed.  The recall began March 9, 2021.", False),
        # 20V476000: a dated "still not available", then the recall began.
        ("BMW issued owners an interim notification on October 12, 2020.  As of January 19, 2021, a remedy was still not available.  The recall began March 8, 2021.", True),
        # 22V253000: letters mailed; the parts date is background, not a pending notice.
        ("Owner notification letters were mailed July 28, 2022.  Remedy parts are expected to be available by the end of July, 2022.", True),
        # 21V635000: only interim letters, the remedy expected later.
        ("Interim owner notification letters were mailed October 7, 2021.  The remedy is expected to be available April 30, 2022.", False),
        ("If the replacement parts are not available, dealers will disable the existing block heater cable.", True),
        ("Dealers will replace the air bag, free of charge.  The recall began March 11, 2020.", True),
    ],
)
def test_remedy_available(remedy, available):
    assert classify.remedy_available(remedy) is available


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Owners are advised to park outside and away from structures until the recall repair is complete.", (False, True)),
        ("Owners are advised to park their vehicles outside and away from structures.", (False, True)),
        ("Owners are advised not to drive their vehicles until the repair is complete.", (True, False)),
        ("Note: Owners are advised to DO NOT DRIVE the vehicle until the vehicle has been inspected.", (True, False)),
        # Driving advice about a mode is not a do-not-drive advisory.
        ("Drivers are instructed to not drive in manual mode, sport mode.", (False, False)),
    ],
)
def test_park_flags(text, expected):
    assert classify.park_flags_from_text(text) == expected


@pytest.mark.parametrize(
    "raw, name",
    [
        ("RANGE ROVER SPORT", "Range Rover Sport"),
        ("F-150", "F-150"),
        ("Model 3", "Model 3"),
        ("X5", "X5"),
        ("330I", "330i"),
        ("M760LI", "M760Li"),
        ("F-PACE", "F-Pace"),
        ("ID.4", "ID.4"),
        ("SANTA FE PLUG-IN HYBRID", "Santa Fe Plug-In Hybrid"),
        ("MACAN GTS", "Macan GTS"),
        ("S60CC", "S60CC"),
        ("XE", "XE"),
    ],
)
def test_model_names(raw, name):
    assert model_name(raw) == name


@pytest.mark.parametrize(
    "component, en, zh",
    [
        ("ELECTRICAL SYSTEM:ADAS:AUTONOMOUS/SELF DRIVING:SOFTWARE", "Electrical system: autonomous/self driving software", "电气系统：高级驾驶辅助系统：自动驾驶：软件"),
        ("STEERING", "Steering", "转向系统"),
        ("FUEL SYSTEM, GASOLINE:DELIVERY:FUEL PUMP", "Fuel system, gasoline: fuel pump", "汽油燃料系统：供油：燃油泵"),
        ("", "Vehicle", "车辆"),
    ],
)
def test_component_titles(component, en, zh):
    assert (component_title(component), component_zh(component)) == (en, zh)


@pytest.mark.parametrize(
    "years, text",
    [([2017, 2018, 2019, 2021], "2017–2019、2021年款"), ([2020], "2020年款"), (None, "全部年款")],
)
def test_years_in_chinese(years, text):
    assert years_zh(years) == text


@pytest.mark.parametrize(
    "head, fmt",
    [
        ("CAMPNO\tMAKETXT\tMODELTXT\n", "flat"),
        ("123\t20V016000\tBMW\tX5\n", "flat"),
        ("nhtsa_campaign_number,make,model,model_year,component,summary,consequence,remedy,report_received_date\n", "vehicle_csv"),
        ("Manufacturer,NHTSACampaignNumber,parkIt,ReportReceivedDate,Remedy,ModelYear,Make,Model\n", "api_csv"),
        ('{"Count": 1, "results": []}', "api_json"),
        ('[{"campaign": "00V109000"}]', "record_list"),
        ("id,name\n1,x\n", "unknown"),
    ],
)
def test_format_detection(head, fmt):
    assert detect_format(head) == fmt
