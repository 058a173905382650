"""Status rests on stated remedy versions only: lines, branches, models, the owner's version, affected ranges."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from portal.recalls.remedies import StatedRemedy
from portal.vehicles.applicability import Install
from portal.vehicles.status import recall_status
from portal.versions import SoftwareVersion, VersionRange, version_key


def recall(remedy_type="ota", available=True, filed=date(2023, 12, 12)):
    return SimpleNamespace(remedy_type=remedy_type, remedy_available=available, report_date=filed)


def stated(version, line=None, match="or_later", models=()):
    return StatedRemedy(version, version_key(version), line, tuple(models), match, "high", "A source",
                        "https://example.org/source", None, "", "")


def install(version, day):
    return Install(version, version_key(version), day)


def test_fleet_install_at_or_after_a_stated_version_is_remedied_with_its_date():
    installs = [install("2023.38.6", date(2023, 10, 2)), install("2023.44.30.14", date(2024, 1, 20))]
    status = recall_status(recall(), [stated("2023.44.30")], True, installs)
    assert (status.status, status.remedy_version, status.remedied_at) == ("remedied", "2023.44.30.14", date(2024, 1, 20))


def test_without_a_stated_version_nothing_is_remedied_whatever_was_installed():
    installs = [install("2024.2.7", date(2024, 3, 1))]
    status = recall_status(recall(), [], True, installs)
    assert (status.status, status.reason) == ("unknown", "remedy_version_unknown")
    # and without any install since the recall either: the fix may predate the filing
    assert recall_status(recall(), [], True, []).status == "unknown"


def test_branch_version_counts_only_on_its_own_branch():
    entries = [stated("2021.43.101.1", match="branch"), stated("2022.4.5")]
    assert recall_status(recall(), entries, True, [install("2021.43.101.3", date(2022, 2, 1))]).status == "remedied"
    assert recall_status(recall(), entries, True, [install("2021.44.30", date(2022, 2, 1))]).status == "open"
    assert recall_status(recall(), entries, True, [install("2022.4.5", date(2022, 2, 9))]).status == "remedied"


@pytest.mark.parametrize("typed, expected", [
    (SoftwareVersion("3.5.6", "aspen"), "remedied"),
    (SoftwareVersion("3.5.5", "aspen"), "open"),
    (SoftwareVersion("2.1.0", "alder"), "remedied"),
    (SoftwareVersion("2.0.9", "alder"), "open"),
    (SoftwareVersion("3.5.6"), "unknown"),  # the line decides: without it no comparison is honest
])
def test_both_software_lines_of_a_recall_decide(typed, expected):
    entries = [stated("3.5.6", "aspen"), stated("2.1.0", "alder")]
    status = recall_status(recall(), entries, False, [], owner=typed)
    assert status.status == expected
    assert status.reason == ("owner_version" if expected != "unknown" else "software_line_unknown")


def test_owner_version_outside_a_stated_affected_range_is_not_affected():
    ranges = [VersionRange.parse(">=2021.44,<=2021.44.30.6")]
    entry = [stated("2021.44.30.7")]
    assert recall_status(recall(), entry, False, [], SoftwareVersion("2021.40.1"), ranges).status == "not_affected"
    assert recall_status(recall(), entry, False, [], SoftwareVersion("2021.44.30.2"), ranges).status == "open"
    assert recall_status(recall(), entry, False, [], SoftwareVersion("2022.4.5"), ranges).status == "remedied"


def test_owner_version_cannot_decide_dealer_repairs_or_unstated_remedies():
    owner = SoftwareVersion("2024.2.7")
    assert recall_status(recall("dealer"), [stated("2020.48.48.12")], False, [], owner).reason == "dealer_repair_not_visible"
    assert recall_status(recall(), [], False, [], owner).reason == "remedy_version_unknown"
    assert recall_status(recall(available=False), [stated("2024.2")], False, [], owner).status == "remedy_not_available"


def test_model_specific_versions_only_apply_to_their_models():
    entries = [stated("2023.44.30.9", models=["model-3"]), stated("2023.44.9.1", models=["cybertruck"])]
    for_model_3 = [e for e in entries if e.for_model("model-3")]
    status = recall_status(recall(), for_model_3, False, [], SoftwareVersion("2023.44.10"))
    assert (status.status, status.required_version) == ("open", "2023.44.30.9")


def test_the_version_named_as_required_is_open_ended_and_on_the_cars_line():
    entries = [stated("2021.43.101.1", match="branch"), stated("2022.4.5")]
    assert recall_status(recall(), entries, True, [install("2021.44.30", date(2022, 2, 1))]).required_version == "2022.4.5"
    nio = [stated("3.5.6", "aspen"), stated("2.1.0", "alder")]
    status = recall_status(recall(), nio, False, [], owner=SoftwareVersion("2.0.1", "alder"))
    assert (status.status, status.required_version) == ("open", "2.1.0")
