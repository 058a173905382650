"""GET /api/v1/openapi.json: the API description, kept beside the code as YAML.

``openapi/base.yaml`` holds the header, shared components and the recall and
release paths; each feature adds an ``openapi/<feature>.yaml`` with its own
``paths`` (and ``components.schemas``), merged here, so features never edit
one shared file.
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from flask import jsonify

from portal.api.blueprint import api_bp
from portal.yaml_text import safe_load

SPEC_DIR = Path(__file__).with_name("openapi")


@lru_cache(maxsize=1)
def load_spec() -> dict:
    spec = safe_load((SPEC_DIR / "base.yaml").read_text(encoding="utf-8"))
    for fragment_file in sorted(SPEC_DIR.glob("*.yaml")):
        if fragment_file.name == "base.yaml":
            continue
        fragment = safe_load(fragment_file.read_text(encoding="utf-8")) or {}
        spec["paths"].update(fragment.get("paths", {}))
        spec["components"]["schemas"].update(fragment.get("components", {}).get("schemas", {}))
    return spec


@api_bp.get("/openapi.json")
def openapi_json():
    return jsonify(load_spec())
