"""``/data``: every source with its licence, link, dates, counts and checksum, and the build's bulk files.

The files are written by the build into ``<build>/data/`` (:mod:`indexer.export`)
and served from the served build's folder as static files (``send_from_directory``
streams them and answers conditional and range requests), so a download always
matches the pages of the same build. Only names listed in the build's
``datapackage.json`` are served.
"""

from __future__ import annotations

import json

from flask import Blueprint, abort, render_template, send_from_directory

from portal.datasets.sources import served_sources
from portal.state import state

bp = Blueprint("datasets", __name__)

EXPORT_DIR = "data"
PACKAGE_FILE = "datapackage.json"


def _folder():
    build_dir = getattr(state(), "build_dir", None)
    return (build_dir / EXPORT_DIR) if build_dir is not None else None


def _package() -> dict | None:
    folder = _folder()
    if folder is None or not (folder / PACKAGE_FILE).is_file():
        return None
    return json.loads((folder / PACKAGE_FILE).read_text(encoding="utf-8"))


@bp.get("/data")
def index():
    package = _package()
    manifest = state().manifest or {}
    return render_template("datasets/index.html", sources=served_sources(), package=package,
                           built_at=manifest.get("built_at"), build_id=manifest.get("build_id"))


@bp.get("/data/<name>")
def download(name: str):
    package = _package()
    allowed = {PACKAGE_FILE} | {r["path"] for r in (package or {}).get("resources", [])}
    if package is None or name not in allowed:
        abort(404)
    mimetype = "text/csv" if name.endswith(".csv") else "application/json"
    response = send_from_directory(_folder(), name, mimetype=mimetype, max_age=300)
    if name.endswith(".csv"):
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
