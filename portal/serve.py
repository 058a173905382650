"""Run the portal under gunicorn, checking the instance before any worker starts.

Threaded workers (``gthread``) whose main loop reads each request whole before
a thread answers it, so slow, silent or trickling clients hold no thread, and
a deadline for the whole request so that they are dropped (see
:mod:`portal.serving.worker`); a log that never carries a whole VIN
(:mod:`portal.serving.access_log`).
"""

from __future__ import annotations

import os
import sys

from gunicorn.app.base import BaseApplication

from portal.instance import InstanceNotReady, InstancePaths

THREADS = 8  # per worker: requests being answered at once (clients still sending hold no thread)
CONNECTIONS = 1000  # per worker: open connections, slow or idle ones included; past it the worker stops accepting
KEEPALIVE_S = 5  # an idle kept-alive connection is closed after this
READ_TIMEOUT_S = 10.0  # a client must send each part of its request (and read its answer) within this


def server_options(host: str, port: int, workers: int) -> dict:
    """Gunicorn settings; ``PORTAL_THREADS`` and ``PORTAL_READ_TIMEOUT`` override the defaults."""
    return {
        "bind": f"{host}:{port}",
        "workers": workers,
        "worker_class": "portal.serving.worker.TimedThreadWorker",
        "threads": int(os.environ.get("PORTAL_THREADS") or THREADS),
        "worker_connections": CONNECTIONS,
        "keepalive": KEEPALIVE_S,
        "timeout": 60,
        "accesslog": "-",
        "logger_class": "portal.serving.access_log.MaskedLogger",
        "post_worker_init": _warm_worker,
        "raw_env": [f"PORTAL_READ_TIMEOUT={os.environ.get('PORTAL_READ_TIMEOUT') or READ_TIMEOUT_S}"],
    }


def _warm_worker(worker) -> None:
    from portal.serving.warmup import post_worker_init

    post_worker_init(worker)


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
    from portal.private_files import SecretKeyMissing, instance_key

    if not os.environ.get("SECRET_KEY"):
        try:
            instance_key(paths.root)
        except SecretKeyMissing as exc:
            print(f"ota-portal: {exc}", file=sys.stderr)
            raise SystemExit(3) from None
        if os.environ.get("DATABASE_URL", "").startswith("postgresql"):
            print("ota-portal: SECRET_KEY is not set: this node signs sessions with its own key, so a login "
                  "is not valid on other nodes; set the same SECRET_KEY on every node.", file=sys.stderr)
    from portal.private_files import private_sqlite

    runtime_url = runtime_database_url(paths, os.environ.get("DATABASE_URL") or None)
    private_sqlite(runtime_url)
    for line in migrate_runtime(runtime_url):
        print(f"ota-portal: applied runtime migration {line}", flush=True)


def serve(host: str, port: int, workers: int) -> None:
    from portal.instance import runtime_database_url, served_build
    from portal.startup import check_content, check_runtime

    paths = InstancePaths.from_env()
    database_url = os.environ.get("DATABASE_URL") or None
    try:
        folder, manifest = served_build(paths)
        check_content(folder, manifest, database_url)
        check_runtime(runtime_database_url(paths, database_url))
    except InstanceNotReady as exc:
        print(f"ota-portal: {exc}", file=sys.stderr)
        raise SystemExit(3) from None
    _prepare(paths)
    os.environ["PORTAL_WORKERS"] = str(workers)  # per-worker limit arithmetic (portal.config), in every worker
    print(f"Serving build {manifest.get('build_id')} on http://{host}:{port}", flush=True)
    _PortalServer(server_options(host, port, workers)).run()
