"""Run the portal under gunicorn, checking the instance before any worker starts."""

from __future__ import annotations

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


def serve(host: str, port: int, workers: int) -> None:
    try:
        manifest = read_manifest(InstancePaths.from_env())
    except InstanceNotReady as exc:
        print(f"ota-portal: {exc}", file=sys.stderr)
        raise SystemExit(3) from None
    print(f"Serving build {manifest.get('build_id')} on http://{host}:{port}", flush=True)
    _PortalServer({"bind": f"{host}:{port}", "workers": workers, "accesslog": "-", "timeout": 60}).run()
