"""Version order is numeric, ranges include and exclude what they say."""

import pytest

from portal.versions import VersionError, VersionRange, family_of, version_key, versions_in_text


@pytest.mark.parametrize(
    "lower, higher",
    [
        ("2023.44.30.9", "2023.44.30.14"),
        ("2023.44", "2023.44.0"),
        ("2023.44.30", "2023.44.30.1"),
        ("2022.45.15", "2023.2"),
        ("1.9.9", "1.10.0"),
    ],
)
def test_version_key_orders_numerically(lower, higher):
    assert version_key(lower) < version_key(higher)


@pytest.mark.parametrize("bad", ["", "2023.44a", "v2023.44", "2023..44", ".1"])
def test_version_key_rejects_non_versions(bad):
    with pytest.raises(VersionError):
        version_key(bad)


@pytest.mark.parametrize(
    "range_text, version, inside",
    [
        ("<2023.44.30.14", "2023.44.30.9", True),
        ("<2023.44.30.14", "2023.44.30.14", False),
        (">=2021.36,<2023.44.30", "2021.36", True),
        (">=2021.36,<2023.44.30", "2021.32.5", False),
        ("<=2023.38.4", "2023.38.4", True),
        (">2023.38.4", "2023.38.4", False),
    ],
)
def test_range_contains(range_text, version, inside):
    assert VersionRange.parse(range_text).contains(version) is inside


@pytest.mark.parametrize("text", ["", "2023.44", "~2023.44", ">=x"])
def test_range_rejects_malformed(text):
    with pytest.raises(VersionError):
        VersionRange.parse(text)


def test_range_round_trips():
    assert str(VersionRange.parse(" >=2021.36 , <2023.44.30 ")) == ">=2021.36,<2023.44.30"


def test_family_and_versions_in_text():
    assert family_of("2023.44.30.14") == "2023.44"
    assert versions_in_text("remedy in 2023.44.30.14 or later; see 2023.44.30.14.") == ["2023.44.30.14"]
