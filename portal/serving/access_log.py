"""Gunicorn's logger with VINs masked in access-log lines.

A VIN in a URL (``/vin/5YJ3E1EA2KF303123``, ``?vin=``) identifies one car and,
through registration records, its owner; load runs alone write tens of
thousands of lines. The log keeps the first twelve characters (maker, model
and year, enough to debug) and masks the serial: ``5YJ3E1EA2KF3*****``.
"""

from __future__ import annotations

import re

from gunicorn.glogging import Logger

# 17 VIN characters not inside a longer run of letters and digits (a hash, a token).
VIN_IN_TEXT = re.compile(r"(?<![A-Za-z0-9])([A-HJ-NPR-Za-hj-npr-z0-9]{12})[A-HJ-NPR-Za-hj-npr-z0-9]{5}(?![A-Za-z0-9])")


def mask_vins(text: str) -> str:
    return VIN_IN_TEXT.sub(r"\1*****", text)


class MaskedLogger(Logger):
    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: mask_vins(value) if isinstance(value, str) else value for key, value in atoms.items()}
