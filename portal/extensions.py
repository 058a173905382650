"""Flask extensions, created unbound so that blueprints can import them.

Rate limits key on the client address. Behind a load balancer the connecting
address is the balancer's, so every user would share one bucket:
``TRUSTED_PROXY_HOPS`` (how many proxies in front of the portal append to
``X-Forwarded-For``) lets Werkzeug's ProxyFix recover the client's address.
It defaults to 0 because a header a client can forge must not be believed
unless a proxy the operator runs is known to overwrite it. With several nodes
the counters live in Redis (``RATELIMIT_STORAGE_URI=redis://…``) so a client
cannot multiply its allowance by the number of nodes.
"""

from __future__ import annotations

from flask import Flask, current_app
from flask_babel import Babel
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address
from flask_wtf.csrf import CSRFProtect
from werkzeug.middleware.proxy_fix import ProxyFix

babel = Babel()
csrf = CSRFProtect()
limiter = Limiter(key_func=get_remote_address, default_limits=[])


def _ask_rate_limit() -> str:
    return current_app.config["ASK_RATE_LIMIT"]


# One bucket for every way of asking the assistant (the /ask form and
# POST /api/v1/ask): a client switching between them gets no second allowance.
ask_limit = limiter.shared_limit(_ask_rate_limit, scope="ask")


def trust_proxies(app: Flask) -> None:
    """Take the client address (and scheme) from ``TRUSTED_PROXY_HOPS`` proxies' headers."""
    hops = int(app.config.get("TRUSTED_PROXY_HOPS") or 0)
    if hops < 0:
        raise ValueError("TRUSTED_PROXY_HOPS must be 0 or more")
    if hops:
        # The Host header stays the request's own: links are built from PORTAL_BASE_URL.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0, x_port=0, x_prefix=0)
