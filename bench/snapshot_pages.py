"""Dump the pages and API answers of the shipped content, to show a refactoring changes none of them.

Builds ``content/`` once into a temporary instance (SQLite, Whoosh), then
writes the HTML of a fixed list of pages and the JSON of the matching API
calls, in English and Chinese, one file each, into OUT_DIR. What differs from
one build to the next (build id, build time, CSRF tokens, assistant session
ids) is replaced by a placeholder, so two runs on equal code give equal files:

    .venv/bin/python bench/snapshot_pages.py /tmp/before
    ... change the code ...
    .venv/bin/python bench/snapshot_pages.py /tmp/after
    diff -r /tmp/before /tmp/after
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path[:1] = [str(REPO)]  # not bench/, whose http.py would shadow the standard library

from indexer.build import build  # noqa: E402
from portal import create_app  # noqa: E402
from portal.config import TestConfig  # noqa: E402
from portal.instance import InstancePaths  # noqa: E402
from portal.state import state  # noqa: E402

RECALLS = ("23V838000", "S2025M0149I", "00V109000", "24V051000")
VINS = (
    "5YJ3E1EA0JF350060",  # demo fleet, Tesla Model 3, US
    "5YJSA1H10JF215051",  # demo fleet, Tesla Model S, CN
    "1C4RJFAG4MC919877",  # demo fleet, Jeep Wrangler, US
    "5YJ3E1EA8KF000001",  # real-shaped Tesla VIN not in the fleet
    "1FTFW1E89NFA00001",  # real-shaped Ford VIN not in the fleet
)
PAGES = [
    "/", "/recalls", "/recalls?page=2", "/releases", "/releases/tesla/2023.44",
    "/models/tesla/model-3", "/search?q=brake", "/data", "/ask", "/stats", "/about",
    "/recalls?authority=SAMR", "/releases?category=driving_automation", "/feeds/recalls.atom",
    *(f"/recalls/{rid}" for rid in RECALLS),
    *(f"/vin/{vin}" for vin in VINS),
    f"/vin/{VINS[0]}/report",
    f"/vin/{VINS[1]}/report",
    "/vin/NOTAVIN",
]
API = [
    "/api/v1/recalls", "/api/v1/recalls?authority=SAMR", "/api/v1/recalls?remedy_type=ota",
    "/api/v1/releases", "/api/v1/releases?category=defect_recall", "/api/v1/releases/tesla/2023.44",
    "/api/v1/search?q=brake", "/api/v1/openapi.json", "/data/datapackage.json", "/healthz",
    "/api/v1/vehicles/5YJ3E1EA8KF000001?market=CN", "/api/v1/vehicles/JTDKB20U493000001",
    *(f"/api/v1/recalls/{rid}" for rid in RECALLS),
    *(f"/api/v1/vehicles/{vin}" for vin in VINS),
    "/api/v1/vehicles/NOTAVIN",
]
QUESTIONS = [
    {"question": "Is my car affected by any recall?", "vin": VINS[0]},
    {"question": "Which update fixes recall 23V838000?"},
    {"question": "What is an OTA recall?"},
    {"question": "我的车有召回吗？", "vin": VINS[1]},
]


def scrub(text: str, build_id: str, built_at: str) -> str:
    text = text.replace(build_id, "BUILD_ID").replace(built_at, "BUILT_AT")
    text = re.sub(r'(name="csrf_token"[^>]*value=")[^"]+"', r'\1CSRF"', text)
    text = re.sub(r'(value=")[^"]+("[^>]*name="csrf_token")', r'\1CSRF\2', text)
    text = re.sub(r'("session":\s*")[^"]+"', r'\1SESSION"', text)
    text = re.sub(r'(name="session"[^>]*value=")[^"]+"', r'\1SESSION"', text)
    return text


def name_of(method: str, path: str, lang: str) -> str:
    return f"{lang}_{method}_" + re.sub(r"[^A-Za-z0-9.]+", "_", path).strip("_") + ".txt"


def main(out: Path) -> None:
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as tmp:
        paths = InstancePaths.from_env(Path(tmp))
        build(REPO / "content", paths, None)
        config = {key: getattr(TestConfig, key) for key in dir(TestConfig) if key.isupper()}
        config.update(PORTAL_INSTANCE=str(paths.root), DATABASE_URL=None, SEARCH_BACKEND="whoosh")
        app = create_app(config)
        state(app).open()
        manifest = state(app).manifest
        build_id, built_at = manifest["build_id"], str(manifest.get("built_at"))
        client = app.test_client()
        count = 0
        for lang in ("en", "zh"):
            headers = {"Accept-Language": lang}
            for path in PAGES + API:
                sep = "&" if "?" in path else "?"
                response = client.get(f"{path}{sep}lang={lang}", headers=headers)
                body = response.get_data(as_text=True)
                if response.is_json:
                    body = json.dumps(response.get_json(), ensure_ascii=False, indent=1, sort_keys=True)
                (out / name_of("GET", path, lang)).write_text(
                    f"{response.status_code}\n{scrub(body, build_id, built_at)}\n", encoding="utf-8")
                count += 1
            for number, question in enumerate(QUESTIONS):
                response = client.post("/api/v1/ask", json={**question, "lang": lang}, headers=headers)
                body = json.dumps(response.get_json(), ensure_ascii=False, indent=1, sort_keys=True)
                (out / name_of("POST", f"ask{number}", lang)).write_text(
                    f"{response.status_code}\n{scrub(body, build_id, built_at)}\n", encoding="utf-8")
                count += 1
        state(app).close()
    print(f"{count} responses written to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1] if len(sys.argv) > 1 else "snapshot"))
