"""``/data``: every source with its licence, link, dates, counts and checksum, and the build's bulk files.

The files are written by the build into ``<build>/data/`` (:mod:`indexer.export`)
and served from the served build's folder as static files, streamed in 64 KiB
chunks (the file is opened only when the body is read, and closed when it
ends), with the build's ``ETag`` like every page, so a download always
matches the pages of the same build and a client can ask whether it changed. Only names listed in the build's ``datapackage.json`` are
served.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, abort, render_template

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
    listed = {r["path"]: r for r in (package or {}).get("resources", [])}
    if package is None or (name != PACKAGE_FILE and name not in listed):
        abort(404)
    path = _folder() / name
    if not path.is_file():
        abort(404)
    mimetype = "text/csv" if name.endswith(".csv") else "application/json"
    # ETag and 304s come from portal.headers: the files belong to the build, like every page.
    response = Response(_chunks(path), mimetype=mimetype)
    response.headers["Content-Length"] = str(path.stat().st_size)
    if name.endswith(".csv"):
        response.headers["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


def _chunks(path):
    with open(path, "rb") as handle:
        while chunk := handle.read(1 << 16):
            yield chunk
