"""Staff console pages: sign in and out, the review queue, marking a question handled.

Signing in starts a session stored in the runtime database (see
:mod:`portal.staff.sessions`) and puts its random token in Flask's signed
cookie; every node reads the same table, so signing out ends the session
everywhere and a saved copy of the cookie reads nothing. Failed sign-ins are
rate limited per IP address and, in the database, per account; successful
ones do not count against either.
"""

from __future__ import annotations

from datetime import timedelta
from functools import wraps

from flask import Blueprint, current_app, g, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from portal.db.runtime import StaffUser
from portal.extensions import limiter
from portal.params import ROW_ID_MAX, ascii_int, row_ids
from portal.staff.auth import authenticate, normalise_username
from portal.staff.forms import ActionForm, LoginForm
from portal.staff.queue import feedback_totals, mark_group_handled, mark_handled, queue_counts, queue_groups, queue_items
from portal.staff.sessions import (
    Lifetimes,
    account_locked,
    active_sessions,
    end_session,
    record_failure,
    session_user,
    start_session,
)
from portal.state import runtime_db

bp = Blueprint("staff", __name__, url_prefix="/staff")
SESSION_KEY = "staff_session"


def login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _lifetimes() -> Lifetimes:
    config = current_app.config
    return Lifetimes(idle=timedelta(minutes=config["STAFF_SESSION_IDLE_MINUTES"]),
                     maximum=timedelta(hours=config["STAFF_SESSION_MAX_HOURS"]))


def _failure_window() -> timedelta:
    return timedelta(minutes=current_app.config["LOGIN_ACCOUNT_WINDOW_MINUTES"])


def current_staff() -> StaffUser | None:
    user, session_id = session_user(runtime_db(), session.get(SESSION_KEY), _lifetimes())
    g.staff_session_id = session_id
    return user


def _wants_json() -> bool:
    return request.path.endswith(".json") or request.accept_mimetypes.best == "application/json"


def staff_required(view):
    """Anonymous visitors go to the sign-in page (pages) or get a 401 (JSON)."""

    @wraps(view)
    def guarded(*args, **kwargs):
        user = current_staff()
        if user is None:
            if _wants_json():
                return jsonify({"error": {"code": "unauthorized", "message": _("Please sign in as staff."),
                                          "details": {}}}), 401
            return redirect(url_for("staff.login", next=request.full_path.rstrip("?")))
        return view(user, *args, **kwargs)

    return guarded


def _safe_next(target: str | None) -> str:
    """Only paths inside the console, so the sign-in page cannot send anyone elsewhere."""
    if target and target.startswith("/staff") and not target.startswith("//") and "\\" not in target:
        return target
    return url_for("staff.dashboard")


@bp.route("/login", methods=["GET", "POST"])
@limiter.limit(login_rate_limit, methods=["POST"], deduct_when=lambda response: response.status_code != 302)
def login():
    form = LoginForm()
    error, status = None, 200
    if form.is_submitted():
        db = runtime_db()
        name = normalise_username(form.username.data or "")
        if form.validate() and account_locked(db, name, current_app.config["LOGIN_ACCOUNT_FAILURES"],
                                              _failure_window()):
            error = _("Too many failed sign-ins for this account. Please wait a few minutes and try again.")
            return render_template("staff/login.html", form=form, error=error), 429
        user = authenticate(db, name, form.password.data or "") if form.validate() else None
        if user is not None:
            session.clear()  # a fresh session: nothing from before sign-in carries over
            session[SESSION_KEY] = start_session(db, user, request.user_agent.string)
            return redirect(_safe_next(request.args.get("next")))
        if name:
            record_failure(db, name, _failure_window())
        error, status = _("The user name or password is not correct."), 401
    return render_template("staff/login.html", form=form, error=error), status


@bp.post("/logout")
def logout():
    end_session(runtime_db(), session.pop(SESSION_KEY, None))
    session.clear()
    return redirect(url_for("staff.login"))


@bp.get("/sessions")
@staff_required
def sessions(user: StaffUser):
    """The user's signed-in sessions (browsers), each of which they can end."""
    return render_template("staff/sessions.html", user=user, action_form=ActionForm(),
                           sessions=active_sessions(runtime_db(), user.id, _lifetimes()),
                           current=g.get("staff_session_id"), ended=request.args.get("ended") == "1")


@bp.post("/sessions/<session_id>/end")
@staff_required
def end_other_session(user: StaffUser, session_id: str):
    if not ActionForm().validate_on_submit() or not end_session(runtime_db(), session_id=session_id[:64],
                                                                 user_id=user.id):
        return render_template("errors/error.html", status=404, code="no_such_session",
                               message=_("That session has already ended.")), 404
    return redirect(url_for("staff.sessions", ended=1))


@bp.get("")
@staff_required
def dashboard(user: StaffUser):
    show_handled = request.args.get("show") == "handled"
    db = runtime_db()
    groups, junk = queue_groups(db) if not show_handled else ([], [])
    return render_template("staff/dashboard.html", user=user, counts=queue_counts(db),
                           items=queue_items(db, handled=show_handled), show_handled=show_handled,
                           groups=groups, junk=junk,
                           totals=feedback_totals(db), action_form=ActionForm(),
                           done=ascii_int(request.args.get("done", ""), 1, ROW_ID_MAX))


@bp.get("/queue.json")
@staff_required
def queue_json(user: StaffUser):
    db = runtime_db()
    counts = queue_counts(db)
    items = [{"id": t.id, "question": t.question, "lang": t.lang, "intent": t.intent, "confidence": t.confidence,
              "fallback": t.fallback, "vin": t.vin, "session": t.session, "trace": t.trace.splitlines(),
              "created_at": t.created_at.isoformat() if t.created_at else None}
             for t in queue_items(db, handled=request.args.get("show") == "handled")]
    groups, junk = queue_groups(db)
    grouped = [{"kind": g.kind, "question": g.latest.question, "count": g.count, "ids": g.ids}
               for g in groups + junk]
    return jsonify({"open": counts.open, "handled": counts.handled, "items": items, "groups": grouped})


@bp.post(f"/queue/<int(max={ROW_ID_MAX}):turn_id>/handled")
@staff_required
def handle(user: StaffUser, turn_id: int):
    if not ActionForm().validate_on_submit() or not mark_handled(runtime_db(), turn_id, user.username):
        return render_template("errors/error.html", status=404, code="not_in_queue",
                               message=_("That question is not in the queue.")), 404
    return redirect(url_for("staff.dashboard", done=turn_id))


@bp.post("/queue/group/handled")
@staff_required
def handle_group(user: StaffUser):
    """Close every turn of one grouped question (the ids the dashboard listed for it)."""
    ids = row_ids(request.form.getlist("ids"), GROUP_IDS_MAX)
    if not ActionForm().validate_on_submit() or not ids or not mark_group_handled(runtime_db(), ids, user.username):
        return render_template("errors/error.html", status=404, code="not_in_queue",
                               message=_("That question is not in the queue.")), 404
    return redirect(url_for("staff.dashboard", done=ids[0]))


# A group's form lists its turn ids; past this many the rest stay open for the next click.
GROUP_IDS_MAX = 1000
