"""Error responses: JSON ``{error: {code, message, details}}`` under /api, pages elsewhere.

Every error a user can cause gets a specific message in the request's
language; nothing a user sends may produce a bare 500.
"""

from __future__ import annotations

import logging

from flask import Flask, current_app, jsonify, render_template, request
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError
from werkzeug.exceptions import HTTPException, MethodNotAllowed, RequestEntityTooLarge

from portal.db.availability import database_away
from portal.instance import InstanceNotReady

log = logging.getLogger(__name__)
# Seconds a client is asked to wait when the database is away (a PostgreSQL restart takes a few).
RETRY_AFTER_S = 5


class ApiError(Exception):
    """An error with a stable code, raised by API views and turned into JSON."""

    def __init__(self, status: int, code: str, message: str, details: dict | None = None):
        super().__init__(message)
        self.status, self.code, self.message, self.details = status, code, message, details or {}


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _messages() -> dict[int, tuple[str, str]]:
    return {
        400: ("bad_request", _("The request could not be understood.")),
        404: ("not_found", _("There is no page at this address.")),
        405: ("method_not_allowed", _("This address does not accept that kind of request.")),
        413: ("too_large", _("The request is too large.")),
        429: ("rate_limited", _("Too many requests. Please wait a moment and try again.")),
        500: ("server_error", _("Something went wrong on our side. Please try again later.")),
        503: ("unavailable", _("The portal's data is being prepared. Please try again shortly.")),
    }


def error_response(status: int, code: str | None = None, message: str | None = None, details: dict | None = None):
    default_code, default_message = _messages().get(status, ("error", _("Something went wrong.")))
    code, message = code or default_code, message or default_message
    if _wants_json():
        return jsonify({"error": {"code": code, "message": message, "details": details or {}}}), status
    return render_template("errors/error.html", status=status, code=code, message=message), status


def register(app: Flask) -> None:
    @app.errorhandler(ApiError)
    def _api_error(exc: ApiError):
        return error_response(exc.status, exc.code, exc.message, exc.details)

    @app.errorhandler(HTTPException)
    def _http_error(exc: HTTPException):
        if exc.code == 400 and getattr(exc, "description", None) and "CSRF" in str(exc.description):
            return error_response(400, "csrf_failed", _("The form expired or was not sent from this site. Please reload the page and try again."))
        if isinstance(exc, RequestEntityTooLarge):
            limit = current_app.config.get("MAX_CONTENT_LENGTH")
            return error_response(413, details={"max_bytes": limit} if limit else None)
        body, status = error_response(exc.code or 500)
        response = current_app.make_response((body, status))
        if isinstance(exc, MethodNotAllowed) and exc.valid_methods:
            response.headers["Allow"] = ", ".join(sorted(exc.valid_methods))  # RFC 9110: a 405 names what is allowed
        return response

    @app.errorhandler(InstanceNotReady)
    def _not_ready(exc: InstanceNotReady):
        log.error("instance not ready: %s", exc)
        return error_response(503)

    @app.errorhandler(SQLAlchemyError)
    def _database_error(exc: SQLAlchemyError):
        if not database_away(exc):
            log.exception("database error on %s", request.path)
            return error_response(500)
        log.error("database unavailable on %s: %s", request.path, str(exc).splitlines()[0])
        response = current_app.make_response(error_response(503, "database_unavailable", _(
            "The portal's database is not answering. Please try again in a few seconds.")))
        response.headers["Retry-After"] = str(RETRY_AFTER_S)
        return response

    @app.errorhandler(Exception)
    def _unexpected(exc: Exception):
        log.exception("unhandled error on %s", request.path)
        return error_response(500)
