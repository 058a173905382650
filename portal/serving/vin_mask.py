"""VINs masked in every log line the server writes, however the VIN was written.

A VIN identifies one car and, through registration records, its owner; load
runs alone write tens of thousands of lines. The portal reads a VIN with
spaces, dashes and any case (``5yj3e1ea2-kf317000``), and a URL may carry it
with ``+`` for a space, dots, or percent-encoded characters (``%2D``,
``%4B``); gunicorn writes a request line it refuses with ``\\x01``-style
escapes. So a VIN here is 17 VIN characters, each written plainly or
percent-encoded, with any run of such separators between them, not inside a
longer run of letters and digits (a hash, a token). The log keeps the first
twelve characters (maker, model and year, enough to debug) and masks the
serial: ``5YJ3E1EA2KF3*****``.

:class:`MaskingFormatter` wraps a logging handler's formatter, so the whole
formatted record, traceback included, is masked once, whichever logger
wrote it.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote

_VIN_CHAR = r"(?:[A-HJ-NPR-Za-hj-npr-z0-9]|%(?:3[0-9]|4[1-9A-Fa-f]|5[0-9Aa]|6[1-9A-Fa-f]|7[0-9Aa]))"
# Percent-encoded I, O, Q (%49 %4F %51 %69 %6F %71) are not VIN characters; the class above leaves them out
# except where a hex digit range cannot: they are dropped again when the match is decoded.
# Not "/" or ":": a log line's own date ("07/Dec/2026:04:28:47") would read as seventeen characters.
_SEPARATOR = r"(?:[-+._ ]|%(?:2[0-9A-Fa-f]|5[CcFf])|\\x[0-9A-Fa-f]{2}|\\[tnr])"
_BEFORE = r"(?<![A-Za-z0-9])(?<!%[0-9A-Fa-f]{2})"
VIN_IN_TEXT = re.compile(rf"{_BEFORE}{_VIN_CHAR}(?:{_SEPARATOR}*{_VIN_CHAR}){{16}}(?![A-Za-z0-9])(?!%[3-7][0-9A-Fa-f])")
_PLAIN_VIN_CHARS = re.compile(r"[A-HJ-NPR-Z0-9]")
# A VIN's serial ends in digits (49 CFR 565.15: its last three at least; ISO 3779 serials are numbered
# too); seventeen letters spread over words are prose, which the log keeps readable.
MIN_DIGITS = 2
# A longer unbroken run (a VIN with a character too many, a hash): masked past its twelfth character.
LONG_RUN = re.compile(r"(?<![A-Za-z0-9])([A-HJ-NPR-Za-hj-npr-z0-9]{12})[A-HJ-NPR-Za-hj-npr-z0-9]{6,}(?![A-Za-z0-9])")


def _masked(match: re.Match) -> str:
    text = match.group(0)
    chars = _PLAIN_VIN_CHARS.findall(re.sub(r"\\x[0-9A-Fa-f]{2}|\\[tnr]", " ", unquote(text)).upper())
    if len(chars) < 17:  # percent-encoded I/O/Q, or escapes: not seventeen VIN characters after all
        return text
    if sum(char.isdigit() for char in chars) < MIN_DIGITS:  # words: "the database system is shutting down"
        return text
    return "".join(chars[:12]) + "*****"


def mask_vins(text: str) -> str:
    if len(text) < 17:
        return text
    return LONG_RUN.sub(r"\1*****", VIN_IN_TEXT.sub(_masked, text))


class MaskingFormatter(logging.Formatter):
    """Formats with the handler's own formatter, then masks VINs in the result."""

    def __init__(self, inner: logging.Formatter | None):
        super().__init__()
        self.inner = inner or logging.Formatter()

    def format(self, record: logging.LogRecord) -> str:
        return mask_vins(self.inner.format(record))


def mask_handlers(logger: logging.Logger) -> None:
    """Every handler of ``logger`` masks VINs (idempotent)."""
    for handler in logger.handlers:
        if not isinstance(handler.formatter, MaskingFormatter):
            handler.setFormatter(MaskingFormatter(handler.formatter))


def mask_app_logs(app_logger: logging.Logger) -> None:
    """The Flask app's log and the root log (where the portal's own modules write) mask VINs.

    Without a handler of its own, the root log's records go to :data:`logging.lastResort`, which
    nothing can wrap: a plain stderr handler takes its place.
    """
    root = logging.getLogger()
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setLevel(logging.WARNING)
        root.addHandler(handler)
    mask_handlers(root)
    mask_handlers(app_logger)
