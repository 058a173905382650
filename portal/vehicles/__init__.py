"""VINs: normalise, validate, decode and explain errors — plain Python, no Flask, no database.

The web routes, the JSON API and the Q&A engine all take VINs from people;
keeping the rules in one importable package means they accept and reject the
same VINs and say the same thing about them.

How callers tell the outcomes apart (docs/ARCHITECTURE.md §5):

* ``check.ok is False``: the VIN is malformed (``invalid_length``,
  ``invalid_characters``, or ``check_digit_mismatch`` where the region enforces
  the check digit). The API answers 400 with ``check.error``.
* ``check.ok is True`` and ``check.error`` set (``fatal`` is False): the code is
  ``unknown_manufacturer`` — a valid VIN whose WMI is unknown, so only the year
  and region decode. The API reports the code; pages may show the partial decode.
* ``check.decodable``: everything decodes; ``check.warnings`` may still hold an
  advisory ``check_digit_mismatch`` outside North America and China.
"""

from portal.vehicles.decode import DecodedVin, decode_vin
from portal.vehicles.messages import advisory_message, error_message
from portal.vehicles.vin import (
    ERROR_CODES,
    VinCheck,
    VinError,
    check_digit,
    normalise_vin,
    validate_vin,
)

__all__ = [
    "ERROR_CODES",
    "DecodedVin",
    "VinCheck",
    "VinError",
    "check_digit",
    "decode_vin",
    "advisory_message",
    "error_message",
    "normalise_vin",
    "validate_vin",
]
