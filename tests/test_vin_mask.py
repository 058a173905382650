"""The log masker hides every written form of a VIN and leaves prose alone."""

from __future__ import annotations

import pytest

from portal.serving.vin_mask import mask_vins


@pytest.mark.parametrize("written", ["5YJ3E1EA2KF317000", "5yj3e1ea2kf317000", "5YJ3E1EA2-KF317000",
                                     "5YJ 3E1 EA2 KF3 17000", "5YJ3E1EA2%2DKF317000", "%35%59J3E1EA2KF317000"])
def test_every_written_form_of_a_vin_loses_its_serial(written):
    masked = mask_vins(f"GET /vin/{written} HTTP/1.1")
    assert "5YJ3E1EA2KF3*****" in masked
    assert "317000" not in masked


@pytest.mark.parametrize("line", [
    'connection failed: FATAL:  the database system is shutting down',
    "terminating connection due to administrator command",
    "could not translate host name to address",
])
def test_words_that_happen_to_be_seventeen_vin_letters_stay_readable(line):
    assert mask_vins(line) == line
