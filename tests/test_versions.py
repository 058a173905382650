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


# --- Owners' versions per make, and software lines ---------------------------------------------

from portal.versions import SoftwareVersion, at_or_after, parse_owner_version  # noqa: E402


@pytest.mark.parametrize(
    "make, typed, version, line",
    [
        ("tesla", "2023.44.30.9", "2023.44.30.9", None),
        ("tesla", " v2024.2.7 ", "2024.2.7", None),
        ("tesla", "2024.20.3 a1b2c3d4e5", "2024.20.3", None),  # the screen may add a build hash
        ("tesla", "2022.8", "2022.8", None),
        ("rivian", "2023.30.00", "2023.30.00", None),
        ("nio", "Aspen 3.5.6", "3.5.6", "aspen"),
        ("nio", "alder 2.1.0", "2.1.0", "alder"),
        ("nio", "3.5.6", "3.5.6", None),
        ("xiaomi", "HyperOS 1.10.0", "1.10.0", None),
        ("xiaomi", "1.4.5", "1.4.5", None),
        ("ford", "3.2", "3.2", None),
        (None, "1.2.3", "1.2.3", None),
    ],
)
def test_owner_version_follows_the_makes_numbering(make, typed, version, line):
    assert parse_owner_version(make, typed) == SoftwareVersion(version, line)


@pytest.mark.parametrize(
    "make, typed",
    [
        ("tesla", ""), ("tesla", "2023"), ("tesla", "2023.60.1"), ("tesla", "1.10.0"), ("tesla", "2023.44.x"),
        ("tesla", "2023.44.30.9.1.2"), ("tesla", "<script>"), ("tesla", "2023.44.30.9" + "9" * 80),
        ("rivian", "2023.30"), ("nio", "Oak 3.5.6"), ("nio", "Aspen"), ("xiaomi", "HyperOS"), ("ford", "abc"),
    ],
)
def test_malformed_owner_versions_are_refused(make, typed):
    with pytest.raises(VersionError):
        parse_owner_version(make, typed)


@pytest.mark.parametrize(
    "installed, stated, expected",
    [
        (SoftwareVersion("2023.44.30.9"), SoftwareVersion("2023.44.30"), True),
        (SoftwareVersion("2023.44.30.9"), SoftwareVersion("2023.44.30.14"), False),
        (SoftwareVersion("2024.2.7"), SoftwareVersion("2023.44.30.14"), True),
        (SoftwareVersion("2.1.0", "alder"), SoftwareVersion("2.1.0", "alder"), True),
        (SoftwareVersion("2.1.0", "alder"), SoftwareVersion("3.5.6", "aspen"), None),  # other line: no comparison
        (SoftwareVersion("3.5.6"), SoftwareVersion("3.5.6", "aspen"), None),  # line not given
        (SoftwareVersion("1.10.0"), SoftwareVersion("1.9.9"), True),
    ],
)
def test_versions_compare_only_on_the_same_line(installed, stated, expected):
    assert at_or_after(installed, stated) is expected
