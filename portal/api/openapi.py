"""GET /api/v1/openapi.json: the API description, kept beside the code in openapi.yaml."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml
from flask import jsonify

from portal.api.blueprint import api_bp

SPEC_FILE = Path(__file__).with_name("openapi.yaml")


@lru_cache(maxsize=1)
def load_spec() -> dict:
    return yaml.safe_load(SPEC_FILE.read_text(encoding="utf-8"))


@api_bp.get("/openapi.json")
def openapi_json():
    return jsonify(load_spec())
