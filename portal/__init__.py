"""OTA Transparency Portal: every OTA release and every recall for a car, joined.

``create_app`` only wires: extensions, blueprints, error handlers, template
helpers. It reads no files and opens no database; :mod:`portal.wsgi` (and the
test fixtures) open the built instance afterwards, which is where a missing or
outdated build is refused.
"""

from __future__ import annotations

from flask import Flask

from portal.config import Config, from_environment


def create_app(config: type | dict | None = None) -> Flask:
    from portal.json_input import SafeJSONProvider

    app = Flask(__name__)
    app.json = SafeJSONProvider(app)
    app.config.from_object(Config)
    app.config.update(from_environment())
    if isinstance(config, dict):
        app.config.update(config)
    elif config is not None:
        app.config.from_object(config)

    from portal import errors, headers, redirects, templating
    from portal.extensions import babel, csrf, limiter, trust_proxies
    from portal.i18n import remember_language, select_locale
    from portal.search.openers import BACKENDS
    from portal.serving import request_guard
    from portal.state import InstanceState, close_sessions, state

    babel.init_app(app, locale_selector=select_locale)
    csrf.init_app(app)
    limiter.init_app(app)
    trust_proxies(app)
    InstanceState(app, BACKENDS)

    for blueprint in _blueprints():
        app.register_blueprint(blueprint)

    errors.register(app)
    templating.register(app)

    @app.before_request
    def _follow_new_builds():
        state().refresh_if_rebuilt()

    headers.register(app)
    request_guard.register(app)
    app.after_request(redirects.local_location)
    app.after_request(remember_language)
    app.teardown_appcontext(close_sessions)
    return app


def _blueprints():
    from portal.api import api_bp
    from portal.chat.routes import bp as chat
    from portal.datasets.routes import bp as datasets
    from portal.feeds.routes import bp as feeds
    from portal.health.routes import bp as health
    from portal.models_pages.routes import bp as models_pages
    from portal.pages.routes import bp as pages
    from portal.recalls.routes import bp as recalls
    from portal.releases.routes import bp as releases
    from portal.search.routes import bp as search
    from portal.staff.routes import bp as staff
    from portal.stats.routes import bp as stats
    from portal.vehicles.routes import bp as vehicles

    return [health, pages, recalls, releases, vehicles, models_pages, chat, staff, search, feeds, stats, datasets,
            api_bp]
