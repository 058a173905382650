"""Gunicorn's logger with VINs masked in access-log and error-log lines (see :mod:`portal.serving.vin_mask`).

The error log matters as much as the access log: gunicorn writes a request
line it refuses ("Invalid request from ip=...: Invalid HTTP request line:
'GET /vin/5YJ3E1EA2KF303123\\x01 HTTP/1.1'") there, VIN and all.
"""

from __future__ import annotations

from gunicorn.glogging import Logger

from portal.serving.vin_mask import mask_handlers, mask_vins


class MaskedLogger(Logger):
    """Access-log atoms masked one by one; every line of the error and access logs masked as a whole."""

    def setup(self, cfg):
        super().setup(cfg)
        mask_handlers(self.error_log)
        mask_handlers(self.access_log)

    def atoms(self, resp, req, environ, request_time):
        atoms = super().atoms(resp, req, environ, request_time)
        return {key: mask_vins(value) if isinstance(value, str) else value for key, value in atoms.items()}
