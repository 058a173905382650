"""WSGI entry point for production servers: the app, with the built instance opened.

Opening here (not in the factory) is what makes a server refuse to start on a
missing or outdated build, with a message that names ``ota-portal build``.
"""

from __future__ import annotations

import sys

from portal import create_app
from portal.instance import InstanceNotReady
from portal.state import state


def create_served_app():
    app = create_app()
    from portal.serving.vin_mask import mask_app_logs

    mask_app_logs(app.logger)
    try:
        state(app).open()
    except InstanceNotReady as exc:
        print(f"ota-portal: {exc}", file=sys.stderr)
        raise SystemExit(3) from None
    from portal.private_files import SecretKeyMissing, instance_key

    try:
        if not app.config.get("SECRET_KEY"):
            app.config["SECRET_KEY"] = instance_key(state(app).paths.root)
    except SecretKeyMissing as exc:
        print(f"ota-portal: {exc}", file=sys.stderr)
        raise SystemExit(3) from None
    return app
