"""Staff console pages: sign in and out, the review queue, marking a question handled.

Signing in starts a session stored in the runtime database (see
:mod:`portal.staff.sessions`) and puts its random token in Flask's signed
cookie; every node reads the same table, so signing out ends the session
everywhere and a saved copy of the cookie reads nothing. Failed sign-ins are
rate limited per IP address and, in the database, throttled per account and
address with a growing wait (:mod:`portal.staff.throttle`): a stranger slows
only their own guesses, never the owner's sign-in from elsewhere. Successful
sign-ins count against neither. With a SQLite runtime database on a nearly
full disk the console is closed (503): a sign-out that cannot be written must
not leave a session open.
"""

from __future__ import annotations

import logging
from datetime import timedelta
from functools import wraps

from flask import (
    Blueprint,
    current_app,
    g,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask_babel import gettext as _
from sqlalchemy.exc import SQLAlchemyError

from portal.db.runtime import StaffUser
from portal.extensions import limiter
from portal.params import ROW_ID_MAX, ascii_int, row_ids
from portal.staff.auth import (
    MIN_PASSWORD_LENGTH,
    StaffAccountError,
    authenticate,
    normalise_username,
    set_password,
    verify_password,
)
from portal.staff.forms import ActionForm, LoginForm, PasswordForm
from portal.staff.queue import (
    feedback_totals,
    mark_group_handled,
    mark_handled,
    queue_counts,
    queue_groups,
    queue_items,
)
from portal.staff.sessions import (
    Lifetimes,
    active_sessions,
    end_session,
    session_user,
    start_session,
)
from portal.staff.throttle import Throttle, record_failure, wait_seconds
from portal.state import runtime_db

bp = Blueprint("staff", __name__, url_prefix="/staff")
log = logging.getLogger(__name__)
SESSION_KEY = "staff_session"


def login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def _lifetimes() -> Lifetimes:
    config = current_app.config
    return Lifetimes(idle=timedelta(minutes=config["STAFF_SESSION_IDLE_MINUTES"]),
                     maximum=timedelta(hours=config["STAFF_SESSION_MAX_HOURS"]))


def _throttle() -> Throttle:
    config = current_app.config
    return Throttle(window=timedelta(minutes=config["LOGIN_ACCOUNT_WINDOW_MINUTES"]),
                    account_limit=config["LOGIN_ACCOUNT_FAILURES"])


def _client_address() -> str:
    return request.remote_addr or "unknown"


def console_closed() -> bool:
    """A SQLite runtime database on a nearly full disk: sessions cannot be ended reliably, so none are served."""
    from portal.db.engine import is_sqlite
    from portal.health.disk import low_on_space
    from portal.state import state

    instance = state()
    if instance.database_url and not is_sqlite(instance.database_url):
        return False
    return low_on_space(instance.paths.root, float(current_app.config.get("PORTAL_MIN_FREE_MB", 200)))


def _closed_response():
    return render_template("errors/error.html", status=503, code="console_closed", message=_(
        "The staff console is closed while the server's disk is nearly full. Please try again later.")), 503


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
        if console_closed():
            return _closed_response()
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
        if console_closed():
            return _closed_response()
        db = runtime_db()
        name = normalise_username(form.username.data or "")
        wait = wait_seconds(db, name, _client_address(), _throttle()) if form.validate() else 0
        if wait:
            error = _("Too many failed sign-ins for this account from your address. "
                      "Please wait %(seconds)s seconds and try again.", seconds=wait)
            response = make_response(render_template("staff/login.html", form=form, error=error), 429)
            response.headers["Retry-After"] = str(wait)
            return response
        user = authenticate(db, name, form.password.data or "") if form.validate() else None
        if user is not None:
            session.clear()  # a fresh session: nothing from before sign-in carries over
            session[SESSION_KEY] = start_session(db, user, request.user_agent.string)
            return redirect(_safe_next(request.args.get("next")))
        if name:
            record_failure(db, name, _client_address(), _throttle())
        error, status = _("The user name or password is not correct."), 401
    return render_template("staff/login.html", form=form, error=error,
                           changed=request.args.get("changed") == "1"), status


@bp.post("/logout")
def logout():
    token = session.pop(SESSION_KEY, None)
    session.clear()  # this browser is signed out whatever happens below
    try:
        end_session(runtime_db(), token)
    except SQLAlchemyError as exc:
        # Not recorded (disk full, database away): the console stays closed to every session until it can
        # be (see console_closed and session_user), and the user is told to sign out again later.
        log.error("could not record a sign-out: %s", str(exc).splitlines()[0])
        runtime_db().rollback()
        return render_template("errors/error.html", status=503, code="logout_not_recorded", message=_(
            "You are signed out in this browser, but the server could not record it. "
            "Please sign in and out again later.")), 503
    return redirect(url_for("staff.login"))


@bp.route("/password", methods=["GET", "POST"])
@staff_required
def password(user: StaffUser):
    """Change one's own password; every session of the user ends, this one too."""
    form = PasswordForm()
    error, status = None, 200
    if form.validate_on_submit():
        if not verify_password(user, form.current.data):
            error, status = _("The current password is not correct."), 400
        elif form.new.data != form.confirm.data:
            error, status = _("The two new passwords differ."), 400
        else:
            try:
                set_password(runtime_db(), user, form.new.data)
            except StaffAccountError:
                error, status = _("The new password must have at least %(count)s characters.",
                                  count=MIN_PASSWORD_LENGTH), 400
            else:
                session.clear()
                return redirect(url_for("staff.login", changed=1))
    elif form.is_submitted():
        error, status = _("Please fill in every field."), 400
    return render_template("staff/password.html", user=user, form=form, error=error), status


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
