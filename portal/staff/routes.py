"""Staff console pages: sign in and out, the review queue, marking a question handled.

Signing in puts the user's id in Flask's signed session cookie, which every
node can check with the shared secret key, so no server-side session store is
needed (ARCHITECTURE §8); the account is looked up again on every request, so
a deleted account is signed out at once. Failed sign-ins are rate limited per
IP address; successful ones do not count against the limit.
"""

from __future__ import annotations

from functools import wraps

from flask import Blueprint, current_app, jsonify, redirect, render_template, request, session, url_for
from flask_babel import gettext as _

from portal.db.runtime import StaffUser
from portal.extensions import limiter
from portal.staff.auth import authenticate
from portal.staff.forms import ActionForm, LoginForm
from portal.staff.queue import feedback_totals, mark_group_handled, mark_handled, queue_counts, queue_groups, queue_items
from portal.state import runtime_db

bp = Blueprint("staff", __name__, url_prefix="/staff")
SESSION_KEY = "staff_user_id"


def login_rate_limit() -> str:
    return current_app.config["LOGIN_RATE_LIMIT"]


def current_staff() -> StaffUser | None:
    user_id = session.get(SESSION_KEY)
    return runtime_db().get(StaffUser, user_id) if isinstance(user_id, int) else None


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
        user = authenticate(runtime_db(), form.username.data or "", form.password.data or "") \
            if form.validate() else None
        if user is not None:
            session.clear()  # a fresh session: nothing from before sign-in carries over
            session[SESSION_KEY] = user.id
            return redirect(_safe_next(request.args.get("next")))
        error, status = _("The user name or password is not correct."), 401
    return render_template("staff/login.html", form=form, error=error), status


@bp.post("/logout")
def logout():
    session.pop(SESSION_KEY, None)
    return redirect(url_for("staff.login"))


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
                           done=request.args.get("done", type=int))


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


@bp.post("/queue/<int:turn_id>/handled")
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
    ids = [int(i) for i in request.form.getlist("ids") if i.isdigit()][:GROUP_IDS_MAX]
    if not ActionForm().validate_on_submit() or not ids or not mark_group_handled(runtime_db(), ids, user.username):
        return render_template("errors/error.html", status=404, code="not_in_queue",
                               message=_("That question is not in the queue.")), 404
    return redirect(url_for("staff.dashboard", done=ids[0]))


# A group's form lists its turn ids; past this many the rest stay open for the next click.
GROUP_IDS_MAX = 1000
