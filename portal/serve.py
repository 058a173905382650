"""Run the portal under gunicorn, checking the instance before any worker starts."""

from __future__ import annotations

import os
import sys

from gunicorn.app.base import BaseApplication

from portal.instance import InstanceNotReady, InstancePaths, read_manifest


class _PortalServer(BaseApplication):
    def __init__(self, options: dict):
        self.options = options
        super().__init__()

    def load_config(self) -> None:
        for key, value in self.options.items():
            self.cfg.set(key, value)

    def load(self):
        from portal.wsgi import create_served_app

        return create_served_app()


def _prepare(paths: InstancePaths) -> None:
    """Once, before any worker: the session key is settled and the runtime tables migrated."""
    from portal.db.migrate import migrate_runtime
    from portal.instance import runtime_database_url
    from portal.secrets import SecretKeyMissing, instance_key

    if not os.environ.get("SECRET_KEY"):
        try:
            instance_key(paths.root)
        except SecretKeyMissing as exc:
            print(f"ota-portal: {exc}", file=sys.stderr)
            raise SystemExit(3) from None
        if os.environ.get("DATABASE_URL", "").startswith("postgresql"):
            print("ota-portal: SECRET_KEY is not set: this node signs sessions with its own key, so a login "
                  "is not valid on other nodes; set the same SECRET_KEY on every node.", file=sys.stderr)
    migrate_runtime(runtime_database_url(paths, os.environ.get("DATABASE_URL") or None))


def serve(host: str, port: int, workers: int) -> None:
    paths = InstancePaths.from_env()
    try:
        manifest = read_manifest(paths)
    except InstanceNotReady as exc:
        print(f"ota-portal: {exc}", file=sys.stderr)
        raise SystemExit(3) from None
    _prepare(paths)
    print(f"Serving build {manifest.get('build_id')} on http://{host}:{port}", flush=True)
    _PortalServer({"bind": f"{host}:{port}", "workers": workers, "accesslog": "-", "timeout": 60}).run()
